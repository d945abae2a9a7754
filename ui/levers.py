"""The what-if page's lever sliders: percent of each kind of failure fixed."""

from __future__ import annotations

import streamlit as st

from model.display import labels
from model.money import LEVER_INFO, LEVER_STEP
from ui.controls import LEVER_NAMES
from ui.state import LEVER_KEYS


def draw_levers(columns: int = 3) -> None:
    """One slider per Scenario lever, 0-100 % in steps of 5, bound to the session's keys."""
    slots = st.columns(columns)
    for position, name in enumerate(LEVER_NAMES):
        slots[position % columns].slider(
            labels.LEVERS[name],
            min_value=0.0,
            max_value=100.0,
            step=LEVER_STEP,
            format="%.0f%%",
            key=LEVER_KEYS[name],
            help=LEVER_INFO[name].help,
        )
