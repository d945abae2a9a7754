"""Why this customer costs this much: pick a customer (search or a click), see the waterfalls.

The choice is one session key, the search box's text: clicking a row of the costliest
customers' table writes that customer's id into it, so search and click never disagree.
The customer's split is `model.explain.waterfall.money_by_incident` through a remembering model
kept in this session, so moving a money slider re-prices the split without predicting.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.churn import with_groups_as_one
from model.display import charts, markdown_safe, money, percent, plain
from model.explain import (
    churn_by_incident,
    churn_waterfall,
    explanations,
    find_customer,
    money_by_incident,
    money_waterfall,
    portfolio_prospect,
    remembering,
)
from ui.shared import column_config
from ui.state import churn_model, keys, session


def _remembering_model():
    if not session.has(keys.CUSTOMER_MODEL):
        session.put(keys.CUSTOMER_MODEL, remembering(churn_model()))
    return session.get(keys.CUSTOMER_MODEL)


def _choose_clicked_row(ids: list[str]) -> None:
    rows = session.get(keys.CUSTOMER_TABLE).selection.rows
    if rows:
        session.put(keys.CUSTOMER_SEARCH, ids[rows[0]])


def draw_costliest_table(costliest: pd.DataFrame) -> None:
    """The costliest customers; clicking a row explains that customer below."""
    st.dataframe(
        costliest,
        column_config=column_config(costliest.columns),
        hide_index=True,
        on_select=lambda: _choose_clicked_row(list(costliest["customer_id"].astype(str))),
        selection_mode="single-row",
        key=keys.CUSTOMER_TABLE,
    )


def draw_customer_explanation(
    estimates: pd.DataFrame, assumptions, grouped: list[str] | None = None
) -> None:
    """Search box, then the chosen customer's churn and money waterfalls and sentences;
    `grouped`: the incidents shown as one root cause on the page (contact burden), one
    step here too."""
    if not session.get(keys.CUSTOMER_SEARCH) and len(estimates):
        costliest = estimates["total_expected_cost"].idxmax()
        session.put(keys.CUSTOMER_SEARCH, str(estimates.loc[costliest, "customer_id"]))
    wanted = st.text_input(
        "Customer id",
        key=keys.CUSTOMER_SEARCH,
        help="Type a customer id, or click a row of the costliest customers above.",
    )
    position = find_customer(estimates, wanted or "")
    if position is None:
        st.warning(f"No customer with the id “{plain(wanted)}” in this portfolio.")
        return
    one = estimates.iloc[[position]]
    row = one.iloc[0]
    model = _remembering_model()
    churn_split = with_groups_as_one(churn_by_incident(one, model).iloc[0], grouped or [])
    prospect = portfolio_prospect(estimates, assumptions)
    money_split = money_by_incident(one, model, assumptions, prospect).iloc[0]
    money_split = with_groups_as_one(money_split, grouped or [])

    cost = markdown_safe(money(row["total_expected_cost"]))
    st.markdown(
        f"**{plain(str(row['customer_id']))}** is expected to cost **{cost}**: their churn is "
        f"{percent(row['churn_probability'])}, against "
        f"{percent(row['baseline_churn_probability'])} with no incidents."
    )
    left, right = st.columns(2)
    left.plotly_chart(
        charts.waterfall_chart(
            churn_waterfall(row, churn_split), "From churn with no incidents to theirs", True
        )
    )
    right.plotly_chart(
        charts.waterfall_chart(money_waterfall(row, money_split), "What each incident costs")
    )
    for sentence in explanations(row, money_split, money=money):
        st.markdown(f"- {markdown_safe(sentence)}")
