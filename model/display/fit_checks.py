"""A fitted model's checks in plain words for the dashboard: what each check means for the
money first, the metric and its limit second (shown as the sentence's help).

The command line prints `model.churn.check_sentences`, worded for whoever trains models; a
finance reader on the Model page needs to know whether the figures can be trusted, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

PLAIN_NAMES = {
    "logistic_regression": "logistic regression",
    "gradient_boosting": "gradient boosting",
}


@dataclass(frozen=True)
class CheckInWords:
    """One check: `passed`, a sentence anyone reads, and `detail`, the measure behind it."""

    passed: bool
    sentence: str
    detail: str


def _mark(passed: bool) -> str:
    return "✅ Passed" if passed else "⚠️ Failed"


def fit_checks_in_words(card: dict) -> list[CheckInWords]:
    """The checks of a history's model card, each in plain words with its measure."""
    checks, metrics, history = card["checks"], card["metrics_on_held_out_test"], card["history"]
    incidents = len(card["incident_features"])
    found = [
        CheckInWords(
            checks["calibrated"],
            f"{_mark(checks['calibrated'])}: **its probabilities match what happened** on "
            "customers it was not fitted on, so probability times value is money to trust.",
            f"Calibration error on the held-out quarter: {checks['held_out_calibration_error']:.2%}"
            f" (the mean gap between predicted and realised churn over 10 bins of risk); it "
            f"must be below {checks['calibration_error_below']:.0%}.",
        ),
        CheckInWords(
            checks["monotone_in_every_incident"],
            f"{_mark(checks['monotone_in_every_incident'])}: **churn never falls as a failure "
            f"rises**, for each of the {incidents} incidents, so a fix never raises a cost.",
            "Checked on the model's curve for each incident: each step of the lookup table is "
            "as high as the one before.",
        ),
        CheckInWords(
            checks["history_large_enough"],
            f"{_mark(checks['history_large_enough'])}: **enough history**: "
            f"{history['rows']:,} customers, {history['churners']:,} of whom left.",
            history["warning"]
            or "Each incident your customers have is pinned down by them (its curve known to "
            "within about a factor of two on the odds) or backed by public evidence.",
        ),
    ]
    plain = card.get("plain_models_on_held_out_test", {})
    if plain:
        others = ", ".join(f"{PLAIN_NAMES.get(n, n)} {m['log_loss']:.4f}" for n, m in plain.items())
        passed = checks["as_good_as_plain_models"]
        found.append(
            CheckInWords(
                passed,
                f"{_mark(passed)}: **it predicts as well as the usual models** fitted to the "
                "same columns, while keeping churn from falling as a failure rises.",
                f"Log-loss on the held-out quarter (lower is better): {metrics['log_loss']:.4f} "
                f"against {others}; {checks['log_loss_over_best_plain']:+.1%} on the better, at "
                f"most +{checks['log_loss_margin']:.0%} allowed.",
            )
        )
    return found
