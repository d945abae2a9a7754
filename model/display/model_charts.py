"""Charts of the churn model: how well its probabilities match what happened (calibration),
how each incident alone moves a typical customer's churn, and each root cause's share of the
churn with its range, beside the generator's truth for the built-in model.

Functions take the tables model.churn returns and give back a figure; labels come from
model/display/labels.py and the frame from model/display/chart_layout.py.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

import model.display.labels as labels
from data.schema import INCIDENT_FEATURES
from model.display.chart_layout import (
    COST_COLOUR,
    LABEL_WIDTH,
    LINE_COLOUR,
    TODAY_COLOUR,
    laid_out,
    with_legend,
    wrapped,
)
from model.display.cost_charts import root_cause_name
from model.display.format import SHARE_TICKS


def root_cause_range_chart(
    shown: pd.DataFrame, title: str, truth: pd.Series | None = None
) -> go.Figure:
    """Each root cause's share of the churn the incidents cause, with its range as a whisker.

    `shown` is `model.churn.root_causes.root_causes_as_shown` (share, low, high, largest first);
    `truth`, for the built-in model, the generator's own shares, drawn as diamonds.
    """
    names = [root_cause_name(name) for name in shown.index]
    figure = go.Figure(
        go.Bar(
            y=names,
            x=shown["share"],
            orientation="h",
            name="the model",
            marker_color=COST_COLOUR,
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (shown["high"] - shown["share"]).tolist(),
                "arrayminus": (shown["share"] - shown["low"]).tolist(),
                "color": TODAY_COLOUR,
            },
            customdata=shown[["low", "high"]].to_numpy(),
            hovertemplate="%{y}: %{x:.1%} (range %{customdata[0]:.1%} to %{customdata[1]:.1%})"
            "<extra></extra>",
        )
    )
    if truth is not None:
        figure.add_trace(
            go.Scatter(
                y=names,
                x=truth.reindex(shown.index),
                mode="markers",
                name="true effect",
                marker={"symbol": "diamond", "size": 11, "color": LINE_COLOUR},
                hovertemplate="%{y}: truth %{x:.1%}<extra></extra>",
            )
        )
    figure.update_xaxes(title_text="Share of the churn the incidents cause (%)", **SHARE_TICKS)
    figure.update_yaxes(autorange="reversed")
    figure = laid_out(figure, title, 140 + 40 * len(names))
    if truth is not None:
        with_legend(figure)
    return figure


def calibration_chart(
    table: pd.DataFrame, title: str = "Calibration on held-out customers"
) -> go.Figure:
    """Observed churn against predicted churn per probability bin, with the diagonal."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(x=[0, 1], y=[0, 1], mode="lines", line={"color": TODAY_COLOUR, "dash": "dash"})
    )
    figure.add_trace(
        go.Scatter(
            x=table["predicted"],
            y=table["observed"],
            mode="lines+markers",
            marker={"size": 6 + 14 * table["customers"] / table["customers"].max()},
            line={"color": LINE_COLOUR},
            customdata=table["customers"],
            hovertemplate="predicted %{x:.1%}, observed %{y:.1%} "
            "(%{customdata:,} customers)<extra></extra>",
        )
    )
    top = float(max(table["predicted"].max(), table["observed"].max(), 0.05)) * 1.1
    figure.update_xaxes(title_text="Predicted churn probability (%)", range=[0, top])
    figure.update_xaxes(**SHARE_TICKS)
    figure.update_yaxes(title_text="Observed churn (%)", range=[0, top])
    figure.update_yaxes(**SHARE_TICKS)
    return laid_out(figure, title)


def incident_effects_chart(effects: pd.DataFrame) -> go.Figure:
    """Small multiples: a typical customer's churn as each incident feature rises alone.

    `effects` has columns feature, value, churn_probability (model.churn.effects) and, for the
    built-in model, true_churn_probability: the generator's law, drawn dashed beside it.
    """
    truth = "true_churn_probability" in effects.columns
    features = list(dict.fromkeys(effects["feature"]))
    columns = 2  # two small charts a row: their titles stay apart at a phone's width
    rows = (len(features) + columns - 1) // columns
    figure = make_subplots(
        rows=rows,
        cols=columns,
        # the unit goes with the small chart's title: between small charts there is no room
        # for an axis title clear of the ticks of the chart below
        subplot_titles=[_effect_title(f) for f in features],
        shared_yaxes=True,
        horizontal_spacing=0.08,
        vertical_spacing=0.5 / rows,
    )
    for position, feature in enumerate(features):
        part = effects[effects["feature"] == feature]
        row, col = position // columns + 1, position % columns + 1
        figure.add_trace(
            go.Scatter(
                x=part["value"],
                y=part["churn_probability"],
                mode="lines+markers" if len(part) <= 7 else "lines",
                name="the model",
                showlegend=truth and position == 0,
                line={"color": LINE_COLOUR, "shape": "hv" if len(part) <= 7 else "linear"},
                hovertemplate=f"{labels.FEATURE_LABELS[feature]} %{{x:,}}: churn %{{y:.1%}}"
                "<extra></extra>",
            ),
            row=row,
            col=col,
        )
        if truth:
            figure.add_trace(_truth_trace(part, feature), row=row, col=col)
    figure.update_yaxes(**SHARE_TICKS, rangemode="tozero")
    figure.update_yaxes(title_text="12-month churn (%)", col=1)
    figure.update_annotations(font_size=12)
    figure = laid_out(
        figure, "Effect of each incident alone on a typical customer's churn", 120 + 210 * rows
    )
    if truth:
        with_legend(figure)
    return figure


def _truth_trace(part: pd.DataFrame, feature: str) -> go.Scatter:
    """The generator's own curve, dashed, named once in the legend."""
    return go.Scatter(
        x=part["value"],
        y=part["true_churn_probability"],
        mode="lines",
        name="true effect",
        showlegend=feature == INCIDENT_FEATURES[0],
        line={"color": TODAY_COLOUR, "dash": "dash", "shape": "hv" if len(part) <= 7 else "linear"},
        hovertemplate=f"truth, {labels.FEATURE_LABELS[feature]} %{{x:,}}: churn %{{y:.1%}}"
        "<extra></extra>",
    )


def _effect_title(feature: str) -> str:
    """A small chart's title: the incident, and its unit where the name does not say it."""
    label, unit = labels.FEATURE_LABELS[feature], _EFFECT_UNITS.get(feature, "")
    title = label if not unit or unit in label.lower() else f"{label} ({unit})"
    return wrapped(title, LABEL_WIDTH)


_EFFECT_UNITS = {
    "outage_hours": "hours",
    "support_calls": "calls",
    "unresolved_promises": "promises missed",
    "hours_on_phone": "hours",
    "agents_contacted": "people",
    "escalations": "escalations",
    "billing_errors": "wrong bills",
    "regulator_complaint": "0 = no, 1 = yes",
    "reshipped_orders": "orders",
}
