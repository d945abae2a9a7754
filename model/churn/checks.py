"""A fitted model's failed checks, in words that say what each means for the figures.

`python -m model.train --data` records each check in the model card (`checks`) and writes
the model whatever they found; the refusal is at use: the dashboard uses a model that
failed a check only once the user has acknowledged it, the `score` command only with
`--accept-failed-checks`, and then every page, the report, the workbook and the command
line's summary say which check failed and what it means
(docs/adr/0020-a-number-finance-signs.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FailedCheck:
    """One check a model failed: its card key, its name, and what it means for the money."""

    key: str
    name: str
    meaning: str

    @property
    def sentence(self) -> str:
        return f"{self.name} failed: {self.meaning}"


#: Every check a card may record, its name and what failing it means for the figures.
CHECKS: dict[str, tuple[str, str]] = {
    "calibrated": (
        "Calibration",
        "on customers held out from the fit, the predicted churn did not match how many "
        "actually left, so every amount, which multiplies those probabilities, may be too "
        "high or too low",
    ),
    "history_large_enough": (
        "Size of history",
        "too few customers, or too few who left, to pin down the effect of an incident that "
        "no public evidence backs: another year's history could give quite different figures",
    ),
    "monotone_in_every_incident": (
        "Monotone",
        "churn can fall as an incident rises, so removing a failure could appear to raise a "
        "cost and a fix's saving may be wrong",
    ),
    "as_good_as_plain_models": (
        "As good as a plain model",
        "a plain model on the same columns predicted who left better, so these figures are "
        "less trustworthy than a simpler model's would be",
    ),
}


def failed_checks(card: Mapping | None) -> tuple[FailedCheck, ...]:
    """The checks a card records as failed (none for a card without checks, or the
    built-in model's, whose checks are its tests)."""
    checks = (card or {}).get("checks") or {}
    return tuple(
        FailedCheck(key, *CHECKS[key]) for key in CHECKS if key in checks and not checks[key]
    )


def failed_checks_sentence(failed: tuple[FailedCheck, ...]) -> str:
    """ "The model fitted to your history failed its checks: Calibration failed: ...;
    Size of history failed: ...." (empty when none failed)."""
    if not failed:
        return ""
    return (
        "The model fitted to your history failed "
        + ("a check" if len(failed) == 1 else f"{len(failed)} checks")
        + " and is used because you accepted it. "
        + " ".join(f"{check.sentence}." for check in failed)
    )


class FailedChecksRefused(ValueError):
    """A model that failed checks of its own, used without them being accepted: the
    message names each check and what it means, and how to accept them."""

    def __init__(self, failed: tuple[FailedCheck, ...]):
        self.failed = failed
        super().__init__(
            "the model failed "
            + ", ".join(check.name for check in failed)
            + ". "
            + " ".join(f"{check.sentence}." for check in failed)
            + " Use it anyway with --accept-failed-checks, and every summary will say so; "
            "or fit it again on a longer history."
        )
