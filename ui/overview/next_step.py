"""The Overview's next step: where the cost sits is on the page; what to do with it is the
What-if page, where a fix of the largest root cause (or any other) is priced and costed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import labels, markdown_safe, money, percent, plain, share_of

NEXT_STEP_LINK = "Price a fix on the What-if page"


def draw_next_step(by_cause: pd.Series, total: float) -> None:
    """A sentence naming the largest root cause and its share, and the link to What-if."""
    if by_cause.empty or total <= 0:
        return
    top = by_cause.idxmax()
    name = labels.ROOT_CAUSE_LABELS.get(top, top).split(":")[0]
    with st.container(border=True):
        st.markdown(
            f"**Next step.** {plain(name)} carries the most: "
            f"{markdown_safe(money(by_cause[top]))}, {percent(share_of(by_cause[top], total))} "
            "of the total. See what fixing it, or any other failure, would save, and what a "
            "fix may cost to pay back."
        )
        st.page_link("app_pages/what_if.py", label=NEXT_STEP_LINK, icon=":material/tune:")
