"""Charts of the money: where the total comes from, which failure causes it, how concentrated
it is, what a fix or a scenario saves, how the total moves with each assumption, a customer's
waterfall, segments and the business case's cash flow.

Functions take the small tables model.explain and model.money return and give back a figure;
they do no business arithmetic. Labels come from model/display/labels.py, numbers are
formatted by model/display/format.py, so a chart reads like the metrics beside it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

import model.display.labels as labels
from model.display.chart_layout import (
    COST_COLOUR,
    LABEL_WIDTH,
    LINE_COLOUR,
    LOW_END_COLOUR,
    MONEY_AXIS,
    SAVING_COLOUR,
    TODAY_COLOUR,
    laid_out,
    money_bars,
    room_for_labels,
    with_legend,
    wrapped,
)
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


def components_chart(totals: pd.Series) -> go.Figure:
    """The total split by cost component (`totals` indexed by component name)."""
    names = [labels.COMPONENT_LABELS[name] for name in totals.index]
    return money_bars(totals, names, "Where the total comes from", COST_COLOUR)


def root_cause_chart(by_cause: pd.Series, title: str = "Cost by root cause") -> go.Figure:
    """Cost accounted for by each incident feature (`by_cause` indexed by feature name).

    A cause that accounts for nothing (no customer has that failure, as in a company's own
    history that records none of the built-in incidents) gets no empty bar."""
    if (by_cause.abs() >= 0.005).any():
        by_cause = by_cause[by_cause.abs() >= 0.005]
    names = [root_cause_name(name) for name in by_cause.index]
    return money_bars(by_cause, names, title, COST_COLOUR)


def root_cause_name(cause: str) -> str:
    """A root cause as a chart labels it: a group's long name on two lines."""
    # a declared incident (a history's own column) is named as its column is
    return wrapped(
        labels.ROOT_CAUSE_LABELS.get(cause, cause).replace(": ", ":<br>", 1), LABEL_WIDTH
    )


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
    return laid_out(figure, "How concentrated the cost is")


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
    figure.update_xaxes(range=room_for_labels(saving))
    figure.update_yaxes(autorange="reversed")
    total, base = saving["total_expected_cost"], today["total_expected_cost"]
    title = f"The saving: {money(total)}, {percent(share_of(total, base))} of today's total"
    return laid_out(figure, title, 320)


def fix_savings_chart(savings: pd.DataFrame) -> go.Figure:
    """Total saving of each fix done completely (`savings` from model.cases.fix_savings).

    A fix that saves nothing to the cent (the customer has none of that failure) gets no bar:
    a row of empty bars would hide the few that matter; `fixes_saving_nothing` names them.
    """
    saving = savings["total_expected_cost"]
    saving = saving[saving.round(2) != 0]
    names = [labels.fix_label(name) for name in saving.index]
    chart = money_bars(saving, names, "What each fix would have saved", SAVING_COLOUR)
    chart.update_xaxes(title_text=f"Saving in total expected cost ({CURRENCY})")
    return chart


def fixes_saving_nothing(savings: pd.DataFrame) -> list[str]:
    """The fixes `fix_savings_chart` leaves out, those that save nothing to the cent, named
    as in a sentence ("billing errors prevented")."""
    saving = savings["total_expected_cost"]
    names = [labels.LEVERS.get(name, name) for name in saving.index[saving.round(2) == 0]]
    return [name[:1].lower() + name[1:].removesuffix(" by") for name in names]


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
    figure = laid_out(figure, "How the total moves with each assumption", 140 + 40 * len(names))
    with_legend(figure)
    return figure


def _incident_name(name: str) -> str:
    """An incident as a waterfall names it: its label (a group's short name: contact
    burden), or a declared column's own name."""
    if name in labels.ROOT_CAUSE_LABELS and name not in labels.FEATURE_LABELS:
        return labels.ROOT_CAUSE_LABELS[name].split(":")[0]
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
        figure.update_yaxes(title_text=MONEY_AXIS, **CURRENCY_TICKS)
    top = float(steps["running_total"].max())
    figure.update_yaxes(range=[0, top * 1.18 if top > 0 else 1])
    return laid_out(figure, title, 420)


def segments_chart(table: pd.DataFrame, by: str) -> go.Figure:
    """Each segment's total, stacked by cost component (`model.explain.segments.segment_table`)."""
    figure = go.Figure()
    colours = {
        "expected_departure_cost": COST_COLOUR,
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
    figure.update_yaxes(title_text=MONEY_AXIS, **CURRENCY_TICKS)
    figure = laid_out(figure, f"Expected cost by {chart_text(by.lower())}")
    with_legend(figure)
    return figure


def cash_flow_chart(cash_flow: pd.DataFrame) -> go.Figure:
    """Month by month: the saving of the fix, its cost, and the cumulative net cash flow
    crossing zero at the payback month (`model.money.business_case`).

    Today's loss is not drawn: many times the saving of a partial fix, it set the scale and
    flattened the bars the case is about (issue 31); the cash flow's CSV keeps it."""
    months = cash_flow["month"]
    figure = go.Figure()
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
    figure = laid_out(figure, "Month by month: the saving, the fix's cost and the net", 440)
    with_legend(figure)
    return figure
