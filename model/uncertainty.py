"""A likely range (P10-P90) for the portfolio's total, not only a point.

The economic assumptions are the least certain part of the estimate, so they are drawn
together, many times: each from a triangular distribution over its documented plausible
range (ASSUMPTION_INFO) with its peak at the value in use. The total is recomputed for
every draw and the 10th and 90th percentiles reported. The churn probabilities are held
fixed: the model is calibrated to within about half a percentage point (model card), far
less than the assumptions move the money.

Every cost is linear in a handful of portfolio sums once churn is known, so a draw costs
a few multiplications whatever the portfolio's size:

    total = clv_multiple * sum(a * revenue)
          + people_told * deterrence_rate * prospect_value
            * (sum(a | no complaint) + multiplier * sum(a | complaint))
          + sum over priced incidents of rate * sum(count)

with a the attributable churn. A test checks this against `add_costs`, row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from model.assumptions import ASSUMPTION_INFO, Assumptions
from model.costs import SERVICE_COST_RATES

DRAWS = 4000


@dataclass(frozen=True)
class TotalRange:
    """The total at the assumptions in use and its 10th, 50th and 90th percentiles."""

    total: float
    p10: float
    p50: float
    p90: float


def _portfolio_sums(estimates: pd.DataFrame) -> dict[str, float]:
    attributable = estimates["attributable_churn_probability"].to_numpy()
    complained = estimates.get("regulator_complaint", pd.Series(0, index=estimates.index))
    complained = complained.to_numpy() == 1
    sums = {
        "attributable_revenue": float(attributable @ estimates["monthly_revenue"].to_numpy()),
        "attributable_quiet": float(attributable[~complained].sum()),
        "attributable_public": float(attributable[complained].sum()),
        "mean_revenue": float(estimates["monthly_revenue"].mean()) if len(estimates) else 0.0,
    }
    for feature in SERVICE_COST_RATES:
        column = estimates.get(feature, pd.Series(0.0, index=estimates.index))
        sums[feature] = float(column.astype("float64").sum())
    return sums


def _draw(assumptions: Assumptions, draws: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draws of every assumption; prospect_value as a multiple of the mean clv when unset."""
    drawn = {}
    for field in fields(Assumptions):
        info = ASSUMPTION_INFO[field.name]
        value = getattr(assumptions, field.name)
        if value is None:  # prospect value unset: the mean clv times a plausible multiple
            value, low, high = 1.0, info.plausible_low, info.plausible_high
        else:
            low, high = min(info.plausible_low, value), max(info.plausible_high, value)
        drawn[field.name] = (
            np.full(draws, float(value)) if high == low else rng.triangular(low, value, high, draws)
        )
    return drawn


def totals_for(estimates: pd.DataFrame, drawn: dict[str, np.ndarray], unset_prospect: bool):
    """The portfolio's total for each set of drawn assumptions (arrays of equal length)."""
    sums = _portfolio_sums(estimates)
    r, a = drawn["monthly_retention"], drawn["annual_discount_rate"]
    monthly_discount = (1 + a) ** (1 / 12) - 1
    clv_multiple = drawn["gross_margin"] * r / (1 + monthly_discount - r)
    prospect_value = drawn["prospect_value"]
    if unset_prospect:
        prospect_value = prospect_value * clv_multiple * sums["mean_revenue"]
    reach = (
        sums["attributable_quiet"]
        + drawn["public_complaint_multiplier"] * sums["attributable_public"]
    )
    service = sum(drawn[rate] * sums[feature] for feature, rate in SERVICE_COST_RATES.items())
    return (
        clv_multiple * sums["attributable_revenue"]
        + drawn["people_told"] * drawn["deterrence_rate"] * prospect_value * reach
        + service
    )


def total_range(
    estimates: pd.DataFrame, assumptions: Assumptions, draws: int = DRAWS, seed: int = 0
) -> TotalRange:
    """P10, P50 and P90 of the total over jointly drawn assumptions; same seed, same range."""
    drawn = _draw(assumptions, draws, np.random.default_rng(seed))
    totals = totals_for(estimates, drawn, assumptions.prospect_value is None)
    p10, p50, p90 = np.percentile(totals, [10, 50, 90])
    return TotalRange(
        total=float(estimates["total_expected_cost"].sum()),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
    )
