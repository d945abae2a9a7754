"""The board report of one customer file: read, validate, estimate, write one HTML file.

`write_report` is what `python -m model.report` runs (model.commands.report); the page is
`board_report.report_html`. The input's SHA-256 is printed in the report, so a reader can
tell which file it describes (the dashboard's download hashes its own bytes the same way).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from data.customers import read_customer_file
from data.io import read_chunks
from data.validation import ContractError
from model.batch import check_model_columns, model_columns
from model.churn import ChurnModel, default_model
from model.reporting.board_report import InputFile, ReportSettings, report_html


def sha256_of_bytes(data: bytes) -> str:
    """The hex SHA-256 of bytes in memory (the dashboard's download of its portfolio)."""
    return hashlib.sha256(data).hexdigest()


def sha256_of_file(path: Path) -> str:
    """The hex SHA-256 of a file, read a megabyte at a time (inputs may be large)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_report(
    input_path: str | Path,
    output_path: str | Path,
    settings: ReportSettings,
    model: ChurnModel | None = None,
    sheet: str | None = None,
) -> InputFile:
    """Read, validate, estimate and write the report of one customer file."""
    path = Path(input_path)
    model = model or default_model()
    check_model_columns(_header_of(path, sheet), model)
    result = read_customer_file(path, sheet=sheet, extra_columns=model_columns(model))
    source = InputFile(
        name=path.name,
        sha256=sha256_of_file(path),
        rows_read=result.rows_read,
        estimated=len(result.valid),
        rejected=len(result.rejected),
        blank=result.blank,
    )
    if result.valid.empty:
        raise ContractError(f"{path.name} has no valid row to report on.")
    text = report_html(result.valid, source, model, settings)
    Path(output_path).write_text(text, encoding="utf-8")
    return source


def _header_of(path: Path, sheet: str | None) -> list[str]:
    """The file's column names (its first chunk's), to check a model's columns first."""
    for chunk in read_chunks(path, sheet=sheet):
        return chunk.columns
    return []
