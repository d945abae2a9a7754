"""Roles held by the store itself: every write refused to a user without the role, with
nothing written; a workspace one is not a member of refused as if it did not exist; the last
owner kept; every change in the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, select

from data.synthetic import generate
from model.churn import default_model
from model.churn.artefact import save_model
from model.money import Assumptions, Scenario
from model.store import (
    ANALYST,
    OWNER,
    VIEWER,
    AlertRule,
    LastOwner,
    NoActor,
    NotAMember,
    NotPermitted,
    Store,
    audit_trail,
    create_workspace,
    drop_period,
    grant,
    load_saved_scenario,
    mark_fix,
    members_of,
    period_figures_of,
    restore_version,
    revoke,
    save_alert_rule,
    save_assumptions,
    save_mapping,
    save_model_directory,
    save_scenario,
    snapshot_file,
    snapshot_frame,
    trend,
    use_assumptions,
    user,
    workspace_info,
    workspace_names,
)

ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@example.com"


@pytest.fixture
def team(store, tmp_path):
    """Acme, owned by Alice, with Bob as viewer and Carol as analyst; a period, an
    assumption set, a scenario; a contract file and a model directory for the writes."""
    alice = store.acting(user(ALICE))
    create_workspace(alice, "Acme")
    grant(alice, "Acme", BOB, VIEWER)
    grant(alice, "Acme", CAROL, ANALYST)
    source = tmp_path / "customers.csv"
    generate(120, seed=3).to_csv(source, index=False)
    snapshot_file(alice, "Acme", "2026-01", source)
    save_assumptions(alice, "Acme", "board", Assumptions(people_told=3.0))
    save_scenario(alice, "Acme", "outages", Scenario(outage_hours_cut=0.3))
    save_model(default_model(), tmp_path / "own")
    return {"store": store, "source": source, "model_dir": tmp_path / "own"}


def everything(store) -> dict[str, list]:
    """Every row of every table, to show that a refused write wrote nothing."""
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        return {
            name: sorted(map(repr, connection.execute(select(table)).all()))
            for name, table in metadata.tables.items()
        }


def writes(team):
    """Each write function of the store, with the role it needs."""
    source, model_dir = team["source"], team["model_dir"]
    frame = generate(50, seed=4)
    return {
        "save_assumptions": (
            ANALYST,
            lambda s: save_assumptions(s, "Acme", "mine", Assumptions(people_told=2.0)),
        ),
        "save_assumptions (replace)": (
            ANALYST,
            lambda s: save_assumptions(s, "Acme", "board", Assumptions(), replace=True),
        ),
        "use_assumptions": (ANALYST, lambda s: use_assumptions(s, "Acme", None)),
        "save_scenario": (
            ANALYST,
            lambda s: save_scenario(s, "Acme", "mine", Scenario(outage_hours_cut=0.1)),
        ),
        "restore_version": (
            ANALYST,
            lambda s: restore_version(s, "Acme", "scenario", "outages", 1),
        ),
        "save_mapping": (ANALYST, lambda s: save_mapping(s, "Acme", "crm", {"a": "b"})),
        "save_model_directory": (ANALYST, lambda s: save_model_directory(s, "Acme", model_dir)),
        "save_alert_rule": (
            ANALYST,
            lambda s: save_alert_rule(s, "Acme", AlertRule("big", above_amount=1.0)),
        ),
        "snapshot_file": (ANALYST, lambda s: snapshot_file(s, "Acme", "2026-02", source)),
        "snapshot_frame": (ANALYST, lambda s: snapshot_frame(s, "Acme", "2026-03", frame, "x")),
        "mark_fix": (ANALYST, lambda s: mark_fix(s, "Acme", "outages", "2026-02")),
        "drop_period": (OWNER, lambda s: drop_period(s, "Acme", "2026-01")),
        "grant": (OWNER, lambda s: grant(s, "Acme", "dan@example.com", VIEWER)),
        "revoke": (OWNER, lambda s: revoke(s, "Acme", BOB)),
    }


def test_each_write_is_refused_to_a_member_without_its_role_with_nothing_written(team):
    store = team["store"]
    checked = 0
    for what, (needs, write) in writes(team).items():
        below = {ANALYST: BOB, OWNER: CAROL}[needs]  # a viewer; an analyst
        for email in {below, BOB}:
            before = everything(store)
            with pytest.raises(NotPermitted, match=f"only {needs}s"):
                write(store.acting(user(email)))
            assert everything(store) == before, f"{what} as {email} wrote something"
            checked += 1
    assert checked >= 14


def test_each_write_and_read_is_refused_to_a_stranger_as_if_the_workspace_did_not_exist(team):
    store = team["store"]
    stranger = store.acting(user("eve@example.com"))
    before = everything(store)
    for what, (_, write) in writes(team).items():
        with pytest.raises(NotAMember) as refused:
            write(stranger)
        assert "Acme" not in str(refused.value), what
    assert everything(store) == before
    for read in (workspace_info, trend, period_figures_of, members_of, audit_trail):
        with pytest.raises(NotAMember) as existing:
            read(stranger, "Acme")
        with pytest.raises(NotAMember) as missing:
            read(stranger, "Nowhere")
        assert str(existing.value) == str(missing.value)
        assert "Acme" not in str(existing.value)
    assert workspace_names(stranger) == []


def test_the_store_does_nothing_for_nobody(store):
    with pytest.raises(NoActor):
        create_workspace(Store(store.engine, store.url), "Acme")


def test_the_roles_allow_what_they_say(team):
    store = team["store"]
    bob, carol = store.acting(user(BOB)), store.acting(user(CAROL))
    assert workspace_names(bob) == ["Acme"]
    assert load_saved_scenario(bob, "Acme", "outages")[0] == Scenario(outage_hours_cut=0.3)
    assert save_scenario(carol, "Acme", "cut calls", Scenario(repeat_calls_avoided=0.2)) == 1
    snapshot_file(carol, "Acme", "2026-02", team["source"])
    assert list(trend(bob, "Acme")["period"]) == ["2026-01", "2026-02"]
    assert [(m.email, m.role) for m in members_of(bob, "Acme")] == [
        (ALICE, OWNER),
        (CAROL, ANALYST),
        (BOB, VIEWER),
    ]


def test_a_user_sees_only_the_workspaces_they_are_a_member_of(store):
    alice, bob = store.acting(user(ALICE)), store.acting(user(BOB))
    create_workspace(alice, "Acme")
    create_workspace(bob, "Bobco")
    assert workspace_names(alice) == ["Acme"]
    assert workspace_names(bob) == ["Bobco"]
    grant(alice, "Acme", "BOB@example.com ", ANALYST)  # an address is compared without case
    assert workspace_names(bob) == ["Acme", "Bobco"]
    assert workspace_names(store) == ["Acme", "Bobco"]  # the administrator sees all


def test_the_last_owner_can_be_neither_revoked_nor_demoted(store):
    alice = store.acting(user(ALICE))
    create_workspace(alice, "Acme")
    with pytest.raises(LastOwner, match="last owner"):
        revoke(alice, "Acme", ALICE)
    with pytest.raises(LastOwner, match="last owner"):
        grant(store, "Acme", ALICE, VIEWER)  # not even by the administrator
    grant(alice, "Acme", BOB, OWNER)
    revoke(store.acting(user(BOB)), "Acme", ALICE)
    assert [(m.email, m.role) for m in members_of(store, "Acme")] == [(BOB, OWNER)]
    with pytest.raises(NotAMember):
        workspace_info(alice, "Acme")


def test_every_change_is_in_the_audit_trail_with_who_and_what(team):
    store = team["store"]
    carol = store.acting(user(CAROL))
    save_scenario(carol, "Acme", "outages", Scenario(outage_hours_cut=0.5), replace=True)
    revoke(store, "Acme", BOB)
    events = audit_trail(store.acting(user(ALICE)), "Acme")
    lines = [(e.actor, e.action, e.detail) for e in reversed(events)]
    assert lines[0] == (ALICE, "workspace created", "workspace 'Acme' created")
    assert (ALICE, "member granted", f"{BOB} made viewer") in lines
    assert (ALICE, "member granted", f"{CAROL} made analyst") in lines
    assert any(a == "period saved" and "2026-01" in d for _, a, d in lines)
    assert (ALICE, "assumption set saved", "'board' version 1") in lines
    assert lines[-2] == (CAROL, "scenario saved", "'outages' version 2")
    assert lines[-1][1:] == ("member revoked", f"{BOB} (viewer) revoked")
    assert lines[-1][0].startswith("cli:")
    assert all(e.at is not None for e in events)
