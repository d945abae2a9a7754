"""The Dask engine gives the single-machine answer, row for row, on a 2-worker local cluster."""

from __future__ import annotations

import glob
import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin

from data.synthetic import generate
from model.batch import dask_engine, score_file
from model.batch.chunks import ChunkWork
from model.batch.dask_engine import output_parts, score_dataset
from model.batch.dask_model import ModelOnWorkers, ModelRefused
from model.batch.dask_tasks import (
    PartScored,
    PartSummary,
    _bucket,
    _repeated_ids,
    _summarise_part,
)
from model.churn.artefact import ARTEFACT_NAME, BUILT_IN_DIR, CARD_NAME
from model.churn.loader import load_user_model
from model.commands.score import main
from model.money.assumptions import Assumptions
from model.money.scenario import Scenario

ROWS, PART_ROWS = 4_000, 1_000
#: Bad rows (file row numbers) spread over the four parts, and the problem each must show.
BAD_ROWS = {
    5: 'outage_hours: must be a number >= 0, got "-5"',
    1200: 'monthly_revenue: must be a number >= 0, got "fifty"',
    1300: "customer_id: must not be empty",
    2500: 'customer_id: must be unique, "C0000029" is already in row 30',  # across parts
    2600: 'customer_id: must be unique, "C0002549" is already in row 2550',  # within a part
    3100: 'customer_id: must be unique, "C0001199" is already in row 1200',  # first was rejected
    3500: "row: has 7 fields, the header has 6",  # forces the row-by-row reader in part 3
    3700: 'customer_id: must be unique, "C0000029" is already in row 30',  # a third time
    2700: 'customer_id: must be unique, "C0001499" is already in row 1500',  # from part 1 ...
    3800: 'customer_id: must be unique, "C0001499" is already in row 1500',  # ... to two more
    2800: 'customer_id: must be unique, "C0000600" is already in row 601; '  # repeated, and
    'tenure_months: must be a number >= 0, got "-3"',  # another problem
}


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def customer_lines() -> list[str]:
    """A header and ROWS data lines, ids C0000000..., with the bad rows of BAD_ROWS."""
    customers = generate(ROWS, seed=7)[
        [
            "customer_id",
            "monthly_revenue",
            "tenure_months",
            "outage_hours",
            "support_calls",
            "unresolved_promises",
        ]
    ]
    customers["customer_id"] = [f"C{n:07d}" for n in range(ROWS)]
    customers.loc[9, "customer_id"] = "=HYPERLINK(1)"  # valid, but neutralised when written
    text = customers.astype(str)
    row = lambda number: number - 1  # noqa: E731 (file row number -> frame position)
    text.loc[row(5), "outage_hours"] = "-5"
    text.loc[row(1200), "monthly_revenue"] = "fifty"
    text.loc[row(1300), "customer_id"] = ""
    text.loc[row(2500), "customer_id"] = "C0000029"
    text.loc[row(2600), "customer_id"] = "C0002549"
    text.loc[row(3100), "customer_id"] = "C0001199"
    text.loc[row(3700), "customer_id"] = "C0000029"
    text.loc[row(2700), "customer_id"] = "C0001499"
    text.loc[row(3800), "customer_id"] = "C0001499"
    text.loc[row(2800), ["customer_id", "tenure_months"]] = ["C0000600", "-3"]
    lines = [",".join(text.columns)] + [",".join(values) for values in text.to_numpy()]
    lines[3500] += ",9"
    return lines


def write_parts(folder: Path, lines: list[str]) -> None:
    folder.mkdir()
    header, rows = lines[0], lines[1:]
    for index, start in enumerate(range(0, len(rows), PART_ROWS)):
        part = "\n".join([header, *rows[start : start + PART_ROWS]]) + "\n"
        (folder / f"part-{index}.csv").write_text(part)


def read_text(pattern: str | Path) -> pd.DataFrame:
    """Every part of a CSV dataset as text, in part order."""
    files = sorted(glob.glob(str(pattern)))
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files]
    return pd.concat(frames, ignore_index=True)


class HeldInPassTwo(SchedulerPlugin):
    """Records, each time a pass-two task starts, the types of the results the cluster holds."""

    name = "held-in-pass-two"

    def __init__(self):
        self.started, self.held = 0, set()

    async def start(self, scheduler):
        self.scheduler = scheduler

    def transition(self, key, start, finish, *args, **kwargs):
        if finish == "processing" and str(key).startswith("_score_part-"):
            self.started += 1
            tasks = self.scheduler.tasks.values()
            self.held |= {str(ts.type) for ts in tasks if ts.state == "memory"}


def _held_in_pass_two(dask_scheduler) -> tuple[int, set[str]]:
    plugin = dask_scheduler.plugins[HeldInPassTwo.name]
    return plugin.started, plugin.held


@pytest.fixture(scope="module")
def single_and_dask(client, tmp_path_factory):
    """One file scored by one process, and the same rows in four parts scored on Dask; and
    what the cluster held while it wrote them."""
    folder = tmp_path_factory.mktemp("same-answer")
    lines = customer_lines()
    (folder / "all.csv").write_text("\n".join(lines) + "\n")
    write_parts(folder / "parts", lines)
    single = score_file(folder / "all.csv", folder / "one.csv", errors_path=folder / "one-err.csv")
    client.register_plugin(HeldInPassTwo())
    try:
        dask = score_dataset(
            folder / "parts" / "part-*.csv",
            folder / "out" / "part-*.csv",
            errors_location=folder / "err" / "part-*.csv",
            client=client,
        )
        held = client.run_on_scheduler(_held_in_pass_two)
    finally:
        client.unregister_scheduler_plugin(HeldInPassTwo.name)
    return folder, single, dask, held


def test_dask_and_one_process_give_identical_estimates(single_and_dask):
    folder, single, dask, _ = single_and_dask
    one, parts = read_text(folder / "one.csv"), read_text(folder / "out" / "part-*.csv")
    pd.testing.assert_frame_equal(parts, one)
    assert "'=HYPERLINK(1)" in parts["customer_id"].tolist()
    assert dask.summary() == single.summary()


def test_dask_and_one_process_give_identical_rejections_with_global_row_numbers(single_and_dask):
    folder, _, _, _ = single_and_dask
    one, parts = read_text(folder / "one-err.csv"), read_text(folder / "err" / "part-*.csv")
    pd.testing.assert_frame_equal(parts, one)
    assert dict(zip(parts["row_number"].astype(int), parts["problems"], strict=True)) == BAD_ROWS


def test_no_row_is_lost_across_partitions(single_and_dask):
    folder, _, dask, _ = single_and_dask
    estimated = read_text(folder / "out" / "part-*.csv")
    rejected = len(BAD_ROWS)
    assert (dask.rows_read, dask.estimated, dask.rejected) == (ROWS, ROWS - rejected, rejected)
    assert len(estimated) + dask.rejected == dask.rows_read
    assert len(glob.glob(str(folder / "out" / "part-*.csv"))) == ROWS // PART_ROWS


def test_a_worker_holds_no_rows_between_the_passes(single_and_dask):
    """Memory constant in the portfolio: when a part starts being scored, the cluster
    holds at most other parts' small results of pass two, nothing of the summary pass
    (which the old engine kept: every part's scored rows)."""
    _, _, _, (started, held) = single_and_dask
    assert started == ROWS // PART_ROWS
    assert held <= {f"{PartScored.__module__}.{PartScored.__qualname__}"}


def test_nothing_stays_on_the_cluster_after_scoring(client, single_and_dask):
    assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0
    assert set(client.run(lambda dask_worker: len(dask_worker.data)).values()) == {0}


def test_a_parts_summary_holds_figures_and_16_bytes_a_row_not_its_rows(client, tmp_path):
    write_parts(tmp_path / "parts", customer_lines())
    work = ChunkWork(None, Scenario(), Assumptions())
    summary = client.submit(_summarise_part, tmp_path / "parts" / "part-2.csv", 0, None, work)
    summary = summary.result()
    assert isinstance(summary, PartSummary)
    assert summary.rows_read == PART_ROWS
    assert summary.hashes.nbytes + summary.first_rows.nbytes == 16 * (PART_ROWS - 1)  # one id twice
    assert not [v for v in vars(summary).values() if isinstance(v, pd.DataFrame | pd.Series)]
    ids_and_figures = summary.hashes.nbytes + summary.first_rows.nbytes + 20_000
    assert len(pickle.dumps(summary)) < ids_and_figures  # the scored rows: about 250 kB


def test_the_hash_ranges_together_find_every_id_repeated_across_parts():
    """However many ranges the reduction is split into, it finds each later occurrence of an
    id with the row of its first, as one pass over every part's ids would."""
    rng = np.random.default_rng(3)
    pool = np.unique(rng.integers(0, 2**64, size=400, dtype=np.uint64))  # all of the range
    sizes, summaries = [120, 90, 150], []
    for size in sizes:
        hashes = np.sort(rng.choice(pool, size=size, replace=False))
        first_rows = rng.permutation(size).astype(np.int64) + 1  # numbered within the part
        summaries.append(PartSummary(size, None, False, hashes, first_rows))
    rows_before = [0, sizes[0], sizes[0] + sizes[1]]
    every = pd.DataFrame(
        {
            "hash": np.concatenate([s.hashes for s in summaries]),
            "part": np.repeat([0, 1, 2], sizes),
            "row": np.concatenate(
                [s.first_rows + b for s, b in zip(summaries, rows_before, strict=True)]
            ),
        }
    )
    first = every.sort_values("row").drop_duplicates("hash").set_index("hash")
    later = every[every.duplicated("hash")].sort_values(["hash", "part"])
    expected = list(zip(later["hash"], later["part"], first.loc[later["hash"], "row"], strict=True))
    assert len(expected) > 20
    for buckets in (1, 2, 7):
        found = [
            _repeated_ids(rows_before, *[_bucket(s, b, buckets) for s in summaries])
            for b in range(buckets)
        ]
        hashes, parts, rows = (np.concatenate(a) for a in zip(*found, strict=True))
        assert sorted(zip(hashes, parts, rows, strict=True)) == sorted(expected)


def test_a_set_prospect_value_and_many_hash_ranges_give_the_one_process_answer(
    client, tmp_path, monkeypatch
):
    """The summary then skips the model and the second summaries; the reduction is split
    into a range per 700 rows (six)."""
    monkeypatch.setattr(dask_engine, "ROWS_PER_BUCKET", 700)
    lines = customer_lines()
    (tmp_path / "all.csv").write_text("\n".join(lines) + "\n")
    write_parts(tmp_path / "parts", lines)
    assumptions = Assumptions(prospect_value=1234.5)
    single = score_file(
        tmp_path / "all.csv", tmp_path / "one.csv", assumptions, errors_path=tmp_path / "e.csv"
    )
    dask = score_dataset(
        tmp_path / "parts",
        tmp_path / "out" / "part-*.csv",
        assumptions,
        errors_location=tmp_path / "err" / "part-*.csv",
        client=client,
    )
    assert dask.summary() == single.summary()
    pd.testing.assert_frame_equal(
        read_text(tmp_path / "out" / "*.csv"), read_text(tmp_path / "one.csv")
    )
    pd.testing.assert_frame_equal(
        read_text(tmp_path / "err" / "*.csv"), read_text(tmp_path / "e.csv")
    )


def test_parquet_datasets_in_and_out_match_one_process(client, tmp_path):
    customers = generate(3_000, seed=11).drop(columns=["true_churn_probability", "churned"])
    customers.to_parquet(tmp_path / "all.parquet")
    (tmp_path / "in").mkdir()
    for index in range(3):  # part.10 must not come before part.2: natural order
        part = customers.iloc[index * 1_000 : (index + 1) * 1_000]
        part.to_parquet(tmp_path / "in" / f"part.{index * 5}.parquet")
    scenario = Scenario(promises_kept=1.0)
    single = score_file(tmp_path / "all.parquet", tmp_path / "one.parquet", scenario=scenario)
    dask = score_dataset(tmp_path / "in", tmp_path / "out", scenario=scenario, client=client)
    together = pd.concat(
        [pd.read_parquet(p) for p in sorted((tmp_path / "out").glob("part-*.parquet"))],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(together, pd.read_parquet(tmp_path / "one.parquet"))
    assert dask.summary() == single.summary()


def test_command_line_scores_on_an_existing_cluster_by_its_address(client, tmp_path, capsys):
    write_parts(tmp_path / "parts", customer_lines())
    code = main(
        [
            str(tmp_path / "parts" / "part-*.csv"),
            "-o",
            str(tmp_path / "out"),
            "--engine",
            "dask",
            "--scheduler",
            client.scheduler.address,
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    rejected = len(BAD_ROWS)
    assert f"Read {ROWS:,} rows: {ROWS - rejected:,} estimated, {rejected} rejected." in out
    assert "row 5: outage_hours" in err
    assert "\r" not in err  # progress only on a terminal
    assert len(list((tmp_path / "out").glob("part-*.parquet"))) == 4


def test_a_worker_never_uses_a_model_that_does_not_match_its_card(client, tmp_path):
    plugin = ModelOnWorkers(b"not the model", (BUILT_IN_DIR / CARD_NAME).read_bytes())
    client.register_plugin(plugin)
    try:
        refusals = client.run(lambda dask_worker: dask_worker.plugins[plugin.name].refusal)
        assert all("does not match the SHA-256" in refusal for refusal in refusals.values())
    finally:
        client.register_plugin(ModelOnWorkers.from_directory())


def test_the_driver_refuses_to_send_a_model_that_does_not_match_its_card(tmp_path):
    card = json.loads((BUILT_IN_DIR / CARD_NAME).read_text())
    (tmp_path / CARD_NAME).write_text(json.dumps(card | {"artefact_sha256": "0" * 64}))
    (tmp_path / ARTEFACT_NAME).write_bytes((BUILT_IN_DIR / ARTEFACT_NAME).read_bytes())
    with pytest.raises(ModelRefused, match="does not match the SHA-256"):
        ModelOnWorkers.from_directory(tmp_path)


def test_a_history_with_a_users_model_gives_the_same_summary_on_dask(client, tmp_path):
    """--model, --explain, --root-causes and expected against realised, on both engines."""
    user_model = tmp_path / "model"
    user_model.mkdir()
    for name in (ARTEFACT_NAME, CARD_NAME):
        (user_model / name).write_bytes((BUILT_IN_DIR / name).read_bytes())
    history = generate(3_000, seed=5).drop(columns=["true_churn_probability"])
    history.to_csv(tmp_path / "all.csv", index=False)
    (tmp_path / "parts").mkdir()
    for index in range(3):
        part = history.iloc[index * 1_000 : (index + 1) * 1_000]
        part.to_csv(tmp_path / "parts" / f"part-{index}.csv", index=False)
    single = score_file(
        tmp_path / "all.csv",
        tmp_path / "one.csv",
        model=load_user_model(user_model),
        explain=True,
        root_causes=True,
    )
    dask = score_dataset(
        tmp_path / "parts",
        tmp_path / "out" / "part-*.csv",
        model_dir=user_model,
        explain=True,
        root_causes=True,
        client=client,
    )
    assert "realised" in single.summary()
    assert dask.summary() == single.summary()
    together, one = read_text(tmp_path / "out" / "part-*.csv"), read_text(tmp_path / "one.csv")
    # the Shapley split's last bits depend on which rows share a chunk, on one machine too
    split = [column for column in one.columns if column.startswith("cost_from_")]
    assert split
    pd.testing.assert_frame_equal(together.drop(columns=split), one.drop(columns=split))
    pd.testing.assert_frame_equal(
        together[split].astype(float), one[split].astype(float), check_exact=False, rtol=1e-12
    )


def test_a_single_file_output_is_refused_with_the_dataset_forms(tmp_path):
    with pytest.raises(ValueError, match=r"a folder \(Parquet parts\) or a pattern such as"):
        output_parts(tmp_path / "estimates.csv", 3, "output")
