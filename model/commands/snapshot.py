"""`churn-cost snapshot`: score a customer file as one month of a workspace, and keep it.

    churn-cost snapshot --workspace NAME --period YYYY-MM FILE [--database URL]
                        [--errors rejected.csv] [--engine dask [--scheduler ADDRESS]]
                        [--accept-failed-checks]
    churn-cost snapshot --workspace NAME --period YYYY-MM --customers crm.csv
                        [--tickets t.csv] [--outages o.csv] [--orders o.csv] [--mapping m.json]

FILE is a customer file in the data contract; or `--customers` and the logs are prepared
into one first, as `churn-cost prepare` does. The period is scored with the workspace's
model and current assumptions and stored whole (model.store.snapshot), replacing any
earlier version of it in one transaction. Then the workspace's alert rules are checked
against the previous stored period and any alert printed.

A workspace's model that failed checks of its own stores nothing (exit 2, naming them)
unless `--accept-failed-checks`; then the summary says which check failed.

Exit status: 0 stored; 1 stored, some rows rejected; 2 nothing stored; 3 stored and an
alert fired (rows may also have been rejected: the summary says both), for a scheduler.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from data.io import UnreadableFile
from data.validation import ContractError
from model.batch import Progress
from model.churn import ModelMismatch, failed_checks_sentence
from model.store import StoreError, alerts_for, command_line, open_store, snapshot_file

EXIT_STORED, EXIT_SOME_REJECTED, EXIT_NOTHING_STORED, EXIT_ALERT = 0, 1, 2, 3
RECORDS = ("customers", "tickets", "outages", "orders", "mapping", "window_end")


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="churn-cost snapshot", description="Score a customer file as a workspace's month."
    )
    parser.add_argument("file", nargs="?", help="customer file in the data contract")
    parser.add_argument("--workspace", required=True, help="the workspace's name, as given")
    parser.add_argument("--period", required=True, help="the month, YYYY-MM")
    parser.add_argument("--database", metavar="URL", help="the store (default: the SQLite file)")
    parser.add_argument("--errors", help="CSV file for the rejected rows and their reasons")
    parser.add_argument("--engine", choices=("single", "dask"), default="single")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask")
    parser.add_argument(
        "--accept-failed-checks",
        action="store_true",
        help="score with the workspace's model even though it failed checks of its own "
        "(without it such a model stores nothing, exit status 2)",
    )
    for name in RECORDS:
        parser.add_argument("--" + name.replace("_", "-"), help="as for churn-cost prepare")
    args = parser.parse_args(argv)
    if (args.file is None) == (args.customers is None):
        parser.error("give a customer FILE, or --customers (with any logs), not both")
    return args


def _prepared(args, folder: Path) -> Path | None:
    """The contract file: FILE, or the records prepared into one (None when they failed)."""
    if args.file:
        return Path(args.file)
    from model.commands import prepare

    output = folder / "prepared.parquet"
    words = [f"--{n.replace('_', '-')}={getattr(args, n)}" for n in RECORDS if getattr(args, n)]
    if prepare.main([*words, "-o", str(output)]) == prepare.EXIT_NOTHING_WRITTEN:
        return None
    return output


def _snapshot(args, folder: Path):
    source = _prepared(args, folder)
    if source is None:
        return None, []
    store = open_store(args.database).acting(command_line())
    progress = Progress()
    try:
        done = snapshot_file(
            store,
            args.workspace,
            args.period,
            source,
            engine=args.engine,
            errors_path=args.errors,
            progress=progress,
            scheduler=args.scheduler,
            accept_failed_checks=args.accept_failed_checks,
        )
        return done, alerts_for(store, args.workspace, args.period)
    finally:
        progress.done()
        store.dispose()


def main(argv: list[str] | None = None) -> int:
    """Snapshot the period; the exit status above."""
    args = _parse_arguments(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="churn-cost-records-") as folder:
            done, alerts = _snapshot(args, Path(folder))
    except (StoreError, UnreadableFile, ContractError, ModelMismatch, ValueError, OSError) as e:
        print(f"Nothing was stored: {e}", file=sys.stderr)
        return EXIT_NOTHING_STORED
    if done is None:
        print("Nothing was stored: the records could not be prepared.", file=sys.stderr)
        return EXIT_NOTHING_STORED
    print(done.report.summary())
    if done.failed:
        print(failed_checks_sentence(done.failed))
    print(
        f"Stored as period {done.period} of workspace {done.workspace!r}"
        + (", replacing the earlier one." if done.replaced else ".")
    )
    if done.report.rejected:
        print(f"{done.report.rejected:,} rows were rejected.", file=sys.stderr)
    for alert in alerts:
        print(f"ALERT ({alert.rule}): {alert.reason}")
    if alerts:
        return EXIT_ALERT
    return EXIT_SOME_REJECTED if done.report.rejected else EXIT_STORED


if __name__ == "__main__":
    raise SystemExit(main())
