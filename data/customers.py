"""A customer file read and validated: the one path shared by the upload page and the CLI.

`validate_chunk` checks one chunk from `data.io.read_chunks`, rows with a wrong number of
fields included, so that every row read is either valid or rejected with its reasons.
`read_customer_file` does a whole file in memory, for the browser upload.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.io import MalformedRowsFound, RawChunk, read_chunks
from data.schema import REJECTED_PREFIX
from data.validation import SeenCustomerIds, ValidationResult, validate


def malformed_report(chunk: RawChunk) -> pd.DataFrame:
    """Rejected-row records for rows whose field count differs from the header.

    Fields are kept by position; any beyond the header's width are joined into the last
    column, so nothing the row held is lost.
    """
    header = list(chunk.rows.columns)
    records = []
    for row_number, fields in chunk.malformed:
        kept = [*fields[: len(header) - 1], ",".join(fields[len(header) - 1 :])]
        originals = dict(zip(header, kept + [""] * (len(header) - len(kept)), strict=True))
        problem = f"row: has {len(fields)} fields, the header has {len(header)}"
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
    rejected = pd.concat([result.rejected, malformed_report(chunk)], ignore_index=True)
    rejected = rejected.sort_values(REJECTED_PREFIX[0], kind="stable", ignore_index=True)
    return ValidationResult(valid=result.valid, rejected=rejected)


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
    )
