"""Download buttons: estimates as safe CSV, assumptions and scenario as the CLI's JSON files.

The CSV is built only when the button is clicked (a deferred callable), so a rerun after a
slider move never pays for writing 100,000 rows; clicking does not rerun the page.
The JSON files hold exactly the keys `python -m model.score --assumptions FILE` and
`--scenario FILE` read, so a download reproduces the estimate from the command line.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from data.export import safe_csv_bytes
from model.assumptions import Assumptions, assumptions_to_json
from model.portfolio import download_frame
from model.scenario import Scenario
from ui import labels


def scenario_to_json(scenario: Scenario) -> str:
    return json.dumps(scenario.to_dict(), indent=2) + "\n"


def draw_downloads(
    estimates: pd.DataFrame,
    assumptions: Assumptions,
    scenario: Scenario | None,
    file_stem: str,
    key: str,
) -> None:
    """The estimates CSV button, the assumptions JSON button and, with a scenario, its JSON."""
    frame = download_frame(estimates)
    columns = st.columns(3 if scenario is not None else 2)
    columns[0].download_button(
        labels.DOWNLOAD_ESTIMATES,
        data=lambda: safe_csv_bytes(frame),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"{key}.estimates",
        help=f"{len(frame):,} customers: the input columns, then the estimate's columns.",
    )
    columns[1].download_button(
        labels.DOWNLOAD_SETTINGS,
        data=assumptions_to_json(assumptions),
        file_name="assumptions.json",
        mime="application/json",
        on_click="ignore",
        key=f"{key}.assumptions",
        help="For `python -m model.score --assumptions assumptions.json`.",
    )
    if scenario is not None:
        columns[2].download_button(
            labels.DOWNLOAD_SCENARIO,
            data=scenario_to_json(scenario),
            file_name="scenario.json",
            mime="application/json",
            on_click="ignore",
            key=f"{key}.scenario",
            help="For `python -m model.score --assumptions assumptions.json "
            "--scenario scenario.json`.",
        )
