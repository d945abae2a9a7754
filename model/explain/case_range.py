"""How far to trust the business case: P10, P50 and P90 of its NPV, payback month and
yearly saving, from the same three sources as the total's range (model.explain.range).

- **assumptions**: every assumption drawn over its plausible range (`draw_assumptions`);
- **model**: each draw takes one refit's churn and baseline, today and with the fixes;
- **outcomes**: who actually leaves. One uniform number per customer decides both worlds
  (leaves today if below a_today, with the fixes if below a_fixed), so a fix saves a
  customer only where it changes their fate;
- **combined**: all three in every draw.

The figures are those of model/money/business_case.py, vectorised over draws. With every
year's failures repeating, the departures saved in month t are

    sum_i delta_i * gross_margin * monthly_revenue_i / 12 * r_i (1 - r_i^(t-1)) / (1 - r_i)

over the customers whose departure is priced as lost value, plus a twelfth of
sum_i delta_i * replacement_i over those priced as their replacement (in the draw: the
`departure_cost` held as set, the replacement and, under "cheaper", who is replaced, from
the draw's assumptions). delta_i is the customer's attributable churn today less with the
fixes, or in the outcomes their 0/1 departure today less with the fixes; business_case.py's
yearly windows add up to this. A twelfth of the year's word of mouth and handling saved
falls in every month.
At the point of every source the figures are business_case's exactly (a test holds it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.churn import ModelDraws
from model.explain.range import (
    DRAWS,
    SOURCES,
    Percentiles,
    _percentiles,
    _portfolio,
    _prospect_values,
    draw_assumptions,
    point_assumptions,
)
from model.explain.range_departure import turnover_per_hour
from model.money import SERVICE_COST_RATES, Assumptions, FixCost, complaint_flags, monthly_retention

#: Draws of each source: half the total's (each draws every month of the horizon).
CASE_DRAWS = DRAWS // 2
#: The three figures of the business case that get a range.
FIGURES: tuple[str, ...] = ("net_present_value", "payback_month", "year_saving")


@dataclass(frozen=True)
class CaseRange:
    """P10/P50/P90 of each figure (FIGURES) from each source (SOURCES). A payback month
    of None in a percentile means "not paid back within the horizon" (or no cost entered)."""

    sources: dict[str, dict[str, Percentiles]]
    draws: int
    seed: int
    model_draws: int
    horizon_years: int

    def combined(self, figure: str) -> Percentiles:
        return self.sources["combined"][figure]


@dataclass(frozen=True)
class _Worlds:
    """Today and with the fixes, as arrays: only the customers the fixes change."""

    attributable_today: np.ndarray  # states x customers
    attributable_fixed: np.ndarray
    retention: np.ndarray  # states x customers, each customer's own r
    revenue: np.ndarray
    complained: np.ndarray
    handling_saved_counts: dict[str, float]
    declared_handling_saved: float
    departure_cost: str = "lost_value"


def changed_customers(today: pd.DataFrame, fixed: pd.DataFrame) -> np.ndarray:
    """Positions of the customers whose attributable churn the fixes change."""
    return np.flatnonzero(
        today["attributable_churn_probability"].to_numpy()
        != fixed["attributable_churn_probability"].to_numpy()
    )


def _worlds(today, fixed, draws_today, draws_fixed, assumptions, among=None) -> _Worlds:
    def states(frame, model_draws):
        churn = frame["churn_probability"].to_numpy(dtype="float64")[None, :]
        baseline = frame["baseline_churn_probability"].to_numpy(dtype="float64")[None, :]
        if model_draws is not None:
            churn = np.vstack([churn, model_draws.churn])
            baseline = np.vstack([baseline, model_draws.baseline])
        return np.maximum(churn - baseline, 0.0), baseline

    a_today, baseline = states(today, draws_today)
    a_fixed, _ = states(fixed, draws_fixed)
    changed = np.flatnonzero((a_today != a_fixed).any(axis=0)) if among is None else among
    saved = {}
    for feature in SERVICE_COST_RATES:
        if feature in today.columns and feature in fixed.columns:
            saved[feature] = float(
                today[feature].astype("float64").sum() - fixed[feature].astype("float64").sum()
            )
    declared = sum(
        rate * float(today[column].astype("float64").sum() - fixed[column].astype("float64").sum())
        for column, rate in assumptions.declared_rates.items()
        if column in today.columns and column in fixed.columns
    )
    return _Worlds(
        attributable_today=a_today[:, changed],
        attributable_fixed=a_fixed[:, changed],
        retention=np.array([monthly_retention(row, Assumptions()) for row in baseline[:, changed]]),
        revenue=today["monthly_revenue"].to_numpy(dtype="float64")[changed],
        complained=complaint_flags(today)[changed],
        handling_saved_counts=saved,
        declared_handling_saved=float(declared),
        departure_cost=assumptions.departure_cost,
    )


def _lost_margin(worlds: _Worlds, weight, state, fixed_r, months: int) -> np.ndarray:
    """sum_i weight_i r_i (1 - r_i^(t-1)) / (1 - r_i) for t = 1..months, in each draw:
    one matrix product per model state for each customer's own r, a closed form for a
    drawn fixed r."""
    t = np.arange(1, months + 1)
    out = np.empty((len(weight), months))
    fixed = ~np.isnan(fixed_r)
    if fixed.any():
        r = fixed_r[fixed][:, None]
        out[fixed] = weight[fixed].sum(axis=1)[:, None] * r * (1 - r ** (t - 1)) / (1 - r)
    for one in np.unique(state[~fixed]):
        rows = np.flatnonzero(~fixed & (state == one))
        r = worlds.retention[one][:, None]
        out[rows] = weight[rows] @ (r * (1 - r ** (t - 1)) / (1 - r))
    return out


def _replaced(worlds: _Worlds, r: np.ndarray, d: np.ndarray, drawn):
    """Per draw and customer, whether the departure is priced as its replacement (as
    model.money.costs.replaced_customers decides) and what the replacement costs; (None,
    None) when every departure is priced as lost value."""
    if worlds.departure_cost == "lost_value":
        return None, None
    replacement = (
        drawn["acquisition_cost"][:, None]
        + (drawn["gross_margin"] * drawn["months_to_replace"])[:, None] * worlds.revenue[None, :]
    )
    if worlds.departure_cost == "replacement":
        return np.ones(replacement.shape, dtype=bool), replacement
    clv = drawn["gross_margin"][:, None] * worlds.revenue * r / (1 + d[:, None] - r)
    return replacement < clv, replacement


def _figures(worlds: _Worlds, delta: np.ndarray, state, drawn, prospect, cost: FixCost):
    """NPV, payback month (inf: never) and yearly saving for each draw (row of `delta`).

    `delta` (draws x customers) is each customer's departure saved, `state` the model
    state of each draw (its customers' own retention), unless the draw fixes one. A
    departure priced as a replacement is saved in the month its customer would have left:
    a twelfth of the year's in every month (model/money/business_case.py).
    """
    months = cost.months
    d = (1 + drawn["annual_discount_rate"]) ** (1 / 12) - 1
    margin = drawn["gross_margin"]
    fixed_r = drawn["monthly_retention"]
    r = np.where(np.isnan(fixed_r)[:, None], worlds.retention[state], fixed_r[:, None])
    weight = delta * worlds.revenue  # draws x customers
    replaced, replacement = _replaced(worlds, r, d, drawn)
    booked = np.zeros(len(d))
    if replaced is not None:
        weight = np.where(replaced, 0.0, weight)
        booked = np.einsum("ij,ij->i", np.where(replaced, delta, 0.0), replacement)
    lost_margin = _lost_margin(worlds, weight, state, fixed_r, months) * (margin / 12)[:, None]
    departures = lost_margin + (booked / 12)[:, None]
    departure = np.mean([(1 + d) ** -m for m in range(1, 13)], axis=0)
    lost_value = margin * departure * np.einsum("ij,ij->i", weight, r / (1 + d[:, None] - r))
    lost_value = lost_value + departure * booked
    reach = delta.sum(axis=1) + (drawn["public_complaint_multiplier"] - 1) * (
        delta @ worlds.complained
    )
    per_prospect = drawn["people_told"] * drawn["in_market_share"] * drawn["deterrence_rate"]
    word_of_mouth = per_prospect * prospect * reach
    handling = worlds.declared_handling_saved + sum(
        drawn[SERVICE_COST_RATES[feature]] * count
        for feature, count in worlds.handling_saved_counts.items()
    )
    hours_saved = worlds.handling_saved_counts.get("hours_on_phone", 0.0)
    handling = handling + hours_saved * turnover_per_hour(drawn)
    handling = handling + np.zeros(len(d))
    saving = departures + ((word_of_mouth + handling) / 12)[:, None]
    net = np.hstack([np.full((len(d), 1), -cost.one_off), saving - cost.per_year / 12])
    discount = (1 + d[:, None]) ** -np.arange(months + 1)
    npv = (net * discount).sum(axis=1)
    cumulative = np.cumsum(net, axis=1)
    spent = np.cumsum(np.concatenate([[cost.one_off], np.full(months, cost.per_year / 12)]))
    paid = (cumulative > 1e-9 * max(1.0, cost.total)) & (spent > 0)
    payback = np.where(paid.any(axis=1), paid.argmax(axis=1), np.inf)
    return npv, payback, lost_value + word_of_mouth + handling


def business_case_range(
    today: pd.DataFrame,
    fixed: pd.DataFrame,
    cost: FixCost,
    assumptions: Assumptions,
    draws_today: ModelDraws | None = None,
    draws_fixed: ModelDraws | None = None,
    draws: int = CASE_DRAWS,
    seed: int = 0,
) -> CaseRange:
    """P10/P50/P90 of NPV, payback month and yearly saving, per source and combined.

    `today` and `fixed` are priced with `assumptions` (same customers, same order);
    `draws_today` and `draws_fixed` are the model's refits on each (both or neither).
    """
    by_source = figure_draws(today, fixed, cost, assumptions, draws_today, draws_fixed, draws, seed)
    states = 1 + (draws_today.churn.shape[0] if draws_today is not None else 0)
    return CaseRange(
        sources={
            name: {
                figure: _percentiles_or_never(values)
                for figure, values in zip(FIGURES, by_source[name], strict=True)
            }
            for name in SOURCES
            if name in by_source
        },
        draws=draws,
        seed=seed,
        model_draws=states - 1,
        horizon_years=cost.horizon_years,
    )


def figure_draws(
    today,
    fixed,
    cost,
    assumptions,
    draws_today=None,
    draws_fixed=None,
    draws=CASE_DRAWS,
    seed=0,
    among: np.ndarray | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each source's draws of (NPV, payback month, yearly saving), as business_case_range
    takes their percentiles. `among`: the customers to draw for (default: those the fixes
    change); with the same seed and `among`, several fixes compare draw by draw."""
    rng = np.random.default_rng(seed)
    worlds = _worlds(today, fixed, draws_today, draws_fixed, assumptions, among)
    reference = _portfolio(today, None, None, assumptions)
    unset = assumptions.prospect_value is None
    point, drawn = point_assumptions(assumptions, draws), draw_assumptions(assumptions, draws, rng)
    states = worlds.attributable_today.shape[0]
    at_point = np.zeros(draws, dtype=int)
    random_state = rng.integers(1, states, draws) if states > 1 else at_point
    uniforms = rng.random((draws, len(worlds.revenue)))

    prospects = {
        "point": _prospect_values(reference, point, unset),
        "drawn": _prospect_values(reference, drawn, unset),
    }

    def evaluate(values, state, outcomes):
        a_today, a_fixed = worlds.attributable_today[state], worlds.attributable_fixed[state]
        if outcomes:
            delta = (uniforms < a_today).astype("float64") - (uniforms < a_fixed)
        else:
            delta = a_today - a_fixed
        prospect = prospects["point" if values is point else "drawn"]
        return _figures(worlds, delta, state, values, prospect, cost)

    by_source = {
        "assumptions": evaluate(drawn, at_point, False),
        "outcomes": evaluate(point, at_point, True),
        "combined": evaluate(drawn, random_state, True),
    }
    if states > 1:
        by_source["model"] = evaluate(point, random_state, False)
    return by_source


def _percentiles_or_never(values: np.ndarray) -> Percentiles:
    """Percentiles; an infinite payback month (never paid back) stays None."""
    band = _percentiles(values)
    return Percentiles(
        *(None if not np.isfinite(value) else value for value in (band.p10, band.p50, band.p90))
    )


def point_figures(
    today: pd.DataFrame, fixed: pd.DataFrame, cost: FixCost, assumptions: Assumptions
) -> tuple[float, float, float]:
    """NPV, payback month (inf: never) and yearly saving at the point of every source: the
    business case's own figures, through the range's arithmetic (a test compares them)."""
    worlds = _worlds(today, fixed, None, None, assumptions)
    values = point_assumptions(assumptions, 1)
    prospect = _prospect_values(
        _portfolio(today, None, None, assumptions), values, assumptions.prospect_value is None
    )
    delta = (worlds.attributable_today[0] - worlds.attributable_fixed[0])[None, :]
    npv, payback, saving = _figures(worlds, delta, np.zeros(1, dtype=int), values, prospect, cost)
    return float(npv[0]), float(payback[0]), float(saving[0])
