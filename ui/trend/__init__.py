"""The Trend page's panels: the workspace chosen, its alerts, the money over its periods, the
scorecard, and the bridge between two periods (the figures from model.store, the charts
from model.display.trend_charts)."""

from ui.trend.panels import (
    choose_periods,
    choose_workspace,
    draw_alerts,
    draw_bridge,
    draw_fixes,
    draw_scorecard,
    draw_trend,
    store_or_stop,
)

__all__ = [
    "choose_periods",
    "choose_workspace",
    "draw_alerts",
    "draw_bridge",
    "draw_fixes",
    "draw_scorecard",
    "draw_trend",
    "store_or_stop",
]
