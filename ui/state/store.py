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

Each door gives the store acting for this session's user (ui/state/identity.py): the engine
is shared by every user of the process, the handle says who acts, and the store checks their
role on every read and write (docs/adr/0021-identity-and-roles.md).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.engine import make_url

import ui.state.session as session
from model.store import Store, StoreError, database_url, ensure_demo, open_store
from ui.state.identity import current_actor
from ui.state.keys import (
    SAVE_DONE,
    SAVE_NEW_WORKSPACE,
    SAVE_WORKSPACE,
    TREND_WORKSPACE,
    VERSIONS_SEEN,
    WORKSPACE,
)


def _acting(store: Store) -> Store:
    """The store acting for this session's user (for nobody before sign-in: it then reads
    and writes nothing)."""
    actor = current_actor()
    return store if actor is None else store.acting(actor)


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
    return _acting(_opened(url))


def store_for_saving() -> Store:
    """The store, created when missing, without the demo. Raises StoreError."""
    return _acting(_opened(database_url()))


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
        return _acting(_opened(url))
    except StoreError:
        return None


def chosen_workspace() -> str | None:
    """The workspace this session chose: by the address or a sidebar link (the Workspace
    page), else on the Trend page; None when it has chosen none. Whether the user may open it
    is for the store to say."""
    return session.get(WORKSPACE) or session.get(TREND_WORKSPACE)


def versions_seen(workspace: str) -> dict[str, int]:
    """The latest version of each scenario this session's Workspace page last showed: what
    a save says it started from (model.store refuses it if someone saved since)."""
    return dict(session.get(VERSIONS_SEEN, {}).get(workspace, {}))


def remember_versions_seen(workspace: str, latest: dict[str, int]) -> None:
    seen = dict(session.get(VERSIONS_SEEN, {}))
    seen[workspace] = dict(latest)
    session.put(VERSIONS_SEEN, seen)


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
