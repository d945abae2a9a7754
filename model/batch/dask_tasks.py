"""The tasks the Dask engine (model.batch.dask_engine) sends to the workers, one part or
one range of customer-id hashes each.

Pass one, `_summarise_part`: a part's row count, the binned lifetime values of its valid
rows and its customer ids as 64-bit hashes with their first rows; `_figures` is that
summary without the ids, for the driver. The reduction over the hashes, `_bucket` and
`_repeated_ids`, finds the ids repeated across parts. Pass two, `_score_part`: validate,
score, price and write a part chunk by chunk, returning only counts and sums. No task
keeps rows: a worker's memory is one chunk at a time plus its parts' id hashes.

Their names are the keys of their tasks on the cluster (`_score_part-…` on the Dask
dashboard and in the engine's tests), so they keep the engine's own names.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from dask.sizeof import sizeof

from data.customer_ids import SeenCustomerIds
from data.dataset import part_chunks
from data.export import estimates_writer
from data.io import MalformedRowsFound
from model.batch.chunks import ChunkWork, priced, summarise_chunk, validate_and_predict
from model.batch.dask_model import worker_model
from model.batch.scoring_report import ScoringReport
from model.churn import RealisedTally
from model.money import ExactSum, MedianTally

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
    work = replace(asked, model=worker_model())
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
    work = replace(asked, model=worker_model())
    for fallback in _readers(row_by_row):
        try:
            chunks = part_chunks(part, rows_before, fallback)
            return _scored_chunks(chunks, _seeded(seed), output, errors, work, prospect_value)
        except MalformedRowsFound:  # the files are written again from their start
            continue
    raise AssertionError("the row-by-row reader never raises MalformedRowsFound")


def _scored_chunks(chunks, seen, output, errors, work: ChunkWork, prospect_value) -> PartScored:
    """Every chunk of a part validated, scored, priced and written as it comes, with the
    counts and exact sums the driver adds up; no chunk is kept once written."""
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
