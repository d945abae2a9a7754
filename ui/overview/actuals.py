"""The handling cost of the failures beside what the contact centre actually costs: its
share, a flag when the share is implausible, and an offer to scale the unit costs to the
books' own cost per call (model/money/actuals.py computes them)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.display import markdown_safe, money, percent
from model.money import Assumptions, handling_against_actuals, scaled_to_actuals
from ui.state import show_assumptions


def draw_handling_against_actuals(estimates: pd.DataFrame, assumptions: Assumptions) -> None:
    """The comparison when the contact centre's yearly cost is entered; else how to enter it."""
    against = handling_against_actuals(estimates, assumptions)
    if against is None:
        st.caption(
            "To check the handling cost against your books, enter what your contact centre "
            "actually costs a year in the sidebar (Cost of handling failures)."
        )
        return
    left, middle, right = st.columns(3)
    left.metric(
        "Handling of these failures (modelled)",
        money(against.modelled),
        help="Calls, agent hours, escalations, billing corrections and regulator complaints "
        "priced at the sidebar's unit costs; outage credits and re-shipments are not the "
        "contact centre's costs and are left out.",
    )
    middle.metric("The contact centre's actual cost a year", money(against.actual))
    right.metric("Share of the actual cost", percent(against.share))
    if against.implausible:
        st.warning(
            markdown_safe(
                f"Implausible: the handling of these failures alone, {money(against.modelled)}, "
                f"is more than the whole contact centre costs, {money(against.actual)}. A unit "
                "cost in the sidebar is too high for your contact centre."
            )
        )
    if against.scale is None:
        st.caption(
            "Enter the calls your contact centre handles a year too (sidebar) to compare its "
            "own cost per call with the unit costs in use, and to scale them to it."
        )
    elif against.scaled:
        per_call = against.actual / assumptions.contact_centre_yearly_calls
        st.info(
            markdown_safe(
                "The handling unit costs in use are scaled to your books: "
                f"{money(per_call, cents=True)} a call."
            )
        )
    else:
        st.button(
            f"Scale the handling unit costs to your books (times {against.scale:.2f})",
            on_click=show_assumptions,
            args=(scaled_to_actuals(assumptions, against.scale),),
            key="overview.scale_to_actuals",
            help="Multiplies the cost per call, per agent hour, per escalation, per billing "
            "error and per regulator complaint, so the failures' handling per call is your "
            "contact centre's own cost per call. The new unit costs show in the sidebar and "
            "are saved with the assumptions.",
        )
