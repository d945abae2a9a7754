"""Reading an input file into a DuckDB table of text, every row numbered, in constant memory.

The table holds `__row` (1 is the first row under the header) and every column of the file
as text, under its header name (surrounding spaces removed). CSV is read the way the
customer reader reads it (data.io.sniff_csv: encoding, separator, header), streamed in
Arrow batches with pyarrow straight into DuckDB; a row with a wrong number of fields is
kept, its fields by position, with `__problem` saying so. Parquet is read by DuckDB itself,
Excel workbooks through data.io (values only, never run). Nothing is unpickled or executed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from data.excel_read import is_workbook
from data.io import CHUNK_BYTES, read_chunks, sniff_csv
from data.raw import UnreadableFile
from data.records.values import ident, text

ROW = "__row"
PROBLEM = "__problem"


@dataclass(frozen=True)
class LoadedFile:
    """An input in DuckDB: its table, header and whether numbers use decimal commas."""

    section: str
    table: str
    header: tuple[str, ...]
    decimal_comma: bool = False


def _clean_header(header: list[str]) -> list[str]:
    names = [str(name).strip() for name in header]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise UnreadableFile(f"The column {repeated[0]!r} appears more than once in the header.")
    return names


def file_header(path: str | Path, sheet: str | None = None) -> tuple[list[str], bool]:
    """The header of a CSV, Parquet or Excel file, and whether it writes decimal commas."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"Cannot read {path}: there is no such file.")
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        try:
            return _clean_header(pq.ParquetFile(path).schema_arrow.names), False
        except (pa.ArrowInvalid, OSError) as error:
            raise UnreadableFile(f"{path.name} is not a readable Parquet file ({error}).") from None
    if is_workbook(path):
        first = next(read_chunks(path, sheet=sheet))
        return _clean_header(list(first.rows.columns)), False
    dialect = sniff_csv(path)
    return _clean_header(dialect.header), dialect.decimal_comma


def _arrow_batches(path: Path, header: list[str]) -> Iterator[pa.RecordBatch]:
    """CSV batches with row numbers; raises _Malformed on a row with a wrong field count."""
    dialect = sniff_csv(path)
    bad = []

    def note(row) -> str:
        bad.append(row.number)
        return "skip"

    reader = pa_csv.open_csv(
        path,
        read_options=pa_csv.ReadOptions(
            block_size=CHUNK_BYTES, encoding=dialect.encoding, column_names=header, skip_rows=1
        ),
        parse_options=pa_csv.ParseOptions(
            delimiter=dialect.separator, newlines_in_values=True, invalid_row_handler=note
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    next_row = 1
    for batch in reader:
        if bad:
            raise _Malformed()
        rows = np.arange(next_row, next_row + batch.num_rows, dtype=np.int64)
        problems = pa.nulls(batch.num_rows, pa.string())
        yield pa.record_batch(
            [pa.array(rows), problems, *batch.columns], names=[ROW, PROBLEM, *header]
        )
        next_row += batch.num_rows
    if bad:
        raise _Malformed()


class _Malformed(Exception):
    pass


def _pandas_batches(path: Path, header: list[str], sheet: str | None) -> Iterator[pa.RecordBatch]:
    """Batches through data.io's readers: Excel, and CSV files with ragged rows."""
    kwargs = {"sheet": sheet} if is_workbook(path) else {"row_by_row": True}
    for chunk in read_chunks(path, **kwargs):
        rows = chunk.rows.copy()
        rows.columns = header
        numbers = chunk.row_numbers
        if numbers is None:
            numbers = np.arange(chunk.first_row_number, chunk.first_row_number + len(rows))
        frame = pd.DataFrame({ROW: np.asarray(numbers, dtype=np.int64), PROBLEM: None})
        for name in header:
            values = rows[name]
            frame[name] = values.where(values.notna(), "").astype(str).to_numpy()
        width = len(header)
        extra = []
        for number, fields in chunk.malformed:
            kept = [*fields[: width - 1], ",".join(fields[width - 1 :])]
            kept += [""] * (width - len(kept))
            problem = f"(the whole row): has {len(fields)} fields, the header has {width}"
            extra.append({ROW: number, PROBLEM: problem, **dict(zip(header, kept, strict=True))})
        if extra:
            frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
            frame = frame.sort_values(ROW, kind="stable", ignore_index=True)
        schema = pa.schema(
            [(ROW, pa.int64()), (PROBLEM, pa.string())] + [(name, pa.string()) for name in header]
        )
        yield from pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_batches()


def load_file(con, section: str, path: str | Path, sheet: str | None = None) -> LoadedFile:
    """Read one input into the table `raw_<section>`; UnreadableFile when it cannot be read."""
    path = Path(path)
    header, decimal_comma = file_header(path, sheet)
    table = f"raw_{section}"
    con.execute(f"DROP TABLE IF EXISTS {table}")
    if path.suffix.lower() in (".parquet", ".pq"):
        columns = ", ".join(f"CAST({ident(n)} AS VARCHAR) AS {ident(n.strip())}" for n in header)
        con.execute(
            f"CREATE TABLE {table} AS SELECT file_row_number + 1 AS {ROW}, "
            f"CAST(NULL AS VARCHAR) AS {PROBLEM}, {columns} "
            f"FROM read_parquet({text(str(path))}, file_row_number = true) ORDER BY {ROW}"
        )
        return LoadedFile(section, table, tuple(header))
    schema = pa.schema(
        [(ROW, pa.int64()), (PROBLEM, pa.string())] + [(name, pa.string()) for name in header]
    )
    if is_workbook(path):
        batches = _pandas_batches(path, header, sheet)
    else:
        batches = _arrow_batches(path, header)
    reader = pa.RecordBatchReader.from_batches(schema, batches)
    try:
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM reader")
    except _Malformed:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        reader = pa.RecordBatchReader.from_batches(schema, _pandas_batches(path, header, None))  # noqa: F841
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM reader")
    except pa.ArrowInvalid as error:
        raise UnreadableFile(f"{path.name} could not be read as CSV: {error}") from None
    return LoadedFile(section, table, tuple(header), decimal_comma)


def load_frame(con, section: str, frame: pd.DataFrame) -> LoadedFile:
    """An in-memory table (text cells) as the input `raw_<section>`, rows numbered from 1."""
    header = _clean_header(list(frame.columns))
    table = f"raw_{section}"
    data = pd.DataFrame({ROW: np.arange(1, len(frame) + 1, dtype=np.int64), PROBLEM: None})
    for name, original in zip(header, frame.columns, strict=True):
        values = frame[original]
        data[name] = values.where(values.notna(), "").astype(str).to_numpy()
    schema = pa.schema(
        [(ROW, pa.int64()), (PROBLEM, pa.string())] + [(name, pa.string()) for name in header]
    )
    arrow = pa.Table.from_pandas(data, schema=schema, preserve_index=False)  # noqa: F841
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"CREATE TABLE {table} AS SELECT * FROM arrow")
    return LoadedFile(section, table, tuple(header))
