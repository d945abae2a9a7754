"""The store's commands: `churn-cost workspace`, `snapshot` and `trend`, on both databases."""

from __future__ import annotations

import pandas as pd
import pytest

from data.synthetic import generate
from model.batch import score_file
from model.commands import cli
from model.store import AlertRule, command_line, save_alert_rule

AWKWARD = 'O\'Brien; "Ltd"\nsecond line'


@pytest.fixture
def customers(tmp_path):
    path = tmp_path / "customers.csv"
    generate(300, seed=3).to_csv(path, index=False)
    return path


def run(*words, url):
    return cli.main([*words, "--database", url])


def test_workspace_create_list_show_print_names_as_given(store_url, capsys):
    assert run("workspace", "create", "Acme", url=store_url) == 0
    assert run("workspace", "create", AWKWARD, url=store_url) == 0
    capsys.readouterr()
    assert run("workspace", "list", url=store_url) == 0
    assert capsys.readouterr().out == f"Acme\n{AWKWARD}\n"
    assert run("workspace", "show", AWKWARD, url=store_url) == 0
    assert f"workspace: {AWKWARD}\n" in capsys.readouterr().out
    assert run("workspace", "create", "Acme", url=store_url) == 2
    assert "already exists" in capsys.readouterr().err


def test_snapshot_then_trend_gives_model_scores_totals(store_url, customers, tmp_path, capsys):
    run("workspace", "create", "Acme", url=store_url)
    words = ("snapshot", "--workspace", "Acme", "--period", "2026-04", str(customers))
    assert run(*words, url=store_url) == 0
    assert "Stored as period 2026-04 of workspace 'Acme'." in capsys.readouterr().out
    assert run("trend", "--workspace", "Acme", "-o", str(tmp_path / "t.csv"), url=store_url) == 0
    table = pd.read_csv(tmp_path / "t.csv")
    scored = score_file(customers, tmp_path / "scored.csv")
    assert list(table["period"]) == ["2026-04"]
    assert round(table.loc[0, "total_expected_cost"], 2) == round(scored.total_expected_cost, 2)


def test_snapshot_exit_codes_say_rejected_nothing_stored_and_alert(store_url, customers, capsys):
    from model.store import open_store

    run("workspace", "create", "Acme", url=store_url)
    frame = pd.read_csv(customers)
    frame.loc[0, "outage_hours"] = -5
    broken = customers.with_name("broken.csv")
    frame.to_csv(broken, index=False)
    snap = ("snapshot", "--workspace", "Acme", "--period")
    assert run(*snap, "2026-01", str(broken), url=store_url) == 1
    assert run(*snap, "2026-02", str(customers.with_name("missing.csv")), url=store_url) == 2
    assert run(*snap, "2026-02", str(customers), "--workspace", "Nobody", url=store_url) == 2
    store = open_store(store_url).acting(command_line())
    save_alert_rule(store, "Acme", AlertRule("big", above_amount=1.0))
    store.dispose()
    capsys.readouterr()
    assert run(*snap, "2026-02", str(broken), url=store_url) == 3
    out = capsys.readouterr()
    assert "1 rejected" in out.out and "ALERT (big): The total is $" in out.out
    assert run("workspace", "drop-period", "Acme", "2026-02", url=store_url) == 0
    assert run("workspace", "drop-period", "Acme", "2026-02", url=store_url) == 2


def test_workspace_members_grant_and_revoke_act_as_the_administrator(store_url, capsys):
    import getpass

    from model.store import audit_trail, open_store

    run("workspace", "create", "Acme", url=store_url)
    assert run("workspace", "grant", "Acme", "Alice@Example.com", "owner", url=store_url) == 0
    assert run("workspace", "grant", "Acme", "bob@example.com", "viewer", url=store_url) == 0
    capsys.readouterr()
    assert run("workspace", "members", "Acme", url=store_url) == 0
    assert capsys.readouterr().out == "alice@example.com\towner\nbob@example.com\tviewer\n"
    assert run("workspace", "grant", "Acme", "bob@example.com", "boss", url=store_url) == 2
    assert "viewer, analyst, owner" in capsys.readouterr().err
    assert run("workspace", "revoke", "Acme", "alice@example.com", url=store_url) == 2
    assert "last owner" in capsys.readouterr().err
    assert run("workspace", "revoke", "Acme", "bob@example.com", url=store_url) == 0
    store = open_store(store_url).acting(command_line())
    events = audit_trail(store, "Acme")
    store.dispose()
    assert {event.actor for event in events} == {f"cli:{getpass.getuser()}"}
    assert [event.action for event in reversed(events)] == [
        "workspace created",
        "member granted",
        "member granted",
        "member revoked",
    ]


def test_snapshot_refuses_a_model_that_failed_its_checks_unless_accepted(
    store_url, customers, tmp_path, capsys
):
    import json
    import shutil

    from model.churn.artefact import ARTEFACT_NAME, BUILT_IN_DIR, CARD_NAME, seal
    from model.store import open_store, save_model_directory

    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(BUILT_IN_DIR / ARTEFACT_NAME, folder / ARTEFACT_NAME)
    card = json.loads((BUILT_IN_DIR / CARD_NAME).read_text())
    card["checks"] |= {"history_large_enough": False}
    card["sealed_sha256"] = seal(card, (BUILT_IN_DIR / ARTEFACT_NAME).read_bytes())
    (folder / CARD_NAME).write_text(json.dumps(card))
    run("workspace", "create", "Acme", url=store_url)
    store = open_store(store_url).acting(command_line())
    save_model_directory(store, "Acme", folder)
    store.dispose()
    capsys.readouterr()

    words = ("snapshot", "--workspace", "Acme", "--period", "2026-04", str(customers))
    assert run(*words, url=store_url) == 2
    assert "failed Size of history" in capsys.readouterr().err
    assert run(*words, "--accept-failed-checks", url=store_url) == 0
    assert "Size of history failed: too few customers" in capsys.readouterr().out
