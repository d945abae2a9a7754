"""How tables of customers are shown: column titles from model/display/labels.py, money and
shares formatted by Streamlit's column types (the numbers underneath stay exact)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import labels

_SHARE_COLUMNS = {
    "churn_probability": labels.CHURN_PROBABILITY,
    "baseline_churn_probability": labels.BASELINE_CHURN_PROBABILITY,
    "attributable_churn_probability": labels.ATTRIBUTABLE_CHURN_PROBABILITY,
}
_MONEY_COLUMNS = {
    "monthly_revenue": labels.FEATURE_LABELS["monthly_revenue"],
    "clv": labels.CLV,
    **{k: v for k, v in labels.COMPONENT_LABELS.items() if k != "expected_churners"},
}


#: Whole dollars with thousands separators, rounded (the "dollar" format with a step of 1
#: would cut the cents off, and disagree by a dollar with the words beside the table).
WHOLE_DOLLARS = "$%,.0f"


def money_column(title: str) -> st.column_config.NumberColumn:
    """A column of dollars shown whole, with thousands separators: $1,510,054 (cents in a
    table of estimates are noise; the number underneath and the download stay exact)."""
    return st.column_config.NumberColumn(title, format=WHOLE_DOLLARS)


def column_config(columns: pd.Index) -> dict[str, st.column_config.Column]:
    """Titles and formats for the contract's and the estimate's columns present."""
    config: dict[str, st.column_config.Column] = {}
    for name in columns:
        if name in _SHARE_COLUMNS:
            config[name] = st.column_config.NumberColumn(_SHARE_COLUMNS[name], format="percent")
        elif name in _MONEY_COLUMNS:
            config[name] = money_column(_MONEY_COLUMNS[name])
        elif name in labels.FEATURE_LABELS:
            config[name] = st.column_config.NumberColumn(
                labels.FEATURE_LABELS[name], format="localized"
            )
        elif name == "customer_id":
            config[name] = st.column_config.TextColumn("Customer")
    return config


COMPARISON_COLUMNS = {"today": "Today", "scenario": "With the fixes", "saving": "Saving"}


def draw_comparison_table(comparison: pd.DataFrame) -> None:
    """`model.money.scenario.compare`'s money rows with people's names, in dollars.

    The expected churners row is left to the metrics above the table, so every column
    holds money and can be formatted as such.
    """
    money_rows = comparison.drop(index="expected_churners")
    shown = money_rows.rename(index=labels.COMPONENT_LABELS, columns=COMPARISON_COLUMNS)
    st.dataframe(
        shown,
        column_config={name: money_column(name) for name in COMPARISON_COLUMNS.values()},
    )


def draw_fix_savings(savings: pd.DataFrame) -> None:
    """`model.cases.case_study.fix_savings`, one row per fix, in dollars and churn avoided."""
    shown = savings.rename(index=labels.fix_label, columns=labels.COMPONENT_LABELS)
    shown = shown.rename_axis("Fix").reset_index()
    config = {
        name: money_column(name) for name in shown.columns[1:] if name != labels.EXPECTED_CHURNERS
    }
    config[labels.EXPECTED_CHURNERS] = st.column_config.NumberColumn(
        "Churn avoided", format="percent"
    )
    st.dataframe(shown, column_config=config, hide_index=True)
