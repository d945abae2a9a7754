"""`churn-cost snapshot`'s other two ways in, on both databases: the Dask engine (its workers
write the period's rows, on a local cluster) and a customer file with logs prepared first
(`--customers/--tickets/--outages/--orders`). Each stores the period with `model.score`'s
totals on the same customers, to the cent."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.synthetic import generate, generate_records
from model.batch import score_file
from model.commands import cli, prepare
from model.store import command_line, open_store, period_estimates, trend


@pytest.fixture(scope="module")
def cluster():
    """A small local Dask cluster in this process (threads): the engine's path, cheaply."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


def stored_total(url: str, workspace: str, period: str) -> tuple[int, float]:
    store = open_store(url).acting(command_line())
    try:
        row = trend(store, workspace).set_index("period").loc[period]
        rows = len(period_estimates(store, workspace, period, ["customer_id"]))
    finally:
        store.dispose()
    assert rows == row["customers"], "every customer's row stored"
    return int(row["customers"]), float(row["total_expected_cost"])


def test_snapshot_on_dask_stores_the_period_with_model_scores_totals(
    store_url, cluster, tmp_path: Path
):
    source = tmp_path / "customers.csv"
    generate(400, seed=8).to_csv(source, index=False)
    assert cli.main(["workspace", "create", "Acme", "--database", store_url]) == 0
    words = ["snapshot", "--workspace", "Acme", "--period", "2026-05", str(source)]
    engine = ["--engine", "dask", "--scheduler", cluster, "--database", store_url]
    assert cli.main([*words, *engine]) == 0
    customers, total = stored_total(store_url, "Acme", "2026-05")
    scored = score_file(source, tmp_path / "scored.csv")
    assert customers == scored.estimated == 400
    assert round(total, 2) == round(scored.total_expected_cost, 2)


def test_snapshot_from_a_customer_file_and_logs_stores_what_prepare_and_score_give(
    store_url, tmp_path: Path, capsys
):
    records = generate_records(300, seed=5)
    files = []
    for section in ("customers", "tickets", "outages", "orders"):
        path = tmp_path / f"{section}.csv"
        records[section].to_csv(path, index=False)
        files += [f"--{section}", str(path)]
    assert cli.main(["workspace", "create", "Logs", "--database", store_url]) == 0
    words = ["snapshot", "--workspace", "Logs", "--period", "2026-06", *files]
    assert cli.main([*words, "--database", store_url]) == 0
    assert "Stored as period 2026-06 of workspace 'Logs'." in capsys.readouterr().out
    prepared = tmp_path / "prepared.csv"
    assert prepare.main([*files, "-o", str(prepared)]) in (0, 1)  # 1: some log rows unused
    scored = score_file(prepared, tmp_path / "scored.csv")
    customers, total = stored_total(store_url, "Logs", "2026-06")
    assert customers == scored.estimated == 300
    assert round(total, 2) == round(scored.total_expected_cost, 2)


def test_snapshot_from_logs_that_cannot_be_prepared_stores_nothing(store_url, tmp_path, capsys):
    missing = tmp_path / "no-such-crm.csv"
    assert cli.main(["workspace", "create", "Logs", "--database", store_url]) == 0
    words = ["snapshot", "--workspace", "Logs", "--period", "2026-06", "--customers"]
    assert cli.main([*words, str(missing), "--database", store_url]) == 2
    assert "Nothing was stored" in capsys.readouterr().err
    store = open_store(store_url).acting(command_line())
    assert trend(store, "Logs").empty
    store.dispose()
