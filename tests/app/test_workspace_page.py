"""The Workspace page without sign-in (the local default): the local user owns everything;
two sessions saving one scenario never overwrite each other; the audit trail lists each save;
an address naming a workspace that does not exist is refused without repeating its name."""

from __future__ import annotations

from model.display.format import unescape_markdown
from model.store import (
    DEMO_WORKSPACE,
    command_line,
    create_workspace,
    local_user,
    open_store,
    versions,
)
from tests.app.harness import open_app, rerun
from ui.state.keys import FIX_SCENARIO, FIX_START, WORKSPACE_SCENARIO_NAME

PAGE = "app_pages/workspace.py"


def _save(app, name: str):
    app.text_input(key=WORKSPACE_SCENARIO_NAME).set_value(name)
    app.button[[b.label for b in app.button].index("Save the scenario")].click()
    return rerun(app)


def test_two_sessions_saving_one_scenario_never_overwrite_each_other():
    first = open_app(PAGE, workspace=DEMO_WORKSPACE)
    second = open_app(PAGE, workspace=DEMO_WORKSPACE)
    assert unescape_markdown(first.title[0].value) == DEMO_WORKSPACE
    assert "owner" in first.caption[0].value  # the local user, without sign-in
    _save(first, "Shared plan")
    rerun(second)  # the second session now shows version 1
    _save(first, "Shared plan")  # version 2, which the second session has not seen
    _save(second, "Shared plan")
    assert any("Yours was not saved" in w.value for w in second.warning)
    store = open_store().acting(command_line())
    assert versions(store, DEMO_WORKSPACE, "scenario", "Shared plan") == [1, 2]
    rerun(second)
    _save(second, "Shared plan")  # having seen version 2, it saves version 3
    assert versions(store, DEMO_WORKSPACE, "scenario", "Shared plan") == [1, 2, 3]
    trail = second.table[-1].value
    assert list(trail["what"][:3]) == ["scenario saved"] * 3
    store.dispose()


def test_an_address_naming_no_workspace_of_yours_is_refused_without_its_name():
    app = open_app(PAGE, workspace="Secret plans")
    assert [e.value for e in app.error] == ["There is no workspace of that name that you can open."]
    assert not any("Secret" in t.value for t in app.title)


def test_a_fix_marked_on_the_workspace_page_is_followed_on_the_trend_page():
    app = open_app(PAGE, workspace=DEMO_WORKSPACE, outage_hours_cut="0.3")
    _save(app, "Cut outages by 30 %")
    app.selectbox(key=FIX_SCENARIO).set_value("Cut outages by 30 %")
    app.selectbox(key=FIX_START).set_value("2026-07")
    app.button[[b.label for b in app.button].index("Follow this fix")].click()
    rerun(app)
    assert any("Followed from 2026-07" in s.value for s in app.success)
    app.switch_page("app_pages/trend.py")
    rerun(app)
    followed = app.dataframe[-1].value
    assert list(followed["period"]) == [f"2026-{m:02d}" for m in range(7, 13)]
    assert set(followed["incident"]) == {"outage hours"}  # in words, as the charts say
    assert any("between" in c.value and "forecast was" in c.value for c in app.caption)


def test_the_workspace_page_makes_the_board_report_of_the_workspace():
    app = open_app(PAGE, workspace=DEMO_WORKSPACE)
    app.button[[b.label for b in app.button].index("Make the board report")].click()
    rerun(app)
    assert any(
        getattr(d, "label", "") == "Download the board report (HTML)"
        for d in app.get("download_button")
    )


def test_without_sign_in_the_members_part_says_who_acts_instead_of_an_empty_table():
    store = open_store().acting(local_user())
    create_workspace(store, "Made here")  # by the local user, an administrator: no member
    store.dispose()
    app = open_app(PAGE, workspace="Made here")
    shown = " ".join(c.value for c in app.caption)
    assert "one local user, owner of every workspace" in shown
    assert "No members named yet." in shown
    assert not any(t.value.index.name == "member" for t in app.table)  # no empty table


def test_the_demo_is_shown_as_read_by_everyone_signed_in():
    app = open_app(PAGE, workspace=DEMO_WORKSPACE)
    members = next(t.value for t in app.table if t.value.index.name == "member")
    assert members.loc["everyone signed in", "role"] == "viewer"
