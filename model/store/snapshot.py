"""A period snapshotted: a customer file scored with the workspace's model and current
assumptions, its customers' estimates and figures written in one transaction.

The scoring is the command line's own (`model.batch.score_file`, or the Dask engine's
`score_dataset`), which goes through the one front door, `model.money.estimate`, with
`explain` on, so each row carries its `cost_from_<incident>` split; its total is therefore
`model.score`'s on the same file to the last bit. The scored rows land in a private
temporary folder as Parquet; they are then read part by part, priced per failure, tallied
into the period's figures and copied into the store inside one transaction, which first
deletes the period's previous version. Killed at any moment, the run leaves the store as
it was: the transaction is never committed.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from model.batch import Progress, score_file
from model.churn import FailedCheck, FailedChecksRefused, failed_checks
from model.explain import bumped_scores, failure_prices
from model.money import assumptions_to_json
from model.store.access import ANALYST, authorize
from model.store.audit import record as audit
from model.store.database import Store
from model.store.figures import Figures, FigureTally
from model.store.models import ModelInUse, model_in_use
from model.store.named import InUse, current_assumptions
from model.store.periods import PeriodRecord, insert_figures, insert_part, insert_period
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


def _score_single(source, scratch: Path, settings: _Settings, errors_path, progress, **_):
    output = scratch / "estimates.parquet"
    report = score_file(
        source,
        output,
        settings.assumptions.assumptions,
        None,
        errors_path,
        settings.model.model,
        explain=True,
        progress=progress,
    )
    return report, [output]


def _score_dask(source, scratch: Path, settings: _Settings, errors_path, progress, **options):
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
    return report, sorted(output.glob("part-*.parquet"))


#: Where the scoring runs, as for `churn-cost score --engine`.
ENGINES = {"single": _score_single, "dask": _score_dask}


def _tables(paths: list[Path]):
    for path in paths:
        yield from pq.ParquetFile(path).iter_batches(batch_size=PART_ROWS)


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


def _write(store: Store, record: PeriodRecord, paths: list[Path], settings: _Settings, progress):
    """Copy the scored parts into the store with their figures, in one transaction."""
    model = settings.model.model
    assumptions = settings.assumptions.assumptions
    declared = tuple(model.layout.declared_incidents)
    tally = FigureTally()
    with store.engine.begin() as connection:
        authorize(connection, store, settings.workspace_name, ANALYST)  # still allowed?
        period_id, replaced = insert_period(connection, settings.workspace_id, record)
        for part, batch in enumerate(_tables(paths)):
            estimates = batch.to_pandas()
            prices = failure_prices(
                estimates, bumped_scores(estimates, model), assumptions, record.prospect_value
            )
            tally.add(estimates, prices, declared)
            insert_part(connection, period_id, part, pa.Table.from_batches([batch]))
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
    with tempfile.TemporaryDirectory(prefix="churn-cost-snapshot-") as scratch:
        report, paths = ENGINES[engine](
            source, Path(scratch), settings, errors_path, progress, scheduler=scheduler
        )
        pv = report.prospect_value(settings.assumptions.assumptions)
        record = _record(period, report, settings, source_name or str(source), pv)
        figures, replaced = _write(store, record, paths, settings, progress)
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
