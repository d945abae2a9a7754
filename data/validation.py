"""Check raw customer rows against the data contract: clean rows in, rejected rows out.

Every input row ends up in exactly one of the two frames `validate` returns, so a user
never loses a customer without being told why. Problems that make the whole file
unusable (a required column absent, a header repeated) raise `ContractError` instead.

The command line validates a file in chunks; `SeenCustomerIds` carries the ids of
earlier chunks so that uniqueness holds across the whole file in little memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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

_FLAG_WORDS = {"true": 1.0, "false": 0.0}
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


@dataclass
class SeenCustomerIds:
    """Customer ids met so far in a file, as 64-bit hashes with the row each was first in.

    Sixteen bytes a customer instead of a Python set of strings, so a file of millions
    of rows can be checked for duplicates chunk by chunk.
    """

    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    first_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def first_row_of_duplicates(self, ids: pd.Series, row_numbers: np.ndarray) -> np.ndarray:
        """For each id, the row number it first appeared in if that is an earlier row, else 0.

        Records the ids not seen before, so the next chunk is checked against them too.
        """
        hashes = id_hashes(ids)
        earlier = np.zeros(len(hashes), dtype=np.int64)
        order, ordered, at, found = self._sorted_lookup(hashes)

        repeated_in_chunk = np.zeros(len(hashes), dtype=bool)
        if (ordered[1:] == ordered[:-1]).any():
            repeated_in_chunk = pd.Series(hashes).duplicated(keep="first").to_numpy()
            first = pd.Series(row_numbers).groupby(hashes, sort=False).transform("min")
            earlier[repeated_in_chunk] = first.to_numpy()[repeated_in_chunk]

        seen_before = found >= 0
        earlier[order[seen_before]] = self.first_rows[found[seen_before]]

        new = ((earlier == 0) & ~repeated_in_chunk)[order]
        self._insert(at[new], ordered[new], row_numbers[order][new])
        return earlier

    def add_if_all_new(self, hashes: np.ndarray, row_numbers: np.ndarray) -> bool:
        """Record these ids (by `id_hashes`) if none repeats another or one seen before.

        Returns False and records nothing otherwise, so that `first_row_of_duplicates` can
        then be asked which rows repeat which (data.clean_chunks' fast path).
        """
        order, ordered, at, found = self._sorted_lookup(hashes)
        if (ordered[1:] == ordered[:-1]).any() or (found >= 0).any():
            return False
        self._insert(at, ordered, row_numbers[order])
        return True

    def _sorted_lookup(self, hashes: np.ndarray):
        """The hashes' sorting order and sorted values, where each would go among the seen
        hashes, and the position of each one seen before (-1 if it was not).

        One sort serves the in-chunk check, the lookup (sorted needles walk the seen hashes
        in order, instead of jumping about memory) and the insertion.
        """
        order = np.argsort(hashes)
        ordered = hashes[order]
        at = np.searchsorted(self.hashes, ordered)
        found = np.full(len(ordered), -1, dtype=np.int64)
        if len(self.hashes):
            position = np.minimum(at, len(self.hashes) - 1)
            hit = self.hashes[position] == ordered
            found[hit] = position[hit]
        return order, ordered, at, found

    def _insert(self, at: np.ndarray, hashes: np.ndarray, first_rows: np.ndarray) -> None:
        self.hashes = np.insert(self.hashes, at, hashes)
        self.first_rows = np.insert(self.first_rows, at, first_rows)


def id_hashes(ids: pd.Series | pa.ChunkedArray | pa.Array) -> np.ndarray:
    """64-bit hashes of customer ids as written (pandas' hash of each id's text).

    Ids are nearly all distinct: hashing them directly beats factorising them first.
    """
    if isinstance(ids, pa.ChunkedArray | pa.Array):
        values = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object)
    else:
        values = ids.to_numpy(dtype=object)
    return pd.util.hash_array(values, categorize=False)


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


def _as_text(values: pd.Series) -> pa.Array:
    """The cells as an Arrow string array (zero-copy for the Arrow-backed strings pandas reads)."""
    array = pa.array(values, from_pandas=True)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = pc.cast(array, pa.large_string())
    return array


_SPACES = r"[\s\u00a0\u202f']"  # spaces, no-break spaces and the Swiss apostrophe
_POINT_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"  # 1,234,567.89
_COMMA_THOUSANDS = r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$"  # 1.234.567,89


def _spreadsheet_number_text(text: pd.Series, decimal_comma: bool) -> pd.Series:
    """Numbers as spreadsheets write them, rewritten the way a parser reads them.

    Thousands separators go (spaces, apostrophes, and commas in 1,234.5); with a
    decimal comma (files separated by semicolons or tabs) 1.234,5 and 12,5 become
    1234.5 and 12.5. Anything else is left for the parser to refuse.
    """
    text = text.str.replace(_SPACES, "", regex=True)
    if decimal_comma:
        grouped = text.str.match(_COMMA_THOUSANDS, na=False)
        text = text.where(~grouped, text.str.replace(".", "", regex=False))
        return text.str.replace(",", ".", regex=False)
    grouped = text.str.match(_POINT_THOUSANDS, na=False)
    return text.where(~grouped, text.str.replace(",", "", regex=False))


def parse_numbers(values: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Read a column of cells as floats; anything that is not a number becomes NaN.

    The common case, a column of clean numbers, is one fast Arrow cast; a column with
    any other cell is parsed cell by cell, accepting thousands separators and, when
    `decimal_comma`, a decimal comma, so that only unreadable cells become NaN.
    """
    if pd.api.types.is_bool_dtype(values):
        return values.astype("float64")
    if pd.api.types.is_numeric_dtype(values):
        return pd.to_numeric(values, errors="coerce").astype("float64")
    text = _as_text(values)
    if not decimal_comma:  # with a decimal comma, 1.234 means 1234: no shortcut
        # as written first (most files), trimmed second: trimming copies every cell
        for trim in (False, True):
            cells = pc.utf8_trim_whitespace(text) if trim else text
            try:
                numbers = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
                return pd.Series(numbers, index=values.index, dtype="float64")
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
    trimmed = pc.utf8_trim_whitespace(text)
    text = _spreadsheet_number_text(
        pd.Series(trimmed.to_pandas(), index=values.index), decimal_comma
    )
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _parse_flags(values: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Like parse_numbers, also accepting TRUE/FALSE as a spreadsheet writes them."""
    parsed = parse_numbers(values, decimal_comma)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return parsed
    if not parsed.isna().any():
        return parsed
    words = values.astype("string").str.strip().str.lower().map(_FLAG_WORDS)
    return parsed.fillna(words.astype("float64"))


def _breaks_rule(column: Column, parsed: pd.Series) -> pd.Series:
    """True where a parsed value breaks its column's rule (missing values included)."""
    finite = np.isfinite(parsed.to_numpy(dtype="float64", na_value=np.nan))
    bad = ~finite | (parsed < 0).to_numpy()
    if column.kind == "integer":
        bad |= finite & (np.floor(parsed.fillna(0)) != parsed.fillna(0)).to_numpy()
    if column.kind == "flag":
        bad |= ~parsed.isin([0.0, 1.0]).to_numpy()
    return pd.Series(bad, index=parsed.index)


def _is_blank(values: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.isna()
    trimmed = pc.utf8_trim_whitespace(_as_text(values))
    blank = pc.fill_null(pc.equal(trimmed, ""), True)
    return pd.Series(blank.to_numpy(zero_copy_only=False), index=values.index)


#: A value quoted in a message is cut after this many characters (the download keeps it all).
QUOTED_CHARACTERS = 40


def _describe(values: pd.Series) -> pd.Series:
    """How a cell looked, for a message: `"-5"`, `an empty cell`, or the start of a long
    value with its length (`"99999…" (5,000 characters)`)."""
    text = values.astype("string").fillna("")
    lengths = text.str.len()
    long = lengths > QUOTED_CHARACTERS
    quoted = '"' + text + '"'
    if long.any():
        cut = '"' + text.str.slice(0, QUOTED_CHARACTERS) + '…" (' + lengths.map("{:,}".format)
        quoted = quoted.where(~long, cut + " characters)")
    return quoted.where(~_is_blank(values), "an empty cell")


def _check_numeric(
    frame: pd.DataFrame, column: Column, problems: list[pd.DataFrame], decimal_comma: bool
) -> pd.Series | None:
    """Parse one numeric column, note the rows that break its rule, return the parsed values."""
    if column.name not in frame.columns:
        return None
    raw = frame[column.name]
    parse = _parse_flags if column.kind == "flag" else parse_numbers
    parsed = parse(raw, decimal_comma)
    # a blank outcome is unknown, not 0; a blank cell never parses, so look only if one failed
    if not column.required and not column.outcome and parsed.isna().any():
        parsed = parsed.where(~_is_blank(raw), 0.0)
    bad = _breaks_rule(column, parsed)
    if bad.any():
        problems.append(_records(raw.index[bad], column.name, column.rule, _describe(raw[bad])))
    most = LARGEST_VALUE if column.most is None else column.most
    too_large = ~bad & (parsed > most)
    if too_large.any():
        rule = column.limit_rule or f"must be at most {LARGEST_VALUE:,.0f}"
        problems.append(
            _records(raw.index[too_large], column.name, rule, _describe(raw[too_large]))
        )
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
    blank = _is_blank(ids).to_numpy()
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
        problems.append(_records(where, CUSTOMER_ID.name, rule, _describe(ids.loc[where])))


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
            "use was fitted with it (declared with --incidents when it was trained)."
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
