"""Check raw customer rows against the data contract: clean rows in, rejected rows out.

Every input row ends up in exactly one of the two frames `validate` returns, so a user
never loses a customer without being told why. Problems that make the whole file
unusable (a required column absent, a header repeated) raise `ContractError` instead.

The command line validates a file in chunks; `SeenCustomerIds` (data.customer_ids) carries
the ids of earlier chunks so that uniqueness holds across the whole file in little memory.
Cells are parsed and quoted by data.cells. A problem is a record (`PROBLEM_COLUMNS`), put
into words only at the edge (`problem_reasons`, `problems_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.cells import describe, is_blank, parse_flags, parse_numbers
from data.customer_ids import SeenCustomerIds
from data.schema import (
    COLUMNS_BY_NAME,
    CONTRACT_COLUMNS,
    CUSTOMER_ID,
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    REJECTED_PREFIX,
    REQUIRED_COLUMNS,
    Column,
)

#: No count, hour or amount of one customer is this large; beyond it lies a typo (or an
#: overflow of whole-number columns).
LARGEST_VALUE = 1e12


class ContractError(ValueError):
    """The file as a whole cannot be read as a customer list (e.g. a required column is absent)."""


#: A problem is a record: the row's number, the column (`WHOLE_ROW` for the row as a whole),
#: the rule broken and the value as the file held it (`"-5"`, `an empty cell`; empty when the
#: rule needs none). The errors file's `problems` text and the page's report are both made
#: from these records (`problem_reasons`, `problems_text`).
PROBLEM_COLUMNS: tuple[str, ...] = ("row_number", "column", "rule", "value")
WHOLE_ROW = "row"
#: Where a rule names the value itself instead of ending with ", got <value>".
VALUE_PLACEHOLDER = "{value}"


def no_problems() -> pd.DataFrame:
    """An empty table of problem records, with the columns every report reads."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in PROBLEM_COLUMNS})


def problem_records(
    row_numbers: np.ndarray | pd.Series, column: str, rule: str | pd.Series, value=""
) -> pd.DataFrame:
    """Problem records of one rule broken in one column, one per row number."""
    count = len(row_numbers)
    return pd.DataFrame(
        {
            "row_number": np.asarray(row_numbers, dtype=np.int64),
            "column": [column] * count,
            "rule": rule.to_numpy() if isinstance(rule, pd.Series) else [rule] * count,
            "value": value.to_numpy() if isinstance(value, pd.Series) else [value] * count,
        }
    )


def problem_reasons(problems: pd.DataFrame) -> pd.Series:
    """Each record in words: `must be a number >= 0, got "-5"`, or the rule alone."""
    rules = problems["rule"].astype(str).to_numpy(dtype=object)
    values = problems["value"].fillna("").astype(str).to_numpy(dtype=object)
    reasons = np.where(values == "", rules, rules + ", got " + values)
    for at in np.flatnonzero([VALUE_PLACEHOLDER in rule for rule in rules]):
        reasons[at] = rules[at].replace(VALUE_PLACEHOLDER, values[at])
    return pd.Series(reasons, index=problems.index, dtype=object)


def problems_text(problems: pd.DataFrame) -> pd.Series:
    """Row number -> its problems as the errors file writes them: "column: reason", each
    rule in record order, "; "-separated."""
    if problems.empty:
        return pd.Series([], dtype="object", index=pd.Index([], dtype=np.int64))
    lines = problems["column"].astype(str) + ": " + problem_reasons(problems)
    return lines.groupby(problems["row_number"].to_numpy(), sort=False).agg("; ".join)


@dataclass
class ValidationResult:
    """The outcome of validating a frame: rows ready to estimate, rows refused, and every
    problem of the refused rows as a record (PROBLEM_COLUMNS), in row order."""

    valid: pd.DataFrame
    rejected: pd.DataFrame
    problems: pd.DataFrame = field(default_factory=no_problems)
    #: Rows with every cell empty (a spreadsheet's trailing blank lines): skipped, counted.
    blank: int = 0

    @property
    def rows_read(self) -> int:
        return len(self.valid) + len(self.rejected) + self.blank


def normalise_header(raw: pd.DataFrame) -> pd.DataFrame:
    """Match contract columns whatever their case or surrounding spaces; keep other names as is.

    Raises ContractError when a required column is absent or a contract column appears twice.
    """
    renamed = {}
    for original in raw.columns:
        key = str(original).strip().lower()
        renamed[original] = key if key in COLUMNS_BY_NAME else original
    names = list(renamed.values())
    repeated = sorted({n for n in names if n in COLUMNS_BY_NAME and names.count(n) > 1})
    if repeated:
        raise ContractError(f"The column {repeated[0]!r} appears more than once in the header.")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        found = ", ".join(map(str, raw.columns)) or "no columns"
        raise ContractError(
            f"Required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"missing. The file's columns are: {found}."
        )
    return raw.rename(columns=renamed)


def _breaks_rule(column: Column, parsed: pd.Series) -> pd.Series:
    """True where a parsed value breaks its column's rule (missing values included)."""
    finite = np.isfinite(parsed.to_numpy(dtype="float64", na_value=np.nan))
    bad = ~finite | (parsed < 0).to_numpy()
    if column.kind == "integer":
        bad |= finite & (np.floor(parsed.fillna(0)) != parsed.fillna(0)).to_numpy()
    if column.kind == "flag":
        bad |= ~parsed.isin([0.0, 1.0]).to_numpy()
    return pd.Series(bad, index=parsed.index)


def _check_numeric(
    frame: pd.DataFrame, column: Column, problems: list[pd.DataFrame], decimal_comma: bool
) -> pd.Series | None:
    """Parse one numeric column, note the rows that break its rule, return the parsed values."""
    if column.name not in frame.columns:
        return None
    raw = frame[column.name]
    parse = parse_flags if column.kind == "flag" else parse_numbers
    parsed = parse(raw, decimal_comma)
    # a blank outcome is unknown, not 0; a blank cell never parses, so look only if one failed
    if not column.required and not column.outcome and parsed.isna().any():
        parsed = parsed.where(~is_blank(raw), 0.0)
    bad = _breaks_rule(column, parsed)
    if bad.any():
        problems.append(_records(raw.index[bad], column.name, column.rule, describe(raw[bad])))
    most = LARGEST_VALUE if column.most is None else column.most
    too_large = ~bad & (parsed > most)
    if too_large.any():
        rule = column.limit_rule or f"must be at most {LARGEST_VALUE:,.0f}"
        problems.append(_records(raw.index[too_large], column.name, rule, describe(raw[too_large])))
    return parsed


def _records(positions: pd.Index, column: str, rule, value="") -> pd.DataFrame:
    """Problem records of rows at these positions of the frame; their row numbers are filled
    in by `validate`."""
    records = problem_records(np.zeros(len(positions)), column, rule, value)
    records.index = positions
    return records


def _check_customer_ids(
    ids: pd.Series, row_numbers: np.ndarray, seen: SeenCustomerIds, problems: list[pd.DataFrame]
) -> None:
    """Note the rows whose id is empty or repeats an earlier row's (in this chunk or, by
    `seen`, an earlier one), naming the row it repeats."""
    blank = is_blank(ids).to_numpy()
    if blank.any():
        problems.append(_records(ids.index[blank], CUSTOMER_ID.name, "must not be empty"))
    present = ~blank
    first_rows = seen.first_row_of_duplicates(ids[present], row_numbers[present])
    repeated = first_rows > 0
    if repeated.any():
        where = ids.index[present][repeated]
        rule = f"must be unique, {VALUE_PLACEHOLDER} is already in row " + pd.Series(
            first_rows[repeated], index=where
        ).astype(str)
        problems.append(_records(where, CUSTOMER_ID.name, rule, describe(ids.loc[where])))


def _gather_problems(problems: list[pd.DataFrame], row_numbers: np.ndarray) -> pd.DataFrame:
    """Every record, by row and within a row in the column order of the contract, with its
    row number; indexed by the row's position in the frame."""
    if not problems:
        return no_problems()
    stacked = pd.concat(problems)
    stacked["row_number"] = row_numbers[stacked.index.to_numpy()]
    order = np.lexsort((np.arange(len(stacked)), stacked.index.to_numpy()))
    return stacked.iloc[order]


def validate(
    raw: pd.DataFrame,
    first_row_number: int = 1,
    seen_ids: SeenCustomerIds | None = None,
    row_numbers: np.ndarray | None = None,
    decimal_comma: bool = False,
    extra_columns: tuple[Column, ...] = (),
) -> ValidationResult:
    """Split raw rows (as read from a file) into valid, typed rows and rejected rows.

    `first_row_number` is the number of raw's first row in its file (1 is the first
    data row under the header), so chunks of one file report their true row numbers;
    `row_numbers` gives each row's number instead where a chunk's rows are not
    consecutive. `decimal_comma` reads 12,5 as 12.5 (files separated by semicolons or
    tabs, as French, German or Czech spreadsheets write them).

    Valid rows get numeric types, and every optional column absent from the input is
    added as 0, so the estimate shows exactly what was assumed; the outcome `churned`
    is checked (0 or 1) when present and passed through, never added. Rejected rows carry
    `row_number`, `problems` (every rule broken, each naming its column), then the
    row's original fields. Raises ContractError if a required column is absent.

    `extra_columns` are columns beyond the contract that a model fitted to a history
    reads (its declared incidents, data.schema.declared_incident): checked by their rule
    like the contract's, and required.
    """
    frame = normalise_header(raw).reset_index(drop=True)
    absent = [column.name for column in extra_columns if column.name not in frame.columns]
    if absent:
        raise ContractError(
            f"Column{'s' if len(absent) > 1 else ''} {', '.join(absent)} missing: the model in "
            "use was fitted with it (declared as one of the history's own incidents)."
        )
    if row_numbers is None:
        row_numbers = np.arange(first_row_number, first_row_number + len(frame), dtype=np.int64)
    seen_ids = seen_ids if seen_ids is not None else SeenCustomerIds()

    checks: list[pd.DataFrame] = []
    ids = frame[CUSTOMER_ID.name]
    _check_customer_ids(ids, row_numbers, seen_ids, checks)
    parsed = {
        column.name: _check_numeric(frame, column, checks, decimal_comma)
        for column in CONTRACT_COLUMNS + tuple(extra_columns)
        if column.kind != "text"
    }
    problems = _gather_problems(checks, row_numbers)
    is_rejected = frame.index.isin(problems.index)

    rejected = rejected_rows(
        raw.reset_index(drop=True), row_numbers, problems_text(problems), is_rejected
    )
    known = COLUMNS_BY_NAME | {column.name: column for column in extra_columns}
    valid = typed_valid_rows(frame, parsed, ~is_rejected, known)
    return ValidationResult(
        valid=valid, rejected=rejected, problems=problems.reset_index(drop=True)
    )


def rejected_rows(
    raw: pd.DataFrame, row_numbers: np.ndarray, row_problems: pd.Series, is_rejected: np.ndarray
) -> pd.DataFrame:
    """The rejected rows as the errors file holds them: `row_number`, `problems`, then the
    row's fields as read (as text; a field named like those two is renamed original_...)."""
    original = raw.loc[is_rejected].astype("string")
    report = pd.DataFrame(
        {
            REJECTED_PREFIX[0]: row_numbers[is_rejected],
            REJECTED_PREFIX[1]: row_problems.reindex(row_numbers[is_rejected]).to_numpy(),
        },
        index=original.index,
    )
    duplicate_names = [c for c in original.columns if c in REJECTED_PREFIX]
    original = original.rename(columns={c: f"original_{c}" for c in duplicate_names})
    return pd.concat([report, original], axis=1).reset_index(drop=True)


def typed_valid_rows(
    frame: pd.DataFrame, parsed: dict[str, pd.Series | None], keep: np.ndarray, known
) -> pd.DataFrame:
    """The kept rows with their parsed numbers typed by column kind, absent optional
    columns added as 0 (an absent outcome stays absent), contract columns first."""
    valid = frame.copy(deep=False) if keep.all() else frame.loc[keep]  # copy-on-write
    for name, values in parsed.items():
        column = known[name]
        if values is None and column.outcome:  # an absent outcome stays absent
            continue
        if values is None:
            valid[name] = 0 if column.kind != "number" else 0.0
            continue
        values = values.loc[keep]
        valid[name] = values.astype("int64") if column.kind in ("integer", "flag") else values
    for name in OPTIONAL_COLUMNS:
        if COLUMNS_BY_NAME[name].kind != "number":
            valid[name] = valid[name].astype("int64")
    valid[CUSTOMER_ID.name] = valid[CUSTOMER_ID.name].astype("str")
    contract = [c.name for c in INPUT_COLUMNS]
    extras = [c for c in valid.columns if c not in contract]
    return valid[contract + extras].reset_index(drop=True)
