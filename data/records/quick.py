"""A log's plain rows read with Arrow's compute functions; the other rows left to the SQL.

parse.py reads every cell with DuckDB SQL over text: trimmed, checked for a blank word,
parsed, each rule checked and worded. Most rows of a real log are *plain*: every cell the
mapping reads is in a form whose value no rule can question (an id or text with nothing to
trim and not a blank word, an ISO date or time Arrow's strict parser reads, in
FIRST_YEAR..LAST_YEAR, a number >= 0 as Arrow's parser reads it, a flag's exact word, or an
empty cell where blank is allowed). `plain_rows` finds them and gives their values, typed,
with Arrow's compute functions on the table Arrow read (each field on its own thread:
Arrow releases the GIL); the rows that are not plain go through parse.py's statement
unchanged, so every rule of every row is still checked and worded there. The two forms
give the same values: each accepted form is one the SQL reads to the same value
(tests/unit/test_records_quick.py checks the edges against DuckDB, and every records test
byte for byte against the SQL alone). ADR 0028.

Arrow's casts refuse a whole array for one bad cell, so a column is cast in its chunks,
and a chunk that fails is halved until its bad cells are found (a piece of SMALLEST_PIECE
rows or fewer is left to the SQL whole): a few bad cells cost a few small casts.
"""

from __future__ import annotations

import itertools
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from data.records.fields import FIELDS, OUTAGES, TICKETS
from data.records.mapping import SectionMapping
from data.records.values import BLANK_WORDS, FALSE_WORDS, FIRST_YEAR, ISO, LAST_YEAR, TRUE_WORDS

#: A piece this small whose cast fails is left to the SQL whole, not halved further.
SMALLEST_PIECE = 64
#: The column that marks a plain row.
PLAIN = "__plain"
#: The kinds of value with a plain form (a customer's `churned` has none: SQL only).
PLAIN_KINDS = ("id", "text", "date", "number", "count", "duration", "flag", "met")
#: The lengths of the ISO texts the SQL reads with its plain cast (values.DateFamily.parse).
ISO_LENGTHS = (10, 16, 19)
_EARLIEST = np.datetime64(f"{FIRST_YEAR}-01-01T00:00:00", "us")
_LATEST = np.datetime64(f"{LAST_YEAR + 1}-01-01T00:00:00", "us")


def _spellings(words) -> pa.Array:
    """Every spelling of `words` in upper and lower case (the SQL lowers before comparing)."""
    spelt = {
        "".join(letters)
        for word in words
        for letters in itertools.product(*[{c.lower(), c.upper()} for c in word])
    }
    return pa.array(sorted(spelt), pa.string())


_BLANKS, _TRUES, _FALSES = _spellings(BLANK_WORDS), _spellings(TRUE_WORDS), _spellings(FALSE_WORDS)
#: The largest byte length of a cell that can be a blank word once lowered (DuckDB lowers
#: "İ" to "i": a non-ASCII cell of 4 characters takes up to 16 bytes).
_SHORT_BYTES = 4 * max(map(len, BLANK_WORDS))


@dataclass(frozen=True)
class Plain:
    """A field's plain cells (`ok`) and, for a typed field, their values (`value`: None
    for an id or text, whose value is its cell as read)."""

    ok: pa.ChunkedArray
    value: pa.ChunkedArray | None = None


def _as_array(values) -> pa.ChunkedArray:
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def _nothing_to_trim(cells) -> pa.ChunkedArray:
    """Cells whose trimming would change nothing: Arrow trims every character DuckDB's trim
    does (and more), so an equal length after Arrow's trim is no trimming in the SQL."""
    trimmed = pc.utf8_trim_whitespace(cells)
    return pc.equal(pc.binary_length(trimmed), pc.binary_length(cells))


def _not_blank_word(cells) -> pa.ChunkedArray:
    """Cells that no spelling of a blank word matches (a short non-ASCII cell is not
    counted plain: its lowering could, in principle, reach one)."""
    word = pc.is_in(cells, value_set=_BLANKS)
    odd = pc.and_(
        pc.less_equal(pc.binary_length(cells), _SHORT_BYTES), pc.invert(pc.string_is_ascii(cells))
    )
    return pc.invert(pc.or_(word, odd))


def _cast(cells: pa.Array, to: pa.DataType) -> tuple[pa.Array, np.ndarray]:
    """`cells` cast to `to` where Arrow's strict parser reads them: the values (null where
    not) and which were read. A failing piece is halved; a small one is given up."""
    try:
        return pc.cast(cells, to), np.ones(len(cells), bool)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        if len(cells) <= SMALLEST_PIECE:
            return pa.nulls(len(cells), to), np.zeros(len(cells), bool)
    half = len(cells) // 2
    (first, ok_first), (second, ok_second) = _cast(cells[:half], to), _cast(cells[half:], to)
    return pa.concat_arrays([first, second]), np.concatenate([ok_first, ok_second])


def _cast_chunks(
    cells: pa.ChunkedArray, to: pa.DataType
) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """`_cast` chunk by chunk, empty cells as nulls (read: true, value null)."""
    values, read = [], []
    for chunk in cells.chunks:
        empty = pc.equal(chunk, "")
        if pc.any(empty).as_py():
            chunk = pc.if_else(empty, pa.scalar(None, pa.string()), chunk)
        value, ok = _cast(chunk, to)
        values.append(value)
        read.append(pa.array(ok))
    return pa.chunked_array(values, to), pa.chunked_array(read, pa.bool_())


def _date(cells, needed: bool) -> Plain:
    """An ISO date or time of 10, 16 or 19 characters Arrow reads, in the years allowed."""
    values, read = _cast_chunks(cells, pa.timestamp("us"))
    empty = pc.equal(cells, "")
    lengths = pc.is_in(pc.binary_length(cells), value_set=pa.array(ISO_LENGTHS, pa.int32()))
    in_years = pc.and_(
        pc.greater_equal(values, pa.scalar(_EARLIEST)), pc.less(values, pa.scalar(_LATEST))
    )
    written = pc.and_(pc.and_(read, lengths), pc.fill_null(in_years, False))
    return Plain(pc.or_(written, empty) if not needed else written, values)


def _number(cells, kind: str, largest: float, needed: bool) -> Plain:
    """A number >= 0 Arrow reads (a whole one for a count), at most `largest`; an empty
    cell is 0, and not plain when the field is needed."""
    values, read = _cast_chunks(cells, pa.float64())
    sane = pc.and_(pc.is_finite(values), pc.greater_equal(values, 0.0))
    sane = pc.and_(sane, pc.less_equal(values, largest))
    if kind == "count":
        sane = pc.and_(sane, pc.equal(pc.floor(values), values))
    empty = pc.equal(cells, "")
    ok = pc.and_(read, pc.fill_null(sane, False))
    return Plain(ok if needed else pc.or_(ok, empty), pc.fill_null(values, 0.0))


def _flag(cells, kind: str, needed: bool) -> Plain:
    """A flag's exact word: 1 or 0; an empty cell is 0 (a flag) or unknown (met), and not
    plain when the field is needed."""
    yes, no = pc.is_in(cells, value_set=_TRUES), pc.is_in(cells, value_set=_FALSES)
    empty = pc.equal(cells, "")
    none = pa.scalar(None, pa.int32())
    value = pc.if_else(
        yes, pa.scalar(1, pa.int32()), pc.if_else(no, pa.scalar(0, pa.int32()), none)
    )
    if kind == "flag":
        value = pc.if_else(empty, pa.scalar(0, pa.int32()), value)
    words = pc.or_(yes, no)
    return Plain(words if needed else pc.or_(words, empty), value)


def _field_plain(cells, kind: str, needed: bool, largest: dict) -> Plain:
    if kind in ("id", "text"):
        ok = pc.and_(_nothing_to_trim(cells), _not_blank_word(cells))
        if kind == "text":
            ok = pc.or_(ok, pc.equal(cells, ""))
        return Plain(ok)
    if kind == "date":
        return _date(cells, needed)
    if kind in largest:
        return _number(cells, kind, largest[kind], needed)
    return _flag(cells, kind, needed)


def plain_rows(
    table: pa.Table, section: str, read, mapping: SectionMapping, families, needed, largest, cell
) -> pa.Table | None:
    """The rows as read, with `__f_<field>` typed values added for each date, number and
    flag field (an id or a text keeps its cell) and PLAIN, true for a plain row (the
    others are read by the statement; no row is copied to split them). None when a field
    the mapping reads has no plain form here (a date family other than ISO 8601: the whole
    input goes through the statement). `read`: the fields whose values are kept;
    `cell(column)`: a column's cell name."""
    fields = [f for f in FIELDS[section] if f.name in read]
    kinds = {f.name: ("churned" if f.name == "churned" else f.kind) for f in fields}
    if any(kinds[name] not in PLAIN_KINDS for name in kinds):
        return None
    if any(families.get(name) is not ISO for name, kind in kinds.items() if kind == "date"):
        return None
    if table.num_rows == 0 or not fields:
        return None
    cells = {f.name: table[cell(mapping.column(f.name))] for f in fields}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = dict(
            zip(
                kinds,
                pool.map(
                    lambda name: _field_plain(cells[name], kinds[name], name in needed, largest),
                    kinds,
                ),
                strict=True,
            )
        )
    ok = None
    for plain in found.values():
        ok = plain.ok if ok is None else pc.and_(ok, plain.ok)
    ok = _in_order(ok, section, found)
    typed = table
    for name, plain in found.items():
        if plain.value is not None:
            typed = typed.append_column(f"__f_{name}", plain.value)
    return typed.append_column(PLAIN, ok)


#: Per log, a field that must not come before another (parse.py's rule words it).
_ORDERS = {TICKETS: ("closed_at", "created_at"), OUTAGES: ("end", "start")}


def _in_order(ok, section: str, found: dict[str, Plain]):
    """`ok`, less the rows whose later time comes before their earlier one (rejected by
    the SQL's rule, so never plain)."""
    later, earlier = _ORDERS.get(section, (None, None))
    if later not in found or earlier not in found:
        return ok
    early = pc.fill_null(pc.less(found[later].value, found[earlier].value), False)
    return pc.and_(ok, pc.invert(early))
