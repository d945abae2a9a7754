"""The store of workspaces, opened once per server process (model.store).

Only the engine (its pool of connections) is kept in the process: every figure is read from
the database on each run, so several servers behind a load balancer, on one PostgreSQL
store, show the same workspaces and periods, and a period saved through one shows in the
other on the next run.

Three doors, by how much a page may wait:
- `workspace_store`: the Trend page's. On an empty store its first opening makes the demo
  year (a few seconds, once per store).
- `store_for_saving`: the Portfolio page's. Opens (or creates) the store, never builds the
  demo: saving a period must not wait for twelve synthetic months.
- `existing_store`: the Overview's. The store only if it is already there (an embedded
  SQLite file that exists, or a server's URL); never created, never filled with the demo, so
  a first visit to the Overview does not wait and shows nothing new.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.engine import make_url

import ui.state.session as session
from model.store import Store, StoreError, database_url, ensure_demo, open_store
from ui.state.keys import SAVE_DONE, SAVE_NEW_WORKSPACE, SAVE_WORKSPACE, TREND_WORKSPACE


@st.cache_resource(show_spinner="Opening the workspaces")
def _opened(url: str) -> Store:
    """The store at `url`, migrated; one engine per process. A StoreError is not cached:
    the next run tries again."""
    return open_store(url)


@st.cache_resource(show_spinner="Opening the workspaces (a first start makes the demo year)")
def _demo_made(url: str) -> bool:
    """Make the demo workspace once per process, when the store holds no workspace."""
    return ensure_demo(_opened(url))


def workspace_store() -> Store:
    """The store $CHURN_COST_DATABASE_URL names (else the embedded SQLite file), migrated,
    with the demo workspace when it held none. Raises StoreError when it cannot be opened."""
    url = database_url()
    _demo_made(url)
    return _opened(url)


def store_for_saving() -> Store:
    """The store, created when missing, without the demo. Raises StoreError."""
    return _opened(database_url())


def _exists(url: str) -> bool:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return True
    return bool(parsed.database) and Path(parsed.database).expanduser().exists()


def existing_store() -> Store | None:
    """The store when it is already there and opens; else None (nothing created)."""
    url = database_url()
    if not _exists(url):
        return None
    try:
        return _opened(url)
    except StoreError:
        return None


def chosen_workspace() -> str | None:
    """The workspace this session chose on the Trend page, if it has been there."""
    return session.get(TREND_WORKSPACE)


def saved_as_period(message: str, workspace: str) -> None:
    """Remember a save's message and workspace for the next run (the page reruns, so the
    new workspace is in the list)."""
    session.put(SAVE_DONE, (message, workspace))


def just_saved() -> str | None:
    """The last save's message, once; the form then shows the workspace saved to."""
    done = session.get(SAVE_DONE)
    if done is None:
        return None
    session.drop(SAVE_DONE)
    message, workspace = done
    session.put(SAVE_WORKSPACE, workspace)
    session.put(SAVE_NEW_WORKSPACE, "")
    return message
