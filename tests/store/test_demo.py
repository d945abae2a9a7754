"""The demo workspace: made once on an empty store, a year in which one failure improves and
another worsens, with an alert to show."""

from __future__ import annotations

from model.store import (
    DEMO_WORKSPACE,
    alerts_for,
    create_workspace,
    ensure_demo,
    trend,
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
