"""Download buttons: estimates as safe CSV and as a workbook that is a model, assumptions and
scenario as the JSON files the command line reads.

The CSV is built only when the button is clicked (a deferred callable), so a rerun after a
slider move never pays for writing 100,000 rows; clicking does not rerun the page.
The JSON files hold exactly the keys `python -m model.score --assumptions FILE` and
`--scenario FILE` read, so a download reproduces the estimate from the command line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from data.export import safe_csv_bytes
from model.churn import failed_checks, failed_checks_sentence
from model.display import labels
from model.explain import download_frame
from model.money import (
    Assumptions,
    Scenario,
    assumptions_to_json,
    keep_own_incidents,
    scenario_to_json,
)
from model.reporting import BusinessCaseInputs, WorkbookContents, estimates_workbook
from ui.state import current_settings, model_for

_MIME_TYPES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".html": "text/html",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_button(
    where,
    label: str,
    data,
    file_name: str,
    key: str,
    help: str | None = None,
    width: str = "content",
) -> None:
    """A download button for a CSV or JSON file that does not rerun the page when clicked.

    `data` is bytes, text, or a callable that makes them only when the button is clicked.
    """
    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime=_MIME_TYPES[Path(file_name).suffix],
        on_click="ignore",
        key=key,
        help=help,
        width=width,
    )


def draw_downloads(
    estimates: pd.DataFrame,
    assumptions: Assumptions,
    scenario: Scenario | None,
    file_stem: str,
    key: str,
    case: BusinessCaseInputs | None = None,
    notes: tuple[str, ...] = (),
    today: pd.DataFrame | None = None,
) -> None:
    """The estimates as CSV and as a workbook, the assumptions JSON and, with a scenario,
    its JSON. The workbook is a model (its money formulas over the assumptions); `case`
    adds today's estimates and the business case of the fixes, `notes` lines it says.

    `today`: with a scenario, today's estimates of the same customers; the files then show
    each customer's own incidents with the scenario's beside them (`keep_own_incidents`).
    Both files are put together on click, never during a rerun."""
    failed = failed_checks(model_for(current_settings().source).card)
    notes = (*notes, failed_checks_sentence(failed)) if failed else notes

    def shown() -> pd.DataFrame:
        return estimates if today is None else keep_own_incidents(today, estimates)

    columns = st.columns(4 if scenario is not None else 3)
    file_button(
        columns[0],
        labels.DOWNLOAD_ESTIMATES,
        lambda: safe_csv_bytes(download_frame(shown())),
        f"{file_stem}.csv",
        f"{key}.estimates",
        help=f"{len(estimates):,} customers: the input columns, then the estimate's columns.",
    )
    file_button(
        columns[1],
        "Download the estimates (Excel)",
        lambda: estimates_workbook(
            WorkbookContents(shown(), assumptions, scenario, case, notes=notes)
        ),
        f"{file_stem}.xlsx",
        f"{key}.workbook",
        help="The same columns, each amount a formula over a sheet of the assumptions, so "
        "you can trace a figure or change an assumption; "
        + ("the fixes, their business case and " if case is not None else "")
        + "one sheet per segmentation (tenure, revenue, each text column of your file).",
    )
    file_button(
        columns[2],
        labels.DOWNLOAD_SETTINGS,
        assumptions_to_json(assumptions),
        "assumptions.json",
        f"{key}.assumptions",
        help="The file the command line reads as its assumptions.",
    )
    if scenario is not None:
        file_button(
            columns[3],
            labels.DOWNLOAD_SCENARIO,
            scenario_to_json(scenario),
            "scenario.json",
            f"{key}.scenario",
            help="The file the command line reads as its scenario, beside the assumptions.",
        )
