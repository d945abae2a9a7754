"""How far to trust the total: P10, P50 and P90 from three sources, apart and together.

docs/methodology/uncertainty.md. The three sources:

- **assumptions**: every economic assumption drawn at once from a triangular distribution
  over its documented plausible range (ASSUMPTION_INFO), peaking at the value in use;
- **model**: the churn model's own uncertainty, as draws of each customer's churn and
  baseline probabilities (`ModelDraws`: one row per refit of the model on a fresh
  sample; any other source of draws of the same shape can be passed instead);
- **outcomes**: who actually leaves. Each customer is driven away by the failures with
  their attributable probability (a Bernoulli draw), and then costs their whole lifetime
  value and word of mouth; the handling cost is already incurred. For one customer this
  is the largest source: the cost is one of two amounts, never the expected value.

Each source alone holds the others at their point values; "combined" draws all three in
every draw. Same seed, same figures.

Speed: with each customer's attributable churn a_i and retention r_i fixed, the expected
total is a sum over the distinct values of r_i, so a draw of the assumptions costs a few
multiplications per distinct retention. Outcomes compare one 16-bit random integer per
customer with incidents and draw against their probability (rounded to 1/65,536), in
blocks of draws, and price the departures with matrix products.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from model.churn import ModelDraws
from model.explain.range_departure import (
    cheaper_sum,
    realised_departures,
    replacement_sum,
    turnover_per_hour,
)
from model.money import (
    ASSUMPTION_INFO,
    SERVICE_COST_RATES,
    Assumptions,
    complaint_flags,
    departure_value,
    mean_clv,
    monthly_retention,
    typical_clv,
)

DRAWS = 1000
SOURCES: tuple[str, ...] = ("assumptions", "model", "outcomes", "combined")
#: Draw x distinct-retention elements computed at once (about 8 MB a block of float64).
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Percentiles:
    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class TotalRange:
    """The point total and its P10/P50/P90 per source, with how they were drawn.

    `sources` maps each of SOURCES computed to its percentiles ("model" is absent when
    no model draws were given); `point_percentile` is the share of combined draws (or
    assumption draws, without model draws) below the point, in %.
    """

    total: float
    draws: int
    seed: int
    model_draws: int
    sources: dict[str, Percentiles]
    point_percentile: float


def _percentiles(values: np.ndarray) -> Percentiles:
    """Empirical percentiles that are drawn totals (no interpolation): for one customer the
    P10 is one of the two amounts they can cost, never a figure between them."""
    p10, p50, p90 = np.percentile(values, [10, 50, 90], method="inverted_cdf")
    return Percentiles(float(p10), float(p50), float(p90))


def draw_assumptions(
    assumptions: Assumptions, draws: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Draws of every assumption over its plausible range, peaking at the value in use.

    A value set outside its plausible range widens the range to include it. Unset
    prospect_value is drawn as a multiple of the portfolio's median clv; unset
    monthly_retention is not an assumption (it is each customer's own, from the model)
    and stays unset (NaN).
    """
    drawn = {}
    for field in fields(Assumptions):
        if field.name not in ASSUMPTION_INFO:  # the declared incidents' costs: held as set
            continue
        info = ASSUMPTION_INFO[field.name]
        value = getattr(assumptions, field.name)
        if value is None and field.name == "monthly_retention":
            drawn[field.name] = np.full(draws, np.nan)
            continue
        if value is None:  # prospect value unset: the median clv times a plausible multiple
            value, low, high = 1.0, info.plausible_low, info.plausible_high
        else:
            low, high = min(info.plausible_low, value), max(info.plausible_high, value)
        drawn[field.name] = (
            np.full(draws, float(value)) if high == low else rng.triangular(low, value, high, draws)
        )
    return drawn


def point_assumptions(assumptions: Assumptions, draws: int) -> dict[str, np.ndarray]:
    """The assumptions in use, repeated `draws` times (a source held at its point)."""
    point = {}
    for field in fields(Assumptions):
        if field.name not in ASSUMPTION_INFO:
            continue
        value = getattr(assumptions, field.name)
        if value is None:
            value = np.nan if field.name == "monthly_retention" else 1.0
        point[field.name] = np.full(draws, float(value))
    return point


@dataclass(frozen=True)
class _Portfolio:
    """What the money needs from the customers, as arrays."""

    revenue: np.ndarray
    complained: np.ndarray
    service_counts: dict[str, float]
    #: Handling cost of the declared incidents: their unit costs have no plausible range
    #: of their own (a company's own figure), so they are held at the value set.
    declared_service: float
    churn: np.ndarray  # (states x customers): row 0 the point model, then the model draws
    baseline: np.ndarray
    reference_revenue: np.ndarray  # the portfolio whose median clv prices a prospect
    reference_baseline: np.ndarray
    groups: list[_RetentionGroups]  # per model state
    reference_groups: _RetentionGroups
    #: The reference's median clv over its mean, at the assumptions in use: a prospect is
    #: priced at the median, which the draws move as they move the mean.
    typical_to_mean: float = 1.0
    #: How a departure is priced (Assumptions.departure_cost), held as set.
    departure_cost: str = "lost_value"


def _portfolio(estimates, model_draws, reference, assumptions: Assumptions) -> _Portfolio:
    declared_rates = assumptions.declared_rates or {}
    churn = estimates["churn_probability"].to_numpy(dtype="float64")[None, :]
    baseline = estimates["baseline_churn_probability"].to_numpy(dtype="float64")[None, :]
    if model_draws is not None:
        churn = np.vstack([churn, model_draws.churn])
        baseline = np.vstack([baseline, model_draws.baseline])
    counts = {
        feature: float(estimates[feature].astype("float64").sum())
        for feature in SERVICE_COST_RATES
        if feature in estimates.columns
    }
    reference = estimates if reference is None else reference
    mean = mean_clv(reference, assumptions)
    return _Portfolio(
        departure_cost=assumptions.departure_cost,
        typical_to_mean=typical_clv(reference, assumptions) / mean if mean > 0 else 1.0,
        revenue=estimates["monthly_revenue"].to_numpy(dtype="float64"),
        complained=complaint_flags(estimates),
        service_counts=counts,
        declared_service=sum(
            float(estimates[feature].astype("float64").sum()) * rate
            for feature, rate in declared_rates.items()
            if feature in estimates.columns
        ),
        churn=churn,
        baseline=baseline,
        reference_revenue=reference["monthly_revenue"].to_numpy(dtype="float64"),
        reference_baseline=reference["baseline_churn_probability"].to_numpy(dtype="float64"),
        groups=[_RetentionGroups.of(row) for row in baseline],
        reference_groups=_RetentionGroups.of(
            reference["baseline_churn_probability"].to_numpy(dtype="float64")
        ),
    )


def _retention(baseline: np.ndarray, fixed: float) -> np.ndarray:
    """r per customer for one model state: the model's own, or the fixed drawn rate."""
    if np.isnan(fixed):
        return monthly_retention(baseline, Assumptions())
    return np.full(baseline.shape, fixed)


@dataclass(frozen=True)
class _RetentionGroups:
    """Each customer's own retention as distinct values and the value of each customer."""

    values: np.ndarray
    customer_value: np.ndarray

    @classmethod
    def of(cls, baseline: np.ndarray) -> _RetentionGroups:
        values, where = np.unique(_retention(baseline, np.nan), return_inverse=True)
        return cls(values, where.ravel())


def _weighted_multiple_sum(weights, groups: _RetentionGroups, d, r_fixed) -> np.ndarray:
    """sum_i weights_i * r_i / (1 + d_j - r_i) for each draw j, over distinct r_i and d_j.

    With a fixed (drawn) rate the multiple is one number per draw.
    """
    fixed = ~np.isnan(r_fixed)
    result = np.empty(len(d))
    if fixed.any():
        r = r_fixed[fixed]
        result[fixed] = weights.sum() * r / (1 + d[fixed] - r)
    if (~fixed).any():
        values = groups.values
        summed = np.bincount(groups.customer_value, weights=weights, minlength=len(values))
        keep = summed != 0
        values, summed = values[keep], summed[keep]
        rates, rate_of_draw = np.unique(d[~fixed], return_inverse=True)
        per_rate = np.empty(len(rates))
        step = max(1, _BLOCK // max(len(values), 1))
        for start in range(0, len(rates), step):
            block = rates[start : start + step]
            per_rate[start : start + step] = (values / (1 + block[:, None] - values)) @ summed
        result[~fixed] = per_rate[rate_of_draw.ravel()]
    return result


def _prospect_values(portfolio: _Portfolio, drawn, unset_prospect: bool) -> np.ndarray:
    """The value of a won prospect in each draw: drawn, or a drawn multiple of the median
    clv (the median in use, moved as the draw's margin and discount rate move the mean)."""
    if not unset_prospect:
        return drawn["prospect_value"]
    d = (1 + drawn["annual_discount_rate"]) ** (1 / 12) - 1
    n = max(len(portfolio.reference_revenue), 1)
    multiples = _weighted_multiple_sum(
        portfolio.reference_revenue, portfolio.reference_groups, d, drawn["monthly_retention"]
    )
    mean_clv_drawn = drawn["gross_margin"] * multiples / n
    return drawn["prospect_value"] * mean_clv_drawn * portfolio.typical_to_mean


def _service(portfolio: _Portfolio, drawn) -> np.ndarray:
    """Handling in each draw, with the staff turnover of the hours on the phone."""
    hours = portfolio.service_counts.get("hours_on_phone", 0.0)
    return (
        sum(
            drawn[SERVICE_COST_RATES[feature]] * count
            for feature, count in portfolio.service_counts.items()
        )
        + hours * turnover_per_hour(drawn)
        + portfolio.declared_service
        + np.zeros(len(drawn["gross_margin"]))
    )


def _departures(portfolio: _Portfolio, drawn, attributable, state: int, d) -> np.ndarray:
    """sum_i a_i * departure_value_i in each draw, undiscounted (departure_cost's way)."""
    if portfolio.departure_cost == "replacement":
        return replacement_sum(attributable, portfolio.revenue, drawn)
    if portfolio.departure_cost == "cheaper":
        groups = portfolio.groups[state]
        retention = groups.values[groups.customer_value]
        return cheaper_sum(attributable, portfolio.revenue, retention, d, drawn)
    return drawn["gross_margin"] * _weighted_multiple_sum(
        attributable * portfolio.revenue, portfolio.groups[state], d, drawn["monthly_retention"]
    )


def _expected_totals(portfolio: _Portfolio, drawn, unset_prospect, state: int) -> np.ndarray:
    """The expected total in each draw of the assumptions, for one model state."""
    d = (1 + drawn["annual_discount_rate"]) ** (1 / 12) - 1
    discount = np.mean([(1 + d) ** -m for m in range(1, 13)], axis=0)
    attributable = np.maximum(portfolio.churn[state] - portfolio.baseline[state], 0.0)
    lost = discount * _departures(portfolio, drawn, attributable, state, d)
    per_prospect = (
        drawn["people_told"]
        * drawn["in_market_share"]
        * drawn["deterrence_rate"]
        * _prospect_values(portfolio, drawn, unset_prospect)
    )
    reach = attributable.sum() + (drawn["public_complaint_multiplier"] - 1) * (
        attributable @ portfolio.complained
    )
    return lost + per_prospect * reach + _service(portfolio, drawn)


#: Resolution of the Bernoulli draws: probabilities are compared with 16-bit random
#: integers, i.e. rounded to the nearest 1/65,536 (an error below 0.00001).
_LEVELS = 1 << 16


def _leaving_blocks(attributable: np.ndarray, draws: int, rng: np.random.Generator):
    """Who leaves in each draw: independent Bernoulli(a_i) per customer and draw, in blocks.

    Yields (first draw, customers, departures) with departures a float32 0/1 matrix
    (draws of the block x customers), customers the indices of those who can leave (a_i
    rounds above 0): 16-bit random integers compared with a_i * 65,536.
    """
    levels = np.rint(np.clip(attributable, 0.0, 1.0) * _LEVELS).astype(np.int64)
    candidates = np.flatnonzero(levels > 0)
    thresholds = (levels[candidates] - 1).astype(np.uint16)  # leaves when U <= a * 65536 - 1
    step = max(1, _BLOCK * 8 // max(len(candidates), 1))
    for start in range(0, draws, step):
        rows = min(step, draws - start)
        drawn = rng.integers(0, _LEVELS, (rows, len(candidates)), dtype=np.uint16)
        yield start, candidates, (drawn <= thresholds).astype(np.float32)


def _realised_totals(portfolio, drawn, unset_prospect, states, rng) -> np.ndarray:
    """The realised total in each draw: who leaves drawn per customer, state by state.

    `states[j]` is the model state of draw j. A customer driven away costs their lifetime
    value (with the departure discount) and their story's lost prospects, both priced with
    the draw's assumptions; everyone's handling cost is incurred whatever happens.
    """
    d = (1 + drawn["annual_discount_rate"]) ** (1 / 12) - 1
    discount = np.mean([(1 + d) ** -m for m in range(1, 13)], axis=0)
    per_prospect = (
        drawn["people_told"]
        * drawn["in_market_share"]
        * drawn["deterrence_rate"]
        * _prospect_values(portfolio, drawn, unset_prospect)
    )
    fixed = drawn["monthly_retention"]
    draws = len(d)
    margins, leavers, complainers = np.zeros(draws), np.zeros(draws), np.zeros(draws)
    for state in np.unique(states):
        draws_here = np.flatnonzero(states == state)
        attributable = np.maximum(portfolio.churn[state] - portfolio.baseline[state], 0.0)
        groups = portfolio.groups[state]
        retention = groups.values[groups.customer_value]
        for start, who, gone in _leaving_blocks(attributable, len(draws_here), rng):
            j = draws_here[start : start + len(gone)]
            revenue, r = portfolio.revenue[who], retention[who]
            if portfolio.departure_cost != "lost_value":  # priced, margin included
                way = portfolio.departure_cost
                margins[j] = realised_departures(way, gone, revenue, r, d, drawn, j)
            elif not np.isnan(fixed[j]).all():
                margins[j] = (gone @ revenue) * fixed[j] / (1 + d[j] - fixed[j])
            elif np.ptp(d[j]) == 0:  # one discount rate: one multiple per customer
                margins[j] = gone @ (revenue * r / (1 + d[j[0]] - r))
            else:
                multiple = (revenue * r).astype(np.float32) / (
                    1 + d[j, None].astype(np.float32) - r.astype(np.float32)
                )
                margins[j] = np.einsum("ij,ij->i", gone, multiple)
            leavers[j] = gone.sum(axis=1)
            complainers[j] = gone @ portfolio.complained[who]
    reach = leavers + (drawn["public_complaint_multiplier"] - 1) * complainers
    margin = drawn["gross_margin"] if portfolio.departure_cost == "lost_value" else 1.0
    lost = margin * discount * margins
    return lost + per_prospect * reach + _service(portfolio, drawn)


def total_range(
    estimates: pd.DataFrame,
    assumptions: Assumptions,
    model_draws: ModelDraws | None = None,
    draws: int = DRAWS,
    seed: int = 0,
    reference: pd.DataFrame | None = None,
) -> TotalRange:
    """P10, P50 and P90 of the total from each source alone and from all three together.

    `estimates` are `add_costs` of the customers with `assumptions`; `reference` is the
    portfolio whose median clv prices a prospect when prospect_value is unset (default:
    the estimates themselves; the case page passes the portfolio in use). `model_draws`
    are draws of the same customers' churn and baseline, in the same order.
    """
    rng = np.random.default_rng(seed)
    portfolio = _portfolio(estimates, model_draws, reference, assumptions)
    unset_prospect = assumptions.prospect_value is None
    point = point_assumptions(assumptions, draws)
    drawn = draw_assumptions(assumptions, draws, rng)
    states = portfolio.churn.shape[0]
    point_state = np.zeros(draws, dtype=int)
    model_state = rng.integers(1, states, draws) if states > 1 else point_state

    by_source = {"assumptions": _expected_totals(portfolio, drawn, unset_prospect, 0)}
    if states > 1:
        once = point_assumptions(assumptions, 1)
        per_state = np.array(
            [_expected_totals(portfolio, once, unset_prospect, s)[0] for s in range(states)]
        )
        by_source["model"] = per_state[model_state]
    by_source["outcomes"] = _realised_totals(portfolio, point, unset_prospect, point_state, rng)
    by_source["combined"] = _realised_totals(portfolio, drawn, unset_prospect, model_state, rng)

    total = float(estimates["total_expected_cost"].sum())
    return TotalRange(
        total=total,
        draws=draws,
        seed=seed,
        model_draws=states - 1,
        sources={name: _percentiles(values) for name, values in by_source.items()},
        point_percentile=float(100 * np.mean(by_source["combined"] < total)),
    )


@dataclass(frozen=True)
class TwoOutcomes:
    """One customer's realised cost: driven away (with its probability) or not."""

    probability_driven_away: float
    cost_if_driven_away: float
    cost_if_stays: float


def two_outcomes(
    estimate_row: pd.Series, assumptions: Assumptions, prospect_value: float
) -> TwoOutcomes:
    """The two costs one customer can actually cause, at the point assumptions and model.

    Driven away: the departure priced as departure_cost says (with the departure discount) and the
    prospects their story puts off, plus the handling already incurred; staying: the
    handling only. Their average, weighted by the attributable churn, is the expected total.
    """
    complained = np.array([float(estimate_row.get("regulator_complaint", 0) or 0)])
    reach = assumptions.people_told * (
        assumptions.public_complaint_multiplier if complained[0] == 1 else 1.0
    )
    per_prospect = reach * assumptions.in_market_share * assumptions.deterrence_rate
    service = float(estimate_row["service_cost"])
    value = departure_value(
        np.array([float(estimate_row["clv"])]),
        np.array([float(estimate_row["monthly_revenue"])]),
        assumptions,
    )[0]
    lost = float(value) * assumptions.departure_discount
    return TwoOutcomes(
        probability_driven_away=float(estimate_row["attributable_churn_probability"]),
        cost_if_driven_away=service + lost + per_prospect * prospect_value,
        cost_if_stays=service,
    )
