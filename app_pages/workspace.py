"""Workspace: who is in it and with what role, every change made to it, and its saved
assumption sets and scenarios version by version (what the store lets this user see)."""

import streamlit as st

from model.display import plain
from ui.state import current_settings
from ui.team import (
    draw_audit_trail,
    draw_mark_fix,
    draw_members,
    draw_report,
    draw_save_scenario,
    draw_versions,
    open_workspace,
)
from ui.trend import store_or_stop

store = store_or_stop()
workspace, role = open_workspace(store)
st.title(plain(workspace))
st.caption(f"Your role here: {role}.")
st.subheader("Members")
draw_members(store, workspace, role)
st.subheader("Saved assumptions and scenarios")
draw_save_scenario(store, workspace, role, current_settings())
draw_versions(store, workspace, role)
st.subheader("Follow a fix")
draw_mark_fix(store, workspace, role)
st.subheader("The board report")
draw_report(store, workspace)
st.subheader("Audit trail")
draw_audit_trail(store, workspace)
