"""What public data say about each incident's effect on churn: the evidence table.

    python -m model.churn.evidence --data /work/public-data [--bootstrap 40]

For each public set (model.churn.evidence_sets) and each kind of failure it records, the
effect is fitted as the churn model uses it: the monotone additive logistic model
(model.churn.additive) on the set's failures, revenue, tenure and numeric traits, so the
effect is a curve over counts (0 at none, never falling), holding the customer's traits
fixed. From the curve: the churn odds at 1, 2, 4 and 8 failures against none; its range is
the 5th to 95th percentile of refits on bootstrap resamples. The figures (facts, not the
data) are written to model/churn/evidence_table.json, which the model reads: the Model and
Methodology pages show it, the built-in model is checked against it, and a fit to a
company's history shrinks its effects toward it (model.churn.shrinkage, docs/adr/0023).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from model.churn.additive import FitSettings, bootstrap_refits, fit_additive_logit
from model.churn.evidence_sets import (
    EVIDENCE_KINDS,
    KIND_ALIASES,
    PUBLIC_SETS,
    available_sets,
    failure_columns,
    read_public_set,
    trait_columns,
)

TABLE_PATH = Path(__file__).with_name("evidence_table.json")
#: The counts each effect curve is read at (0: none).
CURVE_COUNTS = tuple(range(9))
#: The counts whose odds against none the table shows.
ODDS_COUNTS = (1, 2, 4, 8)
RANGE_PERCENTILES = (5, 95)
EVIDENCE_FIT = FitSettings(knots_per_feature=12, tolerance=1e-10)
DERIVATION_SEED = 20261207


def fit_effects(frame: pd.DataFrame, bootstrap: int, seed: int = DERIVATION_SEED) -> dict:
    """Each failure column's log-odds curve at CURVE_COUNTS, and its bootstrap refits'.

    Returns {column: (central, refits)}: arrays of shape (len(CURVE_COUNTS),) and
    (bootstrap, len(CURVE_COUNTS))."""
    failures, traits = failure_columns(frame), trait_columns(frame)
    columns = [*failures, *traits]
    matrix = frame[columns].to_numpy(np.float64)
    churned = frame["churned"].to_numpy(np.float64)
    directions = [1] * len(failures) + [0] * len(traits)
    main = fit_additive_logit(matrix, churned, directions, EVIDENCE_FIT)
    refits = bootstrap_refits(matrix, churned, directions, EVIDENCE_FIT, main, bootstrap, seed)
    counts = np.asarray(CURVE_COUNTS, dtype=np.float64)
    return {
        name: (main.effect(j, counts), np.array([r.effect(j, counts) for r in refits]))
        for j, name in enumerate(failures)
    }


def shape_of(curve: np.ndarray, max_seen: float) -> str:
    """The curve's shape in words: a flag, a step, diminishing or rising steadily."""
    if max_seen <= 1:
        return "a flag: one step from none to some"
    top = float(curve[min(int(max_seen), len(curve) - 1)])
    if top <= 0.05:
        return "flat: no effect found"
    steps = np.diff(curve[: min(int(max_seen), len(curve) - 1) + 1])
    at = int(np.argmax(steps))
    if steps[at] >= 0.6 * top:
        return f"a threshold: little until {at}, a step at {at + 1}"
    first_half = float(curve[min(2, len(curve) - 1)])
    return "diminishing: the first few count most" if first_half >= 0.5 * top else "rising"


def _entry(key: str, kind: str, frame: pd.DataFrame, central, refits) -> dict:
    """One row of the table: a kind of failure in one public set."""
    low, high = np.percentile(refits, RANGE_PERCENTILES, axis=0)
    max_seen = float(frame[kind].max())
    at = {str(k): CURVE_COUNTS.index(k) for k in ODDS_COUNTS}
    return {
        "kind": kind,
        "set": key,
        "incident": EVIDENCE_KINDS[kind].incident,
        "customers_with": int((frame[kind] > 0).sum()),
        "max_seen": max_seen,
        "shape": shape_of(central, max_seen),
        "log_odds": np.round(central, 4).tolist(),
        "log_odds_low": np.round(low, 4).tolist(),
        "log_odds_high": np.round(high, 4).tolist(),
        "odds_ratio": {k: round(float(np.exp(central[i])), 3) for k, i in at.items()},
        "odds_ratio_low": {k: round(float(np.exp(low[i])), 3) for k, i in at.items()},
        "odds_ratio_high": {k: round(float(np.exp(high[i])), 3) for k, i in at.items()},
    }


def _digest(folder: Path, key: str) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in PUBLIC_SETS[key].files
    }


def derive_table(folder: str | Path, bootstrap: int = 40, keys: list[str] | None = None) -> dict:
    """The evidence table from the public sets found in `folder` (module docstring)."""
    folder = Path(folder)
    keys = keys if keys is not None else available_sets(folder)
    sets, effects = {}, []
    for key in keys:
        frame = read_public_set(key, folder)
        public = PUBLIC_SETS[key]
        sets[key] = {
            "name": public.name,
            "source": public.source,
            "licence": public.licence,
            "customers": len(frame),
            "churn_rate": round(float(frame["churned"].mean()), 4),
            "files_sha256": _digest(folder, key),
            "traits_held_fixed": trait_columns(frame),
        }
        for kind, (central, refits) in fit_effects(frame, bootstrap).items():
            effects.append(_entry(key, kind, frame, central, refits))
    return {
        "derived_by": "python -m model.churn.evidence --data DIR",
        "curve_counts": list(CURVE_COUNTS),
        "range": f"{RANGE_PERCENTILES[0]}th to {RANGE_PERCENTILES[1]}th percentile of "
        f"{bootstrap} refits on bootstrap resamples",
        "kinds": {
            name: {"label": k.label, "incident": k.incident, "how": k.how}
            for name, k in EVIDENCE_KINDS.items()
        },
        "sets": sets,
        "effects": effects,
    }


@cache
def evidence_table() -> dict:
    """The committed evidence table (model/churn/evidence_table.json)."""
    return json.loads(TABLE_PATH.read_text())


def entries_for_kind(kind: str, table: dict | None = None) -> list[dict]:
    """The table's rows for one kind of failure, one per public set that records it."""
    return [e for e in (table or evidence_table())["effects"] if e["kind"] == kind]


def entries_for_incident(incident: str, table: dict | None = None) -> list[dict]:
    """The table's rows that measure one of the contract's incidents (none: no evidence)."""
    return [e for e in (table or evidence_table())["effects"] if e["incident"] == incident]


def kind_of(column: str) -> str | None:
    """The evidence kind a contract incident or a company's declared column measures."""
    for name, kind in EVIDENCE_KINDS.items():
        if kind.incident == column:
            return name
    return KIND_ALIASES.get("_".join(column.strip().lower().replace("-", " ").split()))


def pooled_curve(entries: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The evidence of several sets as one curve over CURVE_COUNTS: the mean of their
    central curves, and the range from the lowest low to the highest high."""
    central = np.mean([e["log_odds"] for e in entries], axis=0)
    low = np.min([e["log_odds_low"] for e in entries], axis=0)
    high = np.max([e["log_odds_high"] for e in entries], axis=0)
    return central, low, high


def typical_curve(table: dict | None = None) -> np.ndarray:
    """A typical incident's effect: the median of every set's curve for every kind whose
    effect is not flat (what a declared incident with no evidence of its own shrinks to)."""
    curves = [e["log_odds"] for e in (table or evidence_table())["effects"]]
    return np.median(curves, axis=0)


def evidence_label(incident: str, table: dict | None = None) -> str:
    """'public evidence: N sets' or 'assumed: no public evidence', for the pages and card."""
    kind = kind_of(incident)
    entries = entries_for_kind(kind, table) if kind else []
    if not entries:
        return "assumed: no public evidence"
    return f"public evidence: {len(entries)} set{'s' if len(entries) > 1 else ''}"


def evidence_frame(table: dict | None = None) -> pd.DataFrame:
    """The table as the pages and docs show it: one row per kind and set."""
    table = table or evidence_table()
    rows = []
    for e in table["effects"]:
        public = table["sets"][e["set"]]
        rows.append(
            {
                "failure": table["kinds"][e["kind"]]["label"],
                "our incident": e["incident"] or "(a company's own column)",
                "public set": public["name"],
                "customers": public["customers"],
                "licence": public["licence"],
                "shape": e["shape"],
                **{
                    f"odds at {k}": f"{e['odds_ratio'][k]:.2f} "
                    f"({e['odds_ratio_low'][k]:.2f}-{e['odds_ratio_high'][k]:.2f})"
                    if k == "1" or e["max_seen"] > 1
                    else "(a flag)"
                    for k in e["odds_ratio"]
                },
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="the folder holding the public sets")
    parser.add_argument("--bootstrap", type=int, default=40, help="refits for each range")
    parser.add_argument("--out", default=str(TABLE_PATH), help="where to write the table")
    args = parser.parse_args(argv)
    table = derive_table(args.data, args.bootstrap)
    if not table["sets"]:
        parser.error(f"no public set found in {args.data}")
    Path(args.out).write_text(json.dumps(table, indent=1) + "\n")
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(evidence_frame(table).to_string(index=False))
    print(f"Written to {args.out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _log_odds_rise(churn_probability, incident: str, counts: np.ndarray) -> np.ndarray:
    """How much `incident` at each count adds to a typical customer's log-odds (55 a month,
    3 years, every other incident at 0), by `churn_probability` of a frame of such rows."""
    from data.schema import MODEL_FEATURES

    frame = pd.DataFrame(0.0, index=range(len(counts)), columns=list(MODEL_FEATURES))
    frame["monthly_revenue"], frame["tenure_months"] = 55.0, 36.0
    frame[incident] = counts
    p = np.clip(churn_probability(frame), 1e-12, 1 - 1e-12)
    logit = np.log(p / (1 - p))
    return logit - logit[0]


def law_against_evidence(churn_probability, table: dict | None = None) -> dict[str, dict]:
    """Per contract incident: its public evidence, and whether the law `churn_probability`
    (a function of a frame in MODEL_FEATURES, e.g. the generator's true probability) puts
    its effect within the evidence's range at 1, 2, 4 and 8 (the counts some public
    customer had; None where no set has it)."""
    from data.schema import INCIDENT_FEATURES

    table = table or evidence_table()
    result = {}
    for incident in INCIDENT_FEATURES:
        entries = entries_for_incident(incident, table)
        row = {"evidence": evidence_label(incident, table), "public_sets": len(entries)}
        if entries:
            _central, low, high = pooled_curve(entries)
            seen = max(e["max_seen"] for e in entries)
            counts = np.array([k for k in ODDS_COUNTS if k <= seen], dtype=np.float64)
            rise = _log_odds_rise(churn_probability, incident, np.concatenate([[0.0], counts]))
            at = [CURVE_COUNTS.index(int(k)) for k in counts]
            inside = (rise[1:] >= low[at] - 0.01) & (rise[1:] <= high[at] + 0.01)
            row["within_evidence_range"] = bool(inside.all())
            pairs = zip(counts, rise[1:], strict=True)
            row["odds_ratio"] = {str(int(k)): round(float(np.exp(r)), 3) for k, r in pairs}
        else:
            row["within_evidence_range"] = None
        result[incident] = row
    return result


def with_set_from(table: dict, key: str, frame: pd.DataFrame, bootstrap: int = 2) -> dict:
    """`table` with public set `key`'s rows derived again from `frame` (its customers a
    benchmark's history did not hold): so a fit is judged on customers the evidence did not
    see."""
    effects = [e for e in table["effects"] if e["set"] != key]
    for kind, (central, refits) in fit_effects(frame, bootstrap).items():
        effects.append(_entry(key, kind, frame, central, refits))
    sets = table["sets"] | {key: table["sets"][key] | {"customers": len(frame)}}
    return table | {"sets": sets, "effects": effects}
