"""A customer file read and validated: the one path shared by the upload page and the CLI.

`validate_chunk` checks one chunk from `data.io.read_chunks`, rows with a wrong number of
fields included, so that every row read is either valid or rejected with its reasons.
`read_customer_file` does a whole file in memory, for the browser upload.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from data.clean_chunks import clean_chunk
from data.customer_ids import SeenCustomerIds
from data.excel_read import Workbook
from data.io import MalformedRowsFound, RawChunk, read_chunks
from data.schema import CUSTOMER_ID, REJECTED_PREFIX, Column
from data.validation import (
    WHOLE_ROW,
    ValidationResult,
    problem_records,
    problems_text,
    validate,
)


def malformed_problems(chunk: RawChunk) -> pd.DataFrame:
    """Problem records of the rows refused as a whole: a field count that differs from the
    header's, or the reason the reader gave (`chunk.reasons`)."""
    width = len(chunk.rows.columns)
    records = []
    for row_number, fields in chunk.malformed:
        column, rule = chunk.reasons.get(
            row_number, (WHOLE_ROW, f"has {len(fields)} fields, the header has {width}")
        )
        records.append(problem_records(np.asarray([row_number]), column, rule))
    if not records:
        return problem_records(np.asarray([], dtype=np.int64), WHOLE_ROW, "")
    return pd.concat(records, ignore_index=True)


def malformed_report(chunk: RawChunk, problems: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows for rows whose field count differs from the header, with their problems.

    Fields are kept by position; any beyond the header's width are joined into the last
    column, so nothing the row held is lost.
    """
    header = list(chunk.rows.columns)
    texts = problems_text(problems)
    records = []
    for row_number, fields in chunk.malformed:
        fields = [as_text(value) for value in fields]
        kept = [*fields[: len(header) - 1], ",".join(fields[len(header) - 1 :])]
        originals = dict(zip(header, kept + [""] * (len(header) - len(kept)), strict=True))
        problem = texts[row_number]
        records.append({REJECTED_PREFIX[0]: row_number, REJECTED_PREFIX[1]: problem} | originals)
    return pd.DataFrame(records, columns=[*REJECTED_PREFIX, *header])


def as_text(value: str) -> str:
    """A field as written to a report: bytes that were not text (kept by the reader as
    surrogate escapes) shown as the replacement character."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate of another kind
        return value.encode("utf-8", "replace").decode("utf-8")


def blank_rows(rows: pd.DataFrame) -> np.ndarray:
    """True for each row whose every cell is empty or spaces (a spreadsheet's blank lines).

    Such rows are not customers with problems: they are skipped and counted, not rejected.
    """
    if rows.empty:
        return np.zeros(len(rows), dtype=bool)
    blank = np.ones(len(rows), dtype=bool)
    for name in rows.columns:
        values = rows[name]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            blank &= values.isna().to_numpy()
        else:
            text = values.astype("string").fillna("").str.strip()
            blank &= (text == "").to_numpy(dtype=bool)
        if not blank.any():
            break
    return blank


def validate_chunk(
    chunk: RawChunk, seen_ids: SeenCustomerIds, extra_columns: tuple[Column, ...] = ()
) -> ValidationResult:
    """Validate one chunk of a file; malformed rows join the rejected rows in row order.

    Rows with every cell empty are skipped and counted in `blank`; the other rows keep
    their own row numbers. A clean chunk from a fast reader is checked on its Arrow
    columns (data.clean_chunks); any other goes through data.validation.validate.
    `extra_columns`: a fitted model's declared incidents (data.validation.validate).
    """
    fast = chunk.table is not None and not (chunk.malformed or chunk.decimal_comma)
    if fast and chunk.row_numbers is None:
        clean = clean_chunk(chunk.table, chunk.first_row_number, seen_ids, extra_columns)
        if clean is not None:
            return clean
    rows, numbers, first = chunk.rows, chunk.row_numbers, chunk.first_row_number
    blank = blank_rows(rows)
    if blank.any():
        if numbers is None:
            numbers = np.arange(first, first + len(rows), dtype=np.int64)
        rows, numbers = rows.loc[~blank], numbers[~blank]
    result = validate(rows, first, seen_ids, numbers, chunk.decimal_comma, extra_columns)
    result.blank = int(blank.sum())
    if not chunk.malformed:
        return result
    malformed = malformed_problems(chunk)
    rejected = pd.concat([result.rejected, malformed_report(chunk, malformed)], ignore_index=True)
    rejected = rejected.sort_values(REJECTED_PREFIX[0], kind="stable", ignore_index=True)
    problems = pd.concat([result.problems, malformed], ignore_index=True)
    problems = problems.sort_values("row_number", kind="stable", ignore_index=True)
    return ValidationResult(
        valid=result.valid, rejected=rejected, problems=problems, blank=result.blank
    )


def read_customer_file(
    path: str | Path,
    sheet: str | None = None,
    extra_columns: tuple[Column, ...] = (),
    max_rows: int | None = None,
    workbook: Workbook | None = None,
    row_ids: bool = False,
) -> ValidationResult:
    """Every row of a CSV, Parquet or Excel file, validated, in memory (for uploads).

    `sheet` names the worksheet of a workbook (the first when None), `workbook` that file
    already open. `max_rows` refuses a file holding more data rows (data.raw.TooManyRows),
    before materialising them where the format allows. `row_ids`: a file without a
    customer_id column gets one, each row's number (`with_row_ids`). Raises
    data.io.UnreadableFile or data.validation.ContractError when the file cannot be read as
    a customer list at all.
    """
    try:
        chunks = read_chunks(path, sheet=sheet, max_rows=max_rows, workbook=workbook)
        return _validated_whole(_ids(chunks, row_ids), extra_columns)
    except MalformedRowsFound:
        chunks = read_chunks(path, row_by_row=True, max_rows=max_rows)
        return _validated_whole(_ids(chunks, row_ids), extra_columns)


def _ids(chunks, row_ids: bool):
    return (with_row_ids(chunk) for chunk in chunks) if row_ids else chunks


def with_row_ids(chunk: RawChunk) -> RawChunk:
    """`chunk` with a last column `customer_id` holding each row's number (1 is the first row
    under the header, as in the rejected rows' report), when its header has no customer id.

    A history exported without its customers' keys (a churn study's table) can then be
    loaded as it is: each row is one customer, and its number is its id.
    """
    table = chunk.table
    names = table.column_names if table is not None else list(chunk.rows.columns)
    if any(str(name).strip().lower() == CUSTOMER_ID.name for name in names):
        return chunk
    size = table.num_rows if table is not None else len(chunk.rows)
    numbers = chunk.row_numbers
    if numbers is None:
        numbers = np.arange(chunk.first_row_number, chunk.first_row_number + size)
    ids = [str(number) for number in numbers]
    if table is not None:
        cells = table.append_column(CUSTOMER_ID.name, pa.array(ids, type=pa.string()))
    else:
        cells = chunk.rows.assign(**{CUSTOMER_ID.name: ids})
    return replace(chunk, cells=cells)


def _validated_whole(chunks, extra_columns: tuple[Column, ...] = ()) -> ValidationResult:
    seen = SeenCustomerIds()
    results = [validate_chunk(chunk, seen, extra_columns) for chunk in chunks]
    return ValidationResult(
        valid=pd.concat([r.valid for r in results], ignore_index=True),
        rejected=pd.concat([r.rejected for r in results], ignore_index=True),
        problems=pd.concat([r.problems for r in results], ignore_index=True),
        blank=sum(r.blank for r in results),
    )
