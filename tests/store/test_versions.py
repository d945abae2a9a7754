"""Saved work not lost between two people: each save a new version, the latest current,
earlier ones openable and restorable, and a save started from an older version refused
rather than silently put over someone else's."""

from __future__ import annotations

import pytest

from model.money import Assumptions, Scenario
from model.store import (
    ANALYST,
    SavedMeanwhile,
    assumptions_in_use,
    create_workspace,
    grant,
    load_assumptions,
    load_saved_scenario,
    restore_version,
    save_assumptions,
    save_scenario,
    user,
    version_history,
    versions,
)

ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture
def two_sessions(store):
    """Alice and Bob, analysts of Acme, each through their own handle (their own session)."""
    alice = store.acting(user(ALICE))
    create_workspace(alice, "Acme")
    grant(alice, "Acme", BOB, ANALYST)
    return alice, store.acting(user(BOB))


def test_two_analysts_saving_one_scenario_never_overwrite_each_other(two_sessions):
    alice, bob = two_sessions
    save_scenario(alice, "Acme", "outages", Scenario(outage_hours_cut=0.3))
    # Both open version 1, each changes it, Alice saves first.
    opened_by_alice = opened_by_bob = versions(alice, "Acme", "scenario", "outages")[-1]
    mine = Scenario(outage_hours_cut=0.4)
    assert (
        save_scenario(alice, "Acme", "outages", mine, replace=True, based_on=opened_by_alice) == 2
    )
    theirs = Scenario(outage_hours_cut=0.6)
    with pytest.raises(SavedMeanwhile, match=f"version 2 by {ALICE}.*Yours was not saved"):
        save_scenario(bob, "Acme", "outages", theirs, replace=True, based_on=opened_by_bob)
    # Nothing of Bob's was written; Alice's is current; Bob reopens, then saves on top.
    assert load_saved_scenario(bob, "Acme", "outages")[0] == mine
    latest = versions(bob, "Acme", "scenario", "outages")[-1]
    assert save_scenario(bob, "Acme", "outages", theirs, replace=True, based_on=latest) == 3
    history = version_history(alice, "Acme", "scenario", "outages")
    assert [(v.version, v.created_by) for v in history] == [(1, ALICE), (2, ALICE), (3, BOB)]
    assert load_saved_scenario(alice, "Acme", "outages", version=2)[0] == mine
    assert load_saved_scenario(alice, "Acme", "outages")[0] == theirs


def test_an_earlier_version_is_opened_and_restored_as_the_newest(two_sessions):
    alice, bob = two_sessions
    save_assumptions(alice, "Acme", "board", Assumptions(people_told=2.0))
    save_assumptions(bob, "Acme", "board", Assumptions(people_told=5.0), replace=True, based_on=1)
    assert load_assumptions(alice, "Acme", "board", version=1).people_told == 2.0
    with pytest.raises(SavedMeanwhile):
        restore_version(alice, "Acme", "assumptions", "board", 1, based_on=1)
    assert restore_version(alice, "Acme", "assumptions", "board", 1, based_on=2) == 3
    assert versions(bob, "Acme", "assumptions", "board") == [1, 2, 3]
    in_use = assumptions_in_use(bob, "Acme")
    assert (in_use.version, in_use.assumptions.people_told) == (3, 2.0)
