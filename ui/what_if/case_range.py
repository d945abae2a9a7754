"""How sure the business case is, and its break-even: shown when asked for (drawing
them re-scores the customers a few times, so a lever's move stays quick without them).

The numbers and the sentences come from model.explain (case_range, break_even,
case_words); this module lays them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.churn import ChurnModel, model_draws
from model.display import labels, markdown_safe, money
from model.explain import (
    CaseRange,
    break_even_sentence,
    business_case_range,
    case_range_sentence,
    largest_one_off,
    range_rows,
    smallest_cut,
)
from model.money import LEVER_LABELS, Assumptions, FixCost, Scenario
from ui.state import keys

#: The break-evens on offer: the one-off cost, then each lever.
BREAK_EVENS: dict[str, str] = {
    "one_off": "The largest one-off cost that pays back",
    **{
        lever: f"The smallest cut that pays back: {label.lower()}"
        for lever, label in LEVER_LABELS.items()
    },
}


def draw_case_range(
    today: pd.DataFrame,
    with_fixes: pd.DataFrame,
    cost: FixCost,
    assumptions: Assumptions,
    model: ChurnModel,
    scenario: Scenario,
) -> CaseRange | None:
    """A switch; when on, the range of the NPV, payback and one year's saving from the
    three sources of doubt, and the break-even chosen. Returns the range (None when off)."""
    if not st.toggle(
        "Show how sure these figures are, and the break-even",
        key=keys.CASE_RANGE,
        help="Draws the assumptions, the model and who actually leaves, as the total's range "
        "does; takes a few seconds on a large portfolio.",
    ):
        return None
    refits_today = model_draws(today, model.variants)
    refits_fixed = model_draws(with_fixes, model.variants) if refits_today is not None else None
    ranged = business_case_range(today, with_fixes, cost, assumptions, refits_today, refits_fixed)
    st.dataframe(
        pd.DataFrame(
            range_rows(ranged, money), columns=["Figure", labels.P10, labels.P50, labels.P90]
        ),
        hide_index=True,
    )
    st.markdown(markdown_safe(case_range_sentence(ranged, money)))
    choice = st.selectbox(
        "Break-even",
        list(BREAK_EVENS),
        format_func=BREAK_EVENS.__getitem__,
        key=keys.BREAK_EVEN,
        help="At the horizon above: the largest one-off cost at which the net present value "
        "is still zero or more, or the smallest cut of one kind of failure, the other fixes "
        "as set, at which it is.",
    )
    if choice == "one_off":
        even = largest_one_off(today, with_fixes, cost, assumptions, ranged)
    else:
        even = smallest_cut(today, scenario, choice, model, cost, assumptions)
    st.markdown(markdown_safe(break_even_sentence(even, money)))
    return ranged
