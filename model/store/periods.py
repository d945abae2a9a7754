"""Periods as stored: writing one whole in a transaction, and reading them back.

A period's customers are kept as Parquet parts (zstd) in `period_parts`, in the same
transaction as its figures (docs/adr/0019-workspace-store.md says why columnar, and why in
the database up to a few million customers a period). `write_period` deletes the period's
previous version and writes the new one in one transaction: a run killed or failing at any
point leaves the store as it was.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import Connection, insert, select

from model.store.access import VIEWER, authorize
from model.store.database import Store, now
from model.store.figures import Figures
from model.store.schema import period_figures, period_parts, periods
from model.store.workspaces import UnknownPeriod, delete_period


def parquet_bytes(table: pa.Table) -> bytes:
    """The table as Parquet, zstd-compressed; without dictionaries or statistics, which
    cost half the writing and gain nothing here (a part is read whole, and its floats are
    nearly all distinct, so it is smaller without dictionaries)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd", use_dictionary=False, write_statistics=False)
    return sink.getvalue()


@dataclass(frozen=True)
class EncodedPart:
    """A part of a period's customers, ready to store: its rows and its Parquet bytes."""

    rows: int
    data: bytes


def encode_part(table: pa.Table) -> EncodedPart:
    """Encode one part (Arrow releases the GIL while it does: another thread may)."""
    return EncodedPart(table.num_rows, parquet_bytes(table))


@dataclass(frozen=True)
class PeriodRecord:
    """What a period was scored with and from, beside its counts."""

    period: str
    customers: int
    rows_read: int
    rejected: int
    assumptions: str
    assumption_set: str | None
    assumption_version: int | None
    model_sha256: str
    model_version: int | None
    prospect_value: float
    source: str


def insert_period(connection: Connection, workspace: int, record: PeriodRecord) -> tuple[int, bool]:
    """The new period's row id, and whether it replaced one, inside the caller's transaction."""
    replaced = delete_period(connection, workspace, record.period)
    values = dict(record.__dict__, workspace_id=workspace, created_at=now())
    new_id = connection.execute(insert(periods).values(**values).returning(periods.c.id)).scalar()
    return new_id, replaced


def insert_part(connection: Connection, period_id: int, part: int, encoded: EncodedPart) -> None:
    connection.execute(
        insert(period_parts).values(
            period_id=period_id, part=part, rows=encoded.rows, data=encoded.data
        )
    )


def insert_figures(connection: Connection, period_id: int, figures: Figures) -> None:
    rows = [
        {"period_id": period_id, "kind": kind, "name": name, "value": value}
        for (kind, name), value in figures.values.items()
    ]
    if rows:
        connection.execute(insert(period_figures), rows)


def _period_rows(connection: Connection, workspace: int):
    query = select(periods).where(periods.c.workspace_id == workspace)
    return connection.execute(query.order_by(periods.c.period)).all()


def stored_periods(store: Store, workspace: str) -> list[PeriodRecord]:
    """Every period of the workspace, earliest first."""
    names = PeriodRecord.__dataclass_fields__
    with store.engine.connect() as connection:
        rows = _period_rows(connection, authorize(connection, store, workspace, VIEWER))
    return [PeriodRecord(**{name: getattr(row, name) for name in names}) for row in rows]


def period_figures_of(store: Store, workspace: str) -> dict[str, Figures]:
    """Each period's figures, earliest first: one query, no customer's row read."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        query = (
            select(
                periods.c.period,
                period_figures.c.kind,
                period_figures.c.name,
                period_figures.c.value,
            )
            .join(period_figures, period_figures.c.period_id == periods.c.id)
            .where(periods.c.workspace_id == ws)
        )
        found: dict[str, dict] = {}
        for period, kind, name, value in connection.execute(query):
            found.setdefault(period, {})[(kind, name)] = value
    return {period: Figures(found[period]) for period in sorted(found)}


def _period_id(connection: Connection, store: Store, workspace: str, period: str) -> int:
    ws = authorize(connection, store, workspace, VIEWER)
    found = connection.execute(
        select(periods.c.id).where(periods.c.workspace_id == ws, periods.c.period == period)
    ).scalar()
    if found is None:
        raise UnknownPeriod(f"Workspace {workspace!r} holds no period {period}.")
    return found


def period_tables(store: Store, workspace: str, period: str, columns: Iterable[str] | None = None):
    """The period's customers' estimates, part by part, as Arrow tables (constant memory)."""
    with store.engine.connect() as connection:
        period_id = _period_id(connection, store, workspace, period)
        parts = (
            connection.execute(
                select(period_parts.c.part)
                .where(period_parts.c.period_id == period_id)
                .order_by(period_parts.c.part)
            )
            .scalars()
            .all()
        )
        for part in parts:
            data = connection.execute(
                select(period_parts.c.data).where(
                    period_parts.c.period_id == period_id, period_parts.c.part == part
                )
            ).scalar()
            yield pq.read_table(io.BytesIO(data), columns=list(columns) if columns else None)


def period_estimates(
    store: Store, workspace: str, period: str, columns: Iterable[str] | None = None
) -> pd.DataFrame:
    """The period's customers' estimates as one frame (for a page or a download)."""
    tables = list(period_tables(store, workspace, period, columns))
    if not tables:
        return pd.DataFrame(columns=list(columns or []))
    return pa.concat_tables(tables).to_pandas()
