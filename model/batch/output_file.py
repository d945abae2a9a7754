"""What the command line writes is what the output's name says: .csv, .parquet or .xlsx.

- `.csv`: text, formulas neutralised (data.export), written chunk by chunk;
- `.parquet`: Parquet, chunk by chunk;
- `.xlsx`: the dashboard's own workbook (model.batch.workbook: the estimates, their money
  as formulas over a sheet of named assumptions, then one sheet per segmentation). A
  workbook is written whole, so the estimates
  go to a Parquet file in the run's scratch folder first and the workbook is made from it
  at the end; a sheet holds at most `XLSX_MAX_ROWS` customers.

Any other suffix is refused before anything is read (the command exits 2), so a file named
`.xlsx` never holds CSV text again.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.export import ArrowChunkWriter, estimates_writer
from model.batch.workbook import WorkbookContents, estimates_workbook
from model.money import Assumptions, Scenario

OUTPUT_SUFFIXES = (".csv", ".parquet", ".xlsx")
#: Rows of an .xlsx sheet, less its header.
XLSX_MAX_ROWS = 1_048_575


def check_output_name(path: str | Path) -> None:
    """Refuse an output whose suffix is not one the command writes, naming the choices."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise ValueError(
            f"the output {str(path)!r} must end in {', '.join(OUTPUT_SUFFIXES)} (CSV, Parquet, "
            f"or the dashboard's Excel workbook), not {suffix or 'no suffix'!r}"
        )


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".xlsx"


def chunk_writer(path: Path, scratch: Path) -> ArrowChunkWriter:
    """The writer pass two streams estimates to: the output itself, or for a workbook a
    Parquet file in `scratch` that `finish_output` turns into the workbook."""
    return estimates_writer(scratch / "estimates.parquet" if is_workbook(path) else path)


def finish_output(
    path: Path,
    scratch: Path,
    assumptions: Assumptions | None = None,
    scenario: Scenario | None = None,
    notes: tuple[str, ...] = (),
) -> None:
    """Write the workbook from the scratch Parquet (nothing to do for CSV and Parquet): the
    estimates' money as formulas over `assumptions`, the levers of `scenario`, `notes`."""
    if not is_workbook(path):
        return
    estimates = pd.read_parquet(scratch / "estimates.parquet")
    if len(estimates) > XLSX_MAX_ROWS:
        raise ValueError(
            f"{len(estimates):,} customers do not fit one .xlsx sheet ({XLSX_MAX_ROWS:,} at "
            "most): write .csv or .parquet instead"
        )
    contents = WorkbookContents(
        estimates, assumptions or Assumptions(), scenario, prospect_value=None, notes=notes
    )
    Path(path).write_bytes(estimates_workbook(contents))
