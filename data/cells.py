"""Cells read as the data contract reads them: numbers as spreadsheets write them, flags
written TRUE or FALSE, blank cells, and a cell quoted for a message.

Validation (data.validation) and the model's own column reading (model.churn.layout) parse
with the same rules here, so a value the upload accepts is the value the model sees.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: The words a spreadsheet writes for a flag.
_FLAG_WORDS = {"true": 1.0, "false": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0}


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


def parse_flags(values: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Like parse_numbers, also accepting TRUE/FALSE as a spreadsheet writes them, and
    yes/no (a history's `churned` is often written so: read as 1/0, never rejected)."""
    parsed = parse_numbers(values, decimal_comma)
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return parsed
    if not parsed.isna().any():
        return parsed
    words = values.astype("string").str.strip().str.lower().map(_FLAG_WORDS)
    return parsed.fillna(words.astype("float64"))


def is_blank(values: pd.Series) -> pd.Series:
    """True where a cell is empty or only spaces: a blank is unknown, never read as 0 by
    the parser, and is told apart from a value the parser refuses."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.isna()
    trimmed = pc.utf8_trim_whitespace(_as_text(values))
    blank = pc.fill_null(pc.equal(trimmed, ""), True)
    return pd.Series(blank.to_numpy(zero_copy_only=False), index=values.index)


#: A value quoted in a message is cut after this many characters (the download keeps it all).
QUOTED_CHARACTERS = 40


def describe(values: pd.Series) -> pd.Series:
    """How a cell looked, for a message: `"-5"`, `an empty cell`, or the start of a long
    value with its length (`"99999…" (5,000 characters)`)."""
    text = values.astype("string").fillna("")
    lengths = text.str.len()
    long = lengths > QUOTED_CHARACTERS
    quoted = '"' + text + '"'
    if long.any():
        cut = '"' + text.str.slice(0, QUOTED_CHARACTERS) + '…" (' + lengths.map("{:,}".format)
        quoted = quoted.where(~long, cut + " characters)")
    return quoted.where(~is_blank(values), "an empty cell")
