"""A history's own incidents on the What-if page: a lever and a unit cost for each.

A model fitted to a company's history may declare incidents of its own (dropped calls,
late deliveries: `--incidents`, or the Model page's choice). Each gets a slider, the share
of it fixed (Scenario.declared_incidents_cut), and a number box, its handling cost per
count (Assumptions.cost_per_declared_incident, 0 unless set). ui/state.py reads them back
into the one Scenario and the one Assumptions object of the run.
"""

from __future__ import annotations

import streamlit as st

from model.churn import ChurnModel
from model.money import LEVER_STEP
from ui.state import DECLARED_COST_PREFIX, DECLARED_LEVER_PREFIX


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
            f"{name}: share fixed",
            min_value=0.0,
            max_value=100.0,
            step=LEVER_STEP,
            format="%.0f%%",
            key=f"{DECLARED_LEVER_PREFIX}{name}",
        )
        cost.number_input(
            f"Cost of one {name} ($)",
            min_value=0.0,
            max_value=1e7,
            step=1.0,
            key=f"{DECLARED_COST_PREFIX}{name}",
        )
