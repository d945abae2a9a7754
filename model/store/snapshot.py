"""A period snapshotted: a customer file scored with the workspace's model and current
assumptions, its customers' estimates and figures written in one transaction.

The scoring is the command line's own (`model.batch.estimated_chunks`, the two passes of
`score_file`, or the Dask engine's `score_dataset`), which goes through the one front door,
`model.money.estimate`, with `explain` on, so each row carries its `cost_from_<incident>`
split; its total is therefore `model.score`'s on the same file to the last bit. Inside one
transaction, which first deletes the period's previous version, the estimates are taken
chunk by chunk as pass two prices them (on Dask: read back from the workers' Parquet
parts), priced per failure, tallied into the period's figures and written as parts. Killed
at any moment, the run leaves the store as it was: the transaction is never committed.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.parquet as pq

from data.export import to_arrow
from model.batch import Progress, estimated_chunks
from model.churn import FailedCheck, FailedChecksRefused, failed_checks
from model.explain import bumped_scores, failure_prices
from model.money import assumptions_to_json
from model.store.access import ANALYST, authorize
from model.store.audit import record as audit
from model.store.database import Store
from model.store.figures import Figures, FigureTally
from model.store.models import ModelInUse, model_in_use
from model.store.named import InUse, current_assumptions
from model.store.periods import (
    PeriodRecord,
    encode_part,
    insert_figures,
    insert_part,
    insert_period,
)
from model.store.workspaces import check_period

if TYPE_CHECKING:  # the type only: what model.batch's score_file returns
    from model.batch.scoring_report import ScoringReport

#: Rows per stored Parquet part: large enough to compress well, small enough to price alone.
PART_ROWS = 250_000


@dataclass(frozen=True)
class Snapshot:
    """What one snapshot did: the rows' fate, the period's figures, whether it replaced one."""

    workspace: str
    period: str
    report: ScoringReport
    figures: Figures
    replaced: bool
    #: The model's failed checks, accepted (empty for a model that passed them).
    failed: tuple[FailedCheck, ...] = ()


@dataclass(frozen=True)
class _Settings:
    workspace_id: int
    workspace_name: str
    assumptions: InUse
    model: ModelInUse


def _settings(store: Store, workspace: str) -> _Settings:
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        return _Settings(
            ws, workspace, current_assumptions(connection, ws), model_in_use(connection, ws)
        )


@contextmanager
def _score_single(source, scratch: Path, settings: _Settings, errors_path, progress, **_):
    """The command line's own scoring, in this process: the estimates come chunk by chunk
    straight from its pass two, written to no file in between."""
    with estimated_chunks(
        source,
        settings.assumptions.assumptions,
        settings.model.model,
        errors_path,
        explain=True,
        progress=progress,
    ) as run:
        yield run.report, run.chunks


@contextmanager
def _score_dask(source, scratch: Path, settings: _Settings, errors_path, progress, **options):
    """On a Dask cluster: the workers write the estimates as Parquet parts in `scratch`,
    read back here part by part."""
    from model.batch.dask_engine import score_dataset  # Dask is an optional extra
    from model.store.models import write_model_files

    model_dir = None
    if settings.model.version is not None:
        model_dir = write_model_files(settings.model, scratch / "model")
    output = scratch / "estimates"
    report = score_dataset(
        source,
        output,
        settings.assumptions.assumptions,
        None,
        errors_path,
        model_dir=model_dir,
        explain=True,
        scheduler=options.get("scheduler"),
        progress=progress,
    )
    parts = sorted(output.glob("part-*.parquet"))
    yield (
        report,
        (
            batch.to_pandas()
            for path in parts
            for batch in pq.ParquetFile(path).iter_batches(batch_size=PART_ROWS)
        ),
    )


#: Where the scoring runs, as for `churn-cost score --engine`: each gives the run's report
#: and its estimates chunk by chunk.
ENGINES = {"single": _score_single, "dask": _score_dask}


def _parts(chunks: Iterable[pd.DataFrame]):
    """The estimates cut into stored parts of at most PART_ROWS rows, as Arrow tables of
    the first part's schema (a column empty in one part keeps its type): each part with
    the estimates it holds."""
    schema = None
    for chunk in chunks:
        for start in range(0, len(chunk), PART_ROWS):
            estimates = chunk.iloc[start : start + PART_ROWS]
            table = to_arrow(estimates)
            schema = schema or table.schema
            yield estimates, table.cast(schema)


def _record(period: str, report: ScoringReport, settings: _Settings, source: str, pv: float):
    used = settings.assumptions
    return PeriodRecord(
        period=period,
        customers=report.estimated,
        rows_read=report.rows_read,
        rejected=report.rejected,
        assumptions=assumptions_to_json(used.assumptions),
        assumption_set=used.name,
        assumption_version=used.version,
        model_sha256=settings.model.sha256,
        model_version=settings.model.version,
        prospect_value=pv,
        source=source,
    )


def _write(store: Store, record: PeriodRecord, chunks, settings: _Settings, progress):
    """Write the period's estimates, part by part, and its figures, in one transaction."""
    model = settings.model.model
    assumptions = settings.assumptions.assumptions
    declared = tuple(model.layout.declared_incidents)
    tally = FigureTally()
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="churn-cost-part") as encoder,
        store.engine.begin() as connection,
    ):
        authorize(connection, store, settings.workspace_name, ANALYST)  # still allowed?
        period_id, replaced = insert_period(connection, settings.workspace_id, record)
        for part, (estimates, table) in enumerate(_parts(chunks)):
            encoding = encoder.submit(encode_part, table)  # while the failures are priced
            prices = failure_prices(
                estimates, bumped_scores(estimates, model), assumptions, record.prospect_value
            )
            tally.add(estimates, prices, declared)
            insert_part(connection, period_id, part, encoding.result())
            progress.update(f"storing: {tally.customers:,} of {record.customers:,} customers")
        figures = tally.figures()
        insert_figures(connection, period_id, figures)
        what = "period replaced" if replaced else "period saved"
        audit(
            connection,
            store,
            settings.workspace_id,
            what,
            f"period {record.period}: {record.customers:,} customers from {record.source!r}",
        )
    return figures, replaced


def snapshot_file(
    store: Store,
    workspace: str,
    period: str,
    source: str | Path,
    *,
    engine: str = "single",
    errors_path: str | Path | None = None,
    progress: Progress | None = None,
    scheduler: str | None = None,
    source_name: str | None = None,
    accept_failed_checks: bool = False,
) -> Snapshot:
    """Score `source` (a contract file, or with `engine="dask"` a dataset) as the period
    `period` (YYYY-MM) of `workspace`, replacing any earlier version of that period.

    Raises what `churn-cost score` raises for a file it cannot read (nothing is then
    stored), UnknownWorkspace, ValueError for a period not written YYYY-MM, and
    FailedChecksRefused when the workspace's model failed checks of its own and
    `accept_failed_checks` is not set (docs/adr/0020-a-number-finance-signs.md).
    """
    check_period(period)
    settings = _settings(store, workspace)
    failed = failed_checks(settings.model.model.card)
    if failed and not accept_failed_checks:
        raise FailedChecksRefused(failed)
    progress = progress or Progress(io.StringIO())
    with (
        tempfile.TemporaryDirectory(prefix="churn-cost-snapshot-") as scratch,
        ENGINES[engine](
            source, Path(scratch), settings, errors_path, progress, scheduler=scheduler
        ) as (report, chunks),
    ):
        pv = report.prospect_value(settings.assumptions.assumptions)
        record = _record(period, report, settings, source_name or str(source), pv)
        figures, replaced = _write(store, record, chunks, settings, progress)
    return Snapshot(workspace, period, report, figures, replaced, failed)


def snapshot_frame(
    store: Store, workspace: str, period: str, customers: pd.DataFrame, source_name: str
) -> Snapshot:
    """`snapshot_file` of customers held in memory (the Portfolio page, the demo): written
    to a private Parquet file first, so they are scored exactly as a file would be."""
    with tempfile.TemporaryDirectory(prefix="churn-cost-frame-") as folder:
        path = Path(folder) / "customers.parquet"
        customers.to_parquet(path, index=False)
        return snapshot_file(store, workspace, period, path, source_name=source_name)
