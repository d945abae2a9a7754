"""The records import on a Dask cluster: the same SQL stages, on buckets of the rows.

    python -m model.prepare --customers crm.csv --tickets tickets.csv -o out.csv \\
        --engine dask [--scheduler tcp://scheduler:8786] [--buckets 8] [--work-dir DIR] \\
        [--memory-limit 1GB]

Three rounds of tasks, each running data/records' own functions on a worker's DuckDB:

1. one task per input reads it, numbers its rows, reads its cells (load.py, parse.py, with
   the date format chosen from its first rows exactly as on one machine) and writes them to
   Parquet in K buckets: ticket rows by the hash of their ticket, every other row by the
   hash of its customer. It returns the latest event, from which the window end comes.
2. one task per ticket bucket makes its tickets (assemble.ticket_stage): all rows of a
   ticket share a bucket, so each ticket's owner and conflicts are found there. Its tickets
   and rows are written again, bucketed by their customer.
3. one task per customer bucket applies the rules to that bucket's customers and all of
   their rows (assemble.customer_stage, final_stage): every customer with all their events
   is in one bucket, so each one's counts are complete.

The machine that submits then reads the buckets' customers in the customer file's order
and their unused rows in each log's row order: the same files as on one machine. The
folder of the intermediate Parquet files (`work_dir`) must be the same place on every
worker (a shared filesystem), as for the scoring engine. `memory_limit` is DuckDB's on
every worker's connection (their tables then in a database file, as on one machine, so a
worker's memory stays near it) and on the submitting machine's. Only this module imports Dask.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
import tempfile
import weakref
from pathlib import Path

from data.dask_cluster import dask_client
from data.records.assemble import customer_stage, final_stage, latest_event, ticket_stage
from data.records.fields import CUSTOMERS, LOGS, SECTIONS, TICKETS
from data.records.load import ROW, open_source
from data.records.mapping import MappingError, RecordsMapping
from data.records.parse import date_families, parse_section
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


def _bucket_of(key_sql: str, buckets: int) -> str:
    return f"(hash({key_sql}) % {buckets})"


def _write_buckets(con, table: str, key_sql: str, buckets: int, folder: Path) -> None:
    """Write a table to `folder/bucket=k/*.parquet`, plus an empty file with its columns."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = str(folder / "schema.parquet")
    con.execute(f"COPY (SELECT * FROM {table} LIMIT 0) TO $path (FORMAT parquet)", {"path": schema})
    con.execute(
        f"COPY (SELECT *, {_bucket_of(key_sql, buckets)} AS bucket FROM {table}) "
        "TO $path (FORMAT parquet, PARTITION_BY (bucket), OVERWRITE_OR_IGNORE)",
        {"path": str(folder)},
    )


def _read_bucket(con, table: str, folder: Path, bucket: int) -> None:
    files = sorted((folder / f"bucket={bucket}").glob("*.parquet")) or [folder / "schema.parquet"]
    con.execute(
        f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet($files, "
        "hive_partitioning = false)",
        {"files": [str(f) for f in files]},
    )


def _worker_connection(memory_limit: str | None):
    """A task's connection: one thread (a worker runs one task a thread), and with a memory
    limit its tables in a database file, so that only DuckDB's buffer pool stays in memory."""
    return new_connection(memory_limit=memory_limit, threads=1, on_disk=memory_limit is not None)


def _read_input(section, path, mapping, buckets, work, sheet, memory_limit=None):
    """Round 1 on a worker: read, number, parse and bucket one input."""
    con = _worker_connection(memory_limit)
    source = open_source(section, path, sheet)
    source.keep, source.whole_bytes = True, whole_file_bytes(memory_limit)
    families = date_families(con, source, mapping)
    if section == CUSTOMERS:  # the cells travel with the values, for the pass-through
        source.run(con, lambda rows: f"CREATE TABLE raw_customers AS SELECT * FROM {rows}")
        parse_section(con, source, mapping, families, target="parsed", rows="raw_customers")
        con.execute(
            f"CREATE TABLE p_{section} AS SELECT p.*, r.* EXCLUDE ({ROW}, __problem) "
            f"FROM parsed p JOIN raw_customers r USING ({ROW})"
        )
    else:
        parse_section(con, source, mapping, families)
    key = TICKET_KEY if section == TICKETS else CUSTOMER_KEY
    _write_buckets(con, f"p_{section}", key, buckets, work / f"p_{section}")
    latest = latest_event(con, [section]) if section != CUSTOMERS else None
    close_connection(con)
    return {name: family.name for name, family in families.items()}, latest, source.row_by_row


def _tickets_bucket(bucket, mapping, buckets, work, memory_limit=None):
    """Round 2 on a worker: the tickets of one bucket, rebucketed by their customer."""
    con = _worker_connection(memory_limit)
    _read_bucket(con, "p_tickets", work / "p_tickets", bucket)
    ticket_stage(con, mapping)
    owner = f"coalesce('=' || __owner, '#' || {ROW})"
    for table, key in (("r_tickets", owner), ("t_tickets", "'=' || __owner")):
        _write_buckets(con, table, key, buckets, work / table / f"from={bucket}")
    close_connection(con)


def _customers_bucket(bucket, logs, window, headers, mapping, buckets, work, memory_limit=None):
    """Round 3 on a worker: every rule for the customers of one bucket and their rows."""
    con = _worker_connection(memory_limit)
    for section in (CUSTOMERS, *[s for s in logs if s != TICKETS]):
        _read_bucket(con, f"p_{section}", work / f"p_{section}", bucket)
    if TICKETS in logs:
        for table in ("r_tickets", "t_tickets"):
            parts = []
            for origin in range(buckets):
                folder = work / table / f"from={origin}"
                _read_bucket(con, f"{table}_{origin}", folder, bucket)
                parts.append(f"SELECT * FROM {table}_{origin}")
            con.execute(f"CREATE OR REPLACE TABLE {table} AS {' UNION ALL '.join(parts)}")
    con.execute("CREATE OR REPLACE VIEW raw_customers AS SELECT * FROM p_customers")
    customer_stage(con, mapping.section(CUSTOMERS), window)
    final_stage(con, logs, window, headers[CUSTOMERS], mapping.section(CUSTOMERS))
    out = work / "out"
    (out / "prepared").mkdir(parents=True, exist_ok=True)
    execute(con, "COPY prepared TO $path", {"path": str(out / "prepared" / f"{bucket}.parquet")})
    counts = {}
    for section in (CUSTOMERS, *logs):
        counts[section] = count_statuses(con, section)
        folder = out / f"s_{section}"
        folder.mkdir(parents=True, exist_ok=True)
        unused = f"SELECT {ROW}, __status, __reason FROM s_{section} WHERE __status <> 'used'"
        execute(con, f"COPY ({unused}) TO $path", {"path": str(folder / f"{bucket}.parquet")})
    close_connection(con)
    return counts


def prepare_on_dask(
    inputs: dict[str, Input],
    mapping: RecordsMapping | None = None,
    window_end=None,
    window_months: int = DEFAULT_MONTHS,
    scheduler: str | None = None,
    buckets: int = 8,
    sheet: str | None = None,
    client=None,
    work_dir: str | Path | None = None,
    memory_limit: str | None = None,
) -> Preparation:
    """`prepare_records` on a Dask cluster (a local one unless `scheduler` or `client`):
    the same prepared customers, report and counts. Inputs must be files. `memory_limit`:
    DuckDB's, e.g. "1GB", on each task's connection and on this machine's."""
    if inputs.get(CUSTOMERS) is None:
        raise MappingError("The customer file is required (--customers FILE).")
    if memory_limit is not None:
        memory_bytes(memory_limit)  # a bad value stops here, before any worker sees it
    window_ending(day_after(datetime.datetime(2000, 1, 1)), window_months)
    headers = {s: tuple(h) for s, h in input_headers(inputs, sheet).items()}
    resolved, found = resolve_mapping({s: list(h) for s, h in headers.items()}, mapping)
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="churn-records-dask-"))
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(dask_client(scheduler))
        sections = [s for s in SECTIONS if s in headers]
        first = client.gather(
            [
                client.submit(
                    _read_input, s, str(inputs[s]), resolved.section(s), buckets, work,
                    sheet if s == CUSTOMERS else None, memory_limit, pure=False,
                )
                for s in sections
            ]
        )  # fmt: skip
        families = {
            s: {name: FAMILIES_BY_NAME[family] for name, family in got[0].items()}
            for s, got in zip(sections, first, strict=True)
        }
        logs = tuple(s for s in LOGS if s in headers)
        con = new_connection(memory_limit=memory_limit)
        latest = [got[1] for got in first if got[1] is not None]
        window = _window(window_end, window_months, latest)
        if TICKETS in logs:
            client.gather(
                [client.submit(_tickets_bucket, k, resolved.section(TICKETS), buckets, work,
                               memory_limit, pure=False) for k in range(buckets)]
            )  # fmt: skip
        parts = client.gather(
            [
                client.submit(_customers_bucket, k, logs, window, headers, resolved, buckets,
                              work, memory_limit, pure=False)
                for k in range(buckets)
            ]
        )  # fmt: skip
    counts = {}
    for section in (CUSTOMERS, *logs):
        fields = ("read", "used", "outside", "unknown", "rejected")
        sums = {f: sum(getattr(part[section], f) for part in parts) for f in fields}
        counts[section] = type(parts[0][section])(**sums)
    out = work / "out"
    con.read_parquet(str(out / "prepared" / "*.parquet")).create_view("prepared")
    for section in (CUSTOMERS, *logs):
        con.read_parquet(str(out / f"s_{section}" / "*.parquet")).create_view(f"s_{section}")
    sources = {}
    for section, got in zip(sections, first, strict=True):
        sources[section] = open_source(
            section, inputs[section], sheet if section == CUSTOMERS else None
        )
        sources[section].row_by_row = got[2]
    done = Preparation(
        con=con, window=window, mapping=resolved, found=found, counts=counts,
        families=families, headers=headers, sources=sources, customers_kept=False,
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
