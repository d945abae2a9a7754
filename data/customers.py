"""A customer file read and validated: the one path shared by the upload page and the CLI.

`validate_chunk` checks one chunk from `data.io.read_chunks`, rows with a wrong number of
fields included, so that every row read is either valid or rejected with its reasons.
`read_customer_file` does a whole file in memory, for the browser upload.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.io import MalformedRowsFound, RawChunk, read_chunks
from data.schema import REJECTED_PREFIX
from data.validation import (
    WHOLE_ROW,
    SeenCustomerIds,
    ValidationResult,
    problem_records,
    problems_text,
    validate,
)


def malformed_problems(chunk: RawChunk) -> pd.DataFrame:
    """Problem records of the rows whose field count differs from the header's."""
    width = len(chunk.rows.columns)
    numbers = [row_number for row_number, _ in chunk.malformed]
    rules = [f"has {len(fields)} fields, the header has {width}" for _, fields in chunk.malformed]
    return problem_records(np.asarray(numbers), WHOLE_ROW, pd.Series(rules, dtype=object))


def malformed_report(chunk: RawChunk, problems: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows for rows whose field count differs from the header, with their problems.

    Fields are kept by position; any beyond the header's width are joined into the last
    column, so nothing the row held is lost.
    """
    header = list(chunk.rows.columns)
    texts = problems_text(problems)
    records = []
    for row_number, fields in chunk.malformed:
        kept = [*fields[: len(header) - 1], ",".join(fields[len(header) - 1 :])]
        originals = dict(zip(header, kept + [""] * (len(header) - len(kept)), strict=True))
        problem = texts[row_number]
        records.append({REJECTED_PREFIX[0]: row_number, REJECTED_PREFIX[1]: problem} | originals)
    return pd.DataFrame(records, columns=[*REJECTED_PREFIX, *header])


def validate_chunk(chunk: RawChunk, seen_ids: SeenCustomerIds) -> ValidationResult:
    """Validate one chunk of a file; malformed rows join the rejected rows in row order."""
    result = validate(
        chunk.rows,
        chunk.first_row_number,
        seen_ids,
        chunk.row_numbers,
        chunk.decimal_comma,
    )
    if not chunk.malformed:
        return result
    malformed = malformed_problems(chunk)
    rejected = pd.concat([result.rejected, malformed_report(chunk, malformed)], ignore_index=True)
    rejected = rejected.sort_values(REJECTED_PREFIX[0], kind="stable", ignore_index=True)
    problems = pd.concat([result.problems, malformed], ignore_index=True)
    problems = problems.sort_values("row_number", kind="stable", ignore_index=True)
    return ValidationResult(valid=result.valid, rejected=rejected, problems=problems)


def read_customer_file(path: str | Path) -> ValidationResult:
    """Every row of a CSV or Parquet file, validated, in memory (for uploads).

    Raises data.io.UnreadableFile or data.validation.ContractError when the file cannot
    be read as a customer list at all.
    """
    try:
        return _validated_whole(read_chunks(path))
    except MalformedRowsFound:
        return _validated_whole(read_chunks(path, row_by_row=True))


def _validated_whole(chunks) -> ValidationResult:
    seen = SeenCustomerIds()
    results = [validate_chunk(chunk, seen) for chunk in chunks]
    return ValidationResult(
        valid=pd.concat([r.valid for r in results], ignore_index=True),
        rejected=pd.concat([r.rejected for r in results], ignore_index=True),
        problems=pd.concat([r.problems for r in results], ignore_index=True),
    )
