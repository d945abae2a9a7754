"""The What-if page's call list: who to call first within a budget, what the list saves,
and how the list and the saving move with the contact's success rate (which has no honest
universal default, so it is asked for)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from data.excel_write import ColumnFormats, frame_to_xlsx_bytes
from data.export import safe_csv_bytes
from model.display import count, markdown_safe, money, percent
from model.explain import CallList, call_list
from model.reporting import CALL_LIST_TITLES, call_list_table
from ui.shared import file_button
from ui.state import keys

#: The success rates the list is shown across, as multiples of the one entered.
RATE_MULTIPLES = (0.5, 0.75, 1.0, 1.25, 1.5)


def _inputs() -> tuple[float | None, float | None, float | None, int | None]:
    first, second, third = st.columns(3)
    cost = first.number_input(
        "Cost of a recovery contact ($)",
        min_value=0.0,
        value=None,
        step=5.0,
        format="%.2f",
        key=keys.CALL_COST,
        help="What one service-recovery call costs: the agent's time, any goodwill credit.",
    )
    rate = second.number_input(
        "Share of the failure-caused churn one contact prevents (%)",
        min_value=0.0,
        max_value=100.0,
        value=None,
        step=5.0,
        format="%.0f",
        key=keys.CALL_SAVE_RATE,
        help="Your own figure: no published rate fits every business.",
    )
    kind = third.radio(
        "Budget in",
        ["money", "calls"],
        format_func={"money": "Money", "calls": "Number of calls"}.get,
        horizontal=True,
        key=keys.CALL_BUDGET_KIND,
    )
    budget = third.number_input(
        "Budget ($)" if kind == "money" else "Calls",
        min_value=0.0,
        value=None,
        step=1_000.0 if kind == "money" else 10.0,
        format="%.0f",
        key=keys.CALL_BUDGET,
        help="Empty: every call that pays for itself.",
    )
    money_budget = budget if kind == "money" else None
    calls = int(budget) if kind == "calls" and budget is not None else None
    return cost, None if rate is None else rate / 100, money_budget, calls


def _across_rates(estimates, cost: float, rate: float, budget, calls) -> pd.DataFrame:
    rows = []
    for multiple in RATE_MULTIPLES:
        moved = min(rate * multiple, 1.0)
        chosen = call_list(estimates, cost, moved, budget=budget, calls=calls)
        rows.append(
            {
                "Success rate": percent(moved, 1),
                "Contacts": count(len(chosen.calls)),
                "Saving net of the contacts": money(chosen.net_saving),
            }
        )
    return pd.DataFrame(rows)


def _downloads(chosen: CallList) -> None:
    shown = chosen.calls.rename(columns=CALL_LIST_TITLES)
    left, right = st.columns(2)
    file_button(left, "Call list (CSV)", safe_csv_bytes(chosen.calls), "call-list.csv", "calls-csv")
    workbook = frame_to_xlsx_bytes(
        {"Call list": shown},
        ColumnFormats(money=(CALL_LIST_TITLES["expected_saving"], CALL_LIST_TITLES["net_saving"])),
    )
    file_button(right, "Call list (Excel)", workbook, "call-list.xlsx", "calls-xlsx")


def draw_call_list(estimates: pd.DataFrame) -> None:
    """Who to call first among today's customers, within the budget entered."""
    cost, rate, budget, calls = _inputs()
    if cost is None or rate is None:
        st.info("Enter the cost of a contact and its success rate to see who to call first.")
        return
    chosen = call_list(estimates, cost, rate, budget=budget, calls=calls)
    columns = st.columns(4)
    columns[0].metric("Contacts", count(len(chosen.calls)))
    columns[1].metric("Expected saving, net of the contacts", money(chosen.net_saving))
    columns[2].metric("Break-even success rate", percent(chosen.break_even_save_rate, 1))
    columns[3].metric("Another $1,000 of budget adds", money(chosen.next_thousand))
    st.caption(
        markdown_safe(
            f"Each contact costs {money(cost, cents=True)} and saves {percent(rate, 1)} of the "
            "customer's expected departure cost and word of mouth; the money already spent "
            "handling the failures is not saved. Customers are listed best first."
        )
    )
    # as the report shows it: amounts in money, each customer's failures in words
    st.dataframe(call_list_table(chosen, estimates), hide_index=True)
    st.caption("How the list and its saving move with the success rate:")
    st.dataframe(_across_rates(estimates, cost, rate, budget, calls), hide_index=True)
    _downloads(chosen)
