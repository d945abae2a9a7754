"""How the estimate responds, and how far to trust it.

- `assumption_swings`: each assumption moved alone across its documented plausible range
  (ASSUMPTION_INFO), the portfolio's total at both ends: the bars of a tornado chart.
- `calibration_curve` (from model.churn.metrics, where the calibration error uses the same
  bins): predicted against observed churn per probability bin.

Plain functions on DataFrames; the costs come from `add_costs`, so no formula is repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from model.churn import calibration_curve
from model.money import ASSUMPTION_INFO, Assumptions, add_costs, typical_clv

__all__ = ["Swing", "assumption_swings", "calibration_curve", "plausible_range"]


@dataclass(frozen=True)
class Swing:
    """The total with one assumption at the low and at the high end of its plausible range."""

    key: str
    low: float
    high: float
    total_at_low: float
    total_at_high: float

    @property
    def width(self) -> float:
        return abs(self.total_at_high - self.total_at_low)


def plausible_range(
    key: str, scored: pd.DataFrame, assumptions: Assumptions
) -> tuple[float, float]:
    """The plausible low and high of an assumption, in its own units.

    The prospect value's range is stated as a multiple of the portfolio's median clv
    (ASSUMPTION_INFO), so it is turned into money here.
    """
    info = ASSUMPTION_INFO[key]
    if key == "prospect_value":
        typical = typical_clv(scored, assumptions)
        return info.plausible_low * typical, info.plausible_high * typical
    return info.plausible_low, info.plausible_high


def assumption_swings(scored: pd.DataFrame, assumptions: Assumptions) -> list[Swing]:
    """Each assumption across its plausible range, the others as given; widest swing first.

    Assumptions whose plausible range is a single value (costs no source supports, kept
    at 0) are left out: they cannot swing. So is monthly retention while unset: it is then
    each customer's own rate from the model, whose uncertainty is the model's range, not
    an assumption's.
    """
    swings = []
    for key in ASSUMPTION_INFO:
        if key == "monthly_retention" and assumptions.monthly_retention is None:
            continue
        low, high = plausible_range(key, scored, assumptions)
        if low == high:
            continue
        totals = [
            float(
                add_costs(scored, assumptions.with_changes(**{key: value}))[
                    "total_expected_cost"
                ].sum()
            )
            for value in (low, high)
        ]
        if totals[0] != totals[1]:  # the contact centre's books, say, price nothing
            swings.append(Swing(key, low, high, totals[0], totals[1]))
    return sorted(swings, key=lambda swing: swing.width, reverse=True)
