"""`churn-cost trend`: a workspace's periods, one row each, as CSV.

    churn-cost trend --workspace NAME [-o trend.csv] [--database URL]

Columns: period (YYYY-MM), customers, total_expected_cost, expected_lost (departures and
word of mouth), expected_departure_cost and word_of_mouth_loss (its two parts),
handling_cost (already spent), then cost_from_<incident> for each root cause
(model.store.trend). Written to standard output without -o. Exit status: 0 written;
2 nothing written (the message says why).
"""

from __future__ import annotations

import argparse
import sys

from data.export import safe_csv_bytes
from model.store import StoreError, command_line, open_store, trend


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="churn-cost trend", description="A workspace's periods, one row each, as CSV."
    )
    parser.add_argument("--workspace", required=True, help="the workspace's name, as given")
    parser.add_argument("-o", "--output", help="the CSV file (default: standard output)")
    parser.add_argument("--database", metavar="URL", help="the store (default: the SQLite file)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Write the trend; 0 when written, 2 when not."""
    args = _parse_arguments(argv)
    try:
        store = open_store(args.database).acting(command_line())
        try:
            table = trend(store, args.workspace)
        finally:
            store.dispose()
        content = safe_csv_bytes(table)
        if args.output:
            with open(args.output, "wb") as sink:
                sink.write(content)
        else:
            sys.stdout.write(content.decode())
    except (StoreError, OSError) as error:
        print(f"Nothing was written: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
