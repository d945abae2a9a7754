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


def _odd_quote_lines(path: Path) -> tuple[int, int | None, int | None]:
    """How many lines hold an odd number of quotes, the last of them (0 is the header) and
    the byte where it starts: read block by block, so memory stays flat however large."""
    odd, last, last_start = 0, None, None
    line, line_start, carried = 0, 0, 0  # carried: the quotes of the line begun so far
    offset, newline = 0, _NEWLINE
    with path.open("rb") as stream:
        first = stream.read(_BLOCK)
        if b"\n" not in first and b"\r" in first:
            newline = ord("\r")  # old Mac line ends
        stream.seek(0)
        while block := stream.read(_BLOCK):
            data = np.frombuffer(block, dtype=np.uint8)
            ends = np.flatnonzero(data == newline)
            quotes = np.flatnonzero(data == _QUOTE)
            counts = np.bincount(np.searchsorted(ends, quotes), minlength=len(ends) + 1)
            counts[0] += carried
            closed = counts[: len(ends)] % 2 == 1  # the lines this block ends
            if closed.any():
                odd += int(closed.sum())
                at = int(np.flatnonzero(closed)[-1])
                last = line + at
                last_start = line_start if at == 0 else offset + int(ends[at - 1]) + 1
            if len(ends):
                line += len(ends)
                line_start = offset + int(ends[-1]) + 1
            carried = int(counts[len(ends)])
            offset += len(block)
    if carried % 2 == 1:  # the last line, without a line end
        odd, last, last_start = odd + 1, line, line_start
    return odd, last, last_start


def unclosed_quote_line(path: Path, encoding: str, separator: str) -> int | None:
    """The line (1 is the header) where a quoted field opens that is never closed, or None.

    Quotes pair up in a well-formed file, so an even count clears it at the cost of one
    byte count. An odd count is looked at closely: lines whose own quotes do not pair up
    open and close multi-line fields in turn, so the last of them opens the field left
    open; Python's csv module, reading strictly from that line, confirms it (a quote
    inside an unquoted field, as in `5" screen`, is text, and not reported). UTF-16 files
    are not checked here (their quotes are two bytes). Both passes stream the file, so
    memory stays flat however large it is.
    """
    if encoding.startswith("utf-16") or _quote_count(path) % 2 == 0:
        return None
    odd, line, start = _odd_quote_lines(path)
    if odd % 2 == 0 or line is None:
        return None
    with path.open("rb") as stream:
        stream.seek(start)
        tail = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        reader = csv.reader(tail, delimiter=separator, strict=True)
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


def quotes_close_on_their_line(path: Path, encoding: str, separator: str) -> bool:
    """Whether no quoted field of the file spans a line end, proven from its bytes: every
    line holds an even number of quotes, and every quote that is the first, third, fifth...
    of its line opens a field (it follows the separator, a line end or the file's start)
    or doubles the quote before it (`""`). Then the quotes pair up on each line as a CSV
    parser pairs them, so each line ends outside quotes: a reader may cut the file at any
    line end (pyarrow's `newlines_in_values=False`, which reads it in parallel faster).
    False when that is not proven (a quote inside a bare field, as in `5" screen`, a field
    over two lines, UTF-16, a separator of more than one byte): read as before.
    Streamed block by block, so memory stays flat; it also finds no unclosed quote."""
    if encoding.startswith("utf-16") or len(separator.encode(encoding)) != 1:
        return False
    allowed = np.zeros(256, dtype=bool)  # the bytes an opening quote may follow
    allowed[list(b'\n\r"' + separator.encode(encoding))] = True
    quotes_so_far, last = 0, _NEWLINE  # the file's start counts as a line's
    with path.open("rb") as stream:
        block = stream.read(_BLOCK)
        block = block[len(codecs.BOM_UTF8) :] if block.startswith(codecs.BOM_UTF8) else block
        while block:
            data = np.frombuffer(block, dtype=np.uint8)
            quotes = np.flatnonzero(data == _QUOTE)
            ends = np.flatnonzero(data == _NEWLINE)
            # the quotes before each line end, counted from the file's start: all even
            if ((np.searchsorted(quotes, ends) + quotes_so_far) % 2).any():
                return False
            opening = quotes[quotes_so_far % 2 :: 2]
            if len(opening) and opening[0] == 0:
                if not allowed[last]:
                    return False
                opening = opening[1:]
            if not allowed[data[opening - 1]].all():
                return False
            quotes_so_far += len(quotes)
            last = data[-1]
            block = stream.read(_BLOCK)
    return quotes_so_far % 2 == 0
