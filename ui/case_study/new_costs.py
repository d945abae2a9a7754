"""The case study's two costs the sources name beyond the lost customer: the staff turnover
the failure work causes, and what replacing the customer would cost instead of their value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from model.display import labels, markdown_safe, money
from model.money import CHOICE_INFO, Assumptions, departure_value


def replacement_cost(result: pd.Series, assumptions: Assumptions) -> float:
    """This customer's expected departure cost were they priced as their replacement."""
    replaced = departure_value(
        np.array([float(result["clv"])]),
        np.array([float(result["monthly_revenue"])]),
        assumptions.with_changes(departure_cost="replacement"),
    )[0]
    return float(
        result["attributable_churn_probability"] * replaced * assumptions.departure_discount
    )


def draw_turnover_and_replacement(result: pd.Series, assumptions: Assumptions) -> None:
    """Staff turnover from this customer's hours on the phone, and their departure priced
    both ways, saying which one the total uses and why the two are never added."""
    st.subheader("Two more costs the sources name")
    hours = float(result.get("hours_on_phone", 0) or 0)
    replaced = replacement_cost(result, assumptions)
    columns = st.columns(3)
    columns[0].metric(labels.STAFF_TURNOVER_COST, money(result["staff_turnover_cost"], cents=True))
    columns[1].metric(labels.EXPECTED_LOST_CLV, money(result["expected_lost_clv"]))
    columns[2].metric(REPLACEMENT_LABEL, money(replaced))
    way = CHOICE_INFO["departure_cost"].options[assumptions.departure_cost].lower()
    st.caption(
        markdown_safe(
            f"Staff turnover: {hours:g} hours on the phone with this customer's failures take "
            f"{hours / assumptions.agent_hours_per_year:.2%} of one agent's productive year; "
            f"agents leave at {assumptions.agent_attrition_rate:.0%} a year and each costs "
            f"{money(assumptions.cost_to_replace_agent)} to replace. It is part of the money "
            "already spent handling the failures. A customer driven away is priced by "
            f"{way} in the total; winning a new customer in their place would cost "
            f"{money(assumptions.acquisition_cost)} and "
            f"{assumptions.months_to_replace:g} months of their margin. The two are never "
            "added: a customer who is replaced has not taken their value with them."
        )
    )


#: The metric of the departure priced as its replacement.
REPLACEMENT_LABEL = "Expected cost of replacing them"
