"""The fast path of validation: a chunk in which every row keeps every rule, on Arrow columns.

Nearly every chunk of a real file is clean. For those, the checks of data.validation are
done here on the reader's Arrow columns (one cast per numeric column, its rules on the
numbers, one hash of the ids) without making a DataFrame of text first, and the valid rows
come out exactly as `validate` would give them. At the first sign of trouble (a cell the
cast cannot read, a rule broken, an empty or repeated id, a column type other than text,
numbers or flags) it gives up and records nothing, and `validate` does the chunk: it
finds and words every problem. The two paths are held equal by tests/unit/test_clean_chunks.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.customer_ids import SeenCustomerIds, id_hashes
from data.schema import COLUMNS_BY_NAME, CONTRACT_COLUMNS, CUSTOMER_ID, Column
from data.validation import (
    LARGEST_VALUE,
    ValidationResult,
    no_problems,
    normalise_header,
    problems_text,
    rejected_rows,
    typed_valid_rows,
)


def clean_chunk(
    table: pa.Table,
    first_row_number: int,
    seen_ids: SeenCustomerIds,
    extra_columns: tuple[Column, ...] = (),
) -> ValidationResult | None:
    """The chunk validated, when every row keeps every rule; None (nothing recorded) if not.

    `table` holds a file's cells as its reader gave them (text for CSV, typed for
    Parquet), with the file's header; its first row is `first_row_number` of the file.
    Numbers written with a decimal comma, blank rows and malformed rows never come here.
    """
    header = list(normalise_header(pd.DataFrame(columns=table.column_names)).columns)
    if len(set(header)) < len(header):
        return None  # two columns of one name: only a DataFrame keeps both
    cells = dict(zip(header, table.columns, strict=True))
    if any(column.name not in cells for column in extra_columns):
        return None  # validate raises the ContractError naming them
    ids = cells[CUSTOMER_ID.name]
    if not _is_text(ids.type) or _any(pc.equal(pc.utf8_trim_whitespace(ids), "")):
        return None
    parsed: dict[str, pd.Series | None] = {}
    for column in CONTRACT_COLUMNS + tuple(extra_columns):
        if column.kind == "text":
            continue
        if column.name not in cells:
            parsed[column.name] = None
            continue
        values = _numbers_keeping_rule(cells[column.name], column)
        if values is None:
            return None
        parsed[column.name] = pd.Series(values, copy=False)
    numbers = np.arange(first_row_number, first_row_number + table.num_rows, dtype=np.int64)
    if not seen_ids.add_if_all_new(id_hashes(ids), numbers):
        return None
    return _result(table, cells, parsed, extra_columns)


def _result(table, cells, parsed, extra_columns) -> ValidationResult:
    """The valid rows made by validation's own function from the parsed columns and the text."""
    frame = pd.DataFrame(
        {
            name: parsed[name].to_numpy() if parsed.get(name) is not None else column.to_pandas()
            for name, column in cells.items()
        },
        copy=False,
    )
    known = COLUMNS_BY_NAME | {column.name: column for column in extra_columns}
    valid = typed_valid_rows(frame, parsed, np.ones(table.num_rows, dtype=bool), known)
    nothing = np.zeros(0, dtype=bool)
    rejected = rejected_rows(
        pd.DataFrame(columns=table.column_names),
        np.zeros(0, dtype=np.int64),
        problems_text(no_problems()),
        nothing,
    )
    return ValidationResult(valid=valid, rejected=rejected, problems=no_problems())


def _is_text(kind: pa.DataType) -> bool:
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def _any(mask) -> bool:
    return bool(pc.any(mask).as_py())


def _numbers_keeping_rule(cells: pa.ChunkedArray, column: Column) -> np.ndarray | None:
    """The column as floats if every cell reads as a number that keeps the column's rule."""
    kind = cells.type
    readable = (
        _is_text(kind)
        or pa.types.is_integer(kind)
        or pa.types.is_floating(kind)
        or pa.types.is_boolean(kind)
    )
    if not readable or cells.null_count:
        return None
    try:
        values = pc.cast(cells, pa.float64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    most = LARGEST_VALUE if column.most is None else column.most
    broken = ~np.isfinite(values) | (values < 0) | (values > most)
    if column.kind == "integer":
        broken |= np.floor(values) != values
    if column.kind == "flag":
        broken |= (values != 0.0) & (values != 1.0)
    return None if broken.any() else values
