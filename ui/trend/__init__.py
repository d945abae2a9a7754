"""The Trend page's panels: the workspace chosen, its alerts, the money over its periods, the
scorecard and the bridge between two periods (the figures from model.store, the charts from
model.display.trend_charts); and the workspaces' alerts the Overview shows."""

from ui.trend.panels import (
    as_typed,
    choose_periods,
    choose_workspace,
    draw_alerts,
    draw_bridge,
    draw_fixes,
    draw_scorecard,
    draw_trend,
    draw_workspace_alerts,
    store_or_stop,
)

__all__ = [
    "as_typed",
    "choose_periods",
    "choose_workspace",
    "draw_alerts",
    "draw_bridge",
    "draw_fixes",
    "draw_scorecard",
    "draw_trend",
    "draw_workspace_alerts",
    "store_or_stop",
]
