"""Rows of st.metric with the labels of ui/labels.py and numbers formatted for people."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import count, labels, markdown_safe, money, percent, share_of, signed_money
from model.explain import Headline
from model.money import COST_COLUMNS


def draw_headline(figures: Headline) -> None:
    """Customers, expected churners and the four cost figures, side by side."""
    first, second = st.columns(3), st.columns(3)
    first[0].metric(labels.CUSTOMERS, count(figures.customers))
    first[1].metric(
        labels.EXPECTED_CHURNERS,
        count(figures.expected_churners),
        help="Customers expected to leave within 12 months because of their incidents: the "
        "sum of each customer's churn probability minus their churn without incidents.",
    )
    helps = {
        "expected_lost_clv": "Churn caused by the incidents times each customer's lifetime value.",
        "word_of_mouth_loss": "Prospects put off by the stories unhappy customers tell, at the "
        "value of a won prospect.",
        "service_cost": "Direct cost of handling the failures: calls, outage credits, "
        "regulator complaints.",
        "total_expected_cost": "Lost lifetime value + word-of-mouth loss + service cost.",
    }
    for column, name in zip(
        [first[2], *second], (COST_COLUMNS[-1], *COST_COLUMNS[:-1]), strict=True
    ):
        column.metric(
            labels.COMPONENT_LABELS[name], money(getattr(figures, name)), help=helps[name]
        )


def draw_comparison(comparison: pd.DataFrame) -> None:
    """Total saving, then each figure with the fixes and its change against today.

    `comparison` is `model.money.scenario.compare`'s table (today, scenario, saving).
    """
    total = comparison.loc["total_expected_cost"]
    first, second = st.columns(3), st.columns(3)
    first[0].metric(
        labels.TOTAL_SAVING,
        money(total["saving"]),
        delta=f"{percent(share_of(total['saving'], total['today']))} of today's total",
        delta_color="off" if round(total["saving"]) == 0 else "normal",
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
            delta=signed_money(-row["saving"]),
            delta_color="inverse",
            help=markdown_safe(f"With the fixes. Today: {money(row['today'])}."),
        )
