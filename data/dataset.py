"""A customer dataset split into part files, read as one file with one row numbering.

A dataset is a directory of part files, a glob of them (`customers/part-*.csv`), or a
single file. Parts are taken in natural order of their names (`part.2` before
`part.10`, as Dask and Spark number them), and row numbers run on across parts: the
first data row of the second part is numbered after the last row of the first. So a row
number in a report means the same thing whether the rows were read from one file or
from its parts, by one process or by a cluster.
"""

from __future__ import annotations

import dataclasses
import glob
import re
from collections.abc import Iterator
from pathlib import Path

from data.io import RawChunk, UnreadableFile, read_chunks

PART_SUFFIXES = (".csv", ".parquet", ".pq", ".txt", ".tsv")


def _natural_key(path: Path) -> list:
    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", str(path))]


def dataset_parts(location: str | Path) -> list[Path]:
    """The part files of a dataset in reading order; UnreadableFile when there are none.

    `location` is a file, a directory (its files with a customer-file suffix) or a glob.
    """
    text = str(location)
    path = Path(text)
    if path.is_file():
        return [path]
    if path.is_dir():
        parts = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PART_SUFFIXES]
    elif glob.has_magic(text):
        parts = [Path(p) for p in glob.glob(text) if Path(p).is_file()]
    else:
        raise UnreadableFile(f"Cannot read {text}: there is no such file.")
    if not parts:
        raise UnreadableFile(f"Cannot read {text}: it holds no CSV or Parquet files.")
    return sorted(parts, key=_natural_key)


def shifted(chunk: RawChunk, rows_before: int) -> RawChunk:
    """The chunk numbered as part of a dataset with `rows_before` rows in earlier parts."""
    if not rows_before:
        return chunk
    return dataclasses.replace(
        chunk,
        first_row_number=chunk.first_row_number + rows_before,
        malformed=[(number + rows_before, fields) for number, fields in chunk.malformed],
        row_numbers=None if chunk.row_numbers is None else chunk.row_numbers + rows_before,
        reasons={number + rows_before: why for number, why in chunk.reasons.items()},
    )


def part_chunks(
    part: Path, rows_before: int, row_by_row: bool = False, sheet: str | None = None
) -> Iterator[RawChunk]:
    """The chunks of one part file, numbered within the whole dataset (`sheet`: the
    worksheet of a workbook, the first when None)."""
    for chunk in read_chunks(part, row_by_row=row_by_row, sheet=sheet):
        yield shifted(chunk, rows_before)


def dataset_chunks(
    location: str | Path, row_by_row: bool = False, sheet: str | None = None
) -> Iterator[RawChunk]:
    """Every chunk of every part, in order, numbered as one file.

    Raises MalformedRowsFound like `read_chunks` (read again with `row_by_row=True`).
    """
    rows_before = 0
    for part in dataset_parts(location):
        for chunk in part_chunks(part, rows_before, row_by_row, sheet):
            rows_before = max(rows_before, _last_row_number(chunk))
            yield chunk


def _last_row_number(chunk: RawChunk) -> int:
    numbers = [chunk.first_row_number + chunk.well_formed - 1]
    if chunk.row_numbers is not None and len(chunk.row_numbers):
        numbers.append(int(chunk.row_numbers.max()))
    numbers += [number for number, _ in chunk.malformed]
    return max(numbers)
