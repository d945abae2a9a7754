"""The break-even of a fix: at a chosen horizon, the largest one-off cost that still pays
back, or the smallest cut of one lever that does, each with its range.

"Pays back" is a net present value of at least zero over the horizon.

- **Largest one-off cost**: the NPV falls one for one with the one-off cost (paid now, not
  discounted), so the break-even is exact: the NPV with no one-off cost. Its range is the
  NPV's own draws, shifted by the one-off cost entered.
- **Smallest cut of a lever**: the other levers stay as set; the NPV is found for a cut by
  scoring the customers again (the churn comes from the model), so the cut is found by a
  bracketing search (regula falsi, Illinois' variant) to within a cent of NPV where the NPV
  moves smoothly with the cut. Counts are whole numbers, so a lever on counts moves the
  NPV in small steps: there the answer is the smallest cut at which the NPV is at least
  zero, to `CUT_TOLERANCE`. Its range: the NPV's draws at cuts across 0..1 (the same
  draws at every cut), each draw's own crossing found between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from model.churn import ChurnModel, model_draws
from model.explain.case_range import CASE_DRAWS, CaseRange, changed_customers, figure_draws
from model.explain.range import Percentiles, _percentiles
from model.money import Assumptions, FixCost, Scenario, add_costs, business_case, scored_scenario

#: Cuts are found to this share (a millionth of the failures).
CUT_TOLERANCE = 1e-9
#: The NPV is zero "within a cent" at the break-even.
CENT = 0.01
#: Cuts at which the range of the lever's break-even is drawn.
RANGE_CUTS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True)
class BreakEven:
    """A break-even and its range. `value` is a cut (share 0..1) or an amount; None when
    no value pays back within the horizon (the range's None likewise). `exact`: the NPV
    there is zero within a cent (else the smallest value at which it is above zero)."""

    what: str  # "one_off" or a lever's name
    value: float | None
    net_present_value: float | None
    exact: bool
    range: Percentiles
    horizon_years: int


def largest_one_off(
    today: pd.DataFrame,
    fixed: pd.DataFrame,
    cost: FixCost,
    assumptions: Assumptions,
    case_range: CaseRange | None = None,
) -> BreakEven:
    """The largest one-off cost that pays back at the horizon, the yearly cost as entered.

    Its range is the NPV's (`case_range`, at `cost`) shifted by the one-off cost entered:
    each draw's break-even is its NPV plus that cost.
    """
    npv = business_case(today, fixed, cost, assumptions).net_present_value
    value = npv + cost.one_off
    if case_range is None:
        band = Percentiles(value, value, value)
    else:
        drawn = case_range.combined("net_present_value")
        band = Percentiles(*(v + cost.one_off for v in (drawn.p10, drawn.p50, drawn.p90)))
    clip = lambda amount: amount if amount > 0 else None  # noqa: E731
    return BreakEven(
        "one_off",
        clip(value),
        0.0 if value > 0 else None,
        True,
        Percentiles(clip(band.p10), clip(band.p50), clip(band.p90)),
        cost.horizon_years,
    )


def _search(npv: Callable[[float], float]) -> tuple[float | None, float | None]:
    """The smallest cut in 0..1 whose NPV is at least zero, and the NPV there."""
    low, high = 0.0, 1.0
    at_low, at_high = npv(low), npv(high)
    if at_low >= 0:
        return 0.0, at_low
    if at_high < 0:
        return None, None
    side = 0
    for _ in range(200):
        if abs(at_high) < CENT / 10 or high - low < CUT_TOLERANCE:
            break
        cut = (low * at_high - high * at_low) / (at_high - at_low)
        if not low < cut < high:
            cut = (low + high) / 2
        value = npv(cut)
        if value >= 0:
            high, at_high = cut, value
            at_low = at_low / 2 if side == 1 else at_low  # Illinois: halve the stale end
            side = 1
        else:
            low, at_low = cut, value
            at_high = at_high / 2 if side == -1 else at_high
            side = -1
    return high, npv(high)


def smallest_cut(
    today: pd.DataFrame,
    scenario: Scenario,
    lever: str,
    model: ChurnModel,
    cost: FixCost,
    assumptions: Assumptions,
    draws: int = CASE_DRAWS,
) -> BreakEven:
    """The smallest cut of `lever` (the other levers as in `scenario`) whose NPV over the
    horizon is at least zero, found by search; `today` is today's priced estimate."""

    def fixed_at(cut: float) -> pd.DataFrame:
        changed = scored_scenario(today, replace(scenario, **{lever: cut}), model)
        return add_costs(changed, assumptions)

    def npv(cut: float) -> float:
        return business_case(today, fixed_at(cut), cost, assumptions).net_present_value

    cut, value = _search(npv)
    frames = {c: fixed_at(c) for c in RANGE_CUTS}
    among = np.unique(np.concatenate([changed_customers(today, f) for f in frames.values()]))
    refits_today = model_draws(today, model.variants)
    grid = np.array(
        [
            figure_draws(
                today,
                frame,
                cost,
                assumptions,
                refits_today,
                model_draws(frame, model.variants) if refits_today is not None else None,
                draws,
                among=among,
            )["combined"][0]
            for frame in frames.values()
        ]
    )
    return BreakEven(
        lever,
        cut,
        value,
        value is not None and abs(value) < CENT,
        _crossings(grid, np.array(RANGE_CUTS)),
        cost.horizon_years,
    )


def _crossings(grid: np.ndarray, cuts: np.ndarray) -> Percentiles:
    """Each draw's smallest cut with NPV >= 0, interpolated between the grid's cuts
    (`grid`: cuts x draws); percentiles over draws, None for "no cut pays back"."""
    crossing = np.full(grid.shape[1], np.inf)
    for draw in range(grid.shape[1]):
        values = grid[:, draw]
        above = np.flatnonzero(values >= 0)
        if not len(above):
            continue
        first = above[0]
        if first == 0:
            crossing[draw] = 0.0
            continue
        low, high = values[first - 1], values[first]
        crossing[draw] = cuts[first - 1] + (cuts[first] - cuts[first - 1]) * (-low) / (high - low)
    band = _percentiles(crossing)
    return Percentiles(*(v if np.isfinite(v) else None for v in (band.p10, band.p50, band.p90)))
