"""The what-if page's lever sliders: percent of each kind of failure fixed, and a history's
own incidents with a lever and a unit cost each.

A model fitted to a company's history may declare incidents of its own (dropped calls,
late deliveries: the Model page's choice). Each gets a slider, the share of it fixed
(Scenario.declared_incidents_cut), and a number box, its handling cost per count
(Assumptions.cost_per_declared_incident, 0 unless set). ui/state/inputs.py reads every one
back into the one Scenario and the one Assumptions object of the run.
"""

from __future__ import annotations

import streamlit as st

from model.churn import ChurnModel
from model.display import labels
from model.money import LEVER_INFO, LEVER_STEP
from ui.state import LEVER_NAMES, keys


def draw_levers(moving: list[str], columns: int = 3) -> None:
    """One slider per Scenario lever that moves something for this portfolio (`moving`),
    0-100 % in steps of 5, bound to the session's keys; the others are named as hidden.

    A row of columns at a time, so the levers keep their order when a phone stacks them."""
    hidden = [f"“{labels.LEVERS[name]}”" for name in LEVER_NAMES if name not in moving]
    if hidden:
        st.caption(
            "Left out, since none of these customers has the failure it fixes and it would "
            f"move nothing: {', '.join(hidden)}."
        )
    slots = []
    for position, name in enumerate(n for n in LEVER_NAMES if n in moving):
        if position % columns == 0:
            slots = st.columns(columns)
        slots[position % columns].slider(
            labels.LEVERS[name],
            min_value=0.0,
            max_value=100.0,
            step=LEVER_STEP,
            format="%.0f%%",
            key=keys.LEVER_KEYS[name],
            help=LEVER_INFO[name].help,
        )


def draw_declared_controls(model: ChurnModel) -> None:
    """A lever and a unit cost per declared incident of the model in use (none: nothing)."""
    declared = model.layout.declared_incidents
    if not declared:
        return
    st.subheader("Your own incidents")
    st.caption(
        "Declared when the model was fitted to your history: churn never falls as they "
        "rise. Set how much of each a fix removes and what one costs to handle (0 unless set)."
    )
    for name in declared:
        lever, cost = st.columns([3, 2])
        lever.slider(
            f"Share of {name} fixed",
            min_value=0.0,
            max_value=100.0,
            step=LEVER_STEP,
            format="%.0f%%",
            key=f"{keys.DECLARED_LEVER_PREFIX}{name}",
        )
        cost.number_input(
            f"Handling cost of one unit of {name} ($)",
            min_value=0.0,
            max_value=1e7,
            step=1.0,
            key=f"{keys.DECLARED_COST_PREFIX}{name}",
        )
