"""`python -m model.score` (`churn-cost score`): score a customer file, at any size.

    python -m model.score customers.csv -o estimates.csv [--assumptions A.json]
                          [--scenario S.json] [--errors rejected.csv] [--explain]
                          [--model MODEL_DIR [--accept-failed-checks]]
                          [--root-causes causes.csv]
                          [--engine dask [--scheduler ADDRESS]] [--sheet NAME]

Reads CSV, Parquet or Excel (.xlsx, one sheet), validates every row with the data
contract (the same code as the upload page), writes the estimates of the valid rows in
input order (as the output's name says: .csv, .parquet, or .xlsx for the dashboard's
workbook; any other suffix exits 2 before reading) and, with --errors,
the rejected rows with their reasons; with --explain, one column per incident,
`cost_from_<incident>`, its exact Shapley share of the money, the columns of each row
summing to its total_expected_cost. Prints one summary line; for a history (a `churned`
column) also expected against realised churners and lost value, overall and by decile of
predicted risk. `--model` scores with a model fitted by `python -m model.train --data`
(refused, with the reason, when its artefact does not match its card, and when it failed
a check of its own unless `--accept-failed-checks` is given: then the summary and the
workbook say which check failed and what it means); `--root-causes`
writes each incident's share of the churn the incidents cause, with its range over the
model's refits and the groups the data cannot split. Exit status: 0 every row estimated;
1 some rows rejected (the others still written); 2 nothing could be read, or the model
failed its checks and they were not accepted.

The work is model.batch's: `score_file` in this process, in constant memory and two passes
(model.batch.single_engine), or with `--engine dask` the same per-chunk functions on each
partition of a dataset on a Dask cluster (model.batch.dask_engine); Dask is imported only
then.
"""

from __future__ import annotations

import argparse
import logging
import sys

from data.export import safe_csv_bytes
from data.io import UnreadableFile
from data.validation import ContractError
from model.batch import Progress, check_output_name, is_workbook, score_file
from model.churn import (
    ModelMismatch,
    failed_checks,
    failed_checks_sentence,
    load_user_model,
    root_causes_report,
    table_from_totals,
)
from model.money import Assumptions, Scenario, load_assumptions, load_scenario

EXIT_ALL_ESTIMATED, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2


def _score_here(args, assumptions: Assumptions, scenario: Scenario, progress: Progress):
    """Score the file in this process, in constant memory (model.batch.score_file)."""
    return score_file(
        args.input,
        args.output,
        assumptions,
        scenario,
        args.errors,
        load_user_model(args.model) if args.model else None,
        explain=args.explain,
        root_causes=bool(args.root_causes),
        progress=progress,
        sheet=args.sheet,
    )


def _score_on_dask(args, assumptions: Assumptions, scenario: Scenario, progress: Progress):
    """Score the dataset on a Dask cluster; Dask is imported only here, an optional extra."""
    try:  # Dask is imported only when asked for: it is an optional extra
        from model.batch.dask_engine import score_dataset
    except ModuleNotFoundError as error:
        raise ValueError(
            f"--engine dask needs Dask ({error}). Install it with: "
            "pip install 'churn-cost-estimator[dask]'"
        ) from None
    return score_dataset(
        args.input,
        args.output,
        assumptions,
        scenario,
        args.errors,
        model_dir=args.model,
        explain=args.explain,
        root_causes=bool(args.root_causes),
        scheduler=args.scheduler,
        progress=progress,
    )


#: Where the scoring runs: this process, or a Dask cluster (model.batch.dask_engine).
ENGINES = {"single": _score_here, "dask": _score_on_dask}


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command's arguments; argparse exits 2 with the usage on a wrong one."""
    parser = argparse.ArgumentParser(
        prog="python -m model.score",
        description="Estimate what service failures cost, per customer, for a CSV or "
        "Parquet file of customers.",
    )
    parser.add_argument(
        "input", help="customer file (.csv, .parquet or .xlsx) in the data contract"
    )
    parser.add_argument("--sheet", help="worksheet of an .xlsx input (default: the first)")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="estimates: .csv, .parquet, or .xlsx (the dashboard's workbook)",
    )
    parser.add_argument("--assumptions", help="JSON file of economic assumptions")
    parser.add_argument("--scenario", help="JSON file of what-if levers (shares 0 to 1)")
    parser.add_argument("--errors", help="CSV file for the rejected rows and their reasons")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="add cost_from_<incident> columns: each row's total split over its incidents",
    )
    parser.add_argument(
        "--model", help="directory of a model fitted to your history (python -m model.train)"
    )
    parser.add_argument(
        "--accept-failed-checks",
        action="store_true",
        help="score with a --model that failed checks of its own (model_card.json says which); "
        "without it such a model stops the command with exit status 2",
    )
    parser.add_argument(
        "--root-causes",
        help="CSV file for each incident's share of the churn it causes, with its range",
    )
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default="single",
        help="single: this process, in constant memory (default); dask: a Dask cluster, "
        "INPUT and OUTPUT being datasets of part files",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask, the scheduler of an existing cluster (tcp://host:8786); "
        "without it a local cluster on this machine's cores starts and stops by itself",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    args = parser.parse_args(argv)
    if args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    return args


def _refusal(model_dir: str, failed) -> str:
    """Why a model that failed its checks stops the command, naming each check."""
    return (
        f"Nothing was estimated: the model in {model_dir} failed "
        + ", ".join(check.name for check in failed)
        + ". "
        + " ".join(f"{check.sentence}." for check in failed)
        + " Score with it anyway with --accept-failed-checks, and every summary and workbook "
        "will say so; or fit it again on a longer history."
    )


def main(argv: list[str] | None = None) -> int:
    """Score the file the arguments name and print what happened to its rows.

    Returns 0 when every row was estimated, 1 when some were rejected, 2 when nothing
    could be read or the model failed its checks without --accept-failed-checks; a
    failure is one line on standard error (a traceback with --debug).
    """
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        if args.engine == "single":
            check_output_name(args.output)
        elif is_workbook(args.output):
            raise ValueError(
                "with --engine dask the output is a dataset of part files (a folder or a "
                "pattern of .csv or .parquet parts), not an .xlsx workbook"
            )
        failed = failed_checks(load_user_model(args.model).card) if args.model else ()
        if failed and not args.accept_failed_checks:
            print(_refusal(args.model, failed), file=sys.stderr)
            return EXIT_UNREADABLE
        assumptions = load_assumptions(args.assumptions) if args.assumptions else Assumptions()
        scenario = load_scenario(args.scenario) if args.scenario else Scenario()
        progress = Progress()
        try:
            report = ENGINES[args.engine](args, assumptions, scenario, progress)
        finally:
            progress.done()
        if args.root_causes:
            with open(args.root_causes, "wb") as sink:
                sink.write(
                    safe_csv_bytes(root_causes_report(table_from_totals(report.root_cause_totals)))
                )
    except ModelMismatch as mismatch:
        if args.debug:
            raise
        print(
            f"Nothing was estimated: the model in {args.model} cannot be used: {mismatch}. "
            "Fit it again with python -m model.train --data HISTORY -o MODEL_DIR.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    except (UnreadableFile, ContractError, ValueError, OSError) as error:
        if args.debug:
            raise
        print(f"Nothing was estimated: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as error:  # a message, not a traceback, for the analyst at the terminal
        if args.debug:
            raise
        print(
            f"Nothing was estimated: unexpected {type(error).__name__}: {error}. "
            "Run again with --debug for details.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE

    print(report.summary())
    if failed:
        print(failed_checks_sentence(failed))
    if report.rejected:
        where = (
            f" All reasons are in {args.errors}."
            if args.errors
            else (" Add --errors FILE to write every rejected row with its reasons.")
        )
        print(f"{report.rejected:,} rows were rejected, for example:", file=sys.stderr)
        for problem in report.first_problems:
            print(f"  {problem}", file=sys.stderr)
        print(where.strip(), file=sys.stderr)
        return EXIT_SOME_REJECTED
    return EXIT_ALL_ESTIMATED


if __name__ == "__main__":
    raise SystemExit(main())
