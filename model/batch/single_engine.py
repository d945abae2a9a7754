"""One machine: a customer file scored in this process, at any size, in constant memory.

`score_file` is what `python -m model.score` runs (model.commands.score) unless it is told
`--engine dask`. The file is processed in chunks. Pass one validates and predicts each chunk
and spills it to a temporary Arrow file; pass two prices it and writes the output. Two
passes because the default value of a won prospect is the median lifetime value of the
whole portfolio, known only once every row has been read. The root-cause split's model
inference is done in pass one (as churn shares per incident, spilled with the rows) and
priced in pass two.

With `--engine dask` the same per-chunk functions (`chunks`) run on each partition of a
dataset on a Dask cluster instead (model.batch.dask_engine).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from data.dataset import dataset_chunks
from data.export import ArrowChunkWriter, BackgroundWriter, SafeCsvWriter
from data.io import MalformedRowsFound
from data.read_ahead import read_ahead
from data.validation import SeenCustomerIds
from model.batch.chunks import ChunkWork, priced, validate_and_predict
from model.batch.output_file import check_output_name, chunk_writer, finish_output
from model.batch.progress import Progress
from model.batch.scoring_report import ScoringReport
from model.churn import ChurnModel, default_model, failed_checks, failed_checks_sentence
from model.money import Assumptions, ExactSum, Scenario


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
    """Pass one: each chunk validated and predicted and spilled, its rejected rows written;
    the report counts them (customer ids are checked unique across every chunk)."""
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
    work = ChunkWork(model, scenario, assumptions, root_causes, explain)
    with _estimated_chunks(input_path, work, errors_path, progress, sheet) as run:
        output = BackgroundWriter(chunk_writer(Path(output_path), run.scratch))
        written = 0
        try:
            for estimates in run.chunks:
                output.write(estimates)
                written += len(estimates)
                progress.update(f"writing: {written:,} of {run.report.estimated:,} rows")
        finally:
            output.close()
        notes = (
            (failed_checks_sentence(failed_checks(model.card)),)
            if failed_checks(model.card)
            else ()
        )
        finish_output(Path(output_path), run.scratch, assumptions, scenario, notes)
    return run.report


@dataclass
class EstimatedChunks:
    """A file after pass one: what happened to its rows (`report`), and its estimates,
    chunk by chunk, priced as they are taken (`chunks`: pass two, once). When every chunk
    has been taken, the report holds the total and the handling cost too."""

    report: ScoringReport
    chunks: Iterator[pd.DataFrame]
    #: A private folder that lasts as long as the run.
    scratch: Path


def estimated_chunks(
    input_path: str | Path,
    assumptions: Assumptions,
    model: ChurnModel,
    errors_path: str | Path | None = None,
    explain: bool = False,
    progress: Progress | None = None,
):
    """A context manager: pass one over the file, then its estimates chunk by chunk, the
    estimates `score_file` writes with no scenario, for a caller that keeps them its own
    way (a workspace's period, model.store) and so spends nothing on an output file.
    Raises what `score_file` raises for a file it cannot read."""
    work = ChunkWork(model, Scenario(), assumptions, explain=explain)
    return _estimated_chunks(input_path, work, errors_path, progress or Progress(io.StringIO()))


@contextmanager
def _estimated_chunks(
    input_path, work: ChunkWork, errors_path, progress: Progress, sheet: str | None = None
) -> Iterator[EstimatedChunks]:
    with tempfile.TemporaryDirectory(prefix="churn-score-") as scratch:
        report, spill = _first_pass(input_path, Path(scratch), errors_path, work, progress, sheet)
        report.built_in_model = work.model.is_built_in
        yield EstimatedChunks(report, _priced_chunks(report, spill, work), Path(scratch))


def _priced_chunks(report: ScoringReport, spill: _Spill, work: ChunkWork):
    """Pass two: each spilled chunk priced with the whole file's prospect value."""
    prospect_value = report.prospect_value(work.assumptions)
    total, handling = ExactSum(), ExactSum()
    for frame in spill.frames():
        estimates = priced(frame, work.assumptions, prospect_value)
        total.add(estimates["total_expected_cost"].to_numpy())
        handling.add(estimates["service_cost"].to_numpy())
        report.realised.add(estimates)
        yield estimates
    report.total_expected_cost = float(total)
    report.service_cost = float(handling)


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
