"""Reading an input's rows as text, every row numbered, in constant memory.

A `Source` gives, each time it is asked, a fresh stream of the input's rows for DuckDB:
`__row` (1 is the first row under the header), `__problem` and every column of the file
as text, by its position: `col0`, `col1`... (`Source.cell(name)` says which), so that no
name in a file can stand for one of ours (`__row`, `__problem`, `__f_customer_id`...)
and no name of the file's reaches the SQL but as the report's heading. Logs are streamed, never held
whole: once to read their values, once more for the report's rows. CSV is read the way the
customer reader reads it (data.io.sniff_csv: encoding, separator, header), streamed in
Arrow batches with pyarrow straight into DuckDB; a row with a wrong number of fields is
kept, its fields by position, with `__problem` saying so. Parquet is read by DuckDB itself,
Excel workbooks through data.io (values only, never run). Nothing is unpickled or executed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from data.csv_checks import lines_after, unclosed_quote_line
from data.excel_read import is_workbook
from data.io import CHUNK_BYTES, read_chunks, sniff_csv
from data.raw import UnreadableFile
from data.records.fields import CUSTOMERS

ROW = "__row"
PROBLEM = "__problem"
#: CSV files up to this size are read whole, on every core (faster); larger ones stream in
#: blocks of data.io.CHUNK_BYTES, so memory stays flat however large the log grows.
WHOLE_FILE_BYTES = 256 << 20


def cell_name(position: int) -> str:
    """The SQL name of the file's column at `position` (0 is the first)."""
    return f"col{position}"


def cell_names(header) -> list[str]:
    return [cell_name(i) for i in range(len(header))]


def _clean_header(header: list[str], repeats: bool = False) -> list[str]:
    names = [str(name).strip() for name in header]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated and not repeats:
        raise UnreadableFile(f"The column {repeated[0]!r} appears more than once in the header.")
    return names


def file_header(
    path: str | Path, sheet: str | None = None, repeats: bool = False
) -> tuple[list[str], bool]:
    """The header of a CSV, Parquet or Excel file, and whether it writes decimal commas.
    `repeats`: a name may appear more than once (a log: Jira writes one column per label,
    comment or watcher, all with one name; such a column is never read as a field);
    otherwise UnreadableFile (the customer file, whose columns pass through)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"Cannot read {path}: there is no such file.")
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        try:
            return _clean_header(pq.ParquetFile(path).schema_arrow.names, repeats), False
        except (pa.ArrowInvalid, OSError) as error:
            raise UnreadableFile(f"{path.name} is not a readable Parquet file ({error}).") from None
    if is_workbook(path):
        first = next(read_chunks(path, sheet=sheet))
        return _clean_header(first.columns, repeats), False
    dialect = sniff_csv(path, repeats=True)
    return _clean_header(dialect.header, repeats), dialect.decimal_comma


def refuse_unclosed_quote(path: Path) -> None:
    """UnreadableFile naming the line where a quote opens that is never closed: read on,
    it would fold every later line into one value, and those rows would vanish."""
    if is_workbook(path) or path.suffix.lower() in (".parquet", ".pq"):
        return
    dialect = sniff_csv(path, repeats=True)
    line = unclosed_quote_line(path, dialect.encoding, dialect.separator)
    if line is not None:
        raise UnreadableFile(
            f'{path.name}: the quote (") that opens a field on line {line:,} (row '
            f"{line - 1:,} under the header) is never closed, so the {lines_after(path, line):,} "
            "lines after it would be read as one value. Close that quote, or remove it, and "
            "try again."
        )


def _csv_options(path: Path, header: list[str], bad: list) -> dict:
    dialect = sniff_csv(path, repeats=True)
    header = cell_names(header)

    def note(row) -> str:
        bad.append(row.number)
        return "skip"

    return {
        "read_options": pa_csv.ReadOptions(
            block_size=CHUNK_BYTES, encoding=dialect.encoding, column_names=header, skip_rows=1
        ),
        "parse_options": pa_csv.ParseOptions(
            delimiter=dialect.separator, newlines_in_values=True, invalid_row_handler=note
        ),
        "convert_options": pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    }


def _numbered(table, first: int, header: list[str]):
    rows = np.arange(first, first + table.num_rows, dtype=np.int64)
    problems = pa.nulls(table.num_rows, pa.string())
    return [pa.array(rows), problems, *table.columns], [ROW, PROBLEM, *cell_names(header)]


def _arrow_whole(path: Path, header: list[str], seen: list) -> pa.Table | None:
    """A CSV file read whole on every core, rows numbered; None if a row has a wrong width."""
    bad: list = []
    table = pa_csv.read_csv(path, **_csv_options(path, header, bad))
    if bad:
        seen.append(True)
        return None
    columns, names = _numbered(table, 1, header)
    return pa.Table.from_arrays(columns, names=names)


def _arrow_batches(path: Path, header: list[str], seen: list) -> Iterator[pa.RecordBatch]:
    """CSV batches with row numbers; raises _Malformed on a row with a wrong field count."""
    bad: list = []
    reader = pa_csv.open_csv(path, **_csv_options(path, header, bad))
    yield from numbered_batches(reader, header, bad, seen)


def numbered_batches(reader, header: list[str], bad: list, seen: list) -> Iterator[pa.RecordBatch]:
    """A CSV reader's batches with row numbers from 1 (Dask's pieces add their offset later);
    raises _Malformed, noted in `seen`, once the reader's callback put a bad row in `bad`."""
    next_row = 1
    for batch in reader:
        if bad:
            seen.append(True)
            raise _Malformed()
        columns, names = _numbered(batch, next_row, header)
        yield pa.record_batch(columns, names=names)
        next_row += batch.num_rows
    if bad:
        seen.append(True)
        raise _Malformed()


class _Malformed(Exception):
    pass


def _pandas_batches(path: Path, header: list[str], sheet: str | None) -> Iterator[pa.RecordBatch]:
    """Batches through data.io's readers: Excel, and CSV files with ragged rows."""
    kwargs = {"sheet": sheet} if is_workbook(path) else {"row_by_row": True, "repeats": True}
    for chunk in read_chunks(path, **kwargs):
        rows = chunk.rows.copy()
        rows.columns = cell_names(header)  # by position: a log may repeat a name
        numbers = chunk.row_numbers
        if numbers is None:
            numbers = np.arange(chunk.first_row_number, chunk.first_row_number + len(rows))
        frame = pd.DataFrame({ROW: np.asarray(numbers, dtype=np.int64), PROBLEM: None})
        cells = cell_names(header)
        for cell in cells:
            values = rows[cell]
            frame[cell] = values.where(values.notna(), "").astype(str).to_numpy()
        width = len(header)
        extra = []
        for number, fields in chunk.malformed:
            kept = [*fields[: width - 1], ",".join(fields[width - 1 :])]
            kept += [""] * (width - len(kept))
            problem = f"(the whole row): has {len(fields)} fields, the header has {width}"
            extra.append({ROW: number, PROBLEM: problem, **dict(zip(cells, kept, strict=True))})
        if extra:
            frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
            frame = frame.sort_values(ROW, kind="stable", ignore_index=True)
        schema = _schema(header)
        yield from pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_batches()


def _schema(header) -> pa.Schema:
    return pa.schema(
        [(ROW, pa.int64()), (PROBLEM, pa.string())]
        + [(name, pa.string()) for name in cell_names(header)]
    )


_names = itertools.count()


@dataclass
class Source:
    """One input: where its rows come from, its header, and how its numbers are written.

    `rows(con)` registers a fresh stream of the rows with DuckDB and returns the SQL that
    reads it; `run(con, build)` runs `build(rows)` and, when a CSV turns out to hold a row
    with a wrong number of fields, runs it again with the row-by-row reader (which keeps
    such rows, with a problem saying so).
    """

    section: str
    header: tuple[str, ...]
    decimal_comma: bool = False
    path: Path | None = None
    table: pa.Table | None = None
    sheet: str | None = None
    row_by_row: bool = False
    #: While True, a CSV read whole is kept for the next read (the sample, then the values).
    keep: bool = False
    #: A CSV up to this size is read whole (on every core); a larger one in blocks.
    whole_bytes: int = WHOLE_FILE_BYTES
    _seen: list = field(default_factory=list, repr=False)
    _whole: pa.Table | None = field(default=None, repr=False)

    def cell(self, column: str) -> str:
        """The SQL name of the file's column `column` (as the header names it)."""
        return cell_name(self.header.index(column))

    def release(self) -> None:
        """Stop keeping the file's rows in memory (the next read reads the file again)."""
        self.keep, self._whole = False, None

    def rows(self, con) -> str:
        if self.table is not None:
            return self._register(con, self.table)
        path = self.path
        assert path is not None
        if path.suffix.lower() in (".parquet", ".pq"):
            return self._parquet_view(con, path)
        if is_workbook(path) or self.row_by_row:
            sheet = self.sheet if is_workbook(path) else None
            batches = _pandas_batches(path, list(self.header), sheet)
        elif path.stat().st_size <= self.whole_bytes:
            whole = self._whole or _arrow_whole(path, list(self.header), self._seen)
            if whole is None:
                self.row_by_row = True
                return self.rows(con)
            if self.keep:
                self._whole = whole
            return self._register(con, whole)
        else:
            batches = _arrow_batches(path, list(self.header), self._seen)
        return self._register(con, pa.RecordBatchReader.from_batches(_schema(self.header), batches))

    def _register(self, con, arrow) -> str:
        name = f"__rows_{self.section}_{next(_names)}"
        con.register(name, arrow)
        return name

    def _parquet_view(self, con, path: Path) -> str:
        """A view of a Parquet file's rows, its columns cast to text and named by position
        (the path reaches DuckDB as a value, never inside SQL text)."""
        columns = [f"CAST(#{i + 1} AS VARCHAR) AS {cell_name(i)}" for i in range(len(self.header))]
        relation = con.read_parquet(str(path), file_row_number=True).project(
            ", ".join([f"file_row_number + 1 AS {ROW}", f"CAST(NULL AS VARCHAR) AS {PROBLEM}",
                       *columns])
        )  # fmt: skip
        name = f"__parquet_{self.section}_{next(_names)}"
        relation.create_view(name)
        return name

    def run(self, con, build, params: dict | None = None) -> None:
        """Execute the statement `build(rows)` (with its bound `params`) to its end, again
        row by row if the CSV has rows of a wrong width."""
        try:
            self._execute(con, build, params)
        except Exception as error:
            if not self._seen or self.row_by_row:
                if isinstance(error, pa.ArrowInvalid):
                    raise UnreadableFile(
                        f"{self.path.name if self.path else self.section} could not be read "
                        f"as CSV: {error}"
                    ) from None
                raise
            self.row_by_row = True
            self._execute(con, build, params)

    def _execute(self, con, build, params: dict | None) -> None:
        rows = self.rows(con)
        try:
            con.execute(build(rows), params or None).fetchall()
        finally:
            if rows.startswith("__rows_"):
                con.unregister(rows)
            elif rows.startswith("__parquet_"):
                con.execute(f"DROP VIEW IF EXISTS {rows}")


def open_source(section: str, path: str | Path, sheet: str | None = None) -> Source:
    """An input file as a Source; UnreadableFile when it cannot be read."""
    path = Path(path)
    header, decimal_comma = file_header(path, sheet, repeats=section != CUSTOMERS)
    refuse_unclosed_quote(path)
    return Source(section, tuple(header), decimal_comma, path=path, sheet=sheet)


def frame_source(section: str, frame: pd.DataFrame) -> Source:
    """An in-memory table (text cells) as a Source, rows numbered from 1."""
    header = _clean_header(list(frame.columns), repeats=section != CUSTOMERS)
    data = pd.DataFrame({ROW: np.arange(1, len(frame) + 1, dtype=np.int64), PROBLEM: None})
    for cell, original in zip(cell_names(header), frame.columns, strict=True):
        values = frame[original]
        data[cell] = values.where(values.notna(), "").astype(str).to_numpy()
    table = pa.Table.from_pandas(data, schema=_schema(header), preserve_index=False)
    return Source(section, tuple(header), table=table)
