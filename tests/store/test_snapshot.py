"""Periods: scored through the front door, kept whole, replaced whole, never half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from data.synthetic import generate
from model.batch import score_file
from model.churn import default_model
from model.explain import bumped_scores, failure_prices
from model.money import Assumptions
from model.store import (
    UnknownPeriod,
    command_line,
    create_workspace,
    drop_period,
    open_store,
    period_estimates,
    period_figures_of,
    save_assumptions,
    snapshot_file,
    trend,
    workspace_info,
)
from model.store.figures import FigureTally

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def contract_file(tmp_path):
    def write(n: int, seed: int) -> Path:
        path = tmp_path / f"customers-{n}-{seed}.csv"
        generate(n, seed=seed).to_csv(path, index=False)
        return path

    return write


def test_trend_totals_equal_model_scores_to_the_cent(store, contract_file, tmp_path):
    create_workspace(store, "Acme")
    assumptions = Assumptions(people_told=4.0, cost_per_call=6.5)
    save_assumptions(store, "Acme", "board", assumptions)
    for month, seed in (("2026-01", 1), ("2026-02", 2)):
        source = contract_file(600, seed)
        snapshot_file(store, "Acme", month, source)
        scored = score_file(source, tmp_path / f"{month}.csv", assumptions)
        row = trend(store, "Acme").set_index("period").loc[month]
        assert round(row["total_expected_cost"], 2) == round(scored.total_expected_cost, 2)
        assert round(row["handling_cost"], 2) == round(scored.service_cost, 2)
        assert row["customers"] == scored.estimated
        causes = row[[c for c in row.index if c.startswith("cost_from_")]]
        assert causes.sum() == pytest.approx(row["total_expected_cost"], abs=0.005)
        assert row["expected_lost"] + row["handling_cost"] == pytest.approx(
            row["total_expected_cost"], abs=0.005
        )


def test_each_customers_estimates_are_kept_with_their_root_causes(store, contract_file):
    create_workspace(store, "Acme")
    snapshot_file(store, "Acme", "2026-03", contract_file(300, 5))
    rows = period_estimates(store, "Acme", "2026-03")
    assert len(rows) == 300
    causes = rows[[c for c in rows.columns if c.startswith("cost_from_")]].sum(axis=1)
    assert causes.to_numpy() == pytest.approx(rows["total_expected_cost"].to_numpy(), abs=1e-6)
    prices = period_figures_of(store, "Acme")["2026-03"].failure_prices()
    assert set(prices["failure"]) >= {"outage_hours", "support_calls"}


def test_a_period_snapshotted_twice_appears_once_with_the_second_files_figures(
    store, contract_file
):
    create_workspace(store, "Acme")
    first = snapshot_file(store, "Acme", "2026-01", contract_file(200, 1))
    second = snapshot_file(store, "Acme", "2026-01", contract_file(250, 2))
    assert (first.replaced, second.replaced) == (False, True)
    table = trend(store, "Acme")
    assert list(table["period"]) == ["2026-01"]
    assert table.loc[0, "customers"] == 250
    assert table.loc[0, "total_expected_cost"] == second.report.total_expected_cost
    assert len(period_estimates(store, "Acme", "2026-01")) == 250


def test_a_dropped_period_is_gone_whole_and_a_bad_period_refused(store, contract_file):
    create_workspace(store, "Acme")
    snapshot_file(store, "Acme", "2026-01", contract_file(100, 1))
    drop_period(store, "Acme", "2026-01")
    assert workspace_info(store, "Acme").periods == ()
    with pytest.raises(UnknownPeriod):
        drop_period(store, "Acme", "2026-01")
    with pytest.raises(ValueError, match="YYYY-MM"):
        snapshot_file(store, "Acme", "2026-13", contract_file(100, 1))


KILLED_RUN = textwrap.dedent(
    """
    import sys, time
    import model.store.snapshot as snapshot
    from model.store import command_line, open_store, snapshot_file

    snapshot.PART_ROWS = 100
    written = snapshot.insert_part

    def then_wait(connection, period_id, part, table):
        written(connection, period_id, part, table)
        if part == 1:
            print("two parts written", flush=True)
            time.sleep(600)

    snapshot.insert_part = then_wait
    snapshot_file(open_store(sys.argv[1]).acting(command_line()), "Acme", "2026-01", sys.argv[2])
    """
)


def test_a_snapshot_killed_mid_write_leaves_the_previous_figures(store, store_url, contract_file):
    create_workspace(store, "Acme")
    before = snapshot_file(store, "Acme", "2026-01", contract_file(150, 1))
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, store_url, str(contract_file(500, 2))],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert run.stdout.readline().strip() == "two parts written"
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    reopened = open_store(store_url).acting(command_line())
    table = trend(reopened, "Acme")
    assert list(table["customers"]) == [150]
    assert table.loc[0, "total_expected_cost"] == before.report.total_expected_cost
    assert len(period_estimates(reopened, "Acme", "2026-01")) == 150
    reopened.dispose()


def test_a_period_keeps_exactly_the_score_commands_estimates_and_their_figures(
    store, contract_file, tmp_path
):
    """The snapshot takes pass two's estimates straight into the store (no file between):
    they are `score --explain`'s Parquet output bit for bit, and the figures are those
    tallied from that output, failure prices priced the way they always were."""
    create_workspace(store, "Acme")
    source = contract_file(3_000, 9)
    snapshot_file(store, "Acme", "2026-05", source)
    output = tmp_path / "scored.parquet"
    report = score_file(source, output, explain=True)
    scored = pd.read_parquet(output)
    pd.testing.assert_frame_equal(
        period_estimates(store, "Acme", "2026-05"), scored, check_exact=True
    )
    model, assumptions = default_model(), Assumptions()
    prospect_value = report.prospect_value(assumptions)
    prices = failure_prices(scored, bumped_scores(scored, model), assumptions, prospect_value)
    expected = FigureTally().add(scored, prices).figures().values
    stored = period_figures_of(store, "Acme")["2026-05"].values
    assert stored.keys() == expected.keys()
    for key, value in expected.items():
        assert stored[key] == pytest.approx(value, rel=1e-12, abs=1e-9), key
