"""Score a customer file from the command line, at any size, in constant memory.

    python -m model.score customers.csv -o estimates.csv [--assumptions A.json]
                          [--scenario S.json] [--errors rejected.csv]

Reads CSV or Parquet, validates every row with the data contract (the same code as the
upload page), writes the estimates of the valid rows in input order (CSV, or Parquet
when the output name ends in .parquet) and, with --errors, the rejected rows with their
reasons. Prints one summary line. Exit status: 0 every row estimated; 1 some rows
rejected (the others still written); 2 nothing could be read.

The file is processed in chunks. Pass one validates and predicts each chunk and spills
it to a temporary Arrow file; pass two prices it and writes the output. Two passes
because the default value of a won prospect is the mean lifetime value of the whole
portfolio, known only once every row has been read.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from data.export import ArrowChunkWriter, SafeCsvWriter
from data.io import MalformedRowsFound, UnreadableFile, read_chunks
from data.validation import ContractError, SeenCustomerIds
from model.assumptions import Assumptions, load_assumptions
from model.chunk_scoring import ScoredChunk, problem_lines, validate_and_predict
from model.churn import ChurnModel, default_model
from model.costs import add_costs, portfolio_prospect_value
from model.scenario import Scenario, load_scenario

EXIT_ALL_ESTIMATED, EXIT_SOME_REJECTED, EXIT_UNREADABLE = 0, 1, 2
PROBLEMS_SHOWN = 5


@dataclass
class ScoringReport:
    """What happened to the rows of one file."""

    rows_read: int = 0
    estimated: int = 0
    rejected: int = 0
    total_expected_cost: float = 0.0
    revenue_sum: float = 0.0
    first_problems: list[str] = field(default_factory=list)

    def add(self, chunk: ScoredChunk) -> None:
        """Count one chunk after pass one; keep its first problems for the terminal."""
        self.rows_read += chunk.rows_read
        self.estimated += len(chunk.scored)
        self.rejected += len(chunk.rejected)
        self.revenue_sum += chunk.revenue_sum
        wanted = PROBLEMS_SHOWN - len(self.first_problems)
        if wanted > 0:
            self.first_problems += problem_lines(chunk.rejected, wanted)

    def summary(self) -> str:
        return (
            f"Read {self.rows_read:,} rows: {self.estimated:,} estimated, "
            f"{self.rejected:,} rejected. Total expected cost: {self.total_expected_cost:,.2f}."
        )


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
                yield batch.to_pandas()
            if empty:  # still give the output its header
                yield reader.schema.empty_table().to_pandas()


def _validate_and_predict(
    chunks, spill: _Spill, errors: SafeCsvWriter | None, model: ChurnModel, scenario: Scenario
) -> ScoringReport:
    report = ScoringReport()
    seen = SeenCustomerIds()
    for chunk in chunks:
        result = validate_and_predict(chunk, seen, model, scenario)
        if errors is not None:
            errors.write(result.rejected)
        report.add(result)
        spill.write(result.scored)
    spill.close()
    return report


def _estimates_writer(path: Path) -> ArrowChunkWriter:
    """The estimates file: CSV (formulas neutralised) or Parquet, chosen by its suffix."""
    if path.suffix.lower() == ".parquet":
        return ArrowChunkWriter(lambda schema: pq.ParquetWriter(path, schema))
    return SafeCsvWriter(str(path))


def score_file(
    input_path: str | Path,
    output_path: str | Path,
    assumptions: Assumptions | None = None,
    scenario: Scenario | None = None,
    errors_path: str | Path | None = None,
    model: ChurnModel | None = None,
) -> ScoringReport:
    """Validate, estimate and write one customer file; returns what happened to its rows.

    Raises UnreadableFile or ContractError when the file cannot be read as a customer list.
    """
    assumptions = assumptions or Assumptions()
    scenario = scenario or Scenario()
    model = model or default_model()
    with tempfile.TemporaryDirectory(prefix="churn-score-") as scratch:
        report, spill = _first_pass(Path(input_path), Path(scratch), errors_path, model, scenario)
        mean_revenue = report.revenue_sum / report.estimated if report.estimated else 0.0
        prospect_value = portfolio_prospect_value(mean_revenue, assumptions)
        output = _estimates_writer(Path(output_path))
        try:
            for frame in spill.frames():
                estimates = add_costs(frame, assumptions, prospect_value)
                report.total_expected_cost += float(estimates["total_expected_cost"].sum())
                output.write(estimates)
        finally:
            output.close()
    return report


def _first_pass(input_path, scratch, errors_path, model, scenario) -> tuple[ScoringReport, _Spill]:
    """Pass one, started again row by row if the fast reader meets a malformed row."""
    for row_by_row in (False, True):
        spill = _Spill(scratch / "scored.arrow")
        errors = SafeCsvWriter(str(errors_path)) if errors_path else None
        try:
            chunks = read_chunks(input_path, row_by_row=row_by_row)
            return _validate_and_predict(chunks, spill, errors, model, scenario), spill
        except MalformedRowsFound:
            spill.close()
            continue
        finally:
            if errors is not None:
                errors.close()
    raise AssertionError("the row-by-row reader never raises MalformedRowsFound")


def _parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m model.score",
        description="Estimate what service failures cost, per customer, for a CSV or "
        "Parquet file of customers.",
    )
    parser.add_argument("input", help="customer file (.csv or .parquet) in the data contract")
    parser.add_argument("-o", "--output", required=True, help="estimates (.csv or .parquet)")
    parser.add_argument("--assumptions", help="JSON file of economic assumptions")
    parser.add_argument("--scenario", help="JSON file of what-if levers (shares 0 to 1)")
    parser.add_argument("--errors", help="CSV file for the rejected rows and their reasons")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        assumptions = load_assumptions(args.assumptions) if args.assumptions else Assumptions()
        scenario = load_scenario(args.scenario) if args.scenario else Scenario()
        report = score_file(args.input, args.output, assumptions, scenario, args.errors)
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
