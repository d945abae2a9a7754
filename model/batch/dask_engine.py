"""Score a customer dataset on a Dask cluster, with the command line's own per-chunk code.

    python -m model.score 'customers/part-*.csv' -o estimates/ --engine dask \\
        [--scheduler tcp://scheduler:8786] [--errors 'rejected/part-*.csv']

Each part file of the input is one partition and goes through exactly what the
single-machine path runs on a chunk (model.batch.chunks: `validate_and_predict`, then
`priced`, then data.export's safe writers), so both engines give the same estimates and
the same rejections. Three facts are portfolio-wide, and a summary pass finds them first:
each part reads its rows once, validating them as the scoring will and predicting their
baseline churn (`summarise_chunk`), and keeps only small figures: its row count (for global
row numbers), its customer ids as 64-bit hashes with their first rows (16 bytes a row, for
the ids repeated across parts), and the binned lifetime values of its valid rows (for the
default prospect value). A reduction split by hash range, its number of tasks growing with
the rows, finds the ids repeated across parts; a part holding a later occurrence is
summarised again seeded with their first rows, so its lifetime values leave out the rows
the scoring will reject. The hashes are then released. Pass two reads, validates, scores,
prices and writes each part chunk by chunk, in a task that returns only counts and sums.

So no worker holds rows between the passes: its memory is that of one chunk at a time,
whatever the size of the portfolio, plus its parts' id hashes (16 bytes a customer) until
the reduction is done. The price is the summary pass, about one more read, validation and
prediction of every part (docs/adr/0017-dask-constant-memory.md).

The model reaches each worker once, as the artefact's bytes and its card in a worker
plugin; each worker checks the bytes against the card's SHA-256 before using them
(`model.churn.artefact.read_model`, as on one machine), and refuses them otherwise.

Only this module imports Dask; the dashboard and the single-machine command line never
load it.
"""

from __future__ import annotations

import math
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from dask.sizeof import sizeof
from distributed import Client, WorkerPlugin, as_completed, get_worker

from data.dask_cluster import dask_client
from data.dataset import dataset_parts, part_chunks
from data.export import estimates_writer
from data.io import MalformedRowsFound
from data.validation import SeenCustomerIds
from model.batch.chunks import ChunkWork, priced, summarise_chunk, validate_and_predict
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
from model.money import Assumptions, ExactSum, MedianTally, Scenario

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


#: The most customer-id hashes one task of the repeated-ids reduction holds (16 bytes
#: each): the reduction gets one task per this many rows, so none grows with the portfolio.
ROWS_PER_BUCKET = 500_000

_NO_HASHES = np.empty(0, dtype=np.uint64)
_NO_ROWS = np.empty(0, dtype=np.int64)


@dataclass
class PartSummary:
    """One part after the summary pass: a few figures, and its ids while they are needed."""

    rows_read: int
    #: Binned lifetime values of the rows the scoring will accept (when the prospect
    #: value is the portfolio's median).
    clv_tally: MedianTally
    #: The fast reader met a malformed row: read the part row by row from the start.
    row_by_row: bool
    #: The part's distinct customer-id hashes, sorted, with the row (numbered within the
    #: part) each first appears in; empty in the figures sent to the driver.
    hashes: np.ndarray = field(default_factory=lambda: _NO_HASHES)
    first_rows: np.ndarray = field(default_factory=lambda: _NO_ROWS)


@dataclass
class PartScored:
    """What the driver needs to know of a part once it is written: counts and sums."""

    rows_read: int
    estimated: int
    rejected: int
    blank: int
    first_problems: list[str]
    root_cause_totals: pd.DataFrame | None
    total: ExactSum
    handling: ExactSum
    realised: RealisedTally


def _seeded(seed: SeenCustomerIds | None) -> SeenCustomerIds:
    """A fresh copy of `seed` (ids of earlier parts that recur in this one)."""
    return SeenCustomerIds() if seed is None else SeenCustomerIds(seed.hashes, seed.first_rows)


def _readers(row_by_row: bool) -> tuple[bool, ...]:
    """The readers to try in turn: the fast one first unless a malformed row is known."""
    return (True,) if row_by_row else (False, True)


def _summarise_part(
    part: Path,
    rows_before: int,
    seed: SeenCustomerIds | None,
    asked: ChunkWork,
    row_by_row: bool = False,
    keep_ids: bool = True,
) -> PartSummary:
    """The summary pass over one part, chunk by chunk: its row count, its binned lifetime
    values and (with `keep_ids`) its ids; `seed` holds ids of earlier parts recurring in it.

    `asked` is the work as the driver sends it, without the model: the worker puts in the
    one it was sent once (ModelOnWorkers).
    """
    work = replace(asked, model=_worker_model())
    for fallback in _readers(row_by_row):
        seen, rows, tally = _seeded(seed), 0, MedianTally()
        try:
            for chunk in part_chunks(part, rows_before, fallback):
                summary = summarise_chunk(chunk, seen, work)
                rows += summary.rows_read
                tally.merge(summary.clv_tally)
            break
        except MalformedRowsFound:
            continue
    if not keep_ids:
        return PartSummary(rows, tally, fallback)
    order = np.argsort(seen.hashes, kind="stable")  # sorted already: kept so for bucketing
    return PartSummary(rows, tally, fallback, seen.hashes[order], seen.first_rows[order])


@sizeof.register(PartSummary)
def _summary_bytes(summary: PartSummary) -> int:
    """What a summary weighs, for Dask's memory accounting (it would count a bare object)."""
    return summary.hashes.nbytes + summary.first_rows.nbytes + 64 * len(summary.clv_tally.counts)


def _figures(summary: PartSummary) -> PartSummary:
    """The summary without its ids: what the driver gathers."""
    return replace(summary, hashes=_NO_HASHES, first_rows=_NO_ROWS)


def _bucket(summary: PartSummary, bucket: int, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """The part's hashes in the `bucket`-th of `buckets` equal ranges of 64-bit values."""
    hashes, step = summary.hashes, 2**64 // buckets
    lo = 0 if bucket == 0 else int(np.searchsorted(hashes, np.uint64(bucket * step)))
    hi = (
        len(hashes)
        if bucket == buckets - 1
        else int(np.searchsorted(hashes, np.uint64((bucket + 1) * step)))
    )
    return hashes[lo:hi], summary.first_rows[lo:hi]


def _repeated_ids(rows_before: list[int], *per_part: tuple[np.ndarray, np.ndarray]):
    """The later occurrences of ids found in more than one part, in one range of hashes.

    `per_part[i]` is part i's hashes in the range with their first rows numbered within
    the part, `rows_before[i]` the rows before it. Returns three arrays, one entry for each
    part holding an id already met in an earlier part: the hash, that part, and the row of
    the id's first occurrence in the whole dataset.
    """
    hashes = np.concatenate([h for h, _ in per_part])
    rows = np.concatenate(
        [r + offset for (_, r), offset in zip(per_part, rows_before, strict=True)]
    )
    parts = np.concatenate(
        [np.full(len(h), i, dtype=np.int64) for i, (h, _) in enumerate(per_part)]
    )
    order = np.lexsort((parts, hashes))  # by hash, then part (so by row: parts are in order)
    hashes, rows, parts = hashes[order], rows[order], parts[order]
    same = hashes[1:] == hashes[:-1]
    repeated = np.zeros(len(hashes), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    hashes, rows, parts = hashes[repeated], rows[repeated], parts[repeated]
    first = np.ones(len(hashes), dtype=bool)
    first[1:] = hashes[1:] != hashes[:-1]
    first_row = rows[first][np.cumsum(first) - 1]
    return hashes[~first], parts[~first], first_row[~first]


def _score_part(
    part: Path,
    rows_before: int,
    seed: SeenCustomerIds | None,
    row_by_row: bool,
    output: Path,
    errors: Path | None,
    asked: ChunkWork,
    prospect_value: float,
) -> PartScored:
    """Pass two for one part, chunk by chunk: validate (seeded with the ids of earlier parts
    that recur in it), score, price, write its estimates and rejected rows; keeps no rows."""
    work = replace(asked, model=_worker_model())
    for fallback in _readers(row_by_row):
        try:
            chunks = part_chunks(part, rows_before, fallback)
            return _scored_chunks(chunks, _seeded(seed), output, errors, work, prospect_value)
        except MalformedRowsFound:  # the files are written again from their start
            continue
    raise AssertionError("the row-by-row reader never raises MalformedRowsFound")


def _scored_chunks(chunks, seen, output, errors, work: ChunkWork, prospect_value) -> PartScored:
    report = ScoringReport()
    total, handling = ExactSum(), ExactSum()
    with (
        estimates_writer(output) as estimates_out,
        estimates_writer(errors) if errors is not None else nullcontext() as errors_out,
    ):
        for chunk in chunks:
            scored = validate_and_predict(chunk, seen, work)
            report.add(scored)
            estimates = priced(scored.scored, work.assumptions, prospect_value)
            total.add(estimates["total_expected_cost"].to_numpy())
            handling.add(estimates["service_cost"].to_numpy())
            report.realised.add(estimates)
            estimates_out.write(estimates)
            if errors_out is not None:
                errors_out.write(scored.rejected)
    return PartScored(
        report.rows_read,
        report.estimated,
        report.rejected,
        report.blank,
        report.first_problems,
        report.root_cause_totals,
        total,
        handling,
        report.realised,
    )


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
    #: The work on each chunk, without the model (each worker has its own copy of it).
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
    summaries = client.map(
        _summarise_part, job.parts, [0] * n, [None] * n, [job.work] * n, pure=False
    )
    figures = _gathered(
        client, client.map(_figures, summaries, pure=False), job.progress, "summarising"
    )
    counts = [summary.rows_read for summary in figures]
    rows_before = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(int).tolist()
    seeds = _repeated_ids_seeds(client, summaries, rows_before, sum(counts))
    client.cancel(summaries)  # every part's hashes: released before pass two starts
    figures = _recheck_repeated_ids(client, figures, seeds, job, rows_before)

    clv_tally = MedianTally()
    for summary in figures:
        clv_tally.merge(summary.clv_tally)
    prospect_value = ScoringReport(clv_tally=clv_tally).prospect_value(job.work.assumptions)
    written = client.map(
        _score_part,
        job.parts,
        rows_before,
        seeds,
        [summary.row_by_row for summary in figures],
        job.outputs,
        job.errors or [None] * n,
        [job.work] * n,
        [prospect_value] * n,
        pure=False,
    )
    report = ScoringReport(clv_tally=clv_tally)
    total, handling = ExactSum(), ExactSum()
    for part in _gathered(client, written, job.progress, "validating, scoring and writing"):
        report.rows_read += part.rows_read
        report.estimated += part.estimated
        report.rejected += part.rejected
        report.blank += part.blank
        report.first_problems += part.first_problems[: PROBLEMS_SHOWN - len(report.first_problems)]
        report.add_root_causes(part.root_cause_totals)
        total.merge(part.total)
        handling.merge(part.handling)
        report.realised.sums += part.realised.sums
    report.total_expected_cost = float(total)
    report.service_cost = float(handling)
    return report


def _repeated_ids_seeds(client, summaries, rows_before: list[int], rows: int) -> list:
    """For each part, the ids it shares with earlier parts and their first rows (None if it
    shares none), by a reduction over the summaries' hashes split into ranges.

    The ranges number one for each ROWS_PER_BUCKET rows (at least one a worker), so no
    task of the reduction holds more hashes as the portfolio grows.
    """
    n = len(summaries)
    if n < 2:
        return [None] * n
    workers = len(client.scheduler_info()["workers"])
    buckets = max(1, workers, math.ceil(rows / ROWS_PER_BUCKET))
    pieces = [
        [client.submit(_bucket, summary, b, buckets, pure=False) for summary in summaries]
        for b in range(buckets)
    ]
    found = [client.submit(_repeated_ids, rows_before, *p, pure=False) for p in pieces]
    later = client.gather(found)
    client.cancel([*found, *(piece for p in pieces for piece in p)])
    hashes, parts, first_rows = (np.concatenate(a) for a in zip(*later, strict=True))
    seeds = [None] * n
    for index in np.unique(parts).tolist():
        mine = parts == index
        order = np.argsort(hashes[mine], kind="stable")
        seeds[index] = SeenCustomerIds(
            hashes[mine][order].astype(np.uint64), first_rows[mine][order].astype(np.int64)
        )
    return seeds


def _recheck_repeated_ids(client, figures, seeds, job: _Job, rows_before: list[int]):
    """The summary again for the parts holding an id first seen in an earlier part, seeded
    with the first rows of those ids, so that their lifetime values leave out the rows
    the scoring will reject as one process reading the whole file in order would.

    Not needed when the assumptions set the prospect value: the values are then unused.
    """
    again = [i for i, seed in enumerate(seeds) if seed is not None]
    if not again or job.work.assumptions.prospect_value is not None:
        return figures
    redone = client.map(
        _summarise_part,
        [job.parts[i] for i in again],
        [rows_before[i] for i in again],
        [seeds[i] for i in again],
        [job.work] * len(again),
        [figures[i].row_by_row for i in again],
        [False] * len(again),
        pure=False,
    )
    figures = list(figures)
    for index, summary in zip(again, _gathered(client, redone, None, ""), strict=True):
        figures[index] = summary
    return figures


def _gathered(client, futures, progress, stage: str) -> list:
    """The futures' results in order, reporting each finished one to `progress`; the
    results are then released on the cluster (at once: dropping the futures would
    release them only some time later)."""
    if progress is not None:
        for done, _ in enumerate(as_completed(futures), start=1):
            progress.update(f"{stage}: {done:,} of {len(futures):,} partitions")
    results = client.gather(futures)
    client.cancel(futures)
    return results
