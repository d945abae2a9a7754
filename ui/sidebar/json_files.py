"""The sidebar's JSON files: save and load the assumptions and the scenario.

The files are the command line's own (`python -m model.score --assumptions FILE --scenario
FILE`): saved with `assumptions_to_json` and `Scenario.to_dict`, loaded with
`assumptions_from_json` and `scenario_from_json`, so a file the dashboard accepts is one
the command line accepts, with the same messages naming the key. As on the command line,
a key the file leaves out takes its default. A value the command line accepts but the
sidebar's widget cannot show (a discount rate above 50 %, say) is refused too, naming the
key. A refused file changes nothing.

Loading happens in the uploader's callback, before the widgets are drawn, which is when
Streamlit lets their values be set; the uploader is then emptied (a new key), so loading
the same file again after moving a slider works.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from model.display import labels, plain
from model.money import (
    Assumptions,
    Scenario,
    assumptions_from_json,
    assumptions_to_json,
    scenario_from_json,
    scenario_to_json,
)
from ui.shared import file_button
from ui.state import (
    CONTROLS,
    assumption_widget_values,
    declared_lever_values,
    display_from_scenario,
    keys,
    session,
)

FileKind = Literal["assumptions", "scenario"]

#: The JSON files are a few hundred bytes; 1 MB is the smallest limit Streamlit offers.
MAX_JSON_MB = 1


def _within_widgets(assumptions: Assumptions) -> dict[str, object]:
    """Widget key -> value showing these assumptions; ValueError naming a key whose value
    is valid but outside what its widget offers."""
    for control in CONTROLS:
        value = getattr(assumptions, control.key)
        if value is not None and not control.offers(value):
            raise ValueError(
                f"{control.key}: the dashboard offers {control.offered_range}, got "
                f"{value!r} (the command line accepts it)."
            )
    return assumption_widget_values(assumptions)


def widget_values(kind: FileKind, data: bytes) -> dict[str, float | None]:
    """Widget key -> value (display units) for a loaded file; ValueError naming the key."""
    if kind == "assumptions":
        return _within_widgets(assumptions_from_json(data, source="it"))
    scenario = scenario_from_json(data, source="it")
    levers = display_from_scenario(scenario)
    return {keys.LEVER_KEYS[name]: value for name, value in levers.items()} | declared_lever_values(
        scenario
    )


def _uploader_key(kind: FileKind) -> str:
    return f"settings_files.{kind}.{session.get(keys.JSON_FILES_GENERATION, 0)}"


def _load(kind: FileKind) -> None:
    """Callback of an uploader: set the widgets from the file, or keep the message why not."""
    file = session.get(_uploader_key(kind))
    if file is None:
        return
    try:
        wanted = widget_values(kind, file.getvalue())
    except (TypeError, ValueError) as error:
        message = ("error", plain(f"{file.name} was not loaded: {error}"))
    else:
        for key, value in wanted.items():
            session.put(key, value)
        where = "the sidebar" if kind == "assumptions" else "the What-if page's levers"
        message = ("success", f"Loaded {plain(file.name)} into {where}.")
    session.put(keys.JSON_FILES_MESSAGE, message)
    session.put(keys.JSON_FILES_GENERATION, session.get(keys.JSON_FILES_GENERATION, 0) + 1)


def draw_json_files(assumptions: Assumptions, scenario: Scenario) -> None:
    """Save buttons for this view's assumptions and scenario, and uploaders to load them."""
    with st.expander(labels.SETTINGS_FILES):
        st.caption(
            "Keep this view's assumptions and levers, load them again later, or give them to "
            "the command line (the Methodology page says how). A key a file leaves out takes "
            "its default."
        )
        file_button(
            st,
            labels.SAVE_ASSUMPTIONS,
            assumptions_to_json(assumptions),
            "assumptions.json",
            "settings_files.save_assumptions",
            width="stretch",
        )
        file_button(
            st,
            labels.SAVE_SCENARIO,
            scenario_to_json(scenario),
            "scenario.json",
            "settings_files.save_scenario",
            help="The What-if page's levers, as shares from 0 to 1.",
            width="stretch",
        )
        for kind, label in (
            ("assumptions", labels.LOAD_ASSUMPTIONS),
            ("scenario", labels.LOAD_SCENARIO),
        ):
            st.file_uploader(
                label,
                type=["json"],
                key=_uploader_key(kind),
                on_change=_load,
                args=(kind,),
                max_upload_size=MAX_JSON_MB,
            )
        message = session.get(keys.JSON_FILES_MESSAGE)
        if message is not None:
            level, text = message
            (st.error if level == "error" else st.success)(text)
