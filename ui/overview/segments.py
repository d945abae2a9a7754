"""Segments on the overview: pick tenure, revenue or a text column; see a chart and a table."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from data.export import safe_csv_bytes
from model.display import charts, markdown_safe, money, plain
from model.explain import segment_table, segmentation_choices
from ui.shared import file_button, money_column
from ui.state import keys, session

_TITLES = {
    "segment": "Segment",
    "customers": "Customers",
    "expected_churners": "Expected churners",
    "expected_lost_clv": "Lost lifetime value",
    "word_of_mouth_loss": "Word of mouth",
    "service_cost": "Already spent handling",
    "total_expected_cost": "Total expected cost",
    "share_of_total": "Share of total",
    "cost_per_customer": "Cost per customer",
}


def _column_config() -> dict[str, st.column_config.Column]:
    config: dict[str, st.column_config.Column] = {
        "segment": st.column_config.TextColumn(_TITLES["segment"]),
        "customers": st.column_config.NumberColumn(_TITLES["customers"], format="localized"),
        "expected_churners": st.column_config.NumberColumn(
            _TITLES["expected_churners"], format="%.1f"
        ),
        "share_of_total": st.column_config.NumberColumn(
            _TITLES["share_of_total"], format="percent"
        ),
    }
    for name in (
        "expected_lost_clv",
        "word_of_mouth_loss",
        "service_cost",
        "total_expected_cost",
        "cost_per_customer",
    ):
        config[name] = money_column(_TITLES[name])
    return config


def draw_segments(estimates: pd.DataFrame) -> None:
    """The segmentation chooser, the stacked chart, the table and its CSV."""
    choices = segmentation_choices(estimates)
    if session.get(keys.SEGMENT_BY) not in choices:
        session.put(keys.SEGMENT_BY, choices[0])
    by = (
        st.segmented_control(
            "Segment by",
            options=choices,
            format_func=plain,  # a column of the user's file: its name is not markdown
            key=keys.SEGMENT_BY,
            help="Tenure in years, monthly revenue in quartiles of this portfolio, or any text "
            "column of your file with at most 50 different values (region, plan, channel).",
        )
        or choices[0]
    )
    table = segment_table(estimates, by)
    largest = table.loc[table["total_expected_cost"].idxmax()]
    st.markdown(
        f"By {plain(by.lower())}, **{plain(str(largest['segment']))}** carries the most: "
        f"**{markdown_safe(money(largest['total_expected_cost']))}** "
        f"({largest['share_of_total']:.0%} of the total, "
        f"{markdown_safe(money(largest['cost_per_customer']))} a customer). "
        "The rows add up to the total."
    )
    st.plotly_chart(charts.segments_chart(table, by))
    st.dataframe(table, column_config=_column_config(), hide_index=True)
    file_button(
        st,
        "Download this table (CSV)",
        lambda: safe_csv_bytes(table),
        f"segments-by-{re.sub(r'[^a-z0-9]+', '-', by.lower()).strip('-') or 'column'}.csv",
        "segments.download",
    )
