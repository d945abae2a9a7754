"""The store of workspaces, opened once per server process (model.store).

Only the engine (its pool of connections) is kept in the process: every figure is read from
the database on each run, so several servers behind a load balancer, on one PostgreSQL
store, show the same workspaces and periods, and a period saved through one shows in the
other on the next run. On an empty store the first opening makes the demo workspace.
"""

from __future__ import annotations

import streamlit as st

import ui.state.session as session
from model.store import Store, ensure_demo, open_store
from ui.state.keys import VERSIONS_SEEN


@st.cache_resource(show_spinner="Opening the workspaces (a first start makes the demo year)")
def workspace_store() -> Store:
    """The store $CHURN_COST_DATABASE_URL names (else the embedded SQLite file), migrated,
    with the demo workspace when it held none. Raises StoreError when it cannot be opened
    (not cached: the next run tries again)."""
    store = open_store()
    ensure_demo(store)
    return store


def versions_seen(workspace: str) -> dict[str, int]:
    """The latest version of each scenario this session's Workspace page last showed: what
    a save says it started from (model.store refuses it if someone saved since)."""
    return dict(session.get(VERSIONS_SEEN, {}).get(workspace, {}))


def remember_versions_seen(workspace: str, latest: dict[str, int]) -> None:
    seen = dict(session.get(VERSIONS_SEEN, {}))
    seen[workspace] = dict(latest)
    session.put(VERSIONS_SEEN, seen)
