"""The frame every chart shares: one colour per meaning, one template, titles and labels
wrapped to a phone's width, room for whole ticks, the legend under the title, and money bars.

The charts in cost_charts and model_charts are built on it, so a figure reads the same on
every page and in the report whichever process draws it.
"""

from __future__ import annotations

import functools
import textwrap

import pandas as pd
import plotly.graph_objects as go

from model.display.format import CURRENCY, CURRENCY_TICKS, money

#: One colour per meaning, used by every chart.
TODAY_COLOUR = "#9aa5b1"
COST_COLOUR = "#c0392b"
SAVING_COLOUR = "#1e8449"
LINE_COLOUR = "#1f4e79"
LOW_END_COLOUR = "#8fb3d9"

#: The title of every money axis.
MONEY_AXIS = f"Expected cost ({CURRENCY})"


#: The one template of every chart. Named on each figure, because importing Streamlit
#: makes its own template Plotly's default: a figure built in the dashboard's process (the
#: report downloaded from a page) would otherwise be laid out unlike the same figure built
#: by the command line, and its labels cut.
TEMPLATE = "plotly_white"
#: Characters of a title line, and of a category label line, that fit a 390 px phone.
TITLE_WIDTH = 38
LABEL_WIDTH = 22
TITLE_LINE_PX = 22


def wrapped(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters with <br> (Plotly does not wrap
    titles or labels itself); an existing <br> is kept."""
    return "<br>".join(
        "<br>".join(textwrap.wrap(part, width) or [""]) for part in text.split("<br>")
    )


@functools.cache
def _template() -> go.layout.Template:
    """TEMPLATE, validated once per process."""
    return go.Layout(template=TEMPLATE).template


def _set_template(figure: go.Figure) -> None:
    """Give `figure` the template without validating it again, as Plotly gives a figure its
    default template (`BaseFigure._initialize_layout_template`): named, its 7 kB are checked
    anew for every figure, about 20 ms, a third of a What-if rerun's chart. The figure gets
    its own copy, and its JSON is the same, byte for byte."""
    layout = figure.layout
    layout._validate = False
    try:
        layout.template = _template()
    finally:
        layout._validate = figure._validate


def laid_out(figure: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Every chart's layout: its title wrapped to a phone's width, room made for whole tick
    labels and for axis titles clear of them (automargin, standoff), legends below."""
    title_text = wrapped(title, TITLE_WIDTH)
    lines = title_text.count("<br>") + 1
    _set_template(figure)
    figure.update_layout(
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
        height=height + TITLE_LINE_PX * (lines - 1),
        margin={"l": 10, "r": 20, "t": 30 + TITLE_LINE_PX * lines, "b": 40},
        showlegend=False,
        separators=".,",
        font={"size": 12},
    )
    figure.update_xaxes(automargin=True, title_standoff=12)
    figure.update_yaxes(automargin=True, title_standoff=12)
    return figure


LEGEND_ROW_PX = 20


def with_legend(figure: go.Figure) -> go.Figure:
    """A horizontal legend in the top margin, under the title and clear of it and of the axis
    titles. Room is made for one entry a row, as on a phone where the entries wrap; on a
    wide screen they sit on the first of those rows."""
    entries = sum(1 for trace in figure.data if trace.showlegend is not False)
    rows = max(1, min(entries, 4))
    title_px = figure.layout.margin.t
    height = figure.layout.height + LEGEND_ROW_PX * rows
    figure.update_layout(
        showlegend=True,
        height=height,
        margin={"t": title_px + LEGEND_ROW_PX * rows + 6},
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


def money_bars(values: pd.Series, names: list[str], title: str, colour: str) -> go.Figure:
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
    figure.update_xaxes(title_text=MONEY_AXIS, range=room_for_labels(values), **CURRENCY_TICKS)
    figure.update_yaxes(autorange="reversed")
    return laid_out(figure, title, height=120 + 50 * len(names))


def room_for_labels(values: pd.Series) -> list[float]:
    """An axis range from 0 with room past the longest bar for its amount, which Plotly
    writes outside a bar too short to hold it and would otherwise cut at the axis' end."""
    largest = max(float(values.max()), 0.0) if len(values) else 0.0
    smallest = min(float(values.min()), 0.0) if len(values) else 0.0
    return [smallest * 1.45, largest * 1.45 if largest > 0 else 1.0]
