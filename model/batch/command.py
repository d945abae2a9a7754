"""Score a customer file from the command line, at any size, in constant memory.

    python -m model.score customers.csv -o estimates.csv [--assumptions A.json]
                          [--scenario S.json] [--errors rejected.csv] [--explain]
                          [--model MODEL_DIR] [--root-causes causes.csv]
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
(refused, with the reason, when its artefact does not match its card); `--root-causes`
writes each incident's share of the churn the incidents cause, with its range over the
model's refits and the groups the data cannot split. Exit status: 0 every row estimated;
1 some rows rejected (the others still written); 2 nothing could be read.

The file is processed in chunks. Pass one validates and predicts each chunk and spills
it to a temporary Arrow file; pass two prices it and writes the output. Two passes
because the default value of a won prospect is the median lifetime value of the whole
portfolio, known only once every row has been read. The root-cause split's model
inference is done in pass one (as churn shares per incident, spilled with the rows) and
priced in pass two.

With `--engine dask` the same per-chunk functions run on each partition of a dataset on
a Dask cluster (model/distributed.py); Dask is imported only then.
"""

from __future__ import annotations

import argparse
import io
import logging
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc

from data.dataset import dataset_chunks
from data.export import (
    ArrowChunkWriter,
    BackgroundWriter,
    SafeCsvWriter,
    safe_csv_bytes,
)
from data.io import MalformedRowsFound, UnreadableFile
from data.read_ahead import read_ahead
from data.validation import ContractError, SeenCustomerIds
from model.batch.chunks import ChunkWork, priced, validate_and_predict
from model.batch.output_file import check_output_name, chunk_writer, finish_output, is_workbook
from model.batch.progress import Progress
from model.batch.scoring_report import ScoringReport
from model.churn import (
    ChurnModel,
    ModelMismatch,
    default_model,
    load_user_model,
    root_causes_report,
    table_from_totals,
)
from model.money import (
    Assumptions,
    ExactSum,
    Scenario,
    load_assumptions,
    load_scenario,
)

EXIT_ALL_ESTIMATED, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2


class _Spill(ArrowChunkWriter):
    """A temporary Arrow stream holding the scored rows between the two passes."""

    def __init__(self, path: Path):
        super().__init__(lambda schema: ipc.new_stream(path, schema))
        self.path = path

    def frames(self):
        """The scored rows back, batch by batch, once writing is done.

        Read through a plain file, not a memory map, whose pages would count as resident
        memory growing with the file.
        """
        if not self.path.exists():
            return
        with pa.OSFile(str(self.path)) as source, ipc.open_stream(source) as reader:
            empty = True
            for batch in reader:
                empty = False
                yield batch.to_pandas(split_blocks=True)  # a column each: no copy into blocks
            if empty:  # still give the output its header
                yield reader.schema.empty_table().to_pandas()


def _validate_and_predict(
    chunks, spill: _Spill, errors: SafeCsvWriter | None, work: ChunkWork, progress: Progress
) -> ScoringReport:
    report = ScoringReport()
    seen = SeenCustomerIds()
    with BackgroundWriter(spill) as spilled:  # closes the spill
        for chunk in chunks:
            result = validate_and_predict(chunk, seen, work)
            if errors is not None:
                errors.write(result.rejected)
            report.add(result)
            spilled.write(result.scored)
            progress.update(f"validating and predicting: {report.rows_read:,} rows read")
    return report


def score_file(
    input_path: str | Path,
    output_path: str | Path,
    assumptions: Assumptions | None = None,
    scenario: Scenario | None = None,
    errors_path: str | Path | None = None,
    model: ChurnModel | None = None,
    explain: bool = False,
    root_causes: bool = False,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> ScoringReport:
    """Validate, estimate and write one customer file; returns what happened to its rows.

    `input_path` may also be a dataset of part files (data.dataset), read as one file.
    With `explain`, each row also gets `cost_from_<incident>`: its total split over its
    incidents by exact Shapley values on the money (model.churn.shapley). With
    `root_causes`, the report also tallies the root causes (today's incidents) over
    the model and its refits. `sheet` names the worksheet of an Excel workbook (the first
    when None). Raises UnreadableFile or ContractError when the file cannot be read as a
    customer list.
    """
    check_output_name(output_path)
    assumptions = assumptions or Assumptions()
    scenario = scenario or Scenario()
    model = model or default_model()
    progress = progress or Progress(io.StringIO())
    with tempfile.TemporaryDirectory(prefix="churn-score-") as scratch:
        work = ChunkWork(model, scenario, assumptions, root_causes, explain)
        report, spill = _first_pass(input_path, Path(scratch), errors_path, work, progress, sheet)
        report.built_in_model = model.is_built_in
        prospect_value = report.prospect_value(assumptions)
        output = BackgroundWriter(chunk_writer(Path(output_path), Path(scratch)))
        total, handling, written = ExactSum(), ExactSum(), 0
        try:
            for frame in spill.frames():
                estimates = priced(frame, assumptions, prospect_value)
                total.add(estimates["total_expected_cost"].to_numpy())
                handling.add(estimates["service_cost"].to_numpy())
                report.realised.add(estimates)
                output.write(estimates)
                written += len(estimates)
                progress.update(f"writing: {written:,} of {report.estimated:,} rows")
        finally:
            output.close()
        finish_output(Path(output_path), Path(scratch), assumptions, scenario)
    report.total_expected_cost = float(total)
    report.service_cost = float(handling)
    return report


def _first_pass(
    input_path, scratch: Path, errors_path, work: ChunkWork, progress: Progress, sheet=None
) -> tuple[ScoringReport, _Spill]:
    """Pass one, started again row by row if the fast reader meets a malformed row."""
    for row_by_row in (False, True):
        spill = _Spill(scratch / "scored.arrow")
        errors = SafeCsvWriter(str(errors_path)) if errors_path else None
        try:
            chunks = read_ahead(dataset_chunks(input_path, row_by_row=row_by_row, sheet=sheet))
            report = _validate_and_predict(chunks, spill, errors, work, progress)
            return report, spill
        except MalformedRowsFound:
            spill.close()
            continue
        finally:
            if errors is not None:
                errors.close()
    raise AssertionError("the row-by-row reader never raises MalformedRowsFound")


def _score_here(args, assumptions: Assumptions, scenario: Scenario, progress: Progress):
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


#: Where the scoring runs: this process, or a Dask cluster (model/distributed.py).
ENGINES = {"single": _score_here, "dask": _score_on_dask}


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
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


def main(argv: list[str] | None = None) -> int:
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
