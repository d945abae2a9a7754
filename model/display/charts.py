"""Plotly figures the pages draw: each with a title, axis titles with units, currency ticks.

Functions take the small tables model/portfolio.py returns and give back a figure; they
do no business arithmetic. Labels come from ui/labels.py, numbers are formatted by
ui/format.py, so a chart reads like the metrics beside it.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

import model.display.labels as labels
from data.schema import INCIDENT_FEATURES
from model.display.format import (
    CURRENCY,
    CURRENCY_TICKS,
    SHARE_TICKS,
    chart_text,
    money,
    percent,
    share_of,
)
from model.money import ASSUMPTION_INFO, COST_COLUMNS, COST_COMPONENTS

#: One colour per meaning, used by every chart.
TODAY_COLOUR = "#9aa5b1"
COST_COLOUR = "#c0392b"
SAVING_COLOUR = "#1e8449"
LINE_COLOUR = "#1f4e79"
LOW_END_COLOUR = "#8fb3d9"

_MONEY_AXIS = f"Expected cost ({CURRENCY})"


#: The one template of every chart. Named on each figure, because importing Streamlit
#: makes its own template Plotly's default: a figure built in the dashboard's process (the
#: report downloaded from a page) would otherwise be laid out unlike the same figure built
#: by the command line, and its labels cut.
TEMPLATE = "plotly_white"
#: Characters of a title line, and of a category label line, that fit a 390 px phone.
TITLE_WIDTH = 38
LABEL_WIDTH = 22
_TITLE_LINE_PX = 22


def wrapped(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters with <br> (Plotly does not wrap
    titles or labels itself); an existing <br> is kept."""
    return "<br>".join(
        "<br>".join(textwrap.wrap(part, width) or [""]) for part in text.split("<br>")
    )


def _layout(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Every chart's layout: its title wrapped to a phone's width, room made for whole tick
    labels and for axis titles clear of them (automargin, standoff), legends below."""
    title_text = wrapped(title, TITLE_WIDTH)
    lines = title_text.count("<br>") + 1
    figure.update_layout(
        template=TEMPLATE,
        title={
            "text": title_text,
            "x": 0.0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "top",
            # Plotly grows a title of several lines upwards from its anchor, past the
            # padding: a title of n lines is anchored lower by the lines it adds
            "pad": {"t": 8 + 12 * (lines - 1)},
            "font": {"size": 16},
        },
        height=height + _TITLE_LINE_PX * (lines - 1),
        margin={"l": 10, "r": 20, "t": 30 + _TITLE_LINE_PX * lines, "b": 40},
        showlegend=False,
        separators=".,",
        font={"size": 12},
    )
    figure.update_xaxes(automargin=True, title_standoff=12)
    figure.update_yaxes(automargin=True, title_standoff=12)
    return figure


_LEGEND_ROW_PX = 20


def _legend(figure: go.Figure) -> go.Figure:
    """A horizontal legend in the top margin, under the title and clear of it and of the axis
    titles. Room is made for one entry a row, as on a phone where the entries wrap; on a
    wide screen they sit on the first of those rows."""
    entries = sum(1 for trace in figure.data if trace.showlegend is not False)
    rows = max(1, min(entries, 4))
    title_px = figure.layout.margin.t
    height = figure.layout.height + _LEGEND_ROW_PX * rows
    figure.update_layout(
        showlegend=True,
        height=height,
        margin={"t": title_px + _LEGEND_ROW_PX * rows + 6},
        legend={
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "yref": "container",
            "y": 1 - (title_px - 4) / height,
            "yanchor": "top",
        },
    )
    return figure


def _money_bars(values: pd.Series, names: list[str], title: str, colour: str) -> go.Figure:
    """Horizontal bars, largest at the top, each labelled with its amount."""
    names = [wrapped(name, LABEL_WIDTH) for name in names]
    figure = go.Figure(
        go.Bar(
            x=values.to_numpy(),
            y=names,
            orientation="h",
            marker_color=colour,
            text=[money(v) for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=_MONEY_AXIS, range=_room_for_labels(values), **CURRENCY_TICKS)
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, height=120 + 50 * len(names))


def _room_for_labels(values: pd.Series) -> list[float]:
    """An axis range from 0 with room past the longest bar for its amount, which Plotly
    writes outside a bar too short to hold it and would otherwise cut at the axis' end."""
    largest = max(float(values.max()), 0.0) if len(values) else 0.0
    smallest = min(float(values.min()), 0.0) if len(values) else 0.0
    return [smallest * 1.45, largest * 1.45 if largest > 0 else 1.0]


def components_chart(totals: pd.Series) -> go.Figure:
    """The total split by cost component (`totals` indexed by component name)."""
    names = [labels.COMPONENT_LABELS[name] for name in totals.index]
    return _money_bars(totals, names, "Where the total comes from", COST_COLOUR)


def root_cause_chart(by_cause: pd.Series, title: str = "Cost by root cause") -> go.Figure:
    """Cost accounted for by each incident feature (`by_cause` indexed by feature name)."""
    names = [root_cause_name(name) for name in by_cause.index]
    return _money_bars(by_cause, names, title, COST_COLOUR)


def root_cause_name(cause: str) -> str:
    """A root cause as a chart labels it: a group's long name on two lines."""
    # a declared incident (a history's own column) is named as its column is
    return wrapped(
        labels.ROOT_CAUSE_LABELS.get(cause, cause).replace(": ", ":<br>", 1), LABEL_WIDTH
    )


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
    figure = _layout(figure, title, 140 + 40 * len(names))
    if truth is not None:
        _legend(figure)
    return figure


def concentration_chart(curve: pd.DataFrame, top_decile: float) -> go.Figure:
    """Share of the total cost against share of customers, costliest first."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=curve["customer_share"],
            y=curve["cost_share"],
            mode="lines",
            line={"color": LINE_COLOUR, "width": 3},
            hovertemplate="Costliest %{x:.0%} of customers carry %{y:.1%} of the cost"
            "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            line={"color": TODAY_COLOUR, "dash": "dash"},
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[0.1],
            y=[top_decile],
            mode="markers+text",
            marker={"color": COST_COLOUR, "size": 10},
            text=[f"Top 10 %: {percent(top_decile)}"],
            textposition="middle right",
            hoverinfo="skip",
        )
    )
    figure.update_xaxes(title_text="Customers, costliest first (% of all)", range=[0, 1])
    figure.update_xaxes(**SHARE_TICKS)
    figure.update_yaxes(title_text="Cumulative share of total cost (%)", range=[0, 1.02])
    figure.update_yaxes(**SHARE_TICKS)
    figure.add_annotation(
        x=0.72, y=0.62, text="equal shares", showarrow=False, font={"color": TODAY_COLOUR}
    )
    return _layout(figure, "How concentrated the cost is")


def savings_chart(comparison: pd.DataFrame) -> go.Figure:
    """The saving of each cost component and in total, each bar labelled with the amount and
    its share of today's figure (in brackets, the hover says so), so a small component's
    saving is as readable as a large one's.

    `comparison` is `model.money.scenario.compare`'s table (today, scenario, saving).
    """
    rows = list(COST_COLUMNS)
    saving = comparison.loc[rows, "saving"]
    today = comparison.loc[rows, "today"]
    figure = go.Figure(
        go.Bar(
            x=saving.to_numpy(),
            y=[wrapped(labels.COMPONENT_LABELS[name], LABEL_WIDTH) for name in rows],
            orientation="h",
            marker_color=[SAVING_COLOUR] * len(COST_COMPONENTS) + [LINE_COLOUR],
            text=[
                f"{money(s)} ({percent(share_of(s, t))})"
                for s, t in zip(saving, today, strict=True)
            ],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_xaxes(title_text=f"Saving a year of incidents ({CURRENCY})", **CURRENCY_TICKS)
    figure.update_xaxes(range=_room_for_labels(saving))
    figure.update_yaxes(autorange="reversed")
    total, base = saving["total_expected_cost"], today["total_expected_cost"]
    title = f"The saving: {money(total)}, {percent(share_of(total, base))} of today's total"
    return _layout(figure, title, 320)


def fix_savings_chart(savings: pd.DataFrame) -> go.Figure:
    """Total saving of each fix done completely (`savings` from model.cases.fix_savings)."""
    names = [labels.fix_label(name) for name in savings.index]
    chart = _money_bars(
        savings["total_expected_cost"], names, "What each fix would have saved", SAVING_COLOUR
    )
    chart.update_xaxes(title_text=f"Saving in total expected cost ({CURRENCY})")
    return chart


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
    return _layout(figure, title)


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
    figure = _layout(
        figure, "Effect of each incident alone on a typical customer's churn", 120 + 210 * rows
    )
    if truth:
        _legend(figure)
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


def tornado_chart(swings: list, total: float) -> go.Figure:
    """How far the total moves when each assumption crosses its plausible range.

    `swings` are `model.explain.sensitivity.Swing`s, widest first; bars start at `total` (today's
    assumptions) and reach the total at each end of the range.
    """
    names = [ASSUMPTION_INFO[s.key].label for s in swings]
    figure = go.Figure()
    for end, colour, values in (
        ("low", LOW_END_COLOUR, [s.total_at_low for s in swings]),
        ("high", LINE_COLOUR, [s.total_at_high for s in swings]),
    ):
        figure.add_trace(
            go.Bar(
                y=names,
                x=[v - total for v in values],
                base=total,
                orientation="h",
                name=f"at the {end} end of the range",
                marker_color=colour,
                customdata=[money(v) for v in values],
                hovertemplate="%{y}: total %{customdata}<extra></extra>",
            )
        )
    figure.add_vline(x=total, line={"color": TODAY_COLOUR, "dash": "dash"})
    figure.update_layout(barmode="overlay")
    figure.update_xaxes(title_text=f"Total expected cost ({CURRENCY})", **CURRENCY_TICKS)
    figure.update_yaxes(autorange="reversed")
    figure = _layout(figure, "How the total moves with each assumption", 140 + 40 * len(names))
    _legend(figure)
    return figure


def _incident_name(name: str) -> str:
    return labels.FEATURE_LABELS.get(name, chart_text(name.replace("_", " ").capitalize()))


def waterfall_chart(steps: pd.DataFrame, title: str, shares: bool = False) -> go.Figure:
    """A customer's waterfall (`model.explain.waterfall.churn_waterfall` or `money_waterfall`):
    the start, one bar per incident, the end as a total bar."""
    names = [
        _incident_name(row.incident) if row.kind == "step" else row.label
        for row in steps.itertuples()
    ]
    shown = [percent(v) if shares else money(v) for v in steps["amount"]]
    figure = go.Figure(
        go.Waterfall(
            x=names,
            y=[
                v if k != "end" else 0.0
                for v, k in zip(steps["amount"], steps["kind"], strict=True)
            ],
            measure=[
                "absolute" if k == "start" else "total" if k == "end" else "relative"
                for k in steps["kind"]
            ],
            text=shown,
            textposition="outside",
            increasing={"marker": {"color": COST_COLOUR}},
            decreasing={"marker": {"color": SAVING_COLOUR}},
            totals={"marker": {"color": LINE_COLOUR}},
            connector={"line": {"color": TODAY_COLOUR}},
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    if shares:
        figure.update_yaxes(title_text="12-month churn probability (%)", **SHARE_TICKS)
    else:
        figure.update_yaxes(title_text=_MONEY_AXIS, **CURRENCY_TICKS)
    top = float(steps["running_total"].max())
    figure.update_yaxes(range=[0, top * 1.18 if top > 0 else 1])
    return _layout(figure, title, 420)


def segments_chart(table: pd.DataFrame, by: str) -> go.Figure:
    """Each segment's total, stacked by cost component (`model.explain.segments.segment_table`)."""
    figure = go.Figure()
    colours = {
        "expected_lost_clv": COST_COLOUR,
        "word_of_mouth_loss": "#e59866",
        "service_cost": LINE_COLOUR,
    }
    for component in COST_COMPONENTS:
        figure.add_trace(
            go.Bar(
                x=[chart_text(segment) for segment in table["segment"]],
                y=table[component],
                name=labels.COMPONENT_LABELS[component],
                marker_color=colours[component],
                customdata=[money(v) for v in table[component]],
                hovertemplate="%{x}: %{customdata}<extra>"
                + labels.COMPONENT_LABELS[component]
                + "</extra>",
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title_text=chart_text(by), type="category")
    figure.update_yaxes(title_text=_MONEY_AXIS, **CURRENCY_TICKS)
    figure = _layout(figure, f"Expected cost by {chart_text(by.lower())}")
    _legend(figure)
    return figure


def cash_flow_chart(cash_flow: pd.DataFrame) -> go.Figure:
    """Month by month: today's loss, the saving of the fix, its cost, and the cumulative
    net cash flow crossing zero at the payback month (`model.money.business_case`)."""
    months = cash_flow["month"]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(x=months, y=cash_flow["loss_today"], name="Loss today", marker_color=TODAY_COLOUR)
    )
    figure.add_trace(
        go.Bar(
            x=months, y=cash_flow["saving"], name="Saving of the fix", marker_color=SAVING_COLOUR
        )
    )
    figure.add_trace(
        go.Bar(x=months, y=-cash_flow["fix_cost"], name="Cost of the fix", marker_color=COST_COLOUR)
    )
    figure.add_trace(
        go.Scatter(
            x=months,
            y=cash_flow["cumulative_net_cash_flow"],
            name="Cumulative net cash flow",
            mode="lines",
            line={"color": LINE_COLOUR, "width": 3},
        )
    )
    figure.add_hline(y=0, line={"color": "#555", "width": 1})
    figure.update_layout(barmode="group", bargap=0.1)
    figure.update_xaxes(title_text="Month (0 = now)")
    figure.update_yaxes(title_text=f"Cash flow ({CURRENCY})", **CURRENCY_TICKS)
    figure = _layout(figure, "Month by month: today's loss, the saving and the fix's cost", 440)
    _legend(figure)
    return figure
