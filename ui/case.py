"""The case study's inputs: one widget per contract column of the preset customer."""

from __future__ import annotations

import streamlit as st

from data.schema import COLUMNS_BY_NAME
from model.display import labels
from ui.state import CASE_KEYS, reset_case

#: Step of each float input; integer columns step by 1.
_STEPS = {"monthly_revenue": 5.0, "tenure_months": 1.0, "outage_hours": 1.0, "hours_on_phone": 0.5}


def draw_case_inputs(columns: int = 4) -> None:
    """The customer's revenue, tenure and incidents, editable, with a reset to the preset.

    Drawn a row at a time, so that on a phone, where columns stack, the inputs keep their
    order (one set of columns would stack as its first column's inputs, then the second's).
    """
    slots = []
    for position, (name, key) in enumerate(CASE_KEYS.items()):
        if position % columns == 0:
            slots = st.columns(columns)
        column = COLUMNS_BY_NAME[name]
        slot = slots[position % columns]
        label = labels.FEATURE_LABELS[name]
        meaning = column.meaning[0].upper() + column.meaning[1:] + "."
        if column.kind == "flag":
            slot.toggle(label, key=key, help=meaning)
        elif column.kind == "integer":
            slot.number_input(label, min_value=0, step=1, key=key, help=meaning)
        else:
            slot.number_input(
                label, min_value=0.0, step=_STEPS[name], format="%.1f", key=key, help=meaning
            )
    st.button(labels.RESET_CASE, on_click=reset_case)
