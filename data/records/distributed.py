"""The records import on a Dask cluster: the same SQL stages, on pieces and buckets of the rows.

    python -m model.prepare --customers crm.csv --tickets tickets.csv -o out.csv \\
        --engine dask [--scheduler tcp://scheduler:8786] [--buckets 8] [--work-dir DIR] \\
        [--memory-limit 1GB]

Rounds of tasks, each running data/records' own functions on a worker's DuckDB:

1. each input is read in pieces (data/records/pieces.py): a CSV larger than a piece
   (PIECE_BYTES, 16 MiB, or about PIECE_ROWS lines if fewer bytes) in byte ranges cut at
   line ends outside quotes, a Parquet file in runs of row groups; one task a piece reads
   its rows, numbers them, reads their cells (parse.py, with the date format of each
   column chosen once, by the submitting machine, from the file's first rows exactly as on
   one machine) and writes them to Parquet in K buckets: ticket rows by the hash of their
   ticket, every other row by the hash of its customer. Each piece writes its part of
   bucket k into the one folder of bucket k. It
   returns its row count (from which each piece's first row number comes) and its latest
   event (from which the window end comes). A CSV no larger than a piece is one piece,
   streamed. A file the pieces cannot read as one machine does (a row of a wrong width, a
   quote inside a bare field, UTF-16, a workbook) is read whole by one task, as before.
2. one task per ticket bucket reads its folder (one glob; each row's number made the file's
   by its piece's offset) and makes its tickets (assemble.ticket_stage): all rows of a
   ticket share a bucket, so each ticket's owner and conflicts are found there. Its tickets
   and rows are written again, each into the folder of its customer's bucket.
3. one task per customer bucket reads its folder of each table (one glob each) and applies
   the rules to that bucket's customers and all of their rows (assemble.customer_stage,
   final_stage): every customer with all their events is in one bucket, so each one's
   counts are complete.

So a task reads and writes its own rows' share: the rounds cost in proportion to the rows,
and a worker's memory follows a piece's or a bucket's size, not a log's. Round 3 writes
each customer into the folder of its range of RANGE_ROWS rows; the machine that submits
sorts one range at a time into the prepared file, and streams each input past its unused
rows for the report (DuckDB on disk under DRIVER_MEMORY_LIMIT): the same files as on one
machine, in memory that stays the same as the files grow. The folder of the
intermediate Parquet files (`work_dir`) must be the same place on every worker (a shared
filesystem), as for the scoring engine. `memory_limit` is DuckDB's on every worker's
connection (their tables then in a database file, as on one machine, so a worker's memory
stays near it) and on the submitting machine's (instead of its default). Only this module
imports Dask.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import shutil
import tempfile
import weakref
from pathlib import Path

import data.records.statements as sql
from data.dask_cluster import dask_client
from data.io import sniff_csv
from data.records.assemble import (
    EVENT_TIMES,
    customer_stage,
    final_stage,
    latest_event,
    ticket_stage,
)
from data.records.fields import CUSTOMERS, LOGS, SECTIONS, TICKETS
from data.records.load import ROW, Source, file_header, open_source
from data.records.mapping import MappingError, RecordsMapping
from data.records.parse import date_families, parse_section
from data.records.pieces import (
    PIECE,
    PIECE_BYTES,
    Piece,
    PieceSource,
    csv_in_pieces,
    cut_points,
    is_parquet,
    nominal_ranges,
    numbered_rows_sql,
    parquet_pieces,
    piece_size,
    scan_range,
)
from data.records.prepare import (
    Input,
    Preparation,
    close_connection,
    count_statuses,
    input_headers,
    memory_bytes,
    new_connection,
    resolve_mapping,
    whole_file_bytes,
)
from data.records.statements import CUSTOMER_KEY, TICKET_KEY, execute
from data.records.values import FAMILIES_BY_NAME
from data.records.window import DEFAULT_MONTHS, Window, day_after, window_ending

#: Customer rows per range of the prepared file: each bucket writes its customers into the
#: folder of their range, and the submitting machine sorts one range at a time.
RANGE_ROWS = 250_000
#: DuckDB's limit on the submitting machine's connection when none is given (on disk, one
#: thread: two ran out of it with 4 million unused rows): it sorts a range of the prepared
#: file and joins the unused rows with their cells.
DRIVER_MEMORY_LIMIT = "256MB"

#: Bytes of input per bucket when the buckets are not given: a bucket's rows, and what a task
#: of rounds 2 and 3 holds, then stay the same however large the inputs grow.
BUCKET_BYTES = 32 << 20


def default_buckets(inputs, workers: int) -> int:
    """One bucket per BUCKET_BYTES of the input files, at least one a worker."""
    size = sum(Path(path).stat().st_size for path in inputs.values())
    return max(1, workers, math.ceil(size / BUCKET_BYTES))


def _bucket_of(key_sql: str, buckets: int) -> str:
    return f"(hash({key_sql}) % {buckets})"


def _write_buckets(con, select: str, part_sql: str, folder: Path, name: str) -> None:
    """Write the rows of `select` to `folder/bucket=k/<name>_0.parquet`, k the value of
    `part_sql` (the writer's own file in each part's folder); the writer named "0" adds an
    empty file of the columns."""
    folder.mkdir(parents=True, exist_ok=True)
    if name.endswith("-0"):
        con.execute(
            f"COPY (SELECT * FROM ({select}) LIMIT 0) TO $path (FORMAT parquet)",
            {"path": str(folder / "schema.parquet")},
        )
    con.execute(
        f"COPY (SELECT *, {part_sql} AS bucket FROM ({select})) "
        "TO $path (FORMAT parquet, PARTITION_BY (bucket), OVERWRITE_OR_IGNORE, "
        "FILENAME_PATTERN $name)",
        {"path": str(folder), "name": f"{name}_{{i}}"},
    )


def _read_bucket(con, table: str, folder: Path, bucket: int, offsets=None) -> None:
    """`table` from bucket `bucket`'s folder (one glob); `offsets`: the rows before each
    piece of round 1, added to the piece's row numbers."""
    files = sorted((folder / f"bucket={bucket}").glob("*.parquet")) or [folder / "schema.parquet"]
    params = {"files": [str(f) for f in files]}
    if offsets is None:
        query = "SELECT * FROM read_parquet($files, hive_partitioning = false)"
    else:
        query, params["offsets"] = numbered_rows_sql("$files", "$offsets"), list(offsets)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS {query}", params)


def _worker_connection(memory_limit: str | None):
    """A task's connection: one thread (a worker runs one task a thread), and with a memory
    limit its tables in a database file, so that only DuckDB's buffer pool stays in memory."""
    return new_connection(memory_limit=memory_limit, threads=1, on_disk=memory_limit is not None)


def _parsed(con, section, source, mapping, families) -> None:
    """`p_<section>` from a source's rows; the customer file's cells travel with its values,
    for the pass-through."""
    if section == CUSTOMERS:
        source.run(con, lambda rows: f"CREATE TABLE raw_customers AS SELECT * FROM {rows}")
        parse_section(con, source, mapping, families, target="parsed", rows="raw_customers")
        con.execute(
            f"CREATE TABLE p_{section} AS SELECT p.*, r.* EXCLUDE ({ROW}, __problem) "
            f"FROM parsed p JOIN raw_customers r USING ({ROW})"
        )
    else:
        parse_section(con, source, mapping, families)


def _bucketed(con, section, buckets, work, piece: int) -> None:
    key = TICKET_KEY if section == TICKETS else CUSTOMER_KEY
    select = f"SELECT *, {piece} AS {PIECE} FROM p_{section}"
    part = _bucket_of(key, buckets)
    _write_buckets(con, select, part, work / f"p_{section}", f"piece-{piece}")


def _read_input(section, path, mapping, buckets, work, sheet, memory_limit=None):
    """Round 1 on a worker, for a file read whole: read, number, parse and bucket it."""
    con = _worker_connection(memory_limit)
    source = open_source(section, path, sheet)
    source.keep, source.whole_bytes = True, whole_file_bytes(memory_limit)
    families = date_families(con, source, mapping)
    _parsed(con, section, source, mapping, families)
    _bucketed(con, section, buckets, work, 0)
    latest = latest_event(con, [section]) if section != CUSTOMERS else None
    close_connection(con)
    return {name: family.name for name, family in families.items()}, latest, source.row_by_row


def _read_piece(section, path, piece: Piece, families, mapping, buckets, work, memory_limit):
    """Round 1 on a worker, for one piece: its rows numbered from its start, parsed and
    bucketed; returns their count and the latest event (time, row within the piece)."""
    con = _worker_connection(memory_limit)
    header, decimal_comma = file_header(path, repeats=section != CUSTOMERS)
    source = PieceSource(section, tuple(header), decimal_comma, path=Path(path))
    source.piece = piece
    families = {name: FAMILIES_BY_NAME[family] for name, family in families.items()}
    _parsed(con, section, source, mapping, families)
    _bucketed(con, section, buckets, work, piece.index)
    rows = con.execute(f"SELECT count(*) FROM p_{section}").fetchone()[0]
    latest = None
    if section in EVENT_TIMES:
        time = f"__f_{EVENT_TIMES[section]}"
        got = execute(con, sql.LATEST_EVENT.format(time=time, section=section)).fetchone()
        latest = got if got[0] is not None else None
    close_connection(con)
    return rows, latest


def _tickets_bucket(bucket, mapping, buckets, work, offsets, memory_limit=None):
    """Round 2 on a worker: the tickets of one bucket, rebucketed by their customer."""
    con = _worker_connection(memory_limit)
    _read_bucket(con, "p_tickets", work / "p_tickets", bucket, offsets)
    ticket_stage(con, mapping)
    owner = f"coalesce('=' || __owner, '#' || {ROW})"
    for table, key in (("r_tickets", owner), ("t_tickets", "'=' || __owner")):
        _write_buckets(con, f"SELECT * FROM {table}", _bucket_of(key, buckets), work / table,
                       f"from-{bucket}")  # fmt: skip
    close_connection(con)


def _customers_bucket(bucket, logs, window, headers, mapping, work, offsets, memory_limit=None,
                      range_rows=RANGE_ROWS):  # fmt: skip
    """Round 3 on a worker: every rule for the customers of one bucket and their rows."""
    con = _worker_connection(memory_limit)
    for section in (CUSTOMERS, *[s for s in logs if s != TICKETS]):
        _read_bucket(con, f"p_{section}", work / f"p_{section}", bucket, offsets[section])
    if TICKETS in logs:
        for table in ("r_tickets", "t_tickets"):
            _read_bucket(con, table, work / table, bucket)
    con.execute("CREATE OR REPLACE VIEW raw_customers AS SELECT * FROM p_customers")
    customer_stage(con, mapping.section(CUSTOMERS), window)
    final_stage(con, logs, window, headers[CUSTOMERS], mapping.section(CUSTOMERS))
    out = work / "out"
    _write_buckets(con, "SELECT * FROM prepared", f"({ROW} - 1) // {int(range_rows)}",
                   out / "prepared", f"from-{bucket}")  # fmt: skip
    counts = {}
    for section in (CUSTOMERS, *logs):
        counts[section] = count_statuses(con, section)
        folder = out / f"s_{section}"
        folder.mkdir(parents=True, exist_ok=True)
        unused = f"SELECT {ROW}, __status, __reason FROM s_{section} WHERE __status <> 'used'"
        execute(con, f"COPY ({unused}) TO $path", {"path": str(folder / f"{bucket}.parquet")})
    close_connection(con)
    return counts


def _split(client, inputs, sections, mapping, con, piece_bytes) -> dict:
    """The inputs read in pieces: section -> (its pieces, the date family of each date
    field, chosen here from the file's first rows as on one machine). A file left out is
    read whole by one task."""
    chosen, scans = {}, {}
    for section in sections:
        path = Path(inputs[section])
        parquet = is_parquet(path)
        if not parquet and not csv_in_pieces(path):
            continue
        source = open_source(section, path)  # an unclosed quote is refused here, as on one machine
        source.whole_bytes = 0  # the first rows only, streamed
        families = date_families(con, source, mapping.section(section))
        if source.row_by_row:  # a row of a wrong width: read whole, row by row
            continue
        if parquet:
            pieces = [Piece(i, *got) for i, got in enumerate(parquet_pieces(path, piece_bytes))]
            chosen[section] = (pieces, families, True)
            continue
        size = piece_size(path, piece_bytes)
        if path.stat().st_size <= size:  # one piece, streamed: nothing to cut
            chosen[section] = ([Piece(0, 0, path.stat().st_size)], families, False)
            continue
        ranges = nominal_ranges(path.stat().st_size, size)
        separator = sniff_csv(path, repeats=True).separator
        futures = [client.submit(scan_range, str(path), start, end, separator, pure=False)
                   for start, end in ranges]  # fmt: skip
        scans[section] = (ranges, futures, families)
    for section, (ranges, futures, families) in scans.items():
        cuts = cut_points(Path(inputs[section]), ranges, client.gather(futures))
        if cuts is not None:
            chosen[section] = ([Piece(i, *cut) for i, cut in enumerate(cuts)], families, False)
    return chosen


def _first_round(client, inputs, sections, resolved, buckets, work, sheet, memory_limit, split):
    """Round 1: every input's rows parsed into buckets. Returns, per section, the date
    families, the latest event, whether it was read row by row, and the rows before each
    piece."""
    from distributed import wait

    def whole(section):
        return client.submit(
            _read_input, section, str(inputs[section]), resolved.section(section), buckets,
            work, sheet if section == CUSTOMERS else None, memory_limit, pure=False,
        )  # fmt: skip

    futures = {}
    for section in sections:
        if section in split:
            pieces, families, _ = split[section]
            names = {name: family.name for name, family in families.items()}
            futures[section] = [
                client.submit(_read_piece, section, str(inputs[section]), piece, names,
                              resolved.section(section), buckets, work, memory_limit, pure=False)
                for piece in pieces
            ]  # fmt: skip
        else:
            futures[section] = whole(section)
    wait([f for got in futures.values() for f in (got if isinstance(got, list) else [got])])
    first = {}
    for section in sections:
        got = futures[section]
        if isinstance(got, list) and all(f.status == "finished" for f in got):
            first[section] = _from_pieces(section, split[section], client.gather(got))
            continue
        if isinstance(got, list):  # a piece could not be read as one machine reads it
            shutil.rmtree(work / f"p_{section}", ignore_errors=True)
            got = whole(section)
        families, latest, row_by_row = got.result()
        families = {name: FAMILIES_BY_NAME[family] for name, family in families.items()}
        first[section] = (families, latest, row_by_row, [0])
    return first


def _from_pieces(section, split, results):
    """A section's round-1 figures from its pieces: the rows before each CSV piece (a
    Parquet piece's rows are numbered in the file already) and the latest event."""
    _, families, parquet = split
    offsets, before = [], 0
    for rows, _ in results:
        offsets.append(0 if parquet else before)
        before += rows
    events = [(got[1][0], got[1][1] + offset) for got, offset in zip(results, offsets, strict=True)
              if got[1] is not None]  # fmt: skip
    latest = None
    if events:
        time = max(event[0] for event in events)
        row = min(event[1] for event in events if event[0] == time)
        latest = (time, f"{section} row {row:,} ({EVENT_TIMES[section]})")  # as latest_event
    return families, latest, False, offsets


def prepare_on_dask(
    inputs: dict[str, Input],
    mapping: RecordsMapping | None = None,
    window_end=None,
    window_months: int = DEFAULT_MONTHS,
    scheduler: str | None = None,
    buckets: int | None = None,
    sheet: str | None = None,
    client=None,
    work_dir: str | Path | None = None,
    memory_limit: str | None = None,
    piece_bytes: int = PIECE_BYTES,
    range_rows: int = RANGE_ROWS,
) -> Preparation:
    """`prepare_records` on a Dask cluster (a local one unless `scheduler` or `client`):
    the same prepared customers, report and counts. Inputs must be files. `memory_limit`:
    DuckDB's, e.g. "1GB", on each task's connection and on this machine's. `buckets`: of
    the rows, one task each in rounds 2 and 3 (default `default_buckets`). `piece_bytes`:
    the size of a piece of an input (a task of the first round). `range_rows`: customer
    rows of a range of the prepared file, which this machine sorts alone."""
    if inputs.get(CUSTOMERS) is None:
        raise MappingError("The customer file is required (--customers FILE).")
    if memory_limit is not None:
        memory_bytes(memory_limit)  # a bad value stops here, before any worker sees it
    window_ending(day_after(datetime.datetime(2000, 1, 1)), window_months)
    headers = {s: tuple(h) for s, h in input_headers(inputs, sheet).items()}
    resolved, found = resolve_mapping({s: list(h) for s, h in headers.items()}, mapping)
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="churn-records-dask-"))
    sections = [s for s in SECTIONS if s in headers]
    logs = tuple(s for s in LOGS if s in headers)
    con = new_connection(memory_limit=memory_limit or DRIVER_MEMORY_LIMIT, threads=1, on_disk=True)
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(dask_client(scheduler))
        if buckets is None:
            buckets = default_buckets(inputs, len(client.scheduler_info()["workers"]))
        split = _split(client, inputs, sections, resolved, con, piece_bytes)
        first = _first_round(
            client, inputs, sections, resolved, buckets, work, sheet, memory_limit, split
        )
        window = _window(window_end, window_months, [f[1] for f in first.values() if f[1]])
        if TICKETS in logs:
            client.gather(
                [client.submit(_tickets_bucket, k, resolved.section(TICKETS), buckets, work,
                               first[TICKETS][3], memory_limit, pure=False)
                 for k in range(buckets)]
            )  # fmt: skip
        offsets = {s: first[s][3] for s in sections}
        parts = client.gather(
            [
                client.submit(_customers_bucket, k, logs, window, headers, resolved, work,
                              offsets, memory_limit, range_rows, pure=False)
                for k in range(buckets)
            ]
        )  # fmt: skip
    return _gathered(con, work, work_dir, parts, first, inputs, sheet, logs, window,
                     resolved, found, headers)  # fmt: skip


def _gathered(con, work, work_dir, parts, first, inputs, sheet, logs, window, resolved, found,
              headers) -> Preparation:  # fmt: skip
    """The buckets' results as one Preparation, read by the submitting machine."""
    counts = {}
    for section in (CUSTOMERS, *logs):
        fields = ("read", "used", "outside", "unknown", "rejected")
        sums = {f: sum(getattr(part[section], f) for part in parts) for f in fields}
        counts[section] = type(parts[0][section])(**sums)
    out = work / "out"
    ranges = sorted((out / "prepared").glob("bucket=*"), key=lambda p: int(p.name[7:]))
    every = [str(f) for folder in ranges for f in sorted(folder.glob("*.parquet"))]
    con.read_parquet(every or str(out / "prepared" / "schema.parquet"),
                     hive_partitioning=False).create_view("prepared")  # fmt: skip
    ordered = []
    for index, folder in enumerate(ranges):
        files = [str(f) for f in sorted(folder.glob("*.parquet"))]
        con.read_parquet(files, hive_partitioning=False).create_view(f"prepared_{index}")
        ordered.append(f"SELECT * EXCLUDE ({ROW}) FROM prepared_{index} ORDER BY {ROW}")
    for section in (CUSTOMERS, *logs):
        con.read_parquet(str(out / f"s_{section}" / "*.parquet")).create_view(f"s_{section}")
    sources = {}
    for section, got in first.items():  # its quotes were checked in round 1: not again
        sheet_of = sheet if section == CUSTOMERS else None
        header, comma = file_header(inputs[section], sheet_of, repeats=section != CUSTOMERS)
        sources[section] = Source(
            section, tuple(header), comma, path=Path(inputs[section]), sheet=sheet_of
        )
        sources[section].row_by_row, sources[section].whole_bytes = got[2], 0  # streamed
    done = Preparation(
        con=con, window=window, mapping=resolved, found=found, counts=counts,
        families={s: got[0] for s, got in first.items()}, headers=headers, sources=sources,
        customers_kept=False, customer_parts=tuple(ordered), report_streamed=True,
    )  # fmt: skip
    if work_dir is None:
        weakref.finalize(done, shutil.rmtree, work, ignore_errors=True)
    return done


def _window(window_end, months, latest) -> Window:
    """The window: ending at `window_end`, else the day after the latest event of any log."""
    if window_end is None:
        if not latest:
            raise MappingError(
                "The logs hold no valid event, so the window's end cannot be found "
                "from them: give the date the window ends."
            )
        time, set_by = max(latest, key=lambda event: event[0])
        return window_ending(day_after(time), months, set_by)
    return window_ending(window_end, months)
