"""Trend: a workspace's periods over time, its scorecard, the bridge between two periods and
its alerts (the figures from model.store; never a customer's row)."""

import streamlit as st

from model.store import (
    alerts_for,
    bridge,
    fixes_followed,
    period_figures_of,
    scorecard_table,
    trend_table,
    workspace_names,
)
from ui.trend import (
    choose_periods,
    choose_workspace,
    draw_alerts,
    draw_bridge,
    draw_fixes,
    draw_scorecard,
    draw_trend,
    store_or_stop,
)

st.title("Trend")
st.caption(
    "What service failures cost, month by month, from the months kept in a workspace "
    "(the Portfolio page saves the customers in use as one)."
)
store = store_or_stop()
workspace = choose_workspace(workspace_names(store))
figures = period_figures_of(store, workspace)
if not figures:
    st.info("This workspace holds no month yet: the Portfolio page saves one.")
    st.stop()

st.subheader("Alerts")
draw_alerts(alerts_for(store, workspace))
st.subheader("The money")
draw_trend(trend_table(figures))
st.subheader("The scorecard")
draw_scorecard(scorecard_table(figures))
st.subheader("The bridge between two periods")
periods = sorted(figures)
earlier, later = choose_periods(periods)
draw_bridge(bridge(store, workspace, earlier, later))
st.subheader("Fixes followed")
draw_fixes(fixes_followed(store, workspace))
