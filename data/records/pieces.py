"""One input read in pieces, each a task of the Dask import (data/records/distributed.py).

A CSV is cut into byte ranges, a Parquet file into runs of row groups. Each piece is read
by data/records/load.py's own options (the same dialect, every cell as text), so the
pieces' rows, one after the other, are the rows one process reads from the whole file.

Where a CSV is cut. A cut must fall at a line end outside quotes, or a quoted field holding
a newline would be split in two. Each nominal range is first scanned (`scan_range`, a
task): its quotes, counted, give the quote parity at every nominal cut (the count before it
is even outside a quoted field), and the cut moves to the next line end where the parity
is even (`cut_points`). Parity tells quoted from unquoted only when every quote opens a
field (after a separator, a line end or another quote) or closes one (before a separator, a
line end or another quote); the scan checks that for both parities a range may start in,
and a file where it fails (a quote inside a bare field, as in `5" screen`) is read whole by
one task, as are UTF-16 files and files with old Mac line ends. A CSV no larger than a piece
is one piece, read in a stream as every piece is. An unclosed quote is refused before any
piece is read, by load.open_source, at the line where it opens, exactly as on one machine.

Row numbers. A CSV piece numbers its rows from 1 and reports how many it read; the rows
carry their piece (`PIECE`), and the driver turns the counts into an offset per piece that
the next round adds as it reads them (`numbered_rows_sql`): the same `__row` as one
process. A Parquet piece knows its first row from the file's metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from data.io import sniff_csv
from data.records.load import ROW, Source, _csv_options, _schema, numbered_batches

#: The rows' piece, kept beside their number until the offsets are known.
PIECE = "__piece"
#: Bytes of CSV, or of Parquet row groups, in one piece (a task of round 1). A task holds
#: its piece's rows a few times over in DuckDB: a 45 MB customer file of 1.6 million rows
#: read as one piece peaked at 860 MiB, a quarter of it at 360 MiB.
PIECE_BYTES = 16 << 20

#: At most about this many rows in a piece of a CSV: a narrow file (a customer list) would
#: otherwise put four times a ticket log's rows in a piece of the same bytes.
PIECE_ROWS = 250_000

_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")
_BOM = b"\xef\xbb\xbf"
_BLOCK = 1 << 22


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def csv_in_pieces(path: Path) -> bool:
    """Whether a CSV may be read in byte ranges: a text encoding whose line ends are one
    byte, and lines ending in a line feed (not a workbook, not Parquet)."""
    from data.excel_read import is_workbook

    if is_workbook(path) or is_parquet(path):
        return False
    if sniff_csv(path, repeats=True).encoding.startswith("utf-16"):
        return False
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    return b"\n" in head or len(head) == 0


def piece_size(path: Path, piece_bytes: int) -> int:
    """The bytes of a piece of this CSV: `piece_bytes`, or fewer when PIECE_ROWS lines of
    the file's first megabyte's mean length take less."""
    with path.open("rb") as stream:
        head = stream.read(1 << 20)
    lines = head.count(b"\n")
    if lines < 2:
        return piece_bytes
    return max(1, min(piece_bytes, PIECE_ROWS * len(head) // lines))


def nominal_ranges(size: int, piece_bytes: int) -> list[tuple[int, int]]:
    starts = list(range(0, size, piece_bytes))
    return [(start, min(start + piece_bytes, size)) for start in starts]


def scan_range(path: str, start: int, end: int, separator: str) -> tuple[int, bool, bool]:
    """Round 0 on a worker: the quotes in bytes [start, end), and whether each is placed
    as a field's opening or closing quote if the range starts outside quotes (first) or
    inside a quoted field (second)."""
    sep = ord(separator)
    bounds = {sep, _NEWLINE, _RETURN, _QUOTE}
    count, fine = 0, [True, True]
    with open(path, "rb") as stream:
        before = b"\n"
        if start > 0:
            stream.seek(start - 1)
            before = stream.read(1)
        else:
            head = stream.read(len(_BOM))
            if head != _BOM:
                stream.seek(0)
            start += stream.tell()
        offset = start
        while offset < end:
            block = stream.read(min(_BLOCK, end - offset))
            after = stream.read(1) or b"\n"
            stream.seek(offset + len(block))
            data = np.frombuffer(before + block + after, dtype=np.uint8)
            quotes = np.flatnonzero(data[1:-1] == _QUOTE) + 1
            prev_ok = np.isin(data[quotes - 1], list(bounds))
            next_ok = np.isin(data[quotes + 1], list(bounds))
            nth = np.arange(count, count + len(quotes))
            for parity in (0, 1):
                opening = (nth + parity) % 2 == 0
                ok = np.where(opening, prev_ok, next_ok)
                fine[parity] = fine[parity] and bool(ok.all())
            count += len(quotes)
            before = block[-1:]
            offset += len(block)
    return count, fine[0], fine[1]


def cut_points(path: Path, ranges: list[tuple[int, int]], scans) -> list[tuple[int, int]] | None:
    """The pieces' byte ranges, each cut moved to the first line end at or after its nominal
    place where the quotes before it pair up; None when the quotes do not tell quoted from
    unquoted (the file is then read whole)."""
    parity, starts = 0, [0]
    size = path.stat().st_size
    for (start, _), (count, fine_even, fine_odd) in zip(ranges, scans, strict=True):
        if not (fine_odd if parity else fine_even):
            return None
        if start > 0:
            starts.append(_next_line_end(path, start, parity))
        parity = (parity + count) % 2
    starts = sorted({s for s in starts if s < size})
    return list(zip(starts, [*starts[1:], size], strict=True))


def _next_line_end(path: Path, offset: int, parity: int) -> int:
    """The offset after the first line feed at or after `offset` outside quotes (`parity`:
    the quotes before `offset`, modulo 2); the file's size when there is none."""
    with path.open("rb") as stream:
        stream.seek(offset)
        while block := stream.read(1 << 16):
            data = np.frombuffer(block, dtype=np.uint8)
            inside = (parity + np.cumsum(data == _QUOTE)) % 2
            ends = np.flatnonzero((data == _NEWLINE) & (inside == 0))
            if len(ends):
                return offset + int(ends[0]) + 1
            parity = int(inside[-1])
            offset += len(block)
    return offset


def parquet_pieces(path: Path, piece_bytes: int) -> list[tuple[int, int]]:
    """Runs of whole row groups of about `piece_bytes` each, as (first row, rows)."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    pieces, first, rows, size = [], 0, 0, 0
    for index in range(meta.num_row_groups):
        group = meta.row_group(index)
        if rows and size + group.total_byte_size > piece_bytes:
            pieces.append((first, rows))
            first, rows, size = first + rows, 0, 0
        rows += group.num_rows
        size += group.total_byte_size
    if rows or not pieces:
        pieces.append((first, rows))
    return pieces


class _Range(io.RawIOBase):
    """Bytes [start, end) of a file, as a stream."""

    def __init__(self, path: Path, start: int, end: int):
        self._file = open(path, "rb")  # noqa: SIM115 (closed with the stream)
        self._file.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        size = min(len(buffer), self._left)
        if size <= 0:
            return 0
        got = self._file.readinto(memoryview(buffer)[:size])
        self._left -= got
        return got

    def close(self) -> None:
        self._file.close()
        super().close()


@dataclass
class Piece:
    """Where a piece lies: a CSV's bytes [start, end), or a Parquet file's rows
    [start, start + end)."""

    index: int
    start: int
    end: int


class PieceSource(Source):
    """A Source of one piece's rows: `__row` numbered from 1 within the piece (a CSV) or
    within the file (Parquet), its fields as text by position, as load.Source reads them."""

    piece: Piece

    def rows(self, con) -> str:
        path, piece = self.path, self.piece
        assert path is not None
        if is_parquet(path):
            name = self._parquet_view(con, path)
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name}_piece AS SELECT * FROM {name} "
                f"WHERE {ROW} > {int(piece.start)} AND {ROW} <= {int(piece.start + piece.end)}"
            )
            return f"{name}_piece"
        batches = _piece_batches(path, list(self.header), piece, self._seen)
        reader = pa.RecordBatchReader.from_batches(_schema(self.header), batches)
        return self._register(con, reader)

    def run(self, con, build, params: dict | None = None) -> None:
        """Run `build(rows)`; a piece never falls back row by row: a failure goes to the
        driver, which reads the whole file in one task, as one machine does."""
        self._execute(con, build, params)


def _piece_batches(path: Path, header: list[str], piece: Piece, seen: list):
    bad: list = []
    options = _csv_options(path, header, bad)
    if piece.start > 0:
        read = options["read_options"]
        read.skip_rows = 0
    stream = _Range(path, piece.start, piece.end)
    try:
        reader = pa_csv.open_csv(io.BufferedReader(stream, 1 << 20), **options)
        yield from numbered_batches(reader, header, bad, seen)
    finally:
        stream.close()


def numbered_rows_sql(files: str, offsets: str) -> str:
    """SQL reading Parquet `files` (a bound list) whose rows carry their piece, `__row` made
    the file's (`offsets`: a bound list, the rows before each piece)."""
    return (
        f"SELECT * EXCLUDE ({PIECE}) REPLACE ({ROW} + list_extract({offsets}, {PIECE} + 1) "
        f"AS {ROW}) FROM read_parquet({files}, hive_partitioning = false)"
    )
