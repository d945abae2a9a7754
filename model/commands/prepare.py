"""`python -m model.prepare` (`churn-cost prepare`): the contract from a company's own records.

    python -m model.prepare --customers crm.csv [--tickets tickets.csv] [--outages out.csv]
                            [--orders orders.csv] [--mapping mapping.json]
                            [--window-end 2025-01-01] [--window-months 12]
                            -o customers.csv [--report unused.csv]
                            [--save-mapping mapping.json] [--sheet NAME]
                            [--engine dask [--scheduler ADDRESS] [--buckets N] [--work-dir DIR]]
    python -m model.prepare --example DIR      # synthetic files to try it on

Writes one row per customer of the customer file in the data contract, which
`python -m model.score`, the report and the dashboard take as it is; every log row not
used goes to --report with its reason. The rules are in docs/records.md; the work is
data.records. Exit status: 0 prepared, every row used or outside the window or of an
unknown customer; 1 prepared, some rows rejected (listed in the report); 2 nothing written
(a file missing or unreadable, a mapping naming a column a file lacks, a required field
not found, an option out of range, or any other failure: a plain message, and the
traceback only with --debug).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data.raw import UnreadableFile
from data.records import (
    DEFAULT_MONTHS,
    IN_MEMORY_INPUT_BYTES,
    LARGE_INPUT_MEMORY_LIMIT,
    SMALL_INPUT_MEMORY_LIMIT,
    MappingError,
    bounded_connection,
    date_lines,
    load_mapping,
    mapping_lines,
    memory_bytes,
    parse_window_end,
    prepare_records,
    use_returning_pool,
)

EXIT_PREPARED, EXIT_SOME_REJECTED, EXIT_NOTHING_WRITTEN = 0, 1, 2


def _memory_limit(value: str) -> str:
    """--memory-limit checked before anything runs (data.records.memory_bytes)."""
    try:
        memory_bytes(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("--memory-limit ")) from None
    return value


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments; --customers and -o are required unless --example is given."""
    parser = argparse.ArgumentParser(
        prog="python -m model.prepare",
        description="Turn a customer file and ticket, outage and order logs into the data "
        "contract (one row per customer), by the rules of docs/records.md.",
    )
    parser.add_argument("--customers", type=Path, help="the customer list (CRM or billing)")
    parser.add_argument("--tickets", type=Path, help="a help-desk ticket export")
    parser.add_argument("--outages", type=Path, help="an outage log: customer, start, end")
    parser.add_argument("--orders", type=Path, help="an order log: customer, date, reshipped")
    parser.add_argument("--mapping", type=Path, help="a mapping JSON file (else found)")
    parser.add_argument(
        "--window-end",
        help="exclusive end of the window, e.g. 2025-01-01 "
        "(default: the day after the latest event)",
    )
    parser.add_argument(
        "--window-months",
        type=int,
        default=DEFAULT_MONTHS,
        help=f"months in the window (default {DEFAULT_MONTHS})",
    )
    parser.add_argument("-o", "--output", type=Path, help="the contract file (.csv or .parquet)")
    parser.add_argument("--report", type=Path, help="every log row not used, with its reason")
    parser.add_argument("--save-mapping", type=Path, help="write the mapping used as JSON")
    parser.add_argument("--sheet", help="the customer workbook's sheet (default the first)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", help="a Dask scheduler's address (default: local cluster)")
    parser.add_argument(
        "--buckets",
        type=int,
        default=None,
        help="Dask engine: buckets of customers, one task each (default: one per 32 MiB "
        "of input, at least one a worker)",
    )
    parser.add_argument(
        "--memory-limit",
        type=_memory_limit,
        help="DuckDB's memory limit, e.g. 2GB; beyond it the work spills to a temporary "
        f"folder (default on one machine: {SMALL_INPUT_MEMORY_LIMIT} in memory, or "
        f"{LARGE_INPUT_MEMORY_LIMIT} working on disk when the inputs are over "
        f"{IN_MEMORY_INPUT_BYTES >> 20} MiB, which keeps the process near 1 GB; Dask "
        "engine: DuckDB's own on every worker)",
    )
    parser.add_argument(
        "--work-dir", type=Path, help="Dask engine: a folder every worker reaches, for the buckets"
    )
    parser.add_argument(
        "--example",
        type=Path,
        metavar="DIR",
        help="write synthetic example files into DIR and stop",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    if args.example is None and (args.customers is None or args.output is None):
        parser.error("--customers and -o/--output are required (or --example DIR)")
    if args.buckets is not None and args.buckets < 1:
        parser.error(f"--buckets must be 1 or more, got {args.buckets}")
    return args


def _prepare(args: argparse.Namespace):
    """Prepare the records on Dask or in this process; DuckDB works on disk for a large input
    or when a memory limit is set."""
    inputs = {
        section: getattr(args, section)
        for section in ("customers", "tickets", "outages", "orders")
        if getattr(args, section) is not None
    }
    mapping = load_mapping(args.mapping) if args.mapping else None
    end = parse_window_end(args.window_end) if args.window_end else None
    if args.engine == "dask":
        from data.records.distributed import prepare_on_dask

        return prepare_on_dask(
            inputs,
            mapping,
            end,
            args.window_months,
            scheduler=args.scheduler,
            buckets=args.buckets,
            sheet=args.sheet,
            work_dir=args.work_dir,
            memory_limit=args.memory_limit,
        )
    use_returning_pool()  # this process's Arrow memory: jemalloc, not mimalloc (ADR 0028)
    bound = bounded_connection(inputs, args.memory_limit)
    return prepare_records(
        inputs, mapping, end, args.window_months, con=bound.con, sheet=args.sheet,
        memory_limit=bound.memory_limit,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Prepare the records the arguments name (or write the example files); the exit status
    is in the module's docstring."""
    args = _parse_arguments(argv)
    if args.example is not None:
        from data.records.example import write_example  # the generator, only when asked

        written = write_example(args.example)
        print(
            f"Wrote {', '.join(str(p) for p in written.values())} and "
            f"{args.example / 'expected.csv'}."
        )
        return EXIT_PREPARED
    try:
        done = _prepare(args)
        for line in [*mapping_lines(done.found), *date_lines(done.families, done.mapping)]:
            print(line, file=sys.stderr)
        done.write_customers(args.output)
        if args.report:
            done.write_report(args.report)
        if args.save_mapping:
            args.save_mapping.write_text(done.mapping.to_json(), encoding="utf-8")
    except (MappingError, UnreadableFile, ValueError, OSError) as error:
        if args.debug:
            raise
        print(f"Nothing was prepared: {error}", file=sys.stderr)
        return EXIT_NOTHING_WRITTEN
    except Exception as error:  # any other failure: still exit 2, in words, not a traceback
        if args.debug:
            raise
        print(
            f"Nothing was prepared: the import stopped ({type(error).__name__}: {error}). "
            "Run again with --debug to see where.",
            file=sys.stderr,
        )
        return EXIT_NOTHING_WRITTEN
    customers = done.counts["customers"].used
    print(
        f"Prepared {customers:,} customers over {done.window.describe()} "
        f"({done.window.origin()}) into {args.output}. {done.summary()}."
    )
    unused = sum(c.read - c.used for c in done.counts.values())
    if unused and not args.report:
        print("Add --report FILE to list every row not used, with its reason.", file=sys.stderr)
    if any(c.rejected for c in done.counts.values()):
        return EXIT_SOME_REJECTED
    return EXIT_PREPARED


if __name__ == "__main__":
    raise SystemExit(main())
