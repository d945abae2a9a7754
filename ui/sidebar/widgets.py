"""The sidebar every page shares: the portfolio in use, the economic assumptions, and the
assumptions and scenario saved or loaded as the command line's JSON files.

It only draws, once per run from app.py: each widget under its key from ui/state/keys.py;
pages read the values back as the run's `Settings` with `ui.state.current_settings()`, never from
here.
"""

from __future__ import annotations

import streamlit as st

from model.cases import PORTFOLIO_SIZES
from model.churn import failed_checks, failed_checks_sentence
from model.display import count, labels, markdown_safe, plain
from ui.sidebar.json_files import draw_json_files
from ui.state import (
    CONTROLS,
    CONTROLS_BY_KEY,
    FIXED_RETENTION_OFFERED,
    GROUPS,
    Control,
    Settings,
    current_settings,
    keys,
    model_for,
    query_problems,
    reset_assumptions,
    session,
    uploaded,
)

_SOURCE_LABELS = {"synthetic": labels.SYNTHETIC_SOURCE, "uploaded": labels.UPLOADED_SOURCE}


def _copy_source_choice() -> None:
    session.put(keys.PORTFOLIO_SOURCE, session.get(keys.SOURCE_WIDGET_KEY))


def _draw_portfolio_choice() -> None:
    st.header("Portfolio")
    upload = uploaded()
    if upload is not None:
        session.put(keys.SOURCE_WIDGET_KEY, session.get(keys.PORTFOLIO_SOURCE, "synthetic"))
        st.radio(
            labels.PORTFOLIO_SOURCE,
            options=list(_SOURCE_LABELS),
            format_func=_SOURCE_LABELS.get,
            key=keys.SOURCE_WIDGET_KEY,
            on_change=_copy_source_choice,
            horizontal=True,
        )
    if upload is None or session.get(keys.PORTFOLIO_SOURCE) != "uploaded":
        st.selectbox(
            labels.PORTFOLIO_SIZE,
            options=PORTFOLIO_SIZES,
            format_func=count,
            key=keys.PORTFOLIO_SIZE_KEY,
            help="Made-up customers drawn by the built-in generator (Methodology says how), "
            "always with the same seed, so a size names one portfolio.",
        )


def _offer_fixed_retention() -> None:
    """Callback of the retention choice: a fixed rate starts from the one offered."""
    key = keys.ASSUMPTION_KEYS["monthly_retention"]
    if session.get(key) is None:
        control = CONTROLS_BY_KEY["monthly_retention"]
        session.put(key, control.to_display(FIXED_RETENTION_OFFERED))


def _draw_retention(control: Control) -> None:
    """Retention: each customer's own from the model, or one fixed rate typed in."""
    st.radio(
        labels.RETENTION_SOURCE,
        options=["model", "fixed"],
        format_func={"model": labels.RETENTION_FROM_MODEL, "fixed": labels.RETENTION_FIXED}.get,
        key=keys.RETENTION_SOURCE_KEY,
        on_change=_offer_fixed_retention,
        help=control.help,
    )
    if session.get(keys.RETENTION_SOURCE_KEY) == "fixed":
        _draw_number(control)


def _draw_number(control: Control) -> None:
    st.number_input(
        label=control.label,
        min_value=control.minimum,
        max_value=control.maximum,
        step=control.step,
        format=control.format,
        key=keys.ASSUMPTION_KEYS[control.key],
        help=control.help,
    )


def _draw_control(control: Control) -> None:
    if control.from_model_when_unset:
        _draw_retention(control)
        return
    common = {
        "label": control.label,
        "min_value": control.minimum,
        "max_value": control.maximum,
        "step": control.step,
        "format": control.format,
        "key": keys.ASSUMPTION_KEYS[control.key],
        "help": control.help,
    }
    if control.kind == "slider":
        st.slider(**common)
    elif control.unset_means is not None:  # short: the sidebar's box cuts a longer text
        st.number_input(**common, value=None, placeholder="Median lifetime value")
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


def draw_sidebar() -> None:
    """Draw the widgets of the shared sidebar (ui.state.current_settings() reads them back)."""
    with st.sidebar:
        for problem in query_problems():
            # the problem quotes the address's own text: literal, never markdown or a link
            st.warning(f"The page address could not be read in full: {plain(problem)}", icon="⚠️")
        _draw_portfolio_choice()
        failed = failed_checks(model_for(current_settings().source).card)
        if failed:  # acknowledged on the Model page: said on every page
            st.warning(markdown_safe(failed_checks_sentence(failed)), icon="⚠️")
        _draw_assumptions()


def draw_sidebar_files(settings: Settings) -> None:
    """The sidebar's last part: this run's assumptions and scenario as JSON files."""
    with st.sidebar:
        draw_json_files(settings.assumptions, settings.scenario)
