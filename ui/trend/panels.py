"""What the Trend page draws, and the alerts the Overview shows. Names of workspaces and
rules are data: shown in widgets or escaped (model.display.plain), never read as markdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from data.export import safe_csv_bytes
from model.display import labels, markdown_safe, money, plain, signed_money, trend_charts
from model.store import (
    DEMO_WORKSPACE,
    ROOT_CAUSE_PREFIX,
    Alert,
    Bridge,
    FixFollowed,
    Store,
    StoreError,
    alerts_for,
    previous_period,
    workspace_names,
)
from ui.shared.tables import money_column
from ui.state import chosen_workspace, existing_store, keys, workspace_store


def store_or_stop() -> Store:
    """The store acting for this session's user, or a message saying why it cannot be
    opened, and the page stops."""
    try:
        return workspace_store()
    except StoreError as error:
        st.error(plain(str(error)))
        st.stop()


def choose_workspace(names: list[str]) -> str:
    """The workspace to show, among the user's: the one chosen (the address, a sidebar link,
    this page before), else the demo one, else the first."""
    if not names:
        st.info(
            "No workspace yet: save your customers as a period on the Portfolio page, or ask "
            "an owner of a workspace to add you to it."
        )
        st.stop()
    chosen = chosen_workspace()
    default = names.index(DEMO_WORKSPACE) if DEMO_WORKSPACE in names else 0
    default = names.index(chosen) if chosen in names else default
    return st.selectbox("Workspace", names, index=default, key=keys.TREND_WORKSPACE)


def as_typed(name: str) -> str:
    """A name for markdown, shown as typed: every markdown character escaped, a newline a
    line break."""
    return plain(name).replace("\n", "  \n")


def draw_alerts(alerts: list[Alert], workspace: str | None = None) -> None:
    """Each alert as a warning: its rule's name and reason as typed (never markdown),
    preceded by the workspace's name when given (the Overview lists several)."""
    if not alerts and workspace is None:
        st.success("No alert on the latest period.", icon=":material/check_circle:")
    where = f"{as_typed(workspace)}: " if workspace is not None else ""
    for alert in alerts:
        st.warning(
            f"{where}**{as_typed(alert.rule)}** ({alert.period}): {plain(alert.reason)}",
            icon=":material/notifications_active:",
        )


def _overview_alerts() -> dict[str, list[Alert]]:
    """The alerts of the workspace chosen on the Trend page, else of every workspace but the
    demo: read from a store that is already there, never creating one or the demo."""
    store = existing_store()
    if store is None:
        return {}
    try:
        chosen = chosen_workspace()
        names = [chosen] if chosen else [n for n in workspace_names(store) if n != DEMO_WORKSPACE]
        found = {name: alerts_for(store, name) for name in names}
    except (StoreError, SQLAlchemyError):  # a store gone or dropped workspace: no alert
        return {}
    return {name: alerts for name, alerts in found.items() if alerts}


def draw_workspace_alerts() -> None:
    """The Overview's alerts from the workspaces, drawn only when one fires."""
    found = _overview_alerts()
    if not found:
        return
    st.subheader("Alerts from your workspaces")
    for workspace, alerts in found.items():
        draw_alerts(alerts, workspace)
    st.caption("The Trend page shows each workspace's months and what moved them.")


#: The trend table's columns in words (the CSV keeps the names of `churn-cost trend`).
_TREND_TITLES = {
    "total_expected_cost": labels.TOTAL_EXPECTED_COST,
    "expected_lost": labels.EXPECTED_TO_BE_LOST,
    "expected_departure_cost": labels.EXPECTED_DEPARTURE_COST,
    "word_of_mouth_loss": labels.WORD_OF_MOUTH_LOSS,
    "handling_cost": labels.SERVICE_COST,
}


def trend_columns(table: pd.DataFrame) -> dict[str, st.column_config.Column]:
    """Titles and formats of the trend table on the page: months, customers, and whole
    dollars for the money and each root cause's part of it."""
    config: dict[str, st.column_config.Column] = {
        "period": st.column_config.TextColumn("Month"),
        "customers": st.column_config.NumberColumn("Customers", format="localized"),
    }
    for name in table.columns:
        if name in _TREND_TITLES:
            config[name] = money_column(_TREND_TITLES[name])
        elif name.startswith(ROOT_CAUSE_PREFIX):
            cause = name.removeprefix(ROOT_CAUSE_PREFIX)
            config[name] = money_column(f"From {incident_in_words(cause)}")
    return config


def incident_in_words(name: str) -> str:
    """An incident or root cause as a sentence names it ("outage hours"); a company's own
    column keeps its name."""
    words = labels.ROOT_CAUSE_LABELS.get(name)
    return words[:1].lower() + words[1:] if words else name


def draw_trend(table: pd.DataFrame) -> None:
    st.plotly_chart(trend_charts.trend_chart(table), width="stretch")
    st.dataframe(table, hide_index=True, width="stretch", column_config=trend_columns(table))
    st.download_button("Download the trend (CSV)", safe_csv_bytes(table), "trend.csv", "text/csv")


def draw_scorecard(scorecard: pd.DataFrame) -> None:
    st.plotly_chart(trend_charts.scorecard_chart(scorecard), width="stretch")
    if "promises_kept_share" in scorecard.columns:
        latest = scorecard.iloc[-1]
        st.metric(
            f"Customers with every promise kept ({latest['period']})",
            f"{latest['promises_kept_share']:.1%}",
        )


def choose_periods(periods: list[str]) -> tuple[str, str]:
    """The two periods the bridge joins: by default the latest and the one before it."""
    left, right = st.columns(2)
    later = right.selectbox("To", periods, index=len(periods) - 1, key=keys.TREND_TO)
    before = previous_period(periods, later) or periods[0]
    earlier = left.selectbox("From", periods, index=periods.index(before), key=keys.TREND_FROM)
    return earlier, later


def draw_bridge(bridge: Bridge) -> None:
    title = f"From {bridge.start_period} to {bridge.end_period}: what moved the total"
    st.plotly_chart(trend_charts.bridge_chart(bridge.frame(), title), width="stretch")
    rows = [
        {"step": trend_charts.step_label(step), "amount": signed_money(amount)}
        for step, amount in bridge.bars.items()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(
        f"{money(bridge.start)} + the bars = {money(bridge.end)}: the change, "
        f"{signed_money(bridge.end - bridge.start)}, split exactly. Each bar's formula is on "
        "the Methodology page."
    )


def _fix_table(fix: FixFollowed) -> pd.DataFrame:
    rows = []
    for p in fix.periods:
        for t in fix.forecast.avoided:
            rows.append(
                {
                    "period": p.period,
                    "incident": incident_in_words(t),
                    "before, per 1,000": round(p.before_per_thousand[t], 1),
                    "forecast, per 1,000": round(p.forecast_per_thousand[t], 1),
                    "realised, per 1,000": round(p.realised_per_thousand[t], 1),
                    "customers who had it": p.customers_with,
                    "churn realised": p.realised_churn,
                    "churn expected": p.expected_churn,
                    "churn from": p.churn_source or "not known yet",
                    "year's saving realised": money(p.yearly_saving_realised),
                }
            )
    return pd.DataFrame(rows)


def draw_fixes(fixes: list[FixFollowed]) -> None:
    """Each fix followed: its forecast, each period since against it, the saving so far."""
    if not fixes:
        st.caption("No fix followed yet: on the Workspace page, mark a saved scenario as started.")
        return
    for fix in fixes:
        forecast = fix.forecast
        st.markdown(
            f"**{as_typed(fix.scenario)}** (version {fix.scenario_version}), started "
            f"in {fix.started_in}: forecast {markdown_safe(money(forecast.yearly_saving))} a "
            f"year, from {forecast.baseline_period}."
        )
        if fix.periods:
            st.dataframe(_fix_table(fix), hide_index=True, width="stretch")
        st.caption(markdown_safe(fix.words))
