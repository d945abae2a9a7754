"""Rows of st.metric with the labels of model/display/labels.py and numbers formatted for
people."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import count, labels, markdown_safe, money, percent, share_of, signed_money
from model.explain import Headline
from model.money import COST_COLUMNS


def draw_headline(figures: Headline) -> None:
    """Customers, expected churners and the total; then the two kinds of money the total
    adds up: what is expected to be lost (lifetime value and word of mouth) and what
    handling the failures already cost."""
    first, second = st.columns(3), st.columns(4)
    first[0].metric(labels.CUSTOMERS, count(figures.customers))
    first[1].metric(
        labels.EXPECTED_CHURNERS,
        count(figures.expected_churners),
        help="Customers expected to leave within 12 months because of their incidents: the "
        "sum of each customer's churn probability minus their churn without incidents.",
    )
    first[2].metric(
        labels.TOTAL_EXPECTED_COST,
        money(figures.total_expected_cost),
        help="Expected to be lost + already spent handling the failures.",
    )
    second[0].metric(
        labels.EXPECTED_TO_BE_LOST,
        money(figures.expected_to_be_lost),
        help="Money still to be lost because of the failures: the lifetime value of the "
        "customers they drive away and the prospects their stories put off.",
    )
    second[1].metric(
        labels.EXPECTED_DEPARTURE_COST,
        money(figures.expected_departure_cost),
        help="Part of what is expected to be lost: churn caused by the failures times what "
        "each departure costs, the customer's lifetime value or the cost of replacing them, "
        "as the assumptions say.",
    )
    second[2].metric(
        labels.WORD_OF_MOUTH_LOSS,
        money(figures.word_of_mouth_loss),
        help="Part of what is expected to be lost: prospects put off by the stories unhappy "
        "customers tell, at the value of a won prospect.",
    )
    second[3].metric(
        labels.SERVICE_COST,
        money(figures.service_cost),
        help="Money already spent in the last 12 months handling the failures: calls, agents' "
        "time, outage credits, escalations, billing corrections, re-shipments, complaints.",
    )


def draw_comparison(comparison: pd.DataFrame) -> None:
    """Total saving, then each figure with the fixes and its change against today.

    A figure carries a change badge only when it changes by at least a whole unit of
    money, so the page at rest (every lever at 0) shows no "↑ $0" and a figure the fixes
    leave alone shows none either.
    `comparison` is `model.money.scenario.compare`'s table (today, scenario, saving).
    """
    total = comparison.loc["total_expected_cost"]
    first, second = st.columns(3), st.columns(3)
    first[0].metric(
        labels.TOTAL_SAVING,
        money(total["saving"]),
        delta=f"{percent(share_of(total['saving'], total['today']))} of today's total"
        if _changed(total["saving"])
        else None,
        delta_arrow="off",
        help="Today's total expected cost minus the total with the fixes.",
    )
    churners = comparison.loc["expected_churners"]
    first[1].metric(
        labels.EXPECTED_CHURNERS,
        count(churners["scenario"]),
        delta=f"-{count(churners['saving'])}" if churners["saving"] >= 0.5 else None,
        delta_color="inverse",
        help=f"With the fixes. Today: {count(churners['today'])}.",
    )
    slots = [first[2], *second]
    for column, name in zip(slots, (COST_COLUMNS[-1], *COST_COLUMNS[:-1]), strict=True):
        row = comparison.loc[name]
        column.metric(
            labels.COMPONENT_LABELS[name],
            money(row["scenario"]),
            delta=signed_money(-row["saving"]) if _changed(row["saving"]) else None,
            delta_color="inverse",
            help=markdown_safe(f"With the fixes. Today: {money(row['today'])}."),
        )


def _changed(saving: float) -> bool:
    """Whether a saving shows as a change: at least one whole unit of money either way."""
    return abs(round(saving)) >= 1
