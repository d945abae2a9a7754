"""Workspaces and what they hold: names as data, versions never silently overwritten, the
model kept as its hash-checked JSON artefact."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from model.churn import ModelMismatch, default_model
from model.churn.artefact import save_model
from model.money import Assumptions, FixCost, Scenario
from model.store import (
    NameTaken,
    UnknownWorkspace,
    assumptions_in_use,
    create_workspace,
    load_mapping,
    load_saved_scenario,
    save_assumptions,
    save_mapping,
    save_model_directory,
    save_scenario,
    use_assumptions,
    versions,
    workspace_info,
    workspace_model,
    workspace_names,
)
from model.store.schema import models

#: Names that would break SQL pasted together from strings, and a newline.
AWKWARD = [
    "Robert'); DROP TABLE workspaces;--",
    'say "hi"; select 1',
    "two\nlines",
    "Zürich 東京 — 100 %",
]


def test_a_new_workspace_starts_on_the_built_in_model_and_the_default_assumptions(store):
    create_workspace(store, "Acme")
    info = workspace_info(store, "Acme")
    assert (info.name, info.model_version, info.current_assumptions) == ("Acme", None, None)
    assert info.periods == ()
    assert assumptions_in_use(store, "Acme").assumptions == Assumptions()
    assert workspace_model(store, "Acme").version is None


def test_names_with_quotes_semicolons_and_newlines_round_trip_unchanged(store):
    for name in AWKWARD:
        create_workspace(store, name)
        save_assumptions(store, name, name, Assumptions(people_told=3.0))
        save_scenario(store, name, name, Scenario(outage_hours_cut=0.5))
    assert workspace_names(store) == AWKWARD
    for name in AWKWARD:
        info = workspace_info(store, name)
        assert info.name == name
        assert info.current_assumptions == name
        assert info.scenarios == (name,)


def test_a_name_taken_is_refused_and_an_unknown_one_said_plainly(store):
    create_workspace(store, "Acme")
    with pytest.raises(NameTaken, match="'Acme' already exists"):
        create_workspace(store, "Acme")
    with pytest.raises(UnknownWorkspace, match="No workspace is named 'Nobody'"):
        workspace_info(store, "Nobody")
    with pytest.raises(ValueError, match="visible character"):
        create_workspace(store, "  ")


def test_assumption_sets_are_versioned_never_silently_overwritten(store):
    create_workspace(store, "Acme")
    assert save_assumptions(store, "Acme", "board", Assumptions(people_told=2.0)) == 1
    with pytest.raises(NameTaken, match=r"'board' already exists \(version 1\)"):
        save_assumptions(store, "Acme", "board", Assumptions(people_told=5.0))
    assert save_assumptions(store, "Acme", "board", Assumptions(people_told=5.0), replace=True) == 2
    assert versions(store, "Acme", "assumptions", "board") == [1, 2]
    in_use = assumptions_in_use(store, "Acme")
    assert (in_use.name, in_use.version, in_use.assumptions.people_told) == ("board", 2, 5.0)
    save_assumptions(store, "Acme", "cautious", Assumptions(people_told=1.0), make_current=False)
    assert assumptions_in_use(store, "Acme").name == "board"
    use_assumptions(store, "Acme", "cautious")
    assert assumptions_in_use(store, "Acme").assumptions.people_told == 1.0
    use_assumptions(store, "Acme", None)
    assert assumptions_in_use(store, "Acme").assumptions == Assumptions()


def test_scenarios_keep_their_levers_and_fix_costs_and_mappings_their_json(store):
    create_workspace(store, "Acme")
    save_scenario(
        store, "Acme", "fix outages", Scenario(outage_hours_cut=0.3), FixCost(1000.0, 50.0)
    )
    scenario, cost = load_saved_scenario(store, "Acme", "fix outages")
    assert scenario == Scenario(outage_hours_cut=0.3)
    assert cost == FixCost(1000.0, 50.0)
    mapping = {"customers": {"customer_id": "Account No."}, "tickets": {"format": "zendesk"}}
    save_mapping(store, "Acme", "crm", mapping)
    assert load_mapping(store, "Acme", "crm") == mapping


def test_the_workspace_model_is_kept_as_its_artefact_and_refused_when_tampered(store, tmp_path):
    create_workspace(store, "Acme")
    save_model(default_model(), tmp_path / "own")
    assert save_model_directory(store, "Acme", tmp_path / "own") == 1
    in_use = workspace_model(store, "Acme")
    assert in_use.version == 1
    assert in_use.model.card["artefact_sha256"] == in_use.sha256
    with store.engine.begin() as connection:
        connection.execute(update(models).values(artefact=b'{"format": "edited"}\n'))
    with pytest.raises(ModelMismatch, match="does not match the SHA-256"):
        workspace_model(store, "Acme")
