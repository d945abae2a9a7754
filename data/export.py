"""Writing CSV that a spreadsheet opens safely and a program reads back exactly.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP). Every CSV the
product writes goes through here: such text cells get a leading apostrophe, which
spreadsheets show as text, and so do header cells; numeric columns are left numeric.
pyarrow's CSV writer is used because it is about eight times faster than pandas' `to_csv`
on a million rows.
"""

from __future__ import annotations

import io
import os
import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"


def neutralise_name(name: str) -> str:
    """A column name as a CSV header writes it: like a text cell, with a leading apostrophe
    when a spreadsheet would run it as a formula (a pass-through column named
    `=HYPERLINK(...)` comes out as text)."""
    return f"'{name}" if str(name).startswith(FORMULA_PREFIXES) else str(name)


def neutralise_formulas(table: pa.Table) -> pa.Table:
    """The table with every text cell, and every header cell, that a spreadsheet would run
    as a formula made inert."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.match_substring_regex(column, _FORMULA_PATTERN)
            quote, nothing = pa.scalar("'", column.type), pa.scalar("", column.type)
            column = pc.if_else(risky, pc.binary_join_element_wise(quote, column, nothing), column)
        columns.append(column)
    return pa.table(columns, names=[neutralise_name(name) for name in table.column_names])


def to_arrow(frame: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table, text columns as strings (object columns included).

    Only object columns are converted; the others go to Arrow as they are (the frame is
    not copied: a million rows' copy cost as much as writing them as Arrow)."""
    text = [name for name in frame.columns if frame[name].dtype == object]
    if text:
        frame = frame.copy(deep=False)  # copy-on-write: the caller's frame is untouched
        for name in text:
            frame[name] = frame[name].astype("string")
    return pa.Table.from_pandas(frame, preserve_index=False)


#: Significant digits a CSV keeps of a float: arithmetic's last-bit noise goes
#: (0.5599999999999999 is written 0.56), every figure a person or a spreadsheet reads stays.
CSV_DIGITS = 15


def readable_floats(frame: pd.DataFrame, digits: int = CSV_DIGITS) -> pd.DataFrame:
    """The frame with each float column rounded to `digits` significant digits, for text
    files; a value written with at most that many digits (any input figure) is unchanged."""
    names = [name for name in frame.columns if pd.api.types.is_float_dtype(frame[name].dtype)]
    if not names:
        return frame
    frame = frame.copy(deep=False)
    for name in names:
        values = frame[name].to_numpy(dtype="float64", na_value=np.nan)
        rounded = values.copy()
        # below 1e-8 the scale passes 1e22, past which powers of ten are not exact
        shown = np.isfinite(values) & (np.abs(values) >= 1e-8)
        scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(values[shown]))))
        rounded[shown] = np.rint(values[shown] * scale) / scale
        frame[name] = pd.Series(rounded, index=frame.index, dtype=frame[name].dtype)
    return frame


class ArrowChunkWriter:
    """Writes DataFrames chunk by chunk into one file; the first chunk fixes the schema.

    `open_writer` makes the underlying Arrow writer (CSV, Parquet, IPC) for that schema;
    later chunks are cast to it, so a column that is empty in one chunk keeps its type.
    """

    def __init__(self, open_writer: Callable[[pa.Schema], Any]):
        self._open_writer = open_writer
        self._writer: Any = None
        self._schema: pa.Schema | None = None

    def table(self, frame: pd.DataFrame) -> pa.Table:
        return to_arrow(frame)

    def write(self, frame: pd.DataFrame) -> None:
        self.write_table(self.table(frame))

    def write_table(self, table: pa.Table) -> None:
        """Write a table already made by `table` (the part that needs no Python)."""
        if self._writer is None:
            self._schema = table.schema
            self._writer = self._open_writer(table.schema)
        self._writer.write_table(table.cast(self._schema))

    def close(self) -> None:
        """Finish the file; closing again does nothing."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ArrowChunkWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class BackgroundWriter:
    """A chunk writer whose writing happens on another thread, in order, while this one works.

    Arrow's writers release the GIL while they format and write, so on a machine with
    two cores the CSV of one chunk is written while the next chunk is priced. Tables
    waiting to be written are at most `depth`, so memory stays flat; a failure in the
    writing thread is raised here, at the next write or at close.
    """

    def __init__(self, writer: ArrowChunkWriter, depth: int = 2):
        self._writer = writer
        self._tables: queue.Queue[pa.Table | None] = queue.Queue(maxsize=depth)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._write_in_order, daemon=True)
        self._thread.start()

    def _write_in_order(self) -> None:
        while (table := self._tables.get()) is not None:
            if self._failure is None:
                try:
                    self._writer.write_table(table)
                except BaseException as failure:  # handed to the caller's thread
                    self._failure = failure

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def write(self, frame: pd.DataFrame) -> None:
        self._raise_failure()
        self._tables.put(self._writer.table(frame))

    def close(self) -> None:
        if self._thread.is_alive():
            self._tables.put(None)
            self._thread.join()
        self._writer.close()
        self._raise_failure()

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _csv_text(table: pa.Table, header: bool) -> pa.Buffer:
    buffer = pa.BufferOutputStream()
    pa_csv.write_csv(table, buffer, pa_csv.WriteOptions(include_header=header))
    return buffer.getvalue()


class _OrderedCsvFormatter:
    """Formats tables as CSV on several threads at once; writes the text in table order.

    Turning numbers into text is most of the cost of writing CSV, and Arrow does it on
    one thread per table (releasing the GIL). At most `ahead` tables are in flight, so
    memory stays flat.
    """

    def __init__(self, sink: str | Path | BinaryIO, threads: int, ahead: int):
        self._owns_file = isinstance(sink, str | Path)
        self._file = open(sink, "wb") if self._owns_file else sink  # noqa: SIM115 (closed in close)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="csv")
        self._formatted: deque[Future] = deque()
        self._ahead = ahead
        self._header = True

    def write_table(self, table: pa.Table) -> None:
        self._formatted.append(self._pool.submit(_csv_text, table, self._header))
        self._header = False
        while len(self._formatted) > self._ahead:
            self._file.write(self._formatted.popleft().result())

    def close(self) -> None:
        try:
            while self._formatted:
                self._file.write(self._formatted.popleft().result())
        finally:
            self._pool.shutdown(cancel_futures=True)
            if self._owns_file:
                self._file.close()


class SafeCsvWriter(ArrowChunkWriter):
    """CSV, chunk by chunk, header once, text cells that look like formulas neutralised.

    Chunks are formatted on up to `threads` threads at once (default: the machine's cores,
    at most four) and written in order.
    """

    def __init__(self, sink: str | Path | BinaryIO, threads: int | None = None):
        threads = threads or max(1, min(4, os.cpu_count() or 1))
        super().__init__(lambda schema: _OrderedCsvFormatter(sink, threads, ahead=threads))

    def table(self, frame: pd.DataFrame) -> pa.Table:
        return neutralise_formulas(to_arrow(readable_floats(frame)))


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV bytes (for a download button), formulas neutralised, floats to
    `CSV_DIGITS` significant digits."""
    buffer = io.BytesIO()
    pa_csv.write_csv(neutralise_formulas(to_arrow(readable_floats(frame))), buffer)
    return buffer.getvalue()


def estimates_writer(path: str | Path) -> ArrowChunkWriter:
    """A chunk writer for one output file: Parquet when its name ends in .parquet, else CSV
    (formulas neutralised)."""
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        return ArrowChunkWriter(lambda schema: pq.ParquetWriter(path, schema))
    return SafeCsvWriter(str(path))
