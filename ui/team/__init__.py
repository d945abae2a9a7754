"""The team: signing in and out, the user's workspaces in the sidebar, and the Workspace
page's panels (members and roles, the audit trail, saved versions). Who acts comes from
ui.state (the only room that asks Streamlit who signed in); what they may do, from the store.
"""

from ui.team.account import draw_account, draw_sign_in
from ui.team.panels import (
    draw_audit_trail,
    draw_mark_fix,
    draw_members,
    draw_report,
    draw_save_scenario,
    draw_versions,
    open_workspace,
)

__all__ = [
    "draw_account",
    "draw_audit_trail",
    "draw_mark_fix",
    "draw_members",
    "draw_report",
    "draw_save_scenario",
    "draw_sign_in",
    "draw_versions",
    "open_workspace",
]
