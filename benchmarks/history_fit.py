"""Fit to a company's history against the plain models, on public churn data and synthetic data.

    python benchmarks/history_fit.py --bigml churn-bigml-80.csv churn-bigml-20.csv \
        --iranian "Customer Churn.csv" [--synthetic-rows 100000]

For each data set, mapped to the data contract by hand (below), prints the held-out
log-loss and calibration error of `train_on_history` (model.churn.history_fit: what
`python -m model.train --data` does) beside scikit-learn's LogisticRegression and
HistGradientBoostingClassifier fitted on the same columns and the same three quarters of
the rows, our log-loss as a ratio to the better plain model's, and the wall time of the
whole fit (cross-validation, the check model, the plain models, the model on every row
and its four refits), wall clock and CPU.

The data sets are public but not committed (their licences differ); give their paths:

- **Orange telecom churn ("churn-bigml")**: 3,333 customers of a US telecom in two files,
  `churn-bigml-80.csv` and `churn-bigml-20.csv`, as BigML published them (copies on
  GitHub, e.g. ABKevin/Customer-churn-dataset). Mapped: revenue the four charge columns
  summed, tenure the account length (days) / 30.4, support calls the customer service
  calls; covariates the two plans, voice-mail messages, minutes by time of day,
  international calls and the state.
- **Iranian telecom churn** (UCI Machine Learning Repository, data set 563, CC BY 4.0):
  3,150 customers; `Customer Churn.csv` (copies on GitHub, e.g.
  Sabreen-Nazar/Iranian_Churn). Mapped: revenue the customer value / 9 (its nine months),
  tenure the subscription length; declared incidents call failures and complaints;
  covariates seconds and frequency of use, SMS, distinct numbers called, charge amount,
  age group, tariff plan and status.
- **Synthetic**: `data.synthetic.generate` (the built-in model's generator), the
  contract's columns only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate
from data.validation import validate
from model.churn import train_on_history


def bigml_history(paths: list[str]) -> tuple[pd.DataFrame, tuple, tuple]:
    raw = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
    charges = [c for c in raw.columns if c.endswith("charge")]
    history = pd.DataFrame(
        {
            "customer_id": [f"bigml-{i}" for i in range(len(raw))],
            "monthly_revenue": raw[charges].sum(axis=1),
            "tenure_months": raw["Account length"] / 30.4,
            "outage_hours": 0.0,
            "support_calls": raw["Customer service calls"],
            "unresolved_promises": 0,
            "international_plan": raw["International plan"],
            "voice_mail_plan": raw["Voice mail plan"],
            "vmail_messages": raw["Number vmail messages"],
            "day_minutes": raw["Total day minutes"],
            "eve_minutes": raw["Total eve minutes"],
            "night_minutes": raw["Total night minutes"],
            "intl_minutes": raw["Total intl minutes"],
            "intl_calls": raw["Total intl calls"],
            "state": raw["State"],
            "churned": raw["Churn"].astype(str).str.upper().eq("TRUE").astype(int),
        }
    )
    covariates = (
        "international_plan",
        "voice_mail_plan",
        "vmail_messages",
        "day_minutes",
        "eve_minutes",
        "night_minutes",
        "intl_minutes",
        "intl_calls",
        "state",
    )
    return history, (), covariates


def iranian_history(path: str) -> tuple[pd.DataFrame, tuple, tuple]:
    raw = pd.read_csv(path)
    raw.columns = [" ".join(c.split()).lower().replace(" ", "_") for c in raw.columns]
    history = pd.DataFrame(
        {
            "customer_id": [f"iran-{i}" for i in range(len(raw))],
            "monthly_revenue": raw["customer_value"] / 9,
            "tenure_months": raw["subscription_length"],
            "outage_hours": 0.0,
            "support_calls": 0,
            "unresolved_promises": 0,
            "call_failures": raw["call_failure"],
            "complaints": raw["complains"],
            "seconds_of_use": raw["seconds_of_use"],
            "frequency_of_use": raw["frequency_of_use"],
            "frequency_of_sms": raw["frequency_of_sms"],
            "distinct_numbers": raw["distinct_called_numbers"],
            "charge_amount": raw["charge_amount"],
            "age_group": raw["age_group"],
            "tariff_plan": raw["tariff_plan"],
            "status": raw["status"],
            "churned": raw["churn"],
        }
    )
    covariates = (
        "seconds_of_use",
        "frequency_of_use",
        "frequency_of_sms",
        "distinct_numbers",
        "charge_amount",
        "age_group",
        "tariff_plan",
        "status",
    )
    return history, ("call_failures", "complaints"), covariates


def synthetic_history(rows: int) -> tuple[pd.DataFrame, tuple, tuple]:
    customers = generate(rows, 5150)
    return customers.drop(columns=[GENERATOR_TRUTH_COLUMNS[0]]), (), ()


def measure(name: str, history: pd.DataFrame, incidents, covariates) -> dict:
    valid = validate(history.astype({c: str for c in ("customer_id",)})).valid
    valid = valid.assign(**{c: history[c].to_numpy() for c in (*incidents, *covariates)})
    started, cpu = time.perf_counter(), time.process_time()
    model = train_on_history(valid, incidents=incidents, covariates=covariates)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    card = model.card
    ours, plain = card["metrics_on_held_out_test"], card["plain_models_on_held_out_test"]
    best = min(m["log_loss"] for m in plain.values())
    return {
        "data set": name,
        "rows": len(valid),
        "churn": float(valid["churned"].mean()),
        "ours": ours["log_loss"],
        "ours ECE": ours["expected_calibration_error"],
        "logistic": plain["logistic_regression"]["log_loss"],
        "logistic ECE": plain["logistic_regression"]["expected_calibration_error"],
        "boosting": plain["gradient_boosting"]["log_loss"],
        "boosting ECE": plain["gradient_boosting"]["expected_calibration_error"],
        "ours / best plain": ours["log_loss"] / best,
        "form": card["form"],
        "boosted": card["forms_on_held_out_test"]["boosted"]["log_loss"],
        "additive": card["forms_on_held_out_test"].get("additive", {}).get("log_loss"),
        "trees x leaves": f"{card['training']['size']['max_iter']} x "
        f"{card['training']['size']['max_leaf_nodes']}",
        "monotone": card["checks"]["monotone_in_every_incident"],
        "fit seconds": seconds,
        "fit CPU seconds": cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bigml", nargs="+", help="churn-bigml-80.csv and churn-bigml-20.csv")
    parser.add_argument("--iranian", help="the UCI Iranian churn CSV")
    parser.add_argument("--synthetic-rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    sets = []
    if args.bigml:
        sets.append(("Orange telecom (bigml)", *bigml_history(args.bigml)))
    if args.iranian:
        sets.append(("Iranian telecom (UCI 563)", *iranian_history(args.iranian)))
    sets.append((f"synthetic ({args.synthetic_rows:,})", *synthetic_history(args.synthetic_rows)))
    rows = [measure(*entry) for entry in sets]
    table = pd.DataFrame(rows).set_index("data set")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(4).to_string())
    print(
        "Held-out quarter of each set; log-loss (lower is better) and calibration error (ECE, "
        "10 bins); ours: the form chosen (boosted, additive: both forms' held-out log-loss); "
        "fit seconds: the whole of train_on_history on this machine, wall clock and CPU (it "
        "runs on one thread, so CPU seconds are about the wall time of an idle core) "
        f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})."
    )
    return 0 if np.all(table["ours / best plain"] <= 1.05) else 1


if __name__ == "__main__":
    raise SystemExit(main())
