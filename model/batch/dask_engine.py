"""Score a customer dataset on a Dask cluster, with the command line's own per-chunk code.

    python -m model.score 'customers/part-*.csv' -o estimates/ --engine dask \\
        [--scheduler tcp://scheduler:8786] [--errors 'rejected/part-*.csv']

Each part file of the input is one partition and goes through exactly what the
single-machine path runs on a chunk (model.batch.chunks.validate_and_predict, then
model.money.estimate.estimate, then data.export's safe writers), so both engines give the same
estimates and the same rejections. Portfolio-wide quantities are reductions computed
once: the row count of each part (for global row numbers), the customer ids that occur
in more than one part (so a later occurrence is rejected naming the first row, as one
process would), and the binned lifetime values behind the default prospect value.

The model reaches each worker once, as the artefact's bytes and its card in a worker
plugin; each worker checks the bytes against the card's SHA-256 before using them
(`model.churn.artefact.read_model`, as on one machine), and refuses them otherwise.

Only this module imports Dask; the dashboard and the single-machine command line never
load it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from distributed import Client, WorkerPlugin, as_completed, get_worker

from data.dask_cluster import dask_client
from data.dataset import dataset_parts, part_chunks, rows_in_part
from data.export import estimates_writer
from data.io import MalformedRowsFound
from data.validation import SeenCustomerIds
from model.batch.chunks import ChunkWork, ScoredChunk, explained, validate_and_predict
from model.batch.scoring_report import PROBLEMS_SHOWN, ScoringReport
from model.churn import (
    ARTEFACT_NAME,
    BUILT_IN_DIR,
    CARD_NAME,
    ChurnModel,
    ModelMismatch,
    RealisedTally,
    load_model,
    read_model,
)
from model.money import (
    Assumptions,
    ExactSum,
    MedianTally,
    Scenario,
    estimate,
    own_incidents_first,
)

MODEL_PLUGIN = "churn-cost-model"


class ModelRefused(ValueError):
    """The model files do not match their card, on this machine or on a worker."""


class ModelOnWorkers(WorkerPlugin):
    """The churn model's artefact and card, sent to each worker once and checked there."""

    name = MODEL_PLUGIN

    def __init__(self, artefact: bytes, card: bytes):
        self.artefact, self.card = artefact, card
        self.model: ChurnModel | None = None
        self.refusal = ""

    @classmethod
    def from_directory(cls, directory: str | Path | None = None) -> ModelOnWorkers:
        """The model this machine would score with: the built-in one (retrained first if its
        files do not match their card, as on one machine) or the user's `directory`."""
        if directory is None:
            load_model(BUILT_IN_DIR)  # retrains and saves when the files do not match
            directory = BUILT_IN_DIR
        directory = Path(directory)
        try:
            read_model(directory)
        except ModelMismatch as mismatch:
            raise ModelRefused(f"the model cannot be sent to the workers: {mismatch}.") from None
        return cls((directory / ARTEFACT_NAME).read_bytes(), (directory / CARD_NAME).read_bytes())

    def setup(self, worker=None) -> None:
        with tempfile.TemporaryDirectory(prefix="churn-model-") as folder:
            Path(folder, ARTEFACT_NAME).write_bytes(self.artefact)
            Path(folder, CARD_NAME).write_bytes(self.card)
            try:  # the bytes are checked against the card's SHA-256 before they are parsed
                self.model = read_model(Path(folder))
            except ModelMismatch as mismatch:  # never used, never retrained on a worker
                self.refusal = str(mismatch)


def _worker_model() -> ChurnModel:
    plugin = get_worker().plugins[MODEL_PLUGIN]
    if plugin.model is None:
        raise ModelRefused(f"a worker refused the model: {plugin.refusal}")
    return plugin.model


def _worker_refusal(dask_worker) -> str:
    """Run on every worker by Client.run (which passes the worker): why it has no model."""
    plugin = dask_worker.plugins.get(MODEL_PLUGIN)
    return "the model plugin is missing" if plugin is None else plugin.refusal


@dataclass
class PartScores:
    """One partition after pass one (kept on its worker until pass two)."""

    chunks: list[ScoredChunk]
    #: The part's distinct customer-id hashes with the row each first appears in,
    #: split into buckets by hash so that the duplicate search spreads over the cluster.
    id_buckets: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


@dataclass
class PartTally:
    """What the driver needs to know of a partition after pass one."""

    rows_read: int
    estimated: int
    rejected: int
    clv_tally: MedianTally
    first_problems: list[str]
    root_cause_totals: pd.DataFrame | None


def _pass_one(
    part: Path, rows_before: int, seed: SeenCustomerIds | None, buckets: int, asked: ChunkWork
) -> PartScores:
    """Validate and predict one part; `seed` holds ids of earlier parts that recur in it.

    `asked` is pass one's work as the driver sends it, without the model: the worker puts
    in the one it was sent once (ModelOnWorkers).
    """
    work = replace(asked, model=_worker_model())
    for row_by_row in (False, True):
        seen = SeenCustomerIds() if seed is None else SeenCustomerIds(seed.hashes, seed.first_rows)
        try:
            chunks = [
                validate_and_predict(chunk, seen, work)
                for chunk in part_chunks(part, rows_before, row_by_row)
            ]
            break
        except MalformedRowsFound:
            continue
    which = seen.hashes % np.uint64(buckets)
    id_buckets = [(seen.hashes[which == b], seen.first_rows[which == b]) for b in range(buckets)]
    return PartScores(chunks, id_buckets if seed is None else [])


def _tally(scores: PartScores) -> PartTally:
    report = ScoringReport()
    for chunk in scores.chunks:
        report.add(chunk)
    return PartTally(
        report.rows_read,
        report.estimated,
        report.rejected,
        report.clv_tally,
        report.first_problems,
        report.root_cause_totals,
    )


def _bucket(scores: PartScores, bucket: int) -> tuple[np.ndarray, np.ndarray]:
    return scores.id_buckets[bucket]


def _repeated_ids(*per_part: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """Ids (by hash) found in more than one part: the first row of each, and the parts."""
    hashes = np.concatenate([h for h, _ in per_part])
    rows = np.concatenate([r for _, r in per_part])
    parts = np.concatenate([np.full(len(h), i) for i, (h, _) in enumerate(per_part)])
    found = pd.DataFrame({"hash": hashes, "first_row": rows, "part": parts})
    repeated = found[found.duplicated("hash", keep=False)]
    return repeated.groupby("hash", sort=False).agg(
        first_row=("first_row", "min"), part=("part", list)
    )


def _write_part(
    scores: PartScores,
    output: Path,
    errors: Path | None,
    assumptions: Assumptions,
    prospect_value: float,
) -> tuple[ExactSum, ExactSum, RealisedTally]:
    """Pass two for one part: price it, write its estimates and its rejected rows; returns
    the part's total expected cost, its handling cost (service_cost) and its realised tally."""
    total, handling, realised = ExactSum(), ExactSum(), RealisedTally()
    with estimates_writer(output) as writer:
        for chunk in scores.chunks:
            estimates = estimate(
                chunk.scored, None, assumptions, already_scored=True, prospect_value=prospect_value
            )
            estimates = explained(chunk.scored, estimates, assumptions, prospect_value)
            estimates = own_incidents_first(estimates)
            total.add(estimates["total_expected_cost"].to_numpy())
            handling.add(estimates["service_cost"].to_numpy())
            realised.add(estimates)
            writer.write(estimates)
    if errors is not None:
        with estimates_writer(errors) as writer:
            for chunk in scores.chunks:
                writer.write(chunk.rejected)
    return total, handling, realised


def output_parts(location: str | Path, count: int, what: str) -> list[Path]:
    """Paths of `count` part files: a glob's `*` numbered, or a folder of Parquet parts.

    Earlier parts matching the same pattern are removed, so the dataset holds only this run.
    """
    text = str(location)
    if "*" in text:
        folder, pattern = Path(text).parent, Path(text).name
        if "*" in str(folder) or pattern.count("*") != 1:
            raise ValueError(f"The {what} pattern {text} must have one * in the file name.")
    elif Path(text).suffix.lower() in (".csv", ".parquet", ".pq"):
        raise ValueError(
            f"With --engine dask the {what} is a dataset of part files: a folder (Parquet "
            f"parts) or a pattern such as {Path(text).with_name('part-*' + Path(text).suffix)}."
        )
    else:
        folder, pattern = Path(text), "part-*.parquet"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(pattern):
        stale.unlink()
    width = max(5, len(str(count - 1)))
    return [folder / pattern.replace("*", f"{index:0{width}d}") for index in range(count)]


@dataclass
class _Job:
    """One dataset to score: its parts, where each part's results go, and the settings."""

    parts: list[Path]
    outputs: list[Path]
    errors: list[Path] | None
    #: Pass one's work, without the model (each worker has its own copy of it).
    work: ChunkWork
    progress: object | None


def score_dataset(
    input_location: str | Path,
    output_location: str | Path,
    assumptions: Assumptions | None = None,
    scenario: Scenario | None = None,
    errors_location: str | Path | None = None,
    model_dir: str | Path | None = None,
    explain: bool = False,
    root_causes: bool = False,
    client: Client | None = None,
    scheduler: str | None = None,
    progress=None,
) -> ScoringReport:
    """Validate, estimate and write a dataset on a Dask cluster; returns what happened to its rows.

    Scores with the built-in model, or the one saved in `model_dir`. Uses `client` if
    given, else connects to `scheduler`, else starts a local cluster. Raises UnreadableFile
    or ContractError when the input cannot be read as customers, ModelRefused when the
    model's files do not match their card.
    """
    parts = dataset_parts(input_location)
    job = _Job(
        parts=parts,
        outputs=output_parts(output_location, len(parts), "output"),
        errors=output_parts(errors_location, len(parts), "errors") if errors_location else None,
        work=ChunkWork(
            None, scenario or Scenario(), assumptions or Assumptions(), root_causes, explain
        ),
        progress=progress,
    )
    plugin = ModelOnWorkers.from_directory(model_dir)
    if client is not None:
        report = _score_on(client, plugin, job)
    else:
        if progress is not None:
            progress.update(f"connecting to {scheduler or 'a local cluster on this machine'}")
        with dask_client(scheduler) as own:
            report = _score_on(own, plugin, job)
    report.built_in_model = model_dir is None
    return report


def _score_on(client: Client, plugin: ModelOnWorkers, job: _Job) -> ScoringReport:
    client.register_plugin(plugin)
    refusals = {w: r for w, r in client.run(_worker_refusal).items() if r}
    if refusals:
        worker, refusal = next(iter(refusals.items()))
        raise ModelRefused(f"worker {worker} refused the model: {refusal}")

    n = len(job.parts)
    counted = client.map(rows_in_part, job.parts, pure=False)
    counts = _gathered(client, counted, job.progress, "counting")
    rows_before = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int).tolist()
    buckets = max(1, len(client.scheduler_info()["workers"]))
    first = client.map(
        _pass_one, job.parts, rows_before, [None] * n, [buckets] * n, [job.work] * n, pure=False
    )
    first = _recheck_repeated_ids(client, first, job, rows_before, buckets)

    report = ScoringReport()
    tallied = client.map(_tally, first, pure=False)
    for tally in _gathered(client, tallied, job.progress, "validating and predicting"):
        report.rows_read += tally.rows_read
        report.estimated += tally.estimated
        report.rejected += tally.rejected
        report.clv_tally.merge(tally.clv_tally)
        report.first_problems += tally.first_problems[: PROBLEMS_SHOWN - len(report.first_problems)]
        report.add_root_causes(tally.root_cause_totals)

    prices = [job.work.assumptions] * n, [report.prospect_value(job.work.assumptions)] * n
    errors = job.errors or [None] * n
    written = client.map(_write_part, first, job.outputs, errors, *prices, pure=False)
    total, handling = ExactSum(), ExactSum()
    for part_total, part_handling, realised in _gathered(client, written, job.progress, "writing"):
        total.merge(part_total)
        handling.merge(part_handling)
        report.realised.sums += realised.sums
    report.total_expected_cost = float(total)
    report.service_cost = float(handling)
    return report


def _recheck_repeated_ids(client, first, job: _Job, rows_before: list[int], buckets: int):
    """Pass one again for the parts holding an id first seen in an earlier part.

    The repeated ids are found by a reduction spread over `buckets` tasks (ids split by
    hash); each part that holds a later occurrence is validated again, seeded with the
    first rows of those ids, so it rejects them exactly as one process reading the
    whole file in order would.
    """
    found = [
        client.submit(_repeated_ids, *[client.submit(_bucket, f, b) for f in first], pure=False)
        for b in range(buckets)
    ]
    repeated = pd.concat(client.gather(found))
    if repeated.empty:
        return first
    again = list(first)
    for index in sorted({p for owners in repeated["part"] for p in owners}):
        earlier = repeated[repeated["first_row"] <= rows_before[index]]
        if earlier.empty or not any(index in owners for owners in earlier["part"]):
            continue
        earlier = earlier.sort_index()
        seed = SeenCustomerIds(
            earlier.index.to_numpy(dtype=np.uint64), earlier["first_row"].to_numpy(np.int64)
        )
        again[index] = client.submit(
            _pass_one, job.parts[index], rows_before[index], seed, buckets, job.work, pure=False
        )
    return again


def _gathered(client, futures, progress, stage: str) -> list:
    """The futures' results in order, reporting each finished one to `progress`."""
    if progress is not None:
        for done, _ in enumerate(as_completed(futures), start=1):
            progress.update(f"{stage}: {done:,} of {len(futures):,} partitions")
    return client.gather(futures)
