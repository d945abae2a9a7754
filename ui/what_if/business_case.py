"""The business case of the what-if's fixes: what they cost, what they save, when they pay."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.export import safe_csv_bytes
from model.churn import ChurnModel
from model.display import charts, markdown_safe, money, percent
from model.money import (
    DEFAULT_HORIZON_YEARS,
    FixCost,
    business_case,
    saving_difference_sentence,
)
from model.reporting import BusinessCaseInputs, case_range_rows
from ui.shared import file_button
from ui.state import Settings, keys, session
from ui.what_if.case_range import draw_case_range


def fix_cost_inputs() -> FixCost:
    """The three inputs of the fixes' cost, side by side; returns them as one FixCost."""
    session.setdefault(keys.FIX_ONE_OFF, 0.0)
    session.setdefault(keys.FIX_PER_YEAR, 0.0)
    session.setdefault(keys.FIX_HORIZON, DEFAULT_HORIZON_YEARS)
    first, second, third = st.columns(3)
    one_off = first.number_input(
        "One-off cost of the fixes ($)",
        min_value=0.0,
        step=10_000.0,
        format="%.0f",
        key=keys.FIX_ONE_OFF,
        help="Paid now (month 0): systems, training, tools.",
    )
    per_year = second.number_input(
        "Cost of the fixes per year ($)",
        min_value=0.0,
        step=10_000.0,
        format="%.0f",
        key=keys.FIX_PER_YEAR,
        help="Paid every month, a twelfth at a time: staff, licences, upkeep.",
    )
    horizon = third.number_input(
        "Horizon (years)",
        min_value=1,
        max_value=30,
        step=1,
        key=keys.FIX_HORIZON,
        help="How many years of savings and costs the case counts.",
    )
    return FixCost(one_off=float(one_off), per_year=float(per_year), horizon_years=int(horizon))


def draw_business_case(
    today: pd.DataFrame,
    with_fixes: pd.DataFrame,
    settings: Settings,
    model: ChurnModel,
    year_saving: float,
) -> BusinessCaseInputs:
    """Inputs, the one sentence, the four figures, their range and break-even, the monthly
    cash flow and its CSV.

    `year_saving` is the saving of the year's failures shown above the case: one sentence
    says why it and the case's saving over the horizon differ. Returns what the workbook's
    business case takes (today's estimates, the fixes' cost, the range when shown).
    """
    assumptions = settings.assumptions
    cost = fix_cost_inputs()
    if cost.total == 0:
        st.info(
            "Enter what the fixes cost (one-off, per year or both) to see their business "
            "case: net saving, return on investment, payback month and net present value."
        )
        return BusinessCaseInputs(today, cost)
    case = business_case(today, with_fixes, cost, assumptions)
    st.markdown(f"### {markdown_safe(case.sentence(money))}")
    st.caption(
        markdown_safe(
            saving_difference_sentence(year_saving, case, money, assumptions.departure_cost)
        )
    )
    columns = st.columns(4)
    columns[0].metric(
        "Net saving",
        money(case.net_saving),
        help=f"Saving over {cost.horizon_years} years minus what the fixes cost, not discounted.",
    )
    columns[1].metric(
        "Return on investment",
        percent(case.return_on_investment) if case.return_on_investment is not None else "n/a",
        help="Net saving divided by what the fixes cost over the horizon.",
    )
    never = case.payback_month is None
    columns[2].metric(
        "Payback",
        f"> {cost.horizon_years} years" if never else case.payback_words,
        help=f"Not paid back within the {cost.horizon_years} years of the case: the running "
        "net saving is still below zero at its end."
        if never
        else "The first month in which the running net saving is above zero after the "
        "fixes have cost something.",
    )
    columns[3].metric(
        "Net present value",
        money(case.net_present_value),
        help=f"Every month's net cash flow discounted at the sidebar's "
        f"{percent(assumptions.annual_discount_rate)} a year.",
    )
    ranged = draw_case_range(today, with_fixes, cost, assumptions, model, settings.scenario)
    st.plotly_chart(charts.cash_flow_chart(case.cash_flow))
    st.caption(
        "Each year's incidents are the year just estimated. Handling costs and prospects "
        "lost fall evenly through the year; the margin of customers driven away is lost "
        "from the month after they leave, and they leave evenly through the year."
    )
    file_button(
        st,
        "Download the monthly cash flow (CSV)",
        lambda: safe_csv_bytes(case.cash_flow),
        "business-case-cash-flow.csv",
        "business-case.download",
    )
    return BusinessCaseInputs(today, cost, case_range_rows(ranged) if ranged else ())
