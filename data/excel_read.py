"""Excel workbooks in: a sheet read as raw text chunks, values only, never run.

Writing workbooks is data/excel_write.py; why the reader is python-calamine is
docs/adr/0016.

Reading. A workbook is only read, never run: python-calamine (Rust's calamine) gives each
cell's value as the spreadsheet program cached it when it last saved the file, so nothing
is evaluated; macros (`vbaProject.bin`) are never loaded; its XML parser knows no DTD, so
entity bombs and external entities are refused as errors. Before calamine sees the file,
data/xlsx_scan.py checks its zip directory (zip bombs, parts that inflate past the limits),
refuses sheets sharing one part, and counts each sheet's rows and extent from its data
(never from `<dimension>`), so a sheet is refused before a grid is allocated for it.

One `Workbook` parses each sheet at most once: finding the sheet that holds the customers
and reading it do not parse it twice.

Every cell comes back as text, the way a CSV reader would give it, so validation quotes
bad values back and a workbook scores exactly like the same rows saved as CSV: whole
numbers without ".0" (22, not 22.0), other numbers in their shortest exact form (49.9),
TRUE/FALSE for logical cells, dates in ISO form, empty cells as "".
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from data.raw import CHUNK_ROWS, RawChunk, TooManyRows, UnreadableFile
from data.xlsx_scan import (
    DEFAULT_LIMITS,
    EXCEL_MAX_COLUMNS,
    WorkbookLimits,
    WorkbookScan,
    scan_workbook,
)

__all__ = [
    "DEFAULT_LIMITS",
    "EXCEL_MAX_COLUMNS",
    "WORKBOOK_SUFFIXES",
    "Workbook",
    "WorkbookLimits",
    "cell_text",
    "choose_sheet",
    "is_workbook",
    "sheet_holding_customers",
    "sheet_names",
    "workbook_chunks",
]

#: File endings read as workbooks (.xlsm: the same format with macros, which are ignored).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Rows of a sheet looked at for its header when finding the customers' sheet.
HEADER_SEARCH_ROWS = 20


def is_workbook(path: str | Path) -> bool:
    """Whether the file's name says it is an Excel workbook (.xlsx or .xlsm)."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


def _damaged(file_name: str, error: Exception) -> UnreadableFile:
    # calamine's own words name offsets in XML parts nobody sees: the kind is enough
    return UnreadableFile(
        f"{file_name} could not be read as an Excel workbook: it is damaged or malformed "
        f"({type(error).__name__}). Open it in a spreadsheet program and save it again "
        "as .xlsx or CSV."
    )


class Workbook:
    """One workbook, checked and opened once; each sheet parsed at most once.

    `max_rows` refuses, before parsing it, a sheet holding more rows than that (counted
    from its data): the upload page's limit. Use as a context manager, or call `close`.
    """

    def __init__(
        self, path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS, max_rows: int | None = None
    ):
        import python_calamine  # imported here: only workbook users pay for it

        self.path = Path(path)
        self.limits = limits
        self.max_rows = max_rows
        self.scan: WorkbookScan = scan_workbook(self.path, limits)
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as error:  # calamine raises several kinds for a damaged file
            raise _damaged(self.path.name, error) from None
        self._sheets: dict[str, Any] = {}

    @property
    def sheet_names(self) -> list[str]:
        return self.scan.names

    def rows(self, name: str) -> Iterator[list[Any]]:
        """The cells of a sheet, row by row, from its first non-empty cell on; the sheet is
        parsed on first use only (calamine holds it as a grid, about 24 bytes a cell)."""
        if name not in self._sheets:
            scan = self.scan.sheet(name)
            where = f"The sheet {name!r} of {self.path.name}"
            if scan.kind != "worksheet":
                raise UnreadableFile(f"{where} is a {scan.kind}, not a table of customers.")
            if scan.part is None:
                raise UnreadableFile(f"{where} is missing from the file: the file is damaged.")
            if self.max_rows is not None and scan.rows > self.max_rows + 1:
                raise TooManyRows(scan.rows - 1, self.max_rows, f"{where} holds")
            try:
                self._sheets[name] = self._book.get_sheet_by_name(name)
            except Exception as error:
                raise _damaged(self.path.name, error) from None
        return self._sheets[name].iter_rows()

    def holding_customers(self) -> str:
        """The first sheet whose header row names every required column, else the first.

        Workbooks often open with a notes or summary sheet; this picks the customers' sheet
        as a default the user can still change. Sheets too big to read are passed over.
        """
        from data.schema import REQUIRED_COLUMNS  # the contract's names, matched case-blind

        for scan in self.scan.sheets:
            if scan.kind != "worksheet" or scan.part is None:
                continue
            if self.max_rows is not None and scan.rows > self.max_rows + 1:
                continue
            for row in itertools.islice(self.rows(scan.name), HEADER_SEARCH_ROWS):
                cells = {cell_text(v).strip().lower() for v in row[: self.limits.max_columns]}
                if cells - {""}:
                    if set(REQUIRED_COLUMNS) <= cells:
                        return scan.name
                    break
        return choose_sheet(self.sheet_names, None, self.path.name)

    def chunks(self, sheet: str | None = None, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawChunk]:
        """The data rows of one sheet (the first unless named) as raw text chunks."""
        name = choose_sheet(self.sheet_names, sheet, self.path.name)
        yield from _sheet_chunks(self.rows(name), self.path, name, self.limits, chunk_rows)

    def close(self) -> None:
        self._sheets.clear()
        self._book.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def sheet_names(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> list[str]:
    """The names of the workbook's sheets, in the workbook's order (no sheet is parsed)."""
    return scan_workbook(path, limits).names


def sheet_holding_customers(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> str:
    """The first sheet whose header row names every required column, else the first sheet."""
    with Workbook(path, limits) as workbook:
        return workbook.holding_customers()


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def cell_text(value: Any) -> str:
    """A cell's cached value as the text a CSV export of it would hold."""
    kind = type(value)  # the two kinds nearly every cell has, first: a sheet has millions
    if kind is str:
        return value
    if kind is float:
        return _float_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _header(row: list, path: Path, sheet_name: str, limits: WorkbookLimits) -> list[str]:
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
    max_rows: int | None = None,
) -> Iterator[RawChunk]:
    """The data rows of one sheet (the first unless named) as raw text chunks, in order.

    The first non-empty row is the header; rows above it are ignored. Cells beyond the
    header's last titled column are ignored (a spreadsheet's used range often runs wider).
    Raises UnreadableFile before yielding anything when the workbook is refused.
    """
    with Workbook(path, limits, max_rows) as workbook:
        yield from workbook.chunks(sheet, chunk_rows)


def _sheet_chunks(rows: Iterator[list[Any]], path, name, limits, chunk_rows) -> Iterator[RawChunk]:
    header = None
    for row in rows:
        if any(cell_text(value).strip() for value in row[: limits.max_columns + 1]):
            header = _header(row, path, name, limits)
            break
    if header is None:
        raise UnreadableFile(f"The sheet {name!r} of {path.name} is empty: no header row.")
    width = len(header)
    block: list[list[str]] = []
    next_row = 1
    for row in rows:
        cells = [cell_text(value) for value in row[:width]]
        block.append(cells + [""] * (width - len(cells)))
        if len(block) >= chunk_rows:
            yield RawChunk(pd.DataFrame(block, columns=header, dtype="str"), next_row)
            next_row += len(block)
            block = []
    if block or next_row == 1:
        yield RawChunk(pd.DataFrame(block, columns=header, dtype="str"), next_row)
