"""The money: churn probabilities and incidents turned into costs, exactly as
docs/methodology/formulas.md says.

Pure, vectorised arithmetic on columns that are already there (no model inference),
so moving a money slider in the dashboard re-runs only this.

    r_i                 = monthly_retention if set,
                          else (1 - baseline_churn_probability_i) ** (1 / 12)
    d                   = (1 + annual_discount_rate) ** (1 / 12) - 1
    clv                 = gross_margin * monthly_revenue * r / (1 + d - r)
    departure_discount  = (1/12) * sum over m = 1..12 of (1 + d) ** -m
    attributable        = max(churn_probability - baseline_churn_probability, 0)
    expected_lost_clv   = attributable * clv * departure_discount   (a reference column)
    replacement         = acquisition_cost + gross_margin * monthly_revenue * months_to_replace
    departure_value     = clv ("lost_value"), replacement ("replacement") or the smaller
                          of the two ("cheaper"), as departure_cost says
    expected_departure_cost = attributable * departure_value * departure_discount
    reach               = people_told * (public_complaint_multiplier if regulator_complaint else 1)
    word_of_mouth_loss  = attributable * reach * in_market_share * deterrence_rate * prospect_value
    service_cost        = support_calls * cost_per_call + hours_on_phone * cost_per_agent_hour
                          + outage_hours * credit_per_outage_hour
                          + regulator_complaint * cost_per_regulator_complaint
                          + escalations * cost_per_escalation
                          + billing_errors * cost_per_billing_error
                          + reshipped_orders * cost_per_reshipment
                          + sum over declared incidents of count * its unit cost
                          + staff_turnover_cost
    staff_turnover_cost = hours_on_phone * agent_attrition_rate * cost_to_replace_agent
                          / agent_hours_per_year
    total_expected_cost = expected_departure_cost + word_of_mouth_loss + service_cost

prospect_value, when unset, is the median clv of the portfolio in use (model/money/typical.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import OUTPUT_COLUMNS
from model.money.assumptions import Assumptions
from model.money.sourced_figures import MAX_RETENTION
from model.money.typical import typical_value

#: Cost components that add up to total_expected_cost, in the order they are shown.
COST_COMPONENTS: tuple[str, ...] = (
    "expected_departure_cost",
    "word_of_mouth_loss",
    "service_cost",
)
#: The components and their total, as tables and metrics show them.
COST_COLUMNS: tuple[str, ...] = (*COST_COMPONENTS, "total_expected_cost")

#: The assumption that prices each incident count in service_cost. `reshipped_orders` is
#: priced when the column is present (the contract's optional column), 0 when absent.
SERVICE_COST_RATES: dict[str, str] = {
    "support_calls": "cost_per_call",
    "hours_on_phone": "cost_per_agent_hour",
    "outage_hours": "credit_per_outage_hour",
    "regulator_complaint": "cost_per_regulator_complaint",
    "escalations": "cost_per_escalation",
    "billing_errors": "cost_per_billing_error",
    "reshipped_orders": "cost_per_reshipment",
}


def monthly_retention(baseline: np.ndarray, assumptions: Assumptions) -> np.ndarray:
    """Each customer's r: the assumption if set, else (1 - baseline) ** (1/12).

    The model's baseline is the customer's churn over 12 months with every incident at 0;
    the twelfth root turns it into a monthly rate. Capped at MAX_RETENTION, so that a
    baseline of exactly 0 cannot make the lifetime value infinite.
    """
    baseline = np.asarray(baseline, dtype="float64")
    if assumptions.monthly_retention is not None:
        return np.full(baseline.shape, float(assumptions.monthly_retention))
    return np.minimum((1.0 - np.clip(baseline, 0.0, 1.0)) ** (1 / 12), MAX_RETENTION)


def margin_multiple(retention: np.ndarray, monthly_discount_rate: np.ndarray | float):
    """r / (1 + d - r): the Gupta-Lehmann multiple of one month's margin (no gross margin)."""
    return retention / (1.0 + monthly_discount_rate - retention)


def customer_lifetime_value(
    monthly_revenue: pd.Series | np.ndarray, baseline: np.ndarray, assumptions: Assumptions
) -> np.ndarray:
    """clv of each customer if retained (Gupta and Lehmann 2003, infinite-horizon multiple)."""
    r = monthly_retention(baseline, assumptions)
    revenue = np.asarray(monthly_revenue, dtype="float64")
    multiple = margin_multiple(r, assumptions.monthly_discount_rate)
    return assumptions.gross_margin * revenue * multiple


def mean_clv(scored: pd.DataFrame, assumptions: Assumptions) -> float:
    """The portfolio's mean clv (the range scales the typical clv by how its draws move it)."""
    if not len(scored):
        return 0.0
    clv = customer_lifetime_value(
        scored["monthly_revenue"], scored["baseline_churn_probability"], assumptions
    )
    return float(clv.mean())


def typical_clv(scored: pd.DataFrame, assumptions: Assumptions) -> float:
    """The portfolio's median clv (four significant figures): the default value of a won
    prospect, which one outlying customer cannot move (0 for no customers)."""
    if not len(scored):
        return 0.0
    clv = customer_lifetime_value(
        scored["monthly_revenue"], scored["baseline_churn_probability"], assumptions
    )
    return typical_value(clv)


def portfolio_prospect_value(portfolio_typical_clv: float, assumptions: Assumptions) -> float:
    """The value of one won prospect: the assumption if set, else the portfolio's typical
    (median) clv."""
    if assumptions.prospect_value is not None:
        return float(assumptions.prospect_value)
    return float(portfolio_typical_clv)


def prospects_lost_per_departure(complained: np.ndarray, assumptions: Assumptions) -> np.ndarray:
    """reach * in_market_share * deterrence_rate: prospects lost per customer driven away."""
    reach = assumptions.people_told * np.where(
        np.asarray(complained) == 1, assumptions.public_complaint_multiplier, 1.0
    )
    return reach * assumptions.in_market_share * assumptions.deterrence_rate


def service_cost(customers: pd.DataFrame, assumptions: Assumptions) -> pd.Series:
    """Direct cost of handling each customer's failures, incurred in the window.

    Absent optional columns (e.g. `reshipped_orders` in a file without it) cost 0. A
    declared incident (a history's own, `--incidents`) costs its count times its unit
    cost in `cost_per_declared_incident`, where the frame has its column.
    """
    return pd.Series(_handling(customers, assumptions), index=customers.index)


def _handling(customers: pd.DataFrame, assumptions: Assumptions) -> np.ndarray:
    total = np.zeros(len(customers))
    for column, rate in service_rates(assumptions).items():
        if column in customers.columns:
            total += customers[column].to_numpy(dtype="float64") * rate
    return total


def service_rates(assumptions: Assumptions) -> dict[str, float]:
    """The unit cost of every priced incident, by column: the contract's and the declared.

    An hour on the phone costs the agent's hour and its share of staff turnover
    (`Assumptions.turnover_per_phone_hour`), so `staff_turnover_cost` is inside service_cost.
    """
    rates = {column: getattr(assumptions, rate) for column, rate in SERVICE_COST_RATES.items()}
    rates["hours_on_phone"] += assumptions.turnover_per_phone_hour
    return rates | assumptions.declared_rates


def staff_turnover_cost(customers: pd.DataFrame, assumptions: Assumptions) -> np.ndarray:
    """hours_on_phone * agent_attrition_rate * cost_to_replace_agent / agent_hours_per_year
    (0 without the column): the agents kept to answer the failures leave at the
    contact-centre rate, and each one leaving costs their replacement."""
    if "hours_on_phone" not in customers.columns:
        return np.zeros(len(customers))
    hours = customers["hours_on_phone"].to_numpy(dtype="float64")
    return (
        hours
        * assumptions.agent_attrition_rate
        * assumptions.cost_to_replace_agent
        / assumptions.agent_hours_per_year
    )


def replacement_cost(
    monthly_revenue: pd.Series | np.ndarray, assumptions: Assumptions
) -> np.ndarray:
    """What replacing one customer costs: acquisition_cost + gross_margin * monthly_revenue *
    months_to_replace (the margin lost until a new customer is won)."""
    revenue = np.asarray(monthly_revenue, dtype="float64")
    return (
        assumptions.acquisition_cost
        + assumptions.gross_margin * revenue * assumptions.months_to_replace
    )


def replaced_customers(
    clv: np.ndarray, monthly_revenue: pd.Series | np.ndarray, assumptions: Assumptions
) -> np.ndarray:
    """Whose departure `departure_value` prices as a replacement: nobody's ("lost_value"),
    everyone's ("replacement"), or, under "cheaper", those whose replacement costs less than
    their clv (a tie is priced as the clv: the same money either way)."""
    clv = np.asarray(clv, dtype="float64")
    if assumptions.departure_cost == "lost_value":
        return np.zeros(len(clv), dtype=bool)
    if assumptions.departure_cost == "replacement":
        return np.ones(len(clv), dtype=bool)
    return replacement_cost(monthly_revenue, assumptions) < clv


def departure_value(
    clv: np.ndarray, monthly_revenue: pd.Series | np.ndarray, assumptions: Assumptions
) -> np.ndarray:
    """What one departure costs, per customer, as `departure_cost` prices it: the clv
    ("lost_value"), its replacement, acquisition_cost + gross_margin * monthly_revenue *
    months_to_replace ("replacement"), or the smaller of the two ("cheaper"). Never both
    added: a replaced customer's value is not lost, and a lost one is not replaced."""
    clv = np.asarray(clv, dtype="float64")
    if assumptions.departure_cost == "lost_value":
        return clv
    replacement = replacement_cost(monthly_revenue, assumptions)
    if assumptions.departure_cost == "replacement":
        return replacement
    return np.minimum(clv, replacement)


def complaint_flags(frame: pd.DataFrame) -> np.ndarray:
    """regulator_complaint as an array (0 when the column is absent)."""
    if "regulator_complaint" not in frame.columns:
        return np.zeros(len(frame))
    return frame["regulator_complaint"].to_numpy(dtype="float64")


def add_costs(
    scored: pd.DataFrame, assumptions: Assumptions, prospect_value: float | None = None
) -> pd.DataFrame:
    """The scored customers with the contract's output columns added (or replaced).

    `scored` holds the contract's columns plus `churn_probability` and
    `baseline_churn_probability`. `prospect_value` overrides the portfolio median clv used
    when the assumption is unset: a chunked caller passes the whole file's median so that
    every chunk is priced alike, and the case page passes the median of the portfolio in use.
    """
    if prospect_value is None:
        prospect_value = portfolio_prospect_value(typical_clv(scored, assumptions), assumptions)
    out = scored.drop(columns=[c for c in OUTPUT_COLUMNS if c in scored.columns])
    for name, values in money_arrays(scored, assumptions, prospect_value).items():
        out[name] = values
    return out


def money_arrays(
    scored: pd.DataFrame, assumptions: Assumptions, prospect_value: float
) -> dict[str, np.ndarray]:
    """The contract's output columns of `add_costs`, as arrays in their order: the money
    alone, for a caller that needs no frame (the price of every failure prices each
    failure's customers with one unit more)."""
    churn = scored["churn_probability"].to_numpy(dtype="float64")
    baseline = scored["baseline_churn_probability"].to_numpy(dtype="float64")
    attributable = np.maximum(churn - baseline, 0.0)
    prospects = prospects_lost_per_departure(complaint_flags(scored), assumptions)
    clv = customer_lifetime_value(scored["monthly_revenue"], baseline, assumptions)
    lost_clv = attributable * clv * assumptions.departure_discount
    departure = (
        attributable
        * departure_value(clv, scored["monthly_revenue"], assumptions)
        * assumptions.departure_discount
    )
    word_of_mouth = attributable * prospects * prospect_value
    handling = _handling(scored, assumptions)
    return {
        "churn_probability": churn,
        "baseline_churn_probability": baseline,
        "attributable_churn_probability": attributable,
        "clv": np.asarray(clv, dtype="float64"),
        "expected_lost_clv": np.asarray(lost_clv, dtype="float64"),
        "expected_departure_cost": departure,
        "word_of_mouth_loss": word_of_mouth,
        "staff_turnover_cost": staff_turnover_cost(scored, assumptions),
        "service_cost": handling,
        "total_expected_cost": departure + word_of_mouth + handling,
    }


def cost_totals(estimates: pd.DataFrame) -> pd.Series:
    """Portfolio totals of each cost component and of the total, in COST_COMPONENTS order."""
    return estimates[[*COST_COMPONENTS, "total_expected_cost"]].sum()


def component_shares(estimates: pd.DataFrame) -> pd.Series:
    """Share of the total each cost component takes (COST_COMPONENTS order; 0 for no cost)."""
    totals = cost_totals(estimates)
    total = float(totals["total_expected_cost"])
    parts = totals[list(COST_COMPONENTS)]
    return parts / total if total > 0 else parts * 0.0
