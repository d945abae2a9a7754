"""The records import on a 2-worker Dask cluster gives the same files as on one machine."""

from __future__ import annotations

import logging
import shutil

import pytest
from distributed import Client, LocalCluster

from data.records import prepare_records
from data.records.distributed import prepare_on_dask
from data.records.example import write_example
from model.prepare import main as prepare_main


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        yield client


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records")
    return write_example(folder, 1_500, seed=4)


def test_dask_and_one_machine_give_the_same_customers_report_and_counts(client, files, tmp_path):
    local = prepare_records(files)
    dask = prepare_on_dask(files, client=client, buckets=3)
    assert dask.counts == local.counts
    assert dask.window == local.window
    for name, write in (("customers", "write_customers"), ("report", "write_report")):
        getattr(local, write)(tmp_path / f"local-{name}.csv")
        getattr(dask, write)(tmp_path / f"dask-{name}.csv")
        assert (tmp_path / f"local-{name}.csv").read_bytes() == (
            tmp_path / f"dask-{name}.csv"
        ).read_bytes()


def test_the_command_line_prepares_on_an_existing_cluster_by_its_address(client, files, tmp_path):
    work = tmp_path / "work"
    args = [f"--{s}={p}" for s, p in files.items()]
    local, dask = tmp_path / "local.csv", tmp_path / "dask.csv"
    assert prepare_main([*args, "-o", str(local)]) == 1  # the example holds rejected rows
    code = prepare_main(
        [*args, "-o", str(dask), "--engine", "dask", "--scheduler", client.scheduler.address,
         "--buckets", "5", "--work-dir", str(work)]
    )  # fmt: skip
    assert code == 1
    assert dask.read_bytes() == local.read_bytes()
    shutil.rmtree(work)


def test_the_memory_limit_reaches_every_task_and_the_submitting_connection(
    files, tmp_path, monkeypatch
):
    """--memory-limit with --engine dask was accepted and silently dropped: every worker's
    DuckDB took its default, 80 % of the machine each, however many workers shared it."""
    import data.records.distributed as distributed

    made = []

    def recording(*args, **kwargs):
        made.append(kwargs)
        return new_connection(*args, **kwargs)

    new_connection = distributed.new_connection
    monkeypatch.setattr(distributed, "new_connection", recording)
    local = tmp_path / "local.csv"
    prepare_main([f"--{s}={p}" for s, p in files.items()] + ["-o", str(local)])
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster),
    ):  # fmt: skip
        dask = tmp_path / "dask.csv"
        code = prepare_main(
            [f"--{s}={p}" for s, p in files.items()]
            + ["-o", str(dask), "--engine", "dask", "--scheduler", cluster.scheduler_address,
               "--buckets", "3", "--memory-limit", "300MB"]
        )  # fmt: skip
    assert code == 1
    assert dask.read_bytes() == local.read_bytes()
    # 4 inputs, 3 ticket buckets, 3 customer buckets, and the submitting connection
    assert len(made) == 4 + 3 + 3 + 1
    assert all(kwargs.get("memory_limit") == "300MB" for kwargs in made)
    assert sum(bool(kwargs.get("on_disk")) for kwargs in made) == 4 + 3 + 3
