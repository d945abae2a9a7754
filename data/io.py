"""Reading customer files (CSV, Parquet or Excel) as raw text chunks, in constant memory.

Every cell is read as text, exactly as written, so that validation can quote a bad
value back to the user and rejected rows keep their original fields. Chunks carry the
number of their first data row (1 is the first row under the header), so row numbers
in reports are the file's own, however the file is split.

CSV files: UTF-8 (with or without a byte-order mark; Windows-1252 when the bytes are
not UTF-8), separated by commas, semicolons or tabs (sniffed from the header line),
with quoted fields that may hold separators and newlines. Rows with more or fewer fields
than the header are not dropped: they come back as `malformed` rows for the report.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from data.csv_checks import first_undecodable_byte, lines_after, unclosed_quote_line
from data.excel_read import Workbook, is_workbook, workbook_chunks
from data.raw import CHUNK_ROWS, RawChunk, TooManyRows, UnreadableFile
from data.validation import WHOLE_ROW

CHUNK_BYTES = 4 << 20
_SEPARATORS = (",", ";", "\t")
_SNIFF_BYTES = 1 << 16
#: A header line longer than this is refused (20,000 columns of long names fit well within).
_HEADER_BYTES = 64 << 20


@dataclass(frozen=True)
class CsvDialect:
    separator: str
    encoding: str
    header: list[str]

    @property
    def decimal_comma(self) -> bool:
        """Semicolon and tab files come from spreadsheets whose locale writes 12,5."""
        return self.separator != ","


def _head(path: Path) -> bytes:
    """The file's first _SNIFF_BYTES, and more until the header line ends however wide it
    is (up to _HEADER_BYTES): never the whole file."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
        while b"\n" not in head and b"\r" not in head and len(head) < _HEADER_BYTES:
            more = stream.read(len(head))
            if not more:
                break
            head += more
    if len(head) >= _HEADER_BYTES and b"\n" not in head and b"\r" not in head:
        raise UnreadableFile(
            f"{path.name}: its header line is longer than {_HEADER_BYTES >> 20} MB, so it is "
            "not a table's header. Check the file in a spreadsheet program and save it as CSV."
        )
    return head


def sniff_csv(path: Path, repeats: bool = False) -> CsvDialect:
    """Encoding, separator and header of a CSV file; UnreadableFile if it is not one, or
    when a column name is repeated (unless `repeats`: the records importer's logs may).
    Reads the start of the file only (the whole header line, however wide)."""
    head = _head(path)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise UnreadableFile(f"{path.name} is empty: there is no header row.")
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            f"{path.name} looks like an Excel workbook but is not named .xlsx. Rename it "
            "to end in .xlsx, or save it as CSV (comma or semicolon separated), and try again."
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        encoding = "utf-16"
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
        return _dialect(path, text, encoding, repeats)
    if b"\x00" in head:
        raise UnreadableFile(f"{path.name} is not a text file, so it cannot be read as CSV.")
    encoding = "utf-8"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        cut_at_sniff_end = len(head) < path.stat().st_size and error.start >= len(head) - 3
        if cut_at_sniff_end:
            text = head[: error.start].decode("utf-8-sig")
        else:
            encoding = "cp1252"
            text = head.decode("cp1252", errors="replace")
    return _dialect(path, text, encoding, repeats)


def _dialect(path: Path, text: str, encoding: str, repeats: bool = False) -> CsvDialect:
    """Separator and header from the decoded start of the file."""
    first_line = text.splitlines()[0] if text.splitlines() else ""
    if first_line.lstrip().startswith(("<", "{", "[")):
        raise UnreadableFile(
            f"{path.name} looks like a web page or JSON, not a CSV table. Export the customer "
            "list as CSV and try again."
        )
    separator = max(_SEPARATORS, key=first_line.count)
    if first_line.count(separator) == 0:
        separator = ","
    # newline=None: a file ending its lines with a lone carriage return (Excel for Mac) too
    header = next(csv.reader(io.StringIO(text, newline=None), delimiter=separator), [])
    names = [name.strip() for name in header]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated and not repeats:
        raise UnreadableFile(f"The column {repeated[0]!r} appears more than once in the header.")
    return CsvDialect(separator=separator, encoding=encoding, header=header)


class _MalformedRows(Exception):
    """A row with the wrong number of fields: switch to the row-by-row reader."""


class MalformedRowsFound(Exception):
    """Raised mid-file when the fast reader meets a row with a wrong field count.

    Chunks were already handed out, so the caller must start again with
    `read_chunks(path, row_by_row=True)`, which reports such rows instead.
    """


def _arrow_chunks(path: Path, dialect: CsvDialect) -> Iterator[RawChunk]:
    malformed_seen = []

    def note_malformed(row) -> str:  # pyarrow ignores exceptions raised in here
        malformed_seen.append(row.number)
        return "skip"

    reader = pa_csv.open_csv(
        path,
        read_options=pa_csv.ReadOptions(block_size=CHUNK_BYTES, encoding=dialect.encoding),
        parse_options=pa_csv.ParseOptions(
            delimiter=dialect.separator, newlines_in_values=True, invalid_row_handler=note_malformed
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in dialect.header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    next_row = 1
    for batch in reader:
        if malformed_seen:  # row numbers would shift: hand over to the row-by-row reader
            raise _MalformedRows()
        cells = pa.Table.from_batches([batch]).rename_columns(dialect.header)
        yield RawChunk(cells, next_row, decimal_comma=dialect.decimal_comma)
        next_row += cells.num_rows
    if malformed_seen:
        raise _MalformedRows()


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def _undecodable(fields: list[str], header: list[str]) -> tuple[str, str] | None:
    """(column, rule) for a row holding bytes that are not UTF-8 text, else None."""
    for at, value in enumerate(fields):
        found = _ESCAPED_BYTE.search(value)
        if found is not None:
            column = header[at].strip() if at < len(header) else WHOLE_ROW
            byte = ord(found.group()) - 0xDC00
            return column, (
                f"holds the byte 0x{byte:02X}, which is not UTF-8 text: the file mixes "
                "encodings. Save it as UTF-8 (in Excel: CSV UTF-8) and upload it again"
            )
    return None


def _python_chunks(path: Path, dialect: CsvDialect) -> Iterator[RawChunk]:
    """Row by row with the csv module: slower, but keeps rows with a wrong field count, and
    rows with bytes that are not UTF-8 in a UTF-8 file (rejected, naming row and column)."""
    width = len(dialect.header)
    encoding = "utf-8-sig" if dialect.encoding == "utf-8" else dialect.encoding
    errors = "surrogateescape" if dialect.encoding == "utf-8" else "strict"
    with path.open(newline="", encoding=encoding, errors=errors) as handle:
        reader = csv.reader(handle, delimiter=dialect.separator)
        next(reader, None)
        row_number, good, numbers, malformed, reasons = 0, [], [], [], {}
        for fields in reader:
            if not fields:
                continue  # a blank line is not a row
            row_number += 1
            undecodable = _undecodable(fields, dialect.header) if errors != "strict" else None
            if undecodable is not None:
                malformed.append((row_number, fields))
                reasons[row_number] = undecodable
            elif len(fields) == width:
                good.append(fields)
                numbers.append(row_number)
            else:
                malformed.append((row_number, fields))
            if len(good) + len(malformed) >= CHUNK_ROWS:
                yield _python_chunk(good, numbers, malformed, dialect, reasons)
                good, numbers, malformed, reasons = [], [], [], {}
        yield _python_chunk(good, numbers, malformed, dialect, reasons)


def _python_chunk(good, numbers, malformed, dialect: CsvDialect, reasons) -> RawChunk:
    rows = pd.DataFrame(good, columns=dialect.header, dtype="str")
    first = min([*numbers[:1], *[number for number, _ in malformed[:1]]], default=1)
    numbers = np.asarray(numbers, dtype=np.int64)
    return RawChunk(rows, first, malformed, numbers, dialect.decimal_comma, reasons)


def _parquet_chunks(path: Path, max_rows: int | None = None) -> Iterator[RawChunk]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise UnreadableFile(f"{path.name} is not a readable Parquet file ({error}).") from None
    rows = parquet.metadata.num_rows  # from the footer, before any row is decoded
    if max_rows is not None and rows > max_rows:
        raise TooManyRows(rows, max_rows, f"{path.name} holds")
    nested = [f.name for f in parquet.schema_arrow if pa.types.is_nested(f.type)]
    if nested:
        raise UnreadableFile(
            f"The column {nested[0]!r} of {path.name} holds lists or records; every cell "
            "must hold one value."
        )
    next_row = 1
    for batch in parquet.iter_batches(batch_size=CHUNK_ROWS):
        yield RawChunk(pa.Table.from_batches([batch]), next_row)
        next_row += batch.num_rows
    if next_row == 1:
        yield RawChunk(parquet.schema_arrow.empty_table().to_pandas(), 1)


def read_chunks(
    path: str | Path,
    row_by_row: bool = False,
    sheet: str | None = None,
    max_rows: int | None = None,
    workbook: Workbook | None = None,
    repeats: bool = False,
) -> Iterator[RawChunk]:
    """The data rows of a CSV, Parquet or Excel file as raw chunks, in file order.

    `sheet` names the worksheet of an Excel workbook (the first when None); see
    data/excel_read.py for what a workbook may hold; `workbook`, that file already open
    (its sheets are parsed once). `max_rows` raises TooManyRows for a file holding more
    data rows: Parquet and workbooks before any row is decoded (from Parquet's footer, a
    workbook's counted rows), CSV as soon as the count passes it.

    Raises UnreadableFile (before yielding anything) when the file is missing, empty,
    not a CSV/Parquet file or has a repeated column name (a CSV's may be, with `repeats`:
    the records importer's logs); MalformedRowsFound when a CSV
    row with a wrong field count turns up after chunks were yielded (read again with
    `row_by_row=True`).
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"Cannot read {path}: there is no such file.")
    if path.suffix.lower() in (".parquet", ".pq"):
        yield from _parquet_chunks(path, max_rows)
        return
    if workbook is not None:
        yield from workbook.chunks(sheet)
        return
    if is_workbook(path):
        yield from workbook_chunks(path, sheet, max_rows=max_rows)
        return
    if max_rows is None:
        yield from _csv_chunks(path, row_by_row, repeats)
        return
    rows = 0
    for chunk in _csv_chunks(path, row_by_row, repeats):
        rows += chunk.rows_read
        if rows > max_rows:
            raise TooManyRows(rows, max_rows, f"{path.name} holds", counted_all=False)
        yield chunk


def _csv_chunks(path: Path, row_by_row: bool, repeats: bool = False) -> Iterator[RawChunk]:
    dialect = sniff_csv(path, repeats)
    if not dialect.header or all(not name.strip() for name in dialect.header):
        raise UnreadableFile(f"{path.name} has no header row.")
    line = unclosed_quote_line(path, dialect.encoding, dialect.separator)
    if line is not None:
        raise UnreadableFile(
            f'{path.name}: the quote (") that opens a field on line {line:,} (row '
            f"{line - 1:,} under the header) is never closed, so the {lines_after(path, line):,} "
            "lines after it would be read as one value. Close that quote, or remove it, and "
            "try again."
        )
    if dialect.encoding != "utf-8" and first_undecodable_byte(path, dialect.encoding):
        # checked before reading: a decode error inside pyarrow's transcoding would abort it
        raise _not_encoded(path, dialect)
    try:
        yield from _csv_chunks_read(path, dialect, row_by_row)
    except UnicodeDecodeError:
        raise _not_encoded(path, dialect) from None


_ENCODING_NAMES = {
    "utf-16": "UTF-16 text (Excel's Unicode text)",
    "cp1252": "Windows-1252 text",
    "utf-8": "UTF-8 text",
}


def _not_encoded(path: Path, dialect: CsvDialect) -> UnreadableFile:
    found = first_undecodable_byte(path, dialect.encoding)
    where = f" at byte {found[0]:,} (0x{found[1].hex().upper()})" if found else ""
    kind = _ENCODING_NAMES.get(dialect.encoding, dialect.encoding)
    return UnreadableFile(
        f"{path.name} starts as {kind}, but{where} it holds bytes that are not: the file "
        "is cut short or mixes encodings. Save it again as CSV UTF-8 and try again."
    )


def _csv_chunks_read(path: Path, dialect: CsvDialect, row_by_row: bool) -> Iterator[RawChunk]:
    if row_by_row:
        yield from _python_chunks(path, dialect)
        return
    yielded = rows_done = 0
    try:
        for chunk in _arrow_chunks(path, dialect):
            yielded += 1
            rows_done += chunk.rows_read
            yield chunk
    except _MalformedRows:
        if yielded:
            raise MalformedRowsFound(str(path)) from None
        yield from _python_chunks(path, dialect)
        return
    except pa.ArrowInvalid as error:
        if "invalid UTF8" in str(error):  # a UTF-8 file with some other bytes further on
            if yielded:
                raise MalformedRowsFound(str(path)) from None
            yield from _python_chunks(path, dialect)
            return
        if "straddl" in str(error):
            raise UnreadableFile(
                f"{path.name} holds a field longer than {CHUNK_BYTES >> 20} MB after row "
                f"{rows_done:,}: no customer's cell is that long, so the file is probably "
                "cut or malformed there. Check it in a spreadsheet program and save it "
                "again as CSV."
            ) from None
        raise UnreadableFile(f"{path.name} could not be read as CSV: {error}") from None
    if yielded == 0:
        empty = pd.DataFrame(columns=dialect.header, dtype="str")
        yield RawChunk(empty, 1, decimal_comma=dialect.decimal_comma)
