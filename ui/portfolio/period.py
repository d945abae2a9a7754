"""Keeping the portfolio in use as a month (a period) of a workspace.

The customers are scored again by the store (model.store.snapshot_frame), with the
workspace's own model and current assumptions, and written with their figures in one
transaction: a period saved twice is replaced whole. The list of workspaces comes from a
store that is already there; the store is opened (or created) only when the user saves, and
never fills itself with the demo year here, so the page does not wait.
"""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from model.display import count, markdown_safe, money, plain
from model.store import (
    VIEWER,
    NameTaken,
    Snapshot,
    StoreError,
    check_period,
    create_workspace,
    my_role,
    snapshot_frame,
    workspace_names,
)
from ui.state import (
    Settings,
    existing_store,
    just_saved,
    keys,
    portfolio_customers,
    saved_as_period,
    store_for_saving,
)
from ui.trend import as_typed

#: The choice that makes a new workspace with the name typed below it.
NEW_WORKSPACE = "A new workspace (name it below)"


def _known_workspaces() -> list[str]:
    """The workspaces this user may save a period to (a viewer's, such as the demo year
    on a signed-in server, are not offered: the store would refuse the save)."""
    store = existing_store()
    if store is None:
        return []
    try:
        return [name for name in workspace_names(store) if my_role(store, name) != VIEWER]
    except (StoreError, SQLAlchemyError):
        return []


def save_as_period(settings: Settings, workspace: str, period: str, new: bool) -> Snapshot:
    """Store the portfolio in use as `period` of `workspace` (made first when `new`).
    Raises ValueError for a bad name or period, NameTaken, StoreError."""
    check_period(period)  # before a new workspace is made
    store = store_for_saving()
    if new:
        create_workspace(store, workspace)
    customers = portfolio_customers(settings.source)
    return snapshot_frame(store, workspace, period, customers, settings.source.description)


def _saved_message(done: Snapshot) -> str:
    replaced = ", replacing the one saved before" if done.replaced else ""
    return (
        f"Saved as {done.period} of {as_typed(done.workspace)}{replaced}: "
        f"{count(done.figures.customers)} customers, an expected cost of "
        f"{markdown_safe(money(done.figures.total))}. The Trend page shows it."
    )


def draw_save_as_period(settings: Settings) -> None:
    """A form: the workspace (or a new one's name) and the month; saves on submit."""
    message = just_saved()
    names = _known_workspaces()
    with st.form(keys.SAVE_PERIOD_FORM, border=False):
        left, middle, right = st.columns(3)
        choice = left.selectbox("Workspace", [*names, NEW_WORKSPACE], key=keys.SAVE_WORKSPACE)
        typed = middle.text_input("New workspace's name", key=keys.SAVE_NEW_WORKSPACE)
        period = right.text_input(
            "Month (year-month)",
            value=date.today().strftime("%Y-%m"),
            key=keys.SAVE_PERIOD,
            help="Saving a month again replaces what was saved for it.",
        )
        submitted = st.form_submit_button("Save as a month of the workspace")
    if message:
        st.success(message, icon=":material/check_circle:")
    if not submitted:
        return
    new = choice == NEW_WORKSPACE
    workspace = typed if new else choice
    try:
        with st.spinner("Scoring and saving the customers…"):
            done = save_as_period(settings, workspace, period.strip(), new)
    except (ValueError, NameTaken, StoreError) as error:
        st.error(f"Nothing was saved: {plain(str(error))}")
        return
    saved_as_period(_saved_message(done), done.workspace)
    st.rerun()  # the list of workspaces, drawn above, now holds the new one
