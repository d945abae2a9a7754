"""`python -m model.report` (`churn-cost report`): a customer file's board report, one HTML file.

    python -m model.report customers.csv -o report.html [--assumptions A.json]
        [--scenario S.json] [--model DIR] [--sheet NAME]
        [--fix-one-off X] [--fix-per-year Y] [--horizon-years N]
        [--call-cost X --save-rate Y [--call-budget AMOUNT | --calls N]]
    churn-cost report --workspace NAME -o report.html [--database URL] [the call options]

With `--call-cost` and `--save-rate`, the report lists who to call first within the budget
(model.reporting.report_calls); without them it says how to ask for the list.

With `--workspace`, the report of the workspace's latest period (priced as that period was),
with the trend, the bridge of the last change and the fixes followed (model.store.report).

HTML, not PDF: the charts stay interactive (hover shows the amounts), it needs no
headless browser or LaTeX to make, and a browser prints it to PDF when a PDF is wanted
(docs/adr/0012). Plotly's JavaScript is written into the file once (about 4.7 MB), so
every chart draws without a network. The work is model.reporting's `write_report`.
"""

from __future__ import annotations

import argparse
import json
import sys

from data.io import UnreadableFile
from data.validation import ContractError
from model.churn import load_user_model
from model.commands.call_list_output import add_call_request_arguments, call_request
from model.money import Assumptions, FixCost, Scenario, load_assumptions, load_scenario
from model.reporting import ReportSettings, write_report

EXIT_WRITTEN, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments; argparse exits 2 with the usage on a wrong one."""
    parser = argparse.ArgumentParser(
        prog="python -m model.report",
        description="Write a board-ready HTML report of what service failures cost, for a "
        "CSV, Parquet or Excel file of customers.",
    )
    parser.add_argument("input", nargs="?", help="customer file (.csv, .parquet or .xlsx)")
    parser.add_argument("--workspace", help="report a workspace's latest period instead")
    parser.add_argument("--database", metavar="URL", help="the store (with --workspace)")
    parser.add_argument("-o", "--output", required=True, help="the report (.html)")
    parser.add_argument("--assumptions", help="JSON file of economic assumptions")
    parser.add_argument("--scenario", help="JSON file of what-if levers (shares 0 to 1)")
    parser.add_argument("--model", help="folder holding churn_model.json and model_card.json")
    parser.add_argument("--sheet", help="worksheet of an .xlsx input (default: the first)")
    parser.add_argument("--fix-one-off", type=float, help="one-off cost of the fixes")
    parser.add_argument("--fix-per-year", type=float, help="yearly cost of the fixes")
    parser.add_argument("--horizon-years", type=int, default=3, help="business case horizon")
    add_call_request_arguments(parser)
    args = parser.parse_args(argv)
    args.call_request = call_request(parser, args)
    return args


def main(argv: list[str] | None = None) -> int:
    """Write the report of the file the arguments name: 0 written, 1 written with rows
    rejected, 2 nothing written (the reason on standard error)."""
    args = _arguments(argv)
    if (args.input is None) == (args.workspace is None):
        print("No report was written: give a customer file or --workspace NAME.", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.workspace is not None:
        return _workspace_report(args)
    try:
        assumptions = load_assumptions(args.assumptions) if args.assumptions else Assumptions()
        scenario = load_scenario(args.scenario) if args.scenario else Scenario()
        fix_cost = None
        if args.fix_one_off is not None or args.fix_per_year is not None:
            fix_cost = FixCost(
                args.fix_one_off or 0.0, args.fix_per_year or 0.0, args.horizon_years
            )
        model = load_user_model(args.model) if args.model else None
        source = write_report(
            args.input,
            args.output,
            ReportSettings(assumptions, scenario, fix_cost, args.call_request),
            model,
            args.sheet,
        )
    except (UnreadableFile, ContractError, ValueError, OSError, json.JSONDecodeError) as error:
        print(f"No report was written: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    blank = f", {source.blank:,} blank skipped" if source.blank else ""
    print(
        f"Wrote {args.output}: {source.estimated:,} customers estimated, "
        f"{source.rejected:,} rejected{blank}."
    )
    return EXIT_SOME_REJECTED if source.rejected else EXIT_WRITTEN


def _workspace_report(args: argparse.Namespace) -> int:
    from model.store import StoreError, command_line, open_store, workspace_report_html

    try:
        store = open_store(args.database).acting(command_line())
        try:
            text = workspace_report_html(store, args.workspace, calls=args.call_request)
        finally:
            store.dispose()
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    except (StoreError, ValueError, OSError) as error:
        print(f"No report was written: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Wrote {args.output}: the board report of workspace {args.workspace!r}.")
    return EXIT_WRITTEN


if __name__ == "__main__":
    raise SystemExit(main())
