"""How the range of the total is shown: one row per source, then one sentence per source.

The numbers and the sentences come from model.explain (range, range_words); this module
only lays them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import labels, markdown_safe, money
from model.explain import SOURCES, TotalRange, TwoOutcomes, budget_sentences, range_sentences
from model.money import Assumptions
from ui.shared.tables import money_column


def range_table(likely: TotalRange) -> pd.DataFrame:
    """P10, P50 and P90 of each source computed, in SOURCES order, labelled for people."""
    rows = [
        {
            labels.RANGE_SOURCE: labels.RANGE_SOURCES[name],
            labels.P10: likely.sources[name].p10,
            labels.P50: likely.sources[name].p50,
            labels.P90: likely.sources[name].p90,
        }
        for name in SOURCES
        if name in likely.sources
    ]
    return pd.DataFrame(rows)


def draw_range(
    likely: TotalRange, assumptions: Assumptions, outcomes: TwoOutcomes | None = None
) -> None:
    """Which figure to budget on (a portfolio), the combined P10 and P90 as metrics, the
    table of sources, and what each means."""
    combined = likely.sources["combined"]
    if outcomes is None:
        budget, why = budget_sentences(likely, assumptions, money)
        st.markdown(f"**{markdown_safe(budget)}** {markdown_safe(why)}")
    help_text = "All three sources drawn together; 8 draws in 10 fall between the two."
    left, right = st.columns(2)
    left.metric(labels.LIKELY_LOW, money(combined.p10), help=help_text)
    right.metric(labels.LIKELY_HIGH, money(combined.p90), help=help_text)
    money_columns = {name: money_column(name) for name in (labels.P10, labels.P50, labels.P90)}
    st.dataframe(range_table(likely), hide_index=True, column_config=money_columns)
    sentences = range_sentences(likely, assumptions, money, outcomes)
    st.markdown(
        markdown_safe("\n".join(f"- {sentences[name]}" for name in ("combined", *SOURCES[:3])))
    )
    st.caption(markdown_safe(sentences["how"]))
