"""A workbook's parts looked at before any spreadsheet parser sees them: what each sheet
really holds, counted from its data.

An .xlsx file is a zip of XML parts. `scan_workbook` reads its zip directory and the small
parts that name the sheets (parsed with defusedxml, which refuses entity tricks), then
streams each sheet's XML once through a byte counter, never a parser, to learn:

- how many rows it really holds (its `<row>` elements), whatever its `<dimension>` claims:
  a dimension of A1:F3 on a sheet of ten rows, or of A1 on a sheet of six columns, is
  ignored, so nothing is cut short in silence;
- the furthest cell it names (the largest row number and column letters), so a sheet
  whose cells would span billions of positions (one cell in A1, one in XFD1048576) is
  refused before a reader allocates a grid for it;
- which part each sheet reads, so a workbook whose sheets all point at one part (thirty
  names, one 42 MB sheet read thirty times) is refused as malformed: no spreadsheet
  program writes one.

Reading costs about 0.25 s per 64 MB of sheet XML (a zlib inflate and a few byte counts).
"""

from __future__ import annotations

import functools
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from data.raw import UnreadableFile

#: Excel's own limits on a sheet (Excel specifications and limits).
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_ROW_OPENINGS = (b"<row", b":row ", b":row>", b":row/>")
_NOT_ROWS = (b"<rowBreaks",)  # the one element whose name starts with "row"
#: Cell references with two or more column letters (columns from AA on): few in most sheets.
_WIDE_REFERENCE = re.compile(rb'\sr="([A-Z]{2,})\d')

_STREAM_BYTES = 1 << 20


@dataclass(frozen=True)
class WorkbookLimits:
    """What a workbook may hold before it is refused unread.

    Sheet XML compresses 5-30 times in ordinary workbooks (repetitive numeric sheets reach
    about 100); a zip bomb compresses thousands of times. One gigabyte of XML is several
    million rows of the contract's columns. A sheet is read whole into memory (about 24
    bytes a cell), so `max_cells` (rows times columns of its furthest cell) bounds that
    memory at about 1 GB.
    """

    max_uncompressed_bytes: int = 1 << 30
    max_compression_ratio: float = 200.0
    max_entries: int = 10_000
    max_columns: int = 1_000
    max_cells: int = 40_000_000


DEFAULT_LIMITS = WorkbookLimits()


@dataclass(frozen=True)
class SheetScan:
    """One sheet as its part holds it."""

    name: str
    #: The zip entry of its XML (None for a sheet whose part is missing).
    part: str | None
    #: "worksheet", "chartsheet", "dialogsheet" or "macrosheet".
    kind: str
    #: `<row>` elements in its data (empty rows a spreadsheet keeps for formatting included).
    rows: int = 0
    #: The largest row number and column number any of its cells names.
    last_row: int = 0
    last_column: int = 0

    @property
    def cells(self) -> int:
        """Positions a reader's grid would hold: from A1 to the furthest cell named."""
        return max(self.rows, self.last_row) * max(self.last_column, 1)


@dataclass(frozen=True)
class WorkbookScan:
    """The sheets of a workbook, in the workbook's order."""

    file_name: str
    sheets: tuple[SheetScan, ...]

    @property
    def names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def sheet(self, name: str) -> SheetScan:
        return next(sheet for sheet in self.sheets if sheet.name == name)


def column_number(letters: bytes | str) -> int:
    """A column's number from its letters: A is 1, Z 26, AA 27, XFD 16,384."""
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def sizes_apart(size: int, limit: int) -> tuple[str, str]:
    """A size over a limit and the limit, in MB with as few decimals as it takes for the two
    to read differently (never "1.1 GB, more than the 1.1 GB")."""
    size_mb, limit_mb = size / (1 << 20), limit / (1 << 20)
    for decimals in range(7):
        if round(size_mb, decimals) > round(limit_mb, decimals):
            break
    else:  # apart by less than a byte's millionth of a MB: round them apart
        size_mb, limit_mb = math.ceil(size_mb * 1e6) / 1e6, math.floor(limit_mb * 1e6) / 1e6
    return f"{size_mb:,.{decimals}f} MB", f"{limit_mb:,.{decimals}f} MB"


def check_zip(path: Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file that is not a zip, or whose declared sizes exceed the limits.

    Python's zipfile never inflates an entry beyond its declared size (it stops and
    fails the CRC check), so checking the declared sizes bounds what reading can cost.
    """
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(
            f"{path.name} is not an Excel workbook (.xlsx): it is not a zip archive. "
            "Older .xls workbooks, and workbooks saved with a password, must be saved as "
            ".xlsx without a password or as CSV first."
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
        size, limit = sizes_apart(total, limits.max_uncompressed_bytes)
        raise UnreadableFile(
            f"{path.name} would inflate to {size} of XML, more than the {limit} a workbook "
            "may hold here. Save the sheet as CSV, which is read in constant memory."
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1 << 20 and ratio > limits.max_compression_ratio:
            raise UnreadableFile(
                f"{path.name} looks like a zip bomb: its part {entry.filename!r} inflates "
                f"{ratio:,.0f} times. It was refused unread."
            )


def _xml(archive: zipfile.ZipFile, name: str, file_name: str):
    from defusedxml import ElementTree  # refuses entity expansion and external entities

    try:
        return ElementTree.fromstring(archive.read(name))
    except KeyError:
        raise UnreadableFile(
            f"{file_name} could not be read as an Excel workbook: its part {name!r} is "
            "missing. Open it in a spreadsheet program and save it again as .xlsx or CSV."
        ) from None
    except Exception as error:  # defusedxml's refusals and XML syntax errors
        raise UnreadableFile(
            f"{file_name} could not be read as an Excel workbook: its part {name!r} is "
            f"malformed or unsafe XML ({type(error).__name__}). Open it in a spreadsheet "
            "program and save it again as .xlsx or CSV."
        ) from None


def _workbook_part(archive: zipfile.ZipFile, file_name: str) -> str:
    if "_rels/.rels" not in archive.namelist():
        return "xl/workbook.xml"  # where every spreadsheet program puts it
    root = _xml(archive, "_rels/.rels", file_name)
    for relation in root.iter(f"{_PACKAGE_REL_NS}Relationship"):
        if relation.get("Type", "").endswith(_OFFICE_DOCUMENT):
            return relation.get("Target", "").lstrip("/")
    raise UnreadableFile(f"{file_name} is not an Excel workbook: it names no workbook part.")


def _sheet_parts(archive: zipfile.ZipFile, file_name: str) -> list[tuple[str, str | None, str]]:
    """(name, part, kind) of every sheet, in the workbook's order."""
    workbook_part = _workbook_part(archive, file_name)
    folder = posixpath.dirname(workbook_part)
    relations_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
    targets: dict[str, tuple[str, str]] = {}
    for relation in _xml(archive, relations_part, file_name).iter(f"{_PACKAGE_REL_NS}Relationship"):
        target = relation.get("Target", "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = posixpath.normpath(posixpath.join(folder, target))
        kind = relation.get("Type", "").rsplit("/", 1)[-1]
        targets[relation.get("Id", "")] = (part, kind)
    sheets = []
    for sheet in _xml(archive, workbook_part, file_name).iter(f"{_MAIN_NS}sheet"):
        part, kind = targets.get(sheet.get(f"{_REL_NS}id", ""), (None, "worksheet"))
        sheets.append((sheet.get("name", ""), part, kind))
    return sheets


def _rows_in(xml: bytes) -> int:
    opened = sum(xml.count(opening) for opening in _ROW_OPENINGS)
    return opened - sum(xml.count(other) for other in _NOT_ROWS)


@functools.cache
def _deep_reference_with(digits: int) -> re.Pattern[bytes]:
    return re.compile(rb'\sr="[A-Z]*(\d{%d,})"' % digits)


def _deep_reference(rows: int) -> re.Pattern[bytes]:
    """References to rows with more digits than the rows counted so far: the cells beyond
    them (at most ten times the rows a sheet holds goes unseen), found without matching
    every reference of a big sheet."""
    return _deep_reference_with(len(str(max(rows, 1))) + 1)


def _count_sheet(archive: zipfile.ZipFile, part: str) -> tuple[int, int, int]:
    """Rows, the largest row number and the largest column number a sheet part names."""
    rows, last_row, last_column, tail = 0, 0, 0, b""
    with archive.open(part) as stream:
        while block := stream.read(_STREAM_BYTES):
            data = tail + block
            cut = data.rfind(b"<")  # an element cut at the block's end is counted next time
            head, tail = (data[:cut], data[cut:]) if cut > 0 else (b"", data)
            rows += _rows_in(head)
            for letters in _WIDE_REFERENCE.findall(head):
                last_column = max(last_column, column_number(letters))
            for digits in _deep_reference(rows).findall(head):
                last_row = max(last_row, int(digits[:8]))  # 8 digits: far past any sheet
    rows += _rows_in(tail)
    return rows, last_row, max(last_column, 26 if rows else 0)


_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def _refuse_entities(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse XML parts that declare entities (billion laughs, external entities): no
    spreadsheet program writes a document type declaration, which precedes the root."""
    for entry in archive.infolist():
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(entry) as stream:
            start = stream.read(4096)
        if any(declaration in start for declaration in _DECLARATIONS):
            raise UnreadableFile(
                f"{file_name} was refused unread: its part {entry.filename!r} declares XML "
                "entities, which no spreadsheet program writes (a way to make a reader "
                "expand a small file into gigabytes, or read other files). Open it in a "
                "spreadsheet program you trust and save it again as .xlsx or CSV."
            )


def scan_workbook(path: str | Path, limits: WorkbookLimits = DEFAULT_LIMITS) -> WorkbookScan:
    """The workbook's sheets with their real rows and extent; UnreadableFile (naming the
    sheet and what to do) for a zip bomb, sheets sharing one part, or a sheet whose cells
    would span more than the limits allow."""
    path = Path(path)
    check_zip(path, limits)
    with zipfile.ZipFile(path) as archive:
        sheets = _sheet_parts(archive, path.name)
        if not sheets:
            raise UnreadableFile(f"{path.name} holds no worksheet.")
        readers: dict[str, str] = {}
        for name, part, _ in sheets:
            if part is not None and part in readers:
                raise UnreadableFile(
                    f"{path.name} is malformed: its sheets {readers[part]!r} and {name!r} are "
                    "one and the same part, which no spreadsheet program writes. Open it in "
                    "a spreadsheet program and save it again as .xlsx or CSV."
                )
            if part is not None:
                readers[part] = name
        present = set(archive.namelist())
        _refuse_entities(archive, path.name)
        scans = []
        for name, part, kind in sheets:
            if part is None or part not in present:
                scans.append(SheetScan(name, None, kind))
                continue
            rows, last_row, last_column = _count_sheet(archive, part)
            scans.append(SheetScan(name, part, kind, rows, last_row, last_column))
    for scan in scans:
        _check_extent(scan, path.name, limits)
    return WorkbookScan(path.name, tuple(scans))


def _check_extent(scan: SheetScan, file_name: str, limits: WorkbookLimits) -> None:
    where = f"The sheet {scan.name!r} of {file_name}"
    if scan.last_column > EXCEL_MAX_COLUMNS or scan.last_row > EXCEL_MAX_ROWS:
        raise UnreadableFile(
            f"{where} names a cell beyond the {EXCEL_MAX_ROWS:,} rows and "
            f"{EXCEL_MAX_COLUMNS:,} columns a spreadsheet can hold: the file is malformed."
        )
    if scan.cells > limits.max_cells:
        raise UnreadableFile(
            f"{where} spans {max(scan.rows, scan.last_row):,} rows by {scan.last_column:,} "
            f"columns ({scan.cells:,} cells), more than the {limits.max_cells:,} read from "
            "one sheet. Delete the cells far outside the table (or save the sheet as CSV) "
            "and try again."
        )
