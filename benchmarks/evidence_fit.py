"""A history's fit with public evidence against the plain models and against the fit without.

    python benchmarks/evidence_fit.py --data /work/public-data [--samples 2] [--rows 1500]

(or the folder in CHURN_COST_PUBLIC_DATA). For each public set found (model.churn.evidence_sets:
not committed, their licences differ), `--samples` random samples of `--rows` customers are
fitted as a company's history (`train_on_history`): the contract's columns, the set's failures
as incidents (customer service calls as support calls; failed calls and complaints as the
company's own columns) and its other traits as covariates. The evidence the fit leans on has
that set's rows derived again from its customers outside the sample, so the held-out quarter
of the sample, where the fit is judged, was never seen by the evidence. Printed per set and
sample: held-out log-loss of the fit as a ratio to the better plain scikit-learn model on the
same columns and rows, its calibration error, the prior weight chosen, the share of the
model's log-odds that passes through the additive model carrying the priors (1 for the
additive form, the blend's share for the boosted form: model.churn.blend), and the same ratio
for the fit without evidence (today's fit before issue 32). Then synthetic histories of 1,000 to
3,000 customers (data.synthetic), judged on 20,000 fresh customers of the same generator: the
fit with evidence against the fit without. Wall times beside, with the machine's load.
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
from model.churn.churn_model import feature_matrix
from model.churn.evidence import evidence_table, with_set_from
from model.churn.evidence_sets import (
    PUBLIC_SETS,
    available_sets,
    failure_columns,
    read_public_set,
    trait_columns,
)
from model.churn.metrics import probability_metrics

NO_EVIDENCE = (0.0,)


def as_history(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple, tuple]:
    """A public set's frame as a company's history: the contract, its own incidents, traits."""
    failures = failure_columns(frame)
    declared = tuple(f for f in failures if f != "support_calls")
    traits = tuple(t for t in trait_columns(frame) if t not in ("monthly_revenue", "tenure_months"))
    history = pd.DataFrame(
        {
            "customer_id": [f"p{i}" for i in range(len(frame))],
            "monthly_revenue": frame["monthly_revenue"].clip(lower=0).to_numpy(),
            "tenure_months": frame["tenure_months"].clip(lower=0).to_numpy(),
            "outage_hours": 0.0,
            "support_calls": frame["support_calls"].to_numpy() if "support_calls" in frame else 0,
            "unresolved_promises": 0,
            "churned": frame["churned"].to_numpy(),
        }
    )
    valid = validate(history).valid
    extra = {c: frame[c].to_numpy()[valid.index] for c in (*declared, *traits)}
    return valid.assign(**extra), declared, traits


def fit_figures(history, declared, traits, evidence, weights) -> dict:
    started = time.perf_counter()
    options = {} if weights is None else {"prior_weights": weights}
    model = train_on_history(
        history, incidents=declared, covariates=traits, evidence=evidence, **options
    )
    card = model.card
    ours, plain = card["metrics_on_held_out_test"], card["plain_models_on_held_out_test"]
    best = min(m["log_loss"] for m in plain.values())
    return {
        "ratio": ours["log_loss"] / best,
        "ece": ours["expected_calibration_error"],
        "form": card["form"],
        "weight": (card.get("evidence") or {}).get("prior_weight"),
        "share": (card.get("evidence") or {}).get("share_of_model_with_priors"),
        "seconds": time.perf_counter() - started,
        "model": model,
    }


def public_rows(folder: str, samples: int, rows: int) -> list[dict]:
    results = []
    for key in available_sets(folder):
        frame = read_public_set(key, folder)
        for sample in range(samples):
            rng = np.random.default_rng(9000 + sample)
            chosen = np.sort(rng.choice(len(frame), rows, replace=False))
            rest = np.setdiff1d(np.arange(len(frame)), chosen)
            evidence = with_set_from(evidence_table(), key, frame.iloc[rest].reset_index(drop=True))
            history, declared, traits = as_history(frame.iloc[chosen].reset_index(drop=True))
            with_evidence = fit_figures(history, declared, traits, evidence, None)
            without = fit_figures(history, declared, traits, evidence, NO_EVIDENCE)
            results.append(
                {
                    "set": PUBLIC_SETS[key].name[:32],
                    "sample": sample,
                    "ours / best plain": with_evidence["ratio"],
                    "ECE": with_evidence["ece"],
                    "form": with_evidence["form"],
                    "prior weight": with_evidence["weight"],
                    "share with priors": with_evidence["share"],
                    "without evidence / best plain": without["ratio"],
                    "seconds": with_evidence["seconds"],
                }
            )
            print(results[-1], flush=True)
    return results


def synthetic_rows(sizes: list[int]) -> list[dict]:
    fresh = generate(20_000, 7001)
    matrix = feature_matrix(fresh)
    results = []
    for rows in sizes:
        history = validate(generate(rows, 7000 + rows).drop(columns=[GENERATOR_TRUTH_COLUMNS[0]]))
        losses = {}
        for name, weights in (("with", None), ("without", NO_EVIDENCE)):
            figures = fit_figures(history.valid, (), (), None, weights)
            p = figures["model"].predict_matrix(matrix)
            losses[name] = probability_metrics(fresh["churned"], p)["log_loss"]
            losses[f"{name} weight"] = figures["weight"]
            losses[f"{name} form"] = figures["form"]
            losses[f"{name} share"] = figures["share"]
        results.append(
            {
                "customers": rows,
                "with evidence": losses["with"],
                "without": losses["without"],
                "with / without": losses["with"] / losses["without"],
                "prior weight": losses["with weight"],
                "form": losses["with form"],
                "share with priors": losses["with share"],
            }
        )
        print(results[-1], flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("CHURN_COST_PUBLIC_DATA"))
    parser.add_argument("--samples", type=int, default=2)
    parser.add_argument("--rows", type=int, default=1_500)
    parser.add_argument("--synthetic", type=int, nargs="*", default=[1_000, 2_000, 3_000])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    public = pd.DataFrame(public_rows(args.data, args.samples, args.rows) if args.data else [])
    synthetic = pd.DataFrame(synthetic_rows(args.synthetic))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        if len(public):
            print(public.round(4).to_string(index=False))
            print(
                "mean ratio to the best plain model: with evidence "
                f"{public['ours / best plain'].mean():.4f}, without "
                f"{public['without evidence / best plain'].mean():.4f}; worst "
                f"{public['ours / best plain'].max():.4f}; worst calibration error "
                f"{public['ECE'].max():.4f}"
            )
        print(synthetic.round(4).to_string(index=False))
    print(
        f"{time.perf_counter() - started:.0f} s in all on {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}."
    )
    ok = len(public) == 0 or (
        public["ours / best plain"].max() <= 1.05
        and public["ours / best plain"].mean() <= 1.0
        and public["ECE"].max() <= 0.05
    )
    return 0 if ok and (synthetic["with / without"] <= 1.0).all() else 1


if __name__ == "__main__":
    raise SystemExit(main())
