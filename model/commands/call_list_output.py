"""The score command's call list (`--call-list OUT`): who to call first within a budget,
read back from the estimates just written (model.explain.call_list does the choosing).

    --call-list OUT --call-cost X --save-rate Y [--call-budget AMOUNT | --calls N]

Only the columns the list needs are read back, so a large output costs little memory.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from data.export import safe_csv_bytes
from data.schema import INCIDENT_FEATURES
from model.explain.call_list import SAVED_PARTS, CallList, CallRequest, call_list


def add_call_request_arguments(parser: argparse.ArgumentParser) -> None:
    """A contact's cost, its success rate and a budget in money or calls (score, report)."""
    parser.add_argument("--call-cost", type=float, help="cost of one recovery contact")
    parser.add_argument(
        "--save-rate",
        type=float,
        help="share of a customer's failure-caused churn one contact prevents (0 to 1)",
    )
    limit = parser.add_mutually_exclusive_group()
    limit.add_argument("--call-budget", type=float, help="money to spend on contacts")
    limit.add_argument("--calls", type=int, help="number of contacts to make")


def add_call_list_arguments(parser: argparse.ArgumentParser) -> None:
    """The call list's options on the score command."""
    parser.add_argument(
        "--call-list",
        metavar="OUT",
        help="CSV file of the customers to call first (first column customer_id), best first",
    )
    add_call_request_arguments(parser)


def call_request(parser: argparse.ArgumentParser, args) -> CallRequest | None:
    """The list the options ask for (None when none of them is given); a cost without a
    rate, or a budget without both, is refused with the usage."""
    given = [args.call_cost, args.save_rate, args.call_budget, args.calls]
    if all(value is None for value in given):
        return None
    if args.call_cost is None or args.save_rate is None:
        parser.error("a call list needs --call-cost and --save-rate")
    try:
        return CallRequest(args.call_cost, args.save_rate, args.call_budget, args.calls)
    except ValueError as error:
        parser.error(str(error))


def check_call_list_arguments(parser: argparse.ArgumentParser, args) -> None:
    """Refuse a call list without its cost and rate, or its options without a list."""
    wanted = args.call_list is not None
    given = [args.call_cost, args.save_rate, args.call_budget, args.calls]
    if wanted and (args.call_cost is None or args.save_rate is None):
        parser.error("--call-list needs --call-cost and --save-rate")
    if not wanted and any(value is not None for value in given):
        parser.error("--call-cost, --save-rate, --call-budget and --calls need --call-list")
    if wanted and args.engine != "single":
        parser.error("--call-list needs the single engine")


def _read_back(output: str) -> pd.DataFrame:
    """The estimates' customer ids, saved parts and incident counts from the output file."""
    wanted = {"customer_id", *SAVED_PARTS, *INCIDENT_FEATURES}
    suffix = Path(output).suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        names = pq.ParquetFile(output).schema_arrow.names
        return pd.read_parquet(output, columns=[name for name in names if name in wanted])
    if suffix == ".xlsx":
        return pd.read_excel(output, sheet_name="Estimates", usecols=lambda c: c in wanted)
    return pd.read_csv(output, usecols=lambda c: c in wanted, dtype={"customer_id": str})


def write_call_list(args) -> CallList | None:
    """Choose and write the call list the arguments ask for (None when none is asked)."""
    if args.call_list is None:
        return None
    chosen = call_list(
        _read_back(args.output),
        call_cost=args.call_cost,
        save_rate=args.save_rate,
        budget=args.call_budget,
        calls=args.calls,
    )
    Path(args.call_list).write_bytes(safe_csv_bytes(chosen.calls))
    return chosen


def call_list_summary(chosen: CallList) -> str:
    """One line: how many calls, their cost, the expected net saving and the break-even."""
    return (
        f"Call list: {len(chosen.calls):,} contacts costing ${chosen.spent:,.0f} are expected "
        f"to save ${chosen.expected_saving:,.0f}, ${chosen.net_saving:,.0f} net; the list pays "
        f"for itself from a success rate of {chosen.break_even_save_rate:.1%}, and another "
        f"$1,000 of budget would add ${chosen.next_thousand:,.0f} net."
    )
