"""The Workspace page's panels: which workspace (refused without naming it when it is not
the user's), its members and their roles, its audit trail (read only: the dashboard has no
way to change it), and its saved assumption sets and scenarios, version by version, each
openable and restorable. Every action goes through the store, which checks the role again.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from model.display import markdown_safe, money, plain
from model.store import (
    ANALYST,
    EVERYONE,
    OWNER,
    ROLES,
    SavedMeanwhile,
    Store,
    StoreError,
    UnknownWorkspace,
    audit_trail,
    grant,
    load_assumptions,
    load_saved_scenario,
    mark_fix,
    members_of,
    my_role,
    restore_version,
    revoke,
    save_scenario,
    version_history,
    workspace_info,
    workspace_names,
    workspace_report_html,
)
from ui.shared import current_call_request
from ui.state import (
    Settings,
    chosen_workspace,
    keys,
    remember_versions_seen,
    signed_in_email,
    versions_seen,
)

#: The words a refusal of an unknown or foreign workspace shows: no name, no figure.
REFUSED = "There is no workspace of that name that you can open."


def open_workspace(store: Store) -> tuple[str, str]:
    """The workspace the address or a sidebar link chose (else the user's first) and the
    user's role in it; a refusal that names nothing, and the page stops, when it is not
    theirs."""
    names = workspace_names(store)
    chosen = chosen_workspace() or (names[0] if names else None)
    if chosen is None:
        st.info("You are not a member of any workspace yet: an owner of one can add you.")
        st.stop()
    try:
        return chosen, my_role(store, chosen)
    except UnknownWorkspace:  # NotAMember too: the same words, whether it exists or not
        st.error(REFUSED, icon=":material/block:")
        st.stop()


def draw_members(store: Store, workspace: str, role: str) -> None:
    members = members_of(store, workspace)
    # a table reads markdown: every text a user gave is made literal
    rows = [
        {
            "member": "everyone signed in" if m.email == EVERYONE else plain(m.email),
            "role": m.role,
            "since": f"{m.granted_at:%Y-%m-%d %H:%M}",
        }
        for m in members
    ]
    if signed_in_email() is None:
        st.caption(
            "Without sign-in, whoever opens this dashboard is its one local user, owner of "
            "every workspace. Members and their roles take effect on a shared server where "
            "people sign in; they can be named here beforehand."
        )
    if rows:
        st.table(pd.DataFrame(rows, columns=["member", "role", "since"]).set_index("member"))
    else:
        st.caption("No members named yet.")
    if role != OWNER:
        st.caption("Owners add and remove members.")
        return
    with st.form("grant"):
        left, right = st.columns([3, 1])
        email = left.text_input("E-mail address", key=keys.GRANT_EMAIL)
        new_role = right.selectbox("Role", ROLES, index=0, key=keys.GRANT_ROLE)
        add, remove = st.columns(2)
        granted = add.form_submit_button("Grant the role")
        revoked = remove.form_submit_button("Remove this member")
    st.caption(
        f"Instead of an address, {EVERYONE} lets every signed-in user read this workspace "
        "(as a viewer only)."
    )
    try:
        if granted:
            grant(store, workspace, email, new_role)
            st.success(f"{plain(email)} is now {new_role}.")
        elif revoked:
            revoke(store, workspace, email)
            st.success(f"{plain(email)} is no longer a member.")
    except (StoreError, ValueError) as error:
        st.error(plain(str(error)))


def draw_audit_trail(store: Store, workspace: str) -> None:
    events = audit_trail(store, workspace)
    rows = [
        {
            "when": f"{e.at:%Y-%m-%d %H:%M:%S}",
            "who": plain(e.actor),
            "what": e.action,
            "detail": plain(e.detail),
        }
        for e in events
    ]
    table = pd.DataFrame(rows, columns=["when", "who", "what", "detail"])
    st.table(table.set_index("when"))  # a table is text on the page, read by people and tests
    st.caption("Every change to this workspace, the latest first. Nobody can edit it here.")


def _body(store: Store, workspace: str, kind: str, name: str, version: int) -> dict:
    if kind == "assumptions":
        return load_assumptions(store, workspace, name, version).to_dict()
    levers, fix = load_saved_scenario(store, workspace, name, version)
    return {"levers": levers.to_dict(), "fix_cost": fix.__dict__ if fix else None}


def draw_versions(store: Store, workspace: str, role: str) -> None:
    """A saved assumption set or scenario: its versions, one opened, restorable."""
    info = workspace_info(store, workspace)
    choices = [("assumptions", n) for n in info.assumption_sets]
    choices += [("scenario", n) for n in info.scenarios]
    if not choices:
        st.caption("No assumption set or scenario saved yet.")
        return
    words = {"assumptions": "Assumptions", "scenario": "Scenario"}
    labels = {f"{words[k]}: {n}": (k, n) for k, n in choices}
    kind, name = labels[st.selectbox("Saved", list(labels), key=keys.WORKSPACE_DOCUMENT)]
    history = version_history(store, workspace, kind, name)
    latest = history[-1].version
    rows = [{"version": v.version, "saved": v.created_at, "by": v.created_by} for v in history]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    numbers = [v.version for v in reversed(history)]
    version = st.selectbox("Open version", numbers, key=keys.WORKSPACE_VERSION)
    st.code(json.dumps(_body(store, workspace, kind, name, version), indent=2), language="json")
    if version == latest:
        st.caption(f"Version {latest} is the current one.")
    elif st.button(f"Restore version {version}", disabled=role not in (ANALYST, OWNER)):
        try:
            new = restore_version(store, workspace, kind, name, version, based_on=latest)
            st.success(f"Version {version} restored as version {new}, now the current one.")
        except StoreError as error:
            st.error(plain(str(error)))


def _latest_versions(store: Store, workspace: str) -> dict[str, int]:
    info = workspace_info(store, workspace)
    return {
        name: version_history(store, workspace, "scenario", name)[-1].version
        for name in info.scenarios
    }


def draw_save_scenario(store: Store, workspace: str, role: str, settings: Settings) -> None:
    """Save the run's levers (the sidebar's) as a named scenario: a new version when the name
    exists. The save says which version this page showed, so one saved by someone else since
    is never silently put under a newer one: the store refuses and the page says who."""
    can_save = role in (ANALYST, OWNER)
    shown = versions_seen(workspace)  # what this page showed on its last run
    with st.form("save_scenario"):
        name = st.text_input("Scenario name", key=keys.WORKSPACE_SCENARIO_NAME)
        saved = st.form_submit_button("Save the scenario", disabled=not can_save)
    if not can_save:
        st.caption("Viewers read, move the sliders and download; analysts and owners save.")
    if saved:
        try:
            replace = name in shown
            version = save_scenario(
                store,
                workspace,
                name,
                settings.scenario,
                replace=replace,
                based_on=shown.get(name),
            )
            st.success(f"Saved as version {version}.")
        except SavedMeanwhile as error:
            st.warning(plain(str(error)))
        except (StoreError, ValueError) as error:
            st.error(plain(str(error)))
    remember_versions_seen(workspace, _latest_versions(store, workspace))


def draw_mark_fix(store: Store, workspace: str, role: str) -> None:
    """Mark a saved scenario as a fix started in a period: the Trend page then follows it."""
    info = workspace_info(store, workspace)
    starts = list(info.periods[1:])  # a fix needs a period before its start
    if not info.scenarios or not starts:
        st.caption("A fix is followed once a scenario is saved and two periods are stored.")
        return
    with st.form("mark_fix"):
        left, right = st.columns(2)
        scenario = left.selectbox("Scenario", info.scenarios, key=keys.FIX_SCENARIO)
        start = right.selectbox("Started in", starts, index=len(starts) - 1, key=keys.FIX_START)
        marked = st.form_submit_button("Follow this fix", disabled=role not in (ANALYST, OWNER))
    if marked:
        try:
            forecast = mark_fix(store, workspace, scenario, start)
            st.success(
                f"Followed from {start}: the forecast, priced on {forecast.baseline_period}, "
                f"saves {markdown_safe(money(forecast.yearly_saving))} a year."
            )
        except (StoreError, ValueError) as error:
            st.error(plain(str(error)))


def draw_report(store: Store, workspace: str) -> None:
    """The workspace's board report (its latest period, the trend, the last change's bridge
    and the fixes followed), made on request: it scores the latest period's customers."""
    if not workspace_info(store, workspace).periods:
        st.caption("The board report needs a period stored in the workspace.")
        return
    if st.button("Make the board report"):
        try:
            text = workspace_report_html(
                store, workspace, calls=current_call_request(), origin="dashboard"
            )
        except StoreError as error:
            st.error(plain(str(error)))
            return
        st.download_button(
            "Download the board report (HTML)", text, "workspace-report.html", "text/html"
        )
