"""The sidebar every page shares: the portfolio in use, the economic assumptions, and the
assumptions and scenario saved or loaded as the command line's JSON files.

Drawn once per run by app.py. It returns the run's `Settings`: ONE Assumptions object
built from the widgets, ONE Scenario from the levers, and the portfolio source; pages
take them from `settings()` and pass them on whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from model.assumptions import Assumptions
from model.dashboard_portfolios import PORTFOLIO_SIZES
from model.scenario import Scenario
from ui import labels
from ui.controls import CONTROLS, GROUPS, Control
from ui.format import count
from ui.settings_files import draw_settings_files
from ui.state import (
    ASSUMPTION_KEYS,
    PORTFOLIO_SIZE_KEY,
    PORTFOLIO_SOURCE,
    SOURCE_WIDGET_KEY,
    PortfolioSource,
    current_assumptions,
    current_scenario,
    current_source,
    query_problems,
    reset_assumptions,
    sync_query_params,
    uploaded,
)

_SETTINGS = "run.settings"
_SOURCE_LABELS = {"synthetic": labels.SYNTHETIC_SOURCE, "uploaded": labels.UPLOADED_SOURCE}


@dataclass(frozen=True)
class Settings:
    """Everything a page needs to know about the view: what to estimate and how."""

    assumptions: Assumptions
    scenario: Scenario
    source: PortfolioSource


def _copy_source_choice() -> None:
    st.session_state[PORTFOLIO_SOURCE] = st.session_state[SOURCE_WIDGET_KEY]


def _draw_portfolio_choice() -> None:
    st.header("Portfolio")
    upload = uploaded()
    if upload is not None:
        st.session_state[SOURCE_WIDGET_KEY] = st.session_state.get(PORTFOLIO_SOURCE, "synthetic")
        st.radio(
            labels.PORTFOLIO_SOURCE,
            options=list(_SOURCE_LABELS),
            format_func=_SOURCE_LABELS.get,
            key=SOURCE_WIDGET_KEY,
            on_change=_copy_source_choice,
            horizontal=True,
        )
    if upload is None or st.session_state.get(PORTFOLIO_SOURCE) != "uploaded":
        st.selectbox(
            labels.PORTFOLIO_SIZE,
            options=PORTFOLIO_SIZES,
            format_func=count,
            key=PORTFOLIO_SIZE_KEY,
            help="Customers drawn from the built-in synthetic generator (data/synthetic.py), "
            "always with the same seed, so a size names one portfolio.",
        )


def _draw_control(control: Control) -> None:
    common = {
        "label": control.label,
        "min_value": control.minimum,
        "max_value": control.maximum,
        "step": control.step,
        "format": control.format,
        "key": ASSUMPTION_KEYS[control.key],
        "help": control.help,
    }
    if control.widget == "slider":
        st.slider(**common)
    elif control.optional:
        st.number_input(**common, value=None, placeholder="Mean lifetime value")
    else:
        st.number_input(**common)


def _draw_assumptions() -> None:
    st.header("Assumptions")
    for group in GROUPS:
        st.subheader(group)
        for control in CONTROLS:
            if control.group == group:
                _draw_control(control)
    st.button(labels.RESET_ASSUMPTIONS, on_click=reset_assumptions, width="stretch")


def draw_sidebar() -> Settings:
    """Draw the shared sidebar and return this run's settings (also kept for the pages)."""
    with st.sidebar:
        for problem in query_problems():
            st.warning(f"The page address could not be read in full: {problem}", icon="⚠️")
        _draw_portfolio_choice()
        _draw_assumptions()
    result = Settings(current_assumptions(), current_scenario(), current_source())
    with st.sidebar:
        draw_settings_files(result.assumptions, result.scenario)
    sync_query_params(result.assumptions, result.scenario, result.source)
    st.session_state[_SETTINGS] = result
    return result


def settings() -> Settings:
    """This run's settings, as the sidebar built them; stops a page opened without app.py."""
    found = st.session_state.get(_SETTINGS)
    if found is None:
        st.info("Open the dashboard through app.py (`streamlit run app.py`).")
        st.stop()
    return found
