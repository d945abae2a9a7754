"""The demo workspace: made once on an empty store, a year in which one failure improves and
another worsens, with an alert to show."""

from __future__ import annotations

import pytest

from data.synthetic import generate
from model.money import Scenario
from model.store import (
    ANALYST,
    DEMO_WORKSPACE,
    EVERYONE,
    OWNER,
    VIEWER,
    NotAMember,
    NotPermitted,
    alerts_for,
    audit_trail,
    create_workspace,
    ensure_demo,
    grant,
    members_of,
    my_role,
    revoke,
    save_scenario,
    snapshot_file,
    trend,
    user,
    workspace_names,
)


def test_an_empty_store_gets_the_demo_year_once(store):
    assert ensure_demo(store, customers=300)
    assert not ensure_demo(store, customers=300)
    assert workspace_names(store) == [DEMO_WORKSPACE]
    table = trend(store, DEMO_WORKSPACE)
    assert list(table["period"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    first, last = table.iloc[0], table.iloc[-1]
    assert last["cost_from_outage_hours"] < first["cost_from_outage_hours"]
    assert last["cost_from_unresolved_promises"] > first["cost_from_unresolved_promises"]
    assert any(a.what == "unresolved_promises" for a in alerts_for(store, DEMO_WORKSPACE))


def test_a_store_with_a_workspace_of_its_own_gets_no_demo(store):
    create_workspace(store, "Acme")
    assert not ensure_demo(store, customers=300)
    assert workspace_names(store) == ["Acme"]


def test_on_a_signed_in_server_every_user_reads_the_demo_and_nobody_changes_it(store, tmp_path):
    """A signed-in user who belongs to no workspace opens the demo year as a viewer (the
    store's own role rule: the demo is granted to everyone); they cannot change it, and
    through it see nothing of anyone's own workspace."""
    assert ensure_demo(store, customers=200)
    alice = store.acting(user("alice@example.com"))
    assert workspace_names(alice) == [DEMO_WORKSPACE]
    assert my_role(alice, DEMO_WORKSPACE) == VIEWER
    assert len(trend(alice, DEMO_WORKSPACE)) == 12
    assert [(m.email, m.role) for m in members_of(alice, DEMO_WORKSPACE)] == [(EVERYONE, VIEWER)]
    source = tmp_path / "customers.csv"
    generate(50, seed=1).to_csv(source, index=False)
    with pytest.raises(NotPermitted):
        snapshot_file(alice, DEMO_WORKSPACE, "2027-01", source)
    with pytest.raises(NotPermitted):
        save_scenario(alice, DEMO_WORKSPACE, "mine", Scenario(outage_hours_cut=0.5))
    with pytest.raises(NotPermitted):
        grant(alice, DEMO_WORKSPACE, "alice@example.com", OWNER)
    assert len(trend(store, DEMO_WORKSPACE)) == 12  # nothing written

    create_workspace(alice, "Alice's own")  # hers, as owner; Bob sees only the demo
    bob = store.acting(user("bob@example.com"))
    assert workspace_names(bob) == [DEMO_WORKSPACE]
    with pytest.raises(NotAMember):
        trend(bob, "Alice's own")


def test_everyone_is_a_viewer_only_and_an_administrator_can_take_the_demo_away(store):
    assert ensure_demo(store, customers=200)
    with pytest.raises(ValueError, match="viewer only"):
        grant(store, DEMO_WORKSPACE, "Everyone", ANALYST)
    carol = store.acting(user("carol@example.com"))
    grant(store, DEMO_WORKSPACE, "carol@example.com", OWNER)  # her own role counts more
    assert my_role(carol, DEMO_WORKSPACE) == OWNER
    revoke(store, DEMO_WORKSPACE, " EVERYONE ")
    dave = store.acting(user("dave@example.com"))
    assert workspace_names(dave) == []
    with pytest.raises(NotAMember):
        trend(dave, DEMO_WORKSPACE)
    assert my_role(carol, DEMO_WORKSPACE) == OWNER
    actions = [(e.action, e.detail) for e in audit_trail(store, DEMO_WORKSPACE)]
    assert ("member granted", f"{EVERYONE} made {VIEWER}") in actions
    assert ("member revoked", f"{EVERYONE} ({VIEWER}) revoked") in actions
