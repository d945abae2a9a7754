"""Checks of a CSV file's bytes that the fast reader cannot make: an unclosed quote, and
where a file stops being the text encoding it claims.

Both matter because a CSV parser that meets them either folds the rest of the file into
one value (an opening quote never closed swallows every line after it: 1,002 lines read
as 2 rows) or stops with words nobody can act on ("invalid UTF8 data"). These functions
find the line or the byte, so the message can say where to look.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np

_BLOCK = 1 << 22
_QUOTE = ord('"')
_NEWLINE = ord("\n")


def _quote_count(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while block := stream.read(_BLOCK):
            count += block.count(b'"')
    return count


def unclosed_quote_line(path: Path, encoding: str, separator: str) -> int | None:
    """The line (1 is the header) where a quoted field opens that is never closed, or None.

    Quotes pair up in a well-formed file, so an even count clears it at the cost of one
    byte count. An odd count is looked at closely: lines whose own quotes do not pair up
    open and close multi-line fields in turn, so the last of them opens the field left
    open; Python's csv module, reading strictly from that line, confirms it (a quote
    inside an unquoted field, as in `5" screen`, is text, and not reported). UTF-16 files
    are not checked here (their quotes are two bytes).
    """
    if encoding.startswith("utf-16") or _quote_count(path) % 2 == 0:
        return None
    data = np.frombuffer(path.read_bytes(), dtype=np.uint8)
    quotes = np.flatnonzero(data == _QUOTE)
    line_ends = np.flatnonzero(data == _NEWLINE)
    if not len(line_ends):
        line_ends = np.flatnonzero(data == ord("\r"))  # old Mac line ends
    lines = np.searchsorted(line_ends, quotes)  # 0-based line of each quote
    counts = np.bincount(lines)
    unpaired = np.flatnonzero(counts % 2 == 1)
    if len(unpaired) % 2 == 0:
        return None
    line = int(unpaired[-1])
    start = int(line_ends[line - 1]) + 1 if line else 0
    tail = bytes(data[start:]).decode(encoding, errors="replace")
    reader = csv.reader(io.StringIO(tail, newline=""), delimiter=separator, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return line + 1
    return None


def lines_after(path: Path, line: int) -> int:
    """How many lines the file holds after `line` (1 is the first)."""
    with path.open("rb") as stream:
        total = sum(block.count(b"\n") for block in iter(lambda: stream.read(_BLOCK), b""))
    return max(total - line, 0)


def first_undecodable_byte(path: Path, encoding: str) -> tuple[int, bytes] | None:
    """The offset of the first byte (0 is the first) that is not `encoding` text, with the
    bytes in question; None when the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as stream:
        while block := stream.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                pending = len(error.object) - len(block)  # bytes the decoder held back
                return offset - pending + error.start, error.object[error.start : error.end]
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            return offset - len(error.object) + error.start, error.object[error.start :]
    return None
