"""What to do with a file the upload refused for its columns: a way on, on this page.

A history exported without its customers' keys (a churn study's table) may take its rows'
numbers as ids: one button, and the report then says so. A file whose columns are not the
contract's (a CRM or billing export) is pointed to the records import below, which matches
its columns to ours and lets each be chosen.
"""

from __future__ import annotations

import streamlit as st

from data.schema import CUSTOMER_ID
from model.display import plain
from ui.state import keys, session

USE_ROW_IDS = "Use the row numbers as customer ids"
RECORDS_IMPORT = "Or start from your records: a customer file and logs"


def _ask_row_ids(file_id: str) -> None:
    """Callback of the row-numbers button: read this file again, its rows numbered as ids."""
    session.put(keys.UPLOAD_ROW_IDS, file_id)


def draw_way_on(file_id: str, missing: tuple[str, ...]) -> None:
    """The way on from a file lacking required columns (nothing for any other refusal)."""
    if missing == (CUSTOMER_ID.name,):
        st.info(
            "The file has every column but the customers' ids. If each row is one customer, "
            "their row numbers can serve as ids (1 is the first row under the header): the "
            "estimates and the download then name customers by row number.",
            icon=":material/lightbulb:",
        )
        st.button(USE_ROW_IDS, on_click=_ask_row_ids, args=(file_id,), key="upload.row_ids")
    elif missing:
        st.info(
            "Is this an export of your own systems rather than the template's columns? Load "
            f"it under “{RECORDS_IMPORT}” below: its columns are matched to ours, shown for "
            "review and can each be chosen there.",
            icon=":material/lightbulb:",
        )


def draw_row_ids_note(name: str) -> None:
    """Says that the ids are row numbers, which the user asked for."""
    st.info(
        f"{plain(name)} has no customer ids, so each customer's id is their row number, as "
        "you asked (1 is the first row under the header).",
        icon=":material/tag:",
    )
