"""The Trend page's charts, from the store's tables (model.store.trend, model.store.bridge):
the money over the periods by root cause, the scorecard, and the bridge between two periods.
They take plain frames, so the report could draw them too."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from model.display.chart_layout import laid_out, with_legend
from model.display.labels import FEATURE_LABELS, ROOT_CAUSE_LABELS

ROOT_CAUSE_PREFIX = "cost_from_"
INCIDENT_STEP = "incidents:"
#: The bridge's steps that are not one incident type, in words.
STEP_WORDS = {
    "start": "Start",
    "customers": "Customers: how many",
    "customer_value": "Customers: value and mix",
    "model": "A change of model",
    "assumptions": "Changed assumptions",
    "end": "End",
}


def step_label(step: str) -> str:
    """A bridge step in words: an incident type's label, or the step's own words."""
    if step.startswith(INCIDENT_STEP):
        name = step.removeprefix(INCIDENT_STEP)
        return f"Incidents: {ROOT_CAUSE_LABELS.get(name, name).lower()}"
    return STEP_WORDS.get(step, step)


def trend_chart(table: pd.DataFrame) -> go.Figure:
    """Stacked bars of each root cause's money per period, the total as a line above them."""
    figure = go.Figure()
    for column in [c for c in table.columns if c.startswith(ROOT_CAUSE_PREFIX)]:
        name = column.removeprefix(ROOT_CAUSE_PREFIX)
        figure.add_bar(x=table["period"], y=table[column], name=ROOT_CAUSE_LABELS.get(name, name))
    figure.add_scatter(
        x=table["period"], y=table["total_expected_cost"], name="Total", mode="lines+markers"
    )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text="US dollars", tickformat="$,.0f")
    figure.update_xaxes(type="category")
    return with_legend(laid_out(figure, "What service failures cost, month by month", 420))


def scorecard_chart(scorecard: pd.DataFrame) -> go.Figure:
    """Incidents per 1,000 customers by type, and repeat contacts, over the periods."""
    figure = go.Figure()
    for column in [c for c in scorecard.columns if c not in ("period", "promises_kept_share")]:
        label = "Repeat contacts" if column == "repeat_contacts" else FEATURE_LABELS.get(column)
        figure.add_scatter(
            x=scorecard["period"], y=scorecard[column], name=label or column, mode="lines"
        )
    figure.update_yaxes(title_text="per 1,000 customers")
    figure.update_xaxes(type="category")
    return with_legend(laid_out(figure, "The scorecard: failures per 1,000 customers", 420))


def bridge_chart(steps: pd.DataFrame, title: str) -> go.Figure:
    """A waterfall from the first period's total to the second's (`Bridge.frame()`)."""
    measures = ["absolute", *["relative"] * (len(steps) - 2), "total"]
    figure = go.Figure(
        go.Waterfall(
            x=[step_label(step) for step in steps["step"]],
            y=steps["amount"].where(steps["step"] != "end", 0.0),
            measure=measures,
            texttemplate="%{delta:$,.0f}",
        )
    )
    figure.update_yaxes(title_text="US dollars", tickformat="$,.0f")
    return laid_out(figure, title, 440)
