"""How far a history's fit strays from its own law by the noise of who left, on the law of
tests/slow/test_evidence_prior.py (calls of no effect, complaints twice the evidence's).

    python benchmarks/history_noise.py --rows 60000 120000 --draws 3233 11 12 13

For each size, the same customers (`generate(rows, 3232)`) are fitted (the history's
additive form and settings, no pull toward any prior, every row) once on the law's own
probabilities in place of a drawn `churned` (no noise of who left), and once per draw of
`churned` from the law (`--free`: the contact curves free to fall, no monotone
constraint). Prints each fit's share of the churn the incidents cause for the contact group
(calls, time on the phone, agents), its members and the other incidents, beside the law's,
on 10,000 fresh customers as the test measures them, and each fit's CPU time. Why:
docs/adr/0027.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate
from data.validation import validate
from model.churn import ChurnModel, root_cause_table
from model.churn import history_fit as fitting
from model.churn.additive import fit_additive_logit
from model.churn.fit import TrainingSettings
from model.churn.layout import layout_for
from tests.slow.test_evidence_prior import ContradictingLaw, contradicting_law

SHOWN = (
    "contact_burden",
    "support_calls",
    "hours_on_phone",
    "agents_contacted",
    "outage_hours",
    "unresolved_promises",
    "billing_errors",
    "reshipped_orders",
    "regulator_complaint",
)
CONTACT = ("support_calls", "hours_on_phone", "agents_contacted")


def line(label: str, shares, seconds: float | None = None) -> str:
    figures = " ".join(f"{name}={shares[name]:.3f}" for name in SHOWN)
    return f"{label:>18} {figures}" + ("" if seconds is None else f"  {seconds:.0f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[60_000, 120_000])
    parser.add_argument("--draws", type=int, nargs="+", default=[3233, 11, 12, 13])
    parser.add_argument("--free", action="store_true", help="no monotone contact curves")
    args = parser.parse_args()
    sample = generate(10_000, 3234)
    law = root_cause_table(sample, ChurnModel(ContradictingLaw(), card={"model": "law"}))
    print(line("law", law["share"]))
    for rows in args.rows:
        customers = generate(rows, 3232).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
        p = contradicting_law(customers)
        layout = layout_for(validate(customers.assign(churned=0)).valid, (), ())
        matrix = layout.matrix(customers)
        settings = fitting._history_fit_settings(layout, TrainingSettings())
        directions = fitting._history_directions(layout)
        if args.free:
            pairs = zip(layout.columns, directions, strict=True)
            directions = [0 if c in CONTACT else d for c, d in pairs]
        outcomes = [("law's probabilities", p)] + [
            (f"draw {seed}", (np.random.default_rng(seed).random(rows) < p).astype(float))
            for seed in args.draws
        ]
        print(f"{rows:,} customers{' (contact curves free)' if args.free else ''}")
        with threadpool_limits(1):
            for label, churned in outcomes:
                start = time.process_time()
                model = fit_additive_logit(matrix, churned, directions, settings)
                seconds = time.process_time() - start
                fitted = ChurnModel(model, card={"model": "fit"}, layout=layout)
                print(line(label, root_cause_table(sample, fitted)["share"], seconds), flush=True)


if __name__ == "__main__":
    main()
