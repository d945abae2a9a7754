"""Excel workbooks in: a sheet read as raw text chunks, values only, never run.

Writing workbooks is data/excel_write.py.

Reading. A workbook is only read, never run: openpyxl opens it read-only with
`data_only=True`, so a formula cell gives the value the spreadsheet program cached when it
last saved the file and nothing is evaluated; macros (`vbaProject.bin`) are never loaded;
XML is parsed through defusedxml (openpyxl uses it when installed), which refuses entity
expansion bombs. Before openpyxl sees the file, its zip directory is checked against
`WorkbookLimits`: a zip bomb (a tiny file that inflates to gigabytes) or a sheet claiming
more columns than Excel allows is refused with a plain message, without inflating it.

Every cell comes back as text, the way a CSV reader would give it, so validation quotes
bad values back and a workbook scores exactly like the same rows saved as CSV: whole
numbers without ".0" (22, not 22.0), other numbers in their shortest exact form (49.9),
TRUE/FALSE for logical cells, dates in ISO form, empty cells as "".
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from data.raw import CHUNK_ROWS, RawChunk, UnreadableFile

#: File endings read as workbooks (.xlsm: the same format with macros, which are ignored).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Excel's own limit on a sheet's columns (Excel specifications and limits).
EXCEL_MAX_COLUMNS = 16_384

_CELL_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


@dataclass(frozen=True)
class WorkbookLimits:
    """What a workbook may inflate to before it is refused unread.

    Sheet XML compresses 5-30 times in ordinary workbooks (repetitive numeric sheets reach
    about 100); a zip bomb compresses thousands of times. One gigabyte of XML is several
    million rows of the contract's columns, beyond what the command line needs from one
    sheet.
    """

    max_uncompressed_bytes: int = 1 << 30
    max_compression_ratio: float = 200.0
    max_entries: int = 10_000
    max_columns: int = 1_000


DEFAULT_LIMITS = WorkbookLimits()


def is_workbook(path: str | Path) -> bool:
    """Whether the file's name says it is an Excel workbook (.xlsx or .xlsm)."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _check_zip(path: Path, limits: WorkbookLimits) -> None:
    """Refuse a file that is not a zip, or whose declared sizes exceed the limits.

    Python's zipfile never inflates an entry beyond its declared size (it stops and
    fails the CRC check), so checking the declared sizes bounds what reading can cost.
    """
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(
            f"{path.name} is not an Excel workbook (.xlsx): it is not a zip archive. "
            "Older .xls workbooks must be saved as .xlsx or CSV first."
        )
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise UnreadableFile(
                f"{path.name} holds {len(entries):,} parts; a workbook of customers holds "
                f"far fewer than {limits.max_entries:,}. It was refused unread."
            )
        total = sum(entry.file_size for entry in entries)
        if total > limits.max_uncompressed_bytes:
            raise UnreadableFile(
                f"{path.name} would inflate to {total / 1e9:,.1f} GB, more than the "
                f"{limits.max_uncompressed_bytes / 1e9:,.1f} GB a workbook may hold here. "
                "Save the sheet as CSV, which is read in constant memory."
            )
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > 1 << 20 and ratio > limits.max_compression_ratio:
                raise UnreadableFile(
                    f"{path.name} looks like a zip bomb: its part {entry.filename!r} inflates "
                    f"{ratio:,.0f} times. It was refused unread."
                )


def _open(path: Path, limits: WorkbookLimits):
    import openpyxl  # imported here: only workbook users pay for it

    _check_zip(path, limits)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(  # openpyxl's own words name temporary paths: not shown
            f"{path.name} could not be read as an Excel workbook: it is damaged or malformed "
            f"({type(error).__name__}). Open it in a spreadsheet program and save it again "
            "as .xlsx or CSV."
        ) from None


def sheet_names(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> list[str]:
    """The names of the workbook's worksheets, in the workbook's order."""
    path = Path(path)
    workbook = _open(path, limits)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def sheet_holding_customers(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> str:
    """The first sheet whose header row names every required column, else the first sheet.

    Workbooks often open with a notes or summary sheet; this picks the customers' sheet
    as a default the user can still change.
    """
    from data.schema import REQUIRED_COLUMNS  # the contract's names, matched case-blind

    path = Path(path)
    workbook = _open(path, limits)
    try:
        names = list(workbook.sheetnames)
        for name in names:
            worksheet = workbook[name]
            if not hasattr(worksheet, "iter_rows"):
                continue
            for row in worksheet.iter_rows(values_only=True, max_row=20):
                cells = {cell_text(v).strip().lower() for v in row[: limits.max_columns]}
                if cells - {""}:
                    if set(REQUIRED_COLUMNS) <= cells:
                        return name
                    break
        return choose_sheet(names, None, path.name)
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell's cached value as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _claimed_width(sheet) -> int | None:
    """Columns the sheet's <dimension> claims (None when absent or unreadable)."""
    try:
        reference = sheet.calculate_dimension(force=False)
    except Exception:  # no <dimension> element: openpyxl raises; the rows still tell
        return None
    last = reference.split(":")[-1]
    match = _CELL_REF.match(last)
    if match is None:
        return None
    letters = match.group(1)
    width = 0
    for letter in letters:
        width = width * 26 + (ord(letter) - 64)
    return width


def _header(row: tuple, path: Path, sheet_name: str, limits: WorkbookLimits) -> list[str]:
    names = [cell_text(value).strip() for value in row]
    while names and not names[-1]:
        names.pop()  # a spreadsheet's used range often runs past the last titled column
    if not names:
        raise UnreadableFile(f"The sheet {sheet_name!r} of {path.name} has no header row.")
    if len(names) > limits.max_columns:
        raise UnreadableFile(
            f"The sheet {sheet_name!r} of {path.name} has {len(names):,} titled columns; "
            f"at most {limits.max_columns:,} are read."
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise UnreadableFile(f"The column {repeated[0]!r} appears more than once in the header.")
    return [name or f"column_{i + 1}" for i, name in enumerate(names)]


def choose_sheet(names: list[str], sheet: str | None, file_name: str) -> str:
    """The sheet asked for (by name), or the first one; an unknown name is refused."""
    if not names:
        raise UnreadableFile(f"{file_name} holds no worksheet.")
    if sheet is None:
        return names[0]
    if sheet not in names:
        raise UnreadableFile(
            f"{file_name} has no sheet named {sheet!r}; its sheets are: {', '.join(names)}."
        )
    return sheet


def workbook_chunks(
    path: str | Path,
    sheet: str | None = None,
    limits: WorkbookLimits = DEFAULT_LIMITS,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[RawChunk]:
    """The data rows of one sheet (the first unless named) as raw text chunks, in order.

    The first non-empty row is the header; rows above it are ignored. Cells beyond the
    header's last titled column are ignored (a spreadsheet's used range often runs wider).
    Raises UnreadableFile before yielding anything when the workbook is refused.
    """
    path = Path(path)
    workbook = _open(path, limits)
    try:
        name = choose_sheet(list(workbook.sheetnames), sheet, path.name)
        worksheet = workbook[name]
        if not hasattr(worksheet, "iter_rows"):
            raise UnreadableFile(f"The sheet {name!r} of {path.name} is a chart, not a table.")
        claimed = _claimed_width(worksheet)
        if claimed is not None and claimed > EXCEL_MAX_COLUMNS:
            raise UnreadableFile(
                f"The sheet {name!r} of {path.name} claims {claimed:,} columns, more than "
                f"the {EXCEL_MAX_COLUMNS:,} a spreadsheet can hold: the file is malformed."
            )
        yield from _sheet_chunks(worksheet, path, name, limits, chunk_rows)
    except UnreadableFile:
        raise
    except Exception as error:  # a malformed sheet found while streaming its rows
        raise UnreadableFile(
            f"The sheet of {path.name} could not be read: it is malformed "
            f"({type(error).__name__}). Save it again as .xlsx or CSV."
        ) from None
    finally:
        workbook.close()


def _sheet_chunks(worksheet, path, name, limits, chunk_rows) -> Iterator[RawChunk]:
    rows = worksheet.iter_rows(values_only=True)
    header = None
    for row in rows:
        if len(row) > EXCEL_MAX_COLUMNS:
            raise UnreadableFile(
                f"A row of the sheet {name!r} of {path.name} has {len(row):,} cells, more "
                "than a spreadsheet can hold: the file is malformed."
            )
        if any(cell_text(value).strip() for value in row[: limits.max_columns + 1]):
            header = _header(row, path, name, limits)
            break
    if header is None:
        raise UnreadableFile(f"The sheet {name!r} of {path.name} is empty: no header row.")
    width = len(header)
    block: list[list[str]] = []
    next_row = 1
    for row in rows:
        if len(row) > EXCEL_MAX_COLUMNS:
            raise UnreadableFile(
                f"Row {next_row + len(block)} of the sheet {name!r} of {path.name} has "
                f"{len(row):,} cells, more than a spreadsheet can hold: the file is malformed."
            )
        cells = [cell_text(value) for value in row[:width]]
        block.append(cells + [""] * (width - len(cells)))
        if len(block) >= chunk_rows:
            yield RawChunk(pd.DataFrame(block, columns=header, dtype="str"), next_row)
            next_row += len(block)
            block = []
    if block or next_row == 1:
        yield RawChunk(pd.DataFrame(block, columns=header, dtype="str"), next_row)
