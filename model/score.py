"""Score a customer file from the command line, at any size, in constant memory.

    python -m model.score customers.csv -o estimates.csv [--assumptions A.json]
                          [--scenario S.json] [--errors rejected.csv] [--explain]
                          [--model MODEL_DIR] [--root-causes causes.csv]

Reads CSV or Parquet, validates every row with the data contract (the same code as the
upload page), writes the estimates of the valid rows in input order (CSV, or Parquet
when the output name ends in .parquet) and, with --errors, the rejected rows with their
reasons; with --explain, one column per incident, `cost_from_<incident>`, its exact
Shapley share of the money, the columns of each row summing to its total_expected_cost.
Prints one summary line; for a history (a `churned` column) also expected
against realised churners and lost value, overall and by decile of predicted risk.
`--model` scores with a model fitted by `python -m model.train --data` (refused, with the
reason, when its artefact does not match its card); `--root-causes` writes each
incident's share of the churn the incidents cause, with its range over the model's refits
and the groups the data cannot split. Exit status: 0 every row estimated; 1 some rows
rejected (the others still written); 2 nothing could be read.

The file is processed in chunks. Pass one validates and predicts each chunk and spills
it to a temporary Arrow file; pass two prices it and writes the output. Two passes
because the default value of a won prospect is the mean lifetime value of the whole
portfolio, known only once every row has been read. The root-cause split's model
inference is done in pass one (as churn shares per incident, spilled with the rows) and
priced in pass two.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from data.customers import validate_chunk
from data.export import ArrowChunkWriter, SafeCsvWriter, safe_csv_bytes
from data.io import MalformedRowsFound, UnreadableFile, read_chunks
from data.schema import REJECTED_PREFIX
from data.validation import ContractError, SeenCustomerIds
from model.artefact import ModelMismatch
from model.assumptions import Assumptions, load_assumptions
from model.attribution import ChurnShapley, churn_shapley, cost_by_root_cause, players_for
from model.churn import ChurnModel
from model.costs import add_costs, customer_lifetime_value, portfolio_prospect_value
from model.estimate import scored_customers, scored_scenario
from model.loader import default_model, load_user_model
from model.realised import RealisedTally
from model.root_causes import (
    attribution_totals,
    root_causes_report,
    root_causes_summary,
    table_from_totals,
)
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
    clv_sum: float = 0.0
    first_problems: list[str] = field(default_factory=list)
    realised: RealisedTally = field(default_factory=RealisedTally)
    root_cause_totals: pd.DataFrame | None = None

    def summary(self) -> str:
        lines = [
            f"Read {self.rows_read:,} rows: {self.estimated:,} estimated, "
            f"{self.rejected:,} rejected. Total expected cost: {self.total_expected_cost:,.2f}."
        ]
        if self.root_cause_totals is not None:
            lines.append(root_causes_summary(table_from_totals(self.root_cause_totals)))
        if self.realised.customers:
            lines.append(self.realised.summary())
            lines.append(_deciles_text(self.realised))
        return "\n".join(lines)


def _deciles_text(tally: RealisedTally) -> str:
    rows = [
        f"  {int(r.decile):>6}  {int(r.customers):>9,}  {r.expected_churners:>8,.1f}  "
        f"{r.realised_churners:>8,.0f}  {r.expected_lost_value:>14,.2f}  {r.lost_value:>14,.2f}"
        for r in tally.by_decile().itertuples()
    ]
    header = (
        "By decile of predicted risk (1 = lowest):\n"
        "  decile  customers  expected  realised  expected value  realised value"
    )
    return "\n".join([header, *rows])


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


_CHURN_SHARE, _COMPLAINT_SHARE = "__churn_share__", "__complaint_share__"
EXPLAIN_PREFIX = "cost_from_"


def _with_shares(scored, model: ChurnModel):
    """The scored rows with each player's Shapley churn shares as spill-only columns."""
    shapley = churn_shapley(scored, model)
    shares = {}
    for j, player in enumerate(shapley.players):
        shares[f"{_CHURN_SHARE}{player}"] = shapley.churn[:, j]
        shares[f"{_COMPLAINT_SHARE}{player}"] = shapley.complaint_churn[:, j]
    return scored.assign(**shares)


def _explained(frame, estimates, assumptions: Assumptions, prospect_value: float):
    """The estimates with `cost_from_<player>` columns, the spill-only columns dropped."""
    if not any(c.startswith(_CHURN_SHARE) for c in frame.columns):
        return estimates
    players = players_for(frame)
    shapley = ChurnShapley(
        players=players,
        index=frame.index,
        churn=frame[[f"{_CHURN_SHARE}{p}" for p in players]].to_numpy(dtype="float64"),
        complaint_churn=frame[[f"{_COMPLAINT_SHARE}{p}" for p in players]].to_numpy(
            dtype="float64"
        ),
    )
    split = cost_by_root_cause(estimates, shapley, assumptions, prospect_value)
    hidden = [c for c in estimates.columns if c.startswith((_CHURN_SHARE, _COMPLAINT_SHARE))]
    return estimates.drop(columns=hidden).join(split.add_prefix(EXPLAIN_PREFIX))


def _validate_and_predict(
    chunks,
    spill: _Spill,
    errors: SafeCsvWriter | None,
    model: ChurnModel,
    scenario: Scenario,
    assumptions: Assumptions,
    explain: bool,
    root_causes: bool,
) -> ScoringReport:
    report = ScoringReport()
    seen = SeenCustomerIds()
    for chunk in chunks:
        result = validate_chunk(chunk, seen)
        rejected = result.rejected
        if errors is not None:
            errors.write(rejected)
        report.first_problems += [
            f"row {number}: {problems}"
            for number, problems in rejected[list(REJECTED_PREFIX)].head(PROBLEMS_SHOWN).values
        ][: PROBLEMS_SHOWN - len(report.first_problems)]

        scored = scored_customers(result.valid, model)
        if root_causes:
            totals = attribution_totals(scored, model)
            previous = report.root_cause_totals
            report.root_cause_totals = totals if previous is None else previous + totals
        if not scenario.is_today:
            scored = scored_scenario(scored, scenario, model)
        if explain:
            scored = _with_shares(scored, model)
        spill.write(scored)

        report.rows_read += chunk.rows_read
        report.estimated += len(result.valid)
        report.rejected += len(rejected)
        report.clv_sum += float(
            customer_lifetime_value(
                scored["monthly_revenue"], scored["baseline_churn_probability"], assumptions
            ).sum()
        )
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
    explain: bool = False,
    root_causes: bool = False,
) -> ScoringReport:
    """Validate, estimate and write one customer file; returns what happened to its rows.

    With `explain`, each row also gets `cost_from_<incident>`: its total split over its
    incidents by exact Shapley values on the money (model.attribution). With
    `root_causes`, the report also tallies the root causes (today's incidents) over the
    model and its refits. Raises UnreadableFile or ContractError when the file cannot be
    read as a customer list.
    """
    assumptions = assumptions or Assumptions()
    scenario = scenario or Scenario()
    model = model or default_model()
    with tempfile.TemporaryDirectory(prefix="churn-score-") as scratch:
        report, spill = _first_pass(
            Path(input_path),
            Path(scratch),
            errors_path,
            model,
            scenario,
            assumptions,
            explain,
            root_causes,
        )
        portfolio_mean_clv = report.clv_sum / report.estimated if report.estimated else 0.0
        prospect_value = portfolio_prospect_value(portfolio_mean_clv, assumptions)
        output = _estimates_writer(Path(output_path))
        try:
            for frame in spill.frames():
                estimates = add_costs(frame, assumptions, prospect_value)
                estimates = _explained(frame, estimates, assumptions, prospect_value)
                report.total_expected_cost += float(estimates["total_expected_cost"].sum())
                report.realised.add(estimates)
                output.write(estimates)
        finally:
            output.close()
    return report


def _first_pass(
    input_path, scratch, errors_path, model, scenario, assumptions, explain, root_causes
) -> tuple[ScoringReport, _Spill]:
    """Pass one, started again row by row if the fast reader meets a malformed row."""
    for row_by_row in (False, True):
        spill = _Spill(scratch / "scored.arrow")
        errors = SafeCsvWriter(str(errors_path)) if errors_path else None
        try:
            chunks = read_chunks(input_path, row_by_row=row_by_row)
            report = _validate_and_predict(
                chunks, spill, errors, model, scenario, assumptions, explain, root_causes
            )
            return report, spill
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
    parser.add_argument("--debug", action="store_true", help="show tracebacks of failures")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        assumptions = load_assumptions(args.assumptions) if args.assumptions else Assumptions()
        scenario = load_scenario(args.scenario) if args.scenario else Scenario()
        model = load_user_model(args.model) if args.model else None
        report = score_file(
            args.input,
            args.output,
            assumptions,
            scenario,
            args.errors,
            model,
            explain=args.explain,
            root_causes=bool(args.root_causes),
        )
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
