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

The driver's side is here; what runs on the workers is in model.batch.dask_tasks (the
tasks on one part or one range of hashes) and model.batch.dask_model (the model's plugin).
Only these three modules import Dask; the dashboard and the single-machine command line
never load them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from distributed import Client, as_completed

from data.customer_ids import SeenCustomerIds
from data.dask_cluster import dask_client
from data.dataset import dataset_parts
from model.batch.chunks import ChunkWork
from model.batch.dask_model import ModelOnWorkers, ModelRefused, worker_refusal
from model.batch.dask_tasks import (
    _bucket,
    _figures,
    _repeated_ids,
    _score_part,
    _summarise_part,
)
from model.batch.scoring_report import PROBLEMS_SHOWN, ScoringReport
from model.money import Assumptions, ExactSum, MedianTally, Scenario

#: The most customer-id hashes one task of the repeated-ids reduction holds (16 bytes
#: each): the reduction gets one task per this many rows, so none grows with the portfolio.
ROWS_PER_BUCKET = 500_000


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
    """The two passes on `client`: the model checked on every worker, the summaries, the
    ids repeated across parts, the prospect value, then every part scored and written and
    its counts and sums added up into one report."""
    client.register_plugin(plugin)
    refusals = {w: r for w, r in client.run(worker_refusal).items() if r}
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
