"""The what-if page's lever sliders: percent of each kind of failure fixed."""

from __future__ import annotations

import streamlit as st

from model.display import labels
from ui.controls import LEVER_NAMES, LEVER_STEP
from ui.state import LEVER_KEYS

LEVER_HELP: dict[str, str] = {
    "outage_hours_cut": "Every customer's outage hours fall by this share.",
    "repeat_calls_avoided": "This share of the calls beyond each customer's first is avoided "
    "by resolving the problem on first contact; time on the phone and agents contacted fall "
    "with the calls.",
    "promises_kept": "This share of missed promises (callbacks, fixes, deadlines) is kept.",
    "escalations_avoided": "This share of escalations to managers or specialists is avoided.",
    "billing_errors_prevented": "This share of wrong bills and payment notices is prevented.",
    "regulator_complaints_avoided": "This share of regulator or public complaints is avoided.",
}


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
            help=LEVER_HELP[name],
        )
