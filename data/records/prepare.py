"""Prepare the contract from a customer file and logs: the whole import, on one machine.

`prepare_records` reads each input into DuckDB (data/records/load.py), finds or checks the
mapping, reads each cell (parse.py), applies the counting rules (assemble.py) and returns a
`Preparation`: the prepared customers, every unused log row with its reason, the counts per
input, the window and the mapping used. DuckDB works out of core, spilling to a temporary
folder beyond its memory limit, so logs larger than memory prepare all the same.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from data.export import estimates_writer, neutralise_formulas
from data.records.assemble import (
    STATUS_OUTSIDE,
    STATUS_REJECTED,
    STATUS_UNKNOWN,
    STATUS_USED,
    customer_stage,
    final_stage,
    latest_event,
    ticket_stage,
)
from data.records.fields import CUSTOMERS, LOGS, SECTIONS, TICKETS, field_names
from data.records.load import (
    ROW,
    WHOLE_FILE_BYTES,
    Source,
    cell_name,
    file_header,
    frame_source,
    open_source,
)
from data.records.mapping import (
    MappingError,
    RecordsMapping,
    SectionMapping,
    missing_columns,
    repeated_columns,
    shared_columns,
)
from data.records.matching import FieldMatch, FoundSection, find_mapping, missing_required
from data.records.parse import date_families, parse_section
from data.records.values import DateFamily, ident
from data.records.window import DEFAULT_MONTHS, Window, day_after, window_ending

#: Rows per batch when results are written or fetched.
BATCH_ROWS = 200_000
#: The report's first columns; the row's own fields follow.
REPORT_PREFIX = ("log", "row_number", "reason")

Input = str | Path | pd.DataFrame


@dataclass(frozen=True)
class LogCounts:
    """What became of an input's rows: read = used + outside + unknown + rejected."""

    read: int = 0
    used: int = 0
    outside: int = 0
    unknown: int = 0
    rejected: int = 0

    def adds_up(self) -> bool:
        return self.read == self.used + self.outside + self.unknown + self.rejected

    def describe(self, section: str) -> str:
        if section == CUSTOMERS:
            return (
                f"{section}: {self.read:,} read, {self.used:,} prepared, {self.rejected:,} rejected"
            )
        return (
            f"{section}: {self.read:,} read, {self.used:,} used, {self.outside:,} outside the "
            f"window, {self.unknown:,} of an unknown customer, {self.rejected:,} rejected"
        )


#: Each connection's private folder (its spill files, and its database when on disk).
_FOLDERS: dict[int, str] = {}
_MEMORY = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?\s*", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_UNITS |= {"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
#: The smallest memory limit the import works in.
SMALLEST_MEMORY = 64 * 2**20


def memory_bytes(value: str) -> int:
    """A memory limit such as "500MB", "2GB" or "1.5GiB" in bytes (no unit: bytes);
    ValueError naming the value for anything else, so no text of the user's ever reaches
    DuckDB's settings but this number."""
    found = _MEMORY.fullmatch(str(value))
    if found is None:
        raise ValueError(f"--memory-limit must be an amount like 500MB or 2GB, got {value!r}")
    amount = int(float(found.group(1)) * _UNITS[(found.group(2) or "B").upper()])
    if amount < SMALLEST_MEMORY:
        raise ValueError(f"--memory-limit must be at least 64MB, got {value!r}")
    return amount


def whole_file_bytes(memory_limit: str | None) -> int:
    """The largest CSV read whole (Arrow holds it outside DuckDB's limit): an eighth of the
    memory limit, so that the limit bounds the whole process, not DuckDB alone."""
    if memory_limit is None:
        return WHOLE_FILE_BYTES
    return min(WHOLE_FILE_BYTES, memory_bytes(memory_limit) // 8)


def new_connection(
    memory_limit: str | None = None, threads: int | None = None, on_disk: bool = False
):
    """A DuckDB connection in UTC with a private temporary folder, removed by
    `close_connection` (or when the process ends). `on_disk`: its tables live in a database
    file there, so only DuckDB's buffer pool (`memory_limit`) stays in memory. Settings are
    bound as parameters, the memory limit as a number of bytes (`memory_bytes`)."""
    limit = memory_bytes(memory_limit) if memory_limit else None
    folder = tempfile.mkdtemp(prefix="churn-records-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    con = duckdb.connect(str(Path(folder) / "work.duckdb") if on_disk else ":memory:")
    _FOLDERS[id(con)] = folder
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET temp_directory = $1", [str(Path(folder) / "spill")])
    if limit is not None:
        con.execute("SET memory_limit = $1", [f"{limit}B"])
    if threads:
        con.execute("SET threads = $1", [int(threads)])
    return con


def close_connection(con) -> None:
    """Close a connection of `new_connection` and remove its folder."""
    con.close()
    folder = _FOLDERS.pop(id(con), None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def resolve_mapping(
    headers: Mapping[str, list[str]], given: RecordsMapping | None = None
) -> tuple[RecordsMapping, dict[str, FoundSection]]:
    """The mapping for these headers: a section of `given` as written, the others found.

    Raises MappingError naming every column the mapping reads that a file lacks and every
    required field that could not be found, with the closest columns.
    """
    sections, found, problems = {}, {}, []
    for section, header in headers.items():
        chosen = given.section(section) if given is not None else None
        if chosen is None:
            found[section] = find_mapping(section, header)
            chosen = found[section].mapping
        else:
            matches = tuple(
                FieldMatch(
                    name,
                    chosen.column(name),
                    100.0 if chosen.column(name) else 0.0,
                    "mapping file" if chosen.column(name) else "not read",
                )
                for name in field_names(section)
            )
            found[section] = FoundSection(chosen, matches)
        problems += missing_columns(chosen, header, section)
        problems += repeated_columns(chosen, header, section)
        problems += shared_columns(chosen, section)
        problems += [
            m for m in missing_required(section, chosen, header) if not problems or chosen.columns
        ]
        if section == TICKETS:
            for rule in ("billing", "regulator"):
                for name in getattr(chosen, rule) or {}:
                    if chosen.column(name) is None:
                        problems.append(
                            f"tickets.{rule} names {name}, which the mapping does not read "
                            "from any column"
                        )
        sections[section] = chosen
    if problems:
        raise MappingError("\n".join(dict.fromkeys(problems)))
    return RecordsMapping(sections), found


@dataclass
class Preparation:
    """The result of preparing: tables in DuckDB, read with the methods below."""

    con: object
    window: Window
    mapping: RecordsMapping
    found: dict[str, FoundSection]
    counts: dict[str, LogCounts]
    families: dict[str, dict[str, DateFamily]] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Where each input's cells are read again for the report.
    sources: dict[str, Source] = field(default_factory=dict)
    #: Whether the customer file's cells are in the table raw_customers (else re-read).
    customers_kept: bool = True
    #: The prepared file as queries of runs of rows, written in turn (the Dask engine's
    #: ranges, each sorted alone); empty: `customers_sql`, one sort of the whole table.
    customer_parts: tuple[str, ...] = ()
    #: The report's joins kept from building on a streamed input (`_cells_streamed`).
    report_streamed: bool = False

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(s for s in SECTIONS if s in self.counts)

    def customers_sql(self) -> str:
        return f"SELECT * EXCLUDE ({ROW}) FROM prepared ORDER BY {ROW}"

    def report_sql(self) -> str:
        """The report's query, its inputs' rows registered afresh (run it straight away)."""
        parts = []
        log, number, reason = REPORT_PREFIX
        for order, section in enumerate(self.sections):
            if section == CUSTOMERS and self.customers_kept:
                cells = "raw_customers"
            else:
                cells = self.sources[section].rows(self.con)
            parts.append(
                f"SELECT {order} AS __order, '{section}' AS {log}, {ROW} AS {number}, "
                f"__reason AS {reason}, * EXCLUDE ({ROW}, __status, __reason) "
                f"FROM ({unused_rows_sql(section, self.headers[section], cells)})"
            )
        union = " UNION ALL BY NAME ".join(parts)
        return f"SELECT * EXCLUDE (__order) FROM ({union}) ORDER BY __order, {number}"

    def customers(self) -> pd.DataFrame:
        """The prepared customers, in the customer file's order (the contract's columns)."""
        return self.con.execute(self.customers_sql()).fetch_df()

    def report(self) -> pd.DataFrame:
        """One row per unused row: log, row_number, reason, then the row's fields."""
        with _cells_streamed(self.con, self.report_streamed):
            frame = self.con.execute(self.report_sql()).fetch_df()
        return frame.fillna("") if len(frame) else frame

    def write_customers(self, path: str | Path) -> None:
        write_query(self.con, self.customer_parts or self.customers_sql(), path)

    def write_report(self, path: str | Path) -> None:
        with _cells_streamed(self.con, self.report_streamed):
            write_query(self.con, self.report_sql(), path)

    def close(self) -> None:
        """Free the connection, its temporary folder and the inputs kept in memory."""
        for source in self.sources.values():
            source.release()
        close_connection(self.con)

    def summary(self) -> str:
        return "; ".join(self.counts[s].describe(s) for s in self.sections)

    def window_origin(self) -> str:
        """Where the window's end comes from (given, or the event that set it)."""
        return self.window.origin()

    def date_formats(self) -> str:
        """Which date format each date column was read with, for the summary."""
        parts = []
        for section, families in self.families.items():
            mapping = self.mapping.section(section)
            for name, family in families.items():
                parts.append(f"{section}.{mapping.column(name)}: {family.name}")
        return ", ".join(parts)


def report_names(header) -> list[str]:
    """The report's heading of each column of a file: its own name, or `<name> (file)`
    when it is one of the report's own (`log`, `row_number`, `reason`); a name a log
    repeats (Jira's labels) is `<name> (2)`, `<name> (3)`... after its first."""
    names, seen = [], {}
    for name in header:
        seen[name] = seen.get(name, 0) + 1
        heading = f"{name} (file)" if name in REPORT_PREFIX else name
        names.append(heading if seen[name] == 1 else f"{heading} ({seen[name]})")
    return names


def unused_rows_sql(section: str, header, cells: str) -> str:
    """SQL: the section's rows not used, with their status, reason and cells as read
    (`cells`: the input's rows, a table or a stream). The input is only filtered by the row
    numbers of the unused rows (a semi-join built on those few), never held whole. A
    file's column name reaches the SQL only as a heading, quoted as an identifier."""
    columns = "".join(
        f", r.{cell_name(i)} AS {ident(name)}" for i, name in enumerate(report_names(header))
    )
    unused = f"SELECT {ROW}, __status, __reason FROM s_{section} WHERE __status <> '{STATUS_USED}'"
    return (
        f"WITH u AS MATERIALIZED ({unused}), "
        f"r AS (SELECT * FROM {cells} WHERE {ROW} IN (SELECT {ROW} FROM u)) "
        f"SELECT u.{ROW}, u.__status, u.__reason{columns} FROM u JOIN r ON r.{ROW} = u.{ROW}"
    )


@contextlib.contextmanager
def _cells_streamed(con, streamed: bool = True):
    """`streamed`: the report's joins build on the unused rows, the cells streamed past. DuckDB
    cannot count a stream's rows (it guesses one) and built on the stream: the whole log, 2.8
    GB at 8 million ticket rows on the Dask engine's submitting machine. One machine keeps
    DuckDB's plan, as before: its timings did not show the switch to be no slower there."""
    con.execute(f"SET disabled_optimizers = '{'build_side_probe_side' if streamed else ''}'")
    try:
        yield
    finally:
        con.execute("RESET disabled_optimizers")


def write_query(con, sql: str | Sequence[str], path: str | Path) -> None:
    """Stream a query's rows (or queries' in turn) to CSV (formulas neutralised) or Parquet.

    Written beside `path` under a passing name and moved into place when whole, so a
    failure leaves no half file (and a link at `path` is replaced, never written through).
    """
    path = Path(path)
    partial = path.with_name(f".{path.stem}.partial-{os.getpid()}{path.suffix}")
    queries = [sql] if isinstance(sql, str) else list(sql)
    csv = path.suffix.lower() not in (".parquet", ".pq")
    try:
        with estimates_writer(partial) as writer:
            wrote = False
            for query in queries:
                reader = con.sql(query).to_arrow_reader(BATCH_ROWS)
                for batch in reader:
                    table = pa.Table.from_batches([batch])
                    writer.write_table(neutralise_formulas(table) if csv else table)
                    wrote = True
            if not wrote:
                empty = reader.schema.empty_table()
                writer.write_table(neutralise_formulas(empty) if csv else empty)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def count_statuses(con, section: str) -> LogCounts:
    rows = dict(con.execute(f"SELECT __status, count(*) FROM s_{section} GROUP BY ALL").fetchall())
    return LogCounts(
        read=sum(rows.values()),
        used=rows.get(STATUS_USED, 0),
        outside=rows.get(STATUS_OUTSIDE, 0),
        unknown=rows.get(STATUS_UNKNOWN, 0),
        rejected=rows.get(STATUS_REJECTED, 0),
    )


def input_headers(inputs: Mapping[str, Input], sheet: str | None = None) -> dict[str, list[str]]:
    """Each input's header, read without loading the file."""
    headers = {}
    for section in SECTIONS:
        source = inputs.get(section)
        if source is None:
            continue
        if isinstance(source, pd.DataFrame):
            headers[section] = [str(c).strip() for c in source.columns]
        else:
            sheet_of = sheet if section == CUSTOMERS else None
            headers[section] = file_header(source, sheet_of, repeats=section != CUSTOMERS)[0]
    return headers


def choose_window(
    con, sections, window_end: dt.datetime | None, months: int = DEFAULT_MONTHS
) -> Window:
    if window_end is None:
        latest = latest_event(con, sections)
        if latest is None:
            raise MappingError(
                "The logs hold no valid event, so the window's end cannot be found "
                "from them: give the date the window ends."
            )
        return window_ending(day_after(latest[0]), months, latest[1])
    return window_ending(window_end, months)


def prepare_records(
    inputs: Mapping[str, Input],
    mapping: RecordsMapping | None = None,
    window_end: dt.datetime | None = None,
    window_months: int = DEFAULT_MONTHS,
    con=None,
    sheet: str | None = None,
    memory_limit: str | None = None,
) -> Preparation:
    """Prepare the contract from `inputs` (section -> file path or DataFrame of text).

    `inputs` must hold "customers"; any of "tickets", "outages", "orders" may follow.
    `memory_limit` ("500MB"): no CSV larger than an eighth of it is held whole (the
    connection's own limit is `new_connection`'s). Raises MappingError (before anything is
    read beyond the headers) when a column the mapping names is missing or a required
    field cannot be found; data.raw.UnreadableFile when a file cannot be read.
    """
    if inputs.get(CUSTOMERS) is None:
        raise MappingError("The customer file is required (--customers FILE).")
    window_ending(dt.datetime(2000, 1, 1), window_months)  # a bad length stops here, early
    whole = whole_file_bytes(memory_limit)
    headers = input_headers(inputs, sheet)
    resolved, found = resolve_mapping(headers, mapping)
    con = con if con is not None else new_connection(memory_limit)
    sources: dict[str, Source] = {}
    families: dict[str, dict[str, DateFamily]] = {}
    for section in headers:
        given = inputs[section]
        if isinstance(given, pd.DataFrame):
            sources[section] = frame_source(section, given)
        else:
            sources[section] = open_source(section, given, sheet if section == CUSTOMERS else None)
        source, section_mapping = sources[section], resolved.section(section)
        source.whole_bytes = whole
        if section == CUSTOMERS:  # kept whole: its other columns pass through
            source.run(con, lambda rows: f"CREATE OR REPLACE TABLE raw_customers AS "
                       f"SELECT * FROM {rows}")  # fmt: skip
        # A CSV read whole (up to load.WHOLE_FILE_BYTES) is kept for the date sample, the
        # values and the report's cells, until `Preparation.close`; larger ones stream.
        source.keep = True
        families[section] = date_families(con, source, section_mapping)
        rows = "raw_customers" if section == CUSTOMERS else None
        parse_section(con, source, section_mapping, families[section], rows=rows)
    logs = tuple(s for s in LOGS if s in sources)
    window = choose_window(con, logs, window_end, window_months)
    if TICKETS in logs:
        ticket_stage(con, resolved.section(TICKETS), rows_view=True)
    customers: SectionMapping = resolved.section(CUSTOMERS)
    customer_stage(con, customers, window)
    final_stage(con, logs, window, tuple(headers[CUSTOMERS]), customers)
    counts = {section: count_statuses(con, section) for section in (CUSTOMERS, *logs)}
    return Preparation(
        con=con,
        window=window,
        mapping=resolved,
        found=found,
        counts=counts,
        families=families,
        headers={s: tuple(h) for s, h in headers.items()},
        sources=sources,
    )
