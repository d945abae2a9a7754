"""The money: churn probabilities and incidents turned into costs, exactly as DESIGN.md says.

Pure, vectorised arithmetic on columns that are already there (no model inference),
so moving a money slider in the dashboard re-runs only this.

    clv                 = gross_margin * monthly_revenue * r / (1 + d - r),
                          d = (1 + annual_discount_rate) ** (1 / 12) - 1
    attributable        = max(churn_probability - baseline_churn_probability, 0)
    expected_lost_clv   = attributable * clv
    reach               = people_told * (public_complaint_multiplier if regulator_complaint else 1)
    word_of_mouth_loss  = attributable * reach * deterrence_rate * prospect_value
    service_cost        = support_calls * cost_per_call + outage_hours * credit_per_outage_hour
                          + regulator_complaint * cost_per_regulator_complaint
                          + escalations * cost_per_escalation
                          + billing_errors * cost_per_billing_error
    total_expected_cost = expected_lost_clv + word_of_mouth_loss + service_cost
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import OUTPUT_COLUMNS
from model.assumptions import Assumptions

#: Cost components that add up to total_expected_cost, in the order they are shown.
COST_COMPONENTS: tuple[str, ...] = ("expected_lost_clv", "word_of_mouth_loss", "service_cost")
#: The components and their total, as tables and metrics show them.
COST_COLUMNS: tuple[str, ...] = (*COST_COMPONENTS, "total_expected_cost")

#: The assumption that prices each incident count in service_cost.
SERVICE_COST_RATES: dict[str, str] = {
    "support_calls": "cost_per_call",
    "outage_hours": "credit_per_outage_hour",
    "regulator_complaint": "cost_per_regulator_complaint",
    "escalations": "cost_per_escalation",
    "billing_errors": "cost_per_billing_error",
}


def customer_lifetime_value(monthly_revenue: pd.Series, assumptions: Assumptions) -> pd.Series:
    """clv of each customer if retained (Gupta and Lehmann 2003, infinite-horizon multiple)."""
    return monthly_revenue.astype("float64") * assumptions.clv_multiple


def portfolio_prospect_value(mean_monthly_revenue: float, assumptions: Assumptions) -> float:
    """The value of one won prospect: the assumption if set, else the portfolio's mean clv."""
    if assumptions.prospect_value is not None:
        return float(assumptions.prospect_value)
    return float(mean_monthly_revenue) * assumptions.clv_multiple


def service_cost(customers: pd.DataFrame, assumptions: Assumptions) -> pd.Series:
    """Direct cost of handling each customer's failures; absent optional columns cost 0."""
    total = pd.Series(0.0, index=customers.index)
    for column, rate in SERVICE_COST_RATES.items():
        if column in customers.columns:
            total += customers[column].astype("float64") * getattr(assumptions, rate)
    return total


def add_costs(
    scored: pd.DataFrame, assumptions: Assumptions, prospect_value: float | None = None
) -> pd.DataFrame:
    """The scored customers with DESIGN.md's output columns added (or replaced).

    `scored` holds the contract's columns plus `churn_probability` and
    `baseline_churn_probability`. `prospect_value` overrides the portfolio mean used when
    the assumption is unset; a chunked caller passes the whole file's mean so that every
    chunk is priced alike.
    """
    if prospect_value is None:
        mean_revenue = scored["monthly_revenue"].mean() if len(scored) else 0.0
        prospect_value = portfolio_prospect_value(mean_revenue, assumptions)

    churn = scored["churn_probability"].to_numpy(dtype="float64")
    baseline = scored["baseline_churn_probability"].to_numpy(dtype="float64")
    attributable = np.maximum(churn - baseline, 0.0)
    complained = scored.get("regulator_complaint", pd.Series(0, index=scored.index))
    reach = assumptions.people_told * np.where(
        complained.to_numpy() == 1, assumptions.public_complaint_multiplier, 1.0
    )

    out = scored.drop(columns=[c for c in OUTPUT_COLUMNS if c in scored.columns])
    out["churn_probability"] = churn
    out["baseline_churn_probability"] = baseline
    out["attributable_churn_probability"] = attributable
    clv = customer_lifetime_value(scored["monthly_revenue"], assumptions).to_numpy()
    lost_clv = attributable * clv
    word_of_mouth = attributable * reach * assumptions.deterrence_rate * prospect_value
    handling = service_cost(scored, assumptions).to_numpy()
    out["clv"] = clv
    out["expected_lost_clv"] = lost_clv
    out["word_of_mouth_loss"] = word_of_mouth
    out["service_cost"] = handling
    out["total_expected_cost"] = lost_clv + word_of_mouth + handling
    return out


def cost_totals(estimates: pd.DataFrame) -> pd.Series:
    """Portfolio totals of each cost component and of the total, in COST_COMPONENTS order."""
    return estimates[[*COST_COMPONENTS, "total_expected_cost"]].sum()
