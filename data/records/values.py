"""How the text of a log cell becomes a value: SQL expressions for DuckDB, one per kind.

Every cell is read as text. A cell is *blank* when, trimmed and in any case, it is empty or
one of BLANK_WORDS (help-desk exports write "?" or "NULL" for nothing). Dates are read
with one *family* of formats per column, chosen from the column's first SAMPLE_ROWS
non-blank values: the family that reads the most of them (ISO 8601 first, then the others
in DATE_FAMILIES' order, so "03/04/2024" is day-first unless the column also holds a value
only month-first can read, such as "12/31/2024" or "1:16 PM"). Times with an offset or "Z"
are converted to UTC; times without one are taken as written.

A two-digit year is read in this century ("31/03/24" is 2024, "1/2/99" is 2099), never as
the year 24 AD; an ISO date must start with a four-digit year (so DuckDB's words "epoch"
and "infinity" are not dates); and a date outside FIRST_YEAR..LAST_YEAR is rejected with
its reason by the parser (parse.py), so that no typo moves the window.
"""

from __future__ import annotations

from dataclasses import dataclass

BLANK_WORDS = ("", "?", "null", "none", "n/a", "na", "nan", "nat", "-")
TRUE_WORDS = ("1", "1.0", "yes", "y", "true", "t", "x")
FALSE_WORDS = ("0", "0.0", "no", "n", "false", "f")
SAMPLE_ROWS = 5_000
#: The years an event may fall in: a date outside them is a typo or a placeholder.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def ident(name: str) -> str:
    """A column name quoted for SQL."""
    return '"' + name.replace('"', '""') + '"'


def text(value: str) -> str:
    """A text literal for SQL."""
    return "'" + value.replace("'", "''") + "'"


def words(values) -> str:
    return "(" + ", ".join(text(v) for v in values) + ")"


def trimmed(column: str) -> str:
    return f"trim(coalesce({ident(column)}, ''))"


def blank(value: str) -> str:
    """SQL: whether a trimmed cell is blank (only short texts can be a blank word)."""
    longest = max(map(len, BLANK_WORDS))
    listed = words(BLANK_WORDS)
    return f"(CASE WHEN length({value}) > {longest} THEN false ELSE lower({value}) IN {listed} END)"


@dataclass(frozen=True)
class DateFamily:
    """Formats sharing one order of day, month and year; `example` is shown in messages."""

    name: str
    formats: tuple[str, ...]
    example: str

    def parse(self, value: str) -> str:
        """SQL: a trimmed cell as a naive TIMESTAMP (UTC when it had an offset), or NULL.

        ISO texts of 10, 16 or 19 characters (a date, with minutes, with seconds) cannot
        hold an offset, so they take the plain (faster) cast."""
        if not self.formats:
            return (
                f"CASE WHEN NOT regexp_matches({value}, '^[0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}}') "
                f"THEN NULL WHEN length({value}) IN (10, 16, 19) "
                f"THEN try_cast({value} AS TIMESTAMP) "
                f"ELSE timezone('UTC', try_cast({value} AS TIMESTAMPTZ)) END"
            )
        four = [f for f in self.formats if "%y" not in f]
        # a year first is always written whole; elsewhere "24" is 2024, never 24 AD
        two = [f.replace("%Y", "%y") for f in four if "%Y" in f and not f.startswith("%Y")]
        two += [f for f in self.formats if "%y" in f and f not in two]
        whole = f"try_strptime({value}, {_format_list(four)})"
        if not two:
            return f"CASE WHEN regexp_matches({value}, '^[0-9]') THEN {whole} END"
        short = f"try_strptime({value}, {_format_list(two)})"
        # strptime's %y reads 69..99 as 1969..1999: an event's two-digit year is this century
        century = (
            f"CASE WHEN year({short}) < 2000 THEN {short} + INTERVAL 100 YEAR ELSE {short} END"
        )
        # strptime also takes DuckDB's words ("epoch", "infinity"): a date starts with a digit
        return f"CASE WHEN regexp_matches({value}, '^[0-9]') THEN coalesce({century}, {whole}) END"


def _format_list(formats) -> str:
    return "[" + ", ".join(text(f) for f in formats) + "]"


def in_years(value: str) -> str:
    """SQL: whether a timestamp falls in FIRST_YEAR..LAST_YEAR (NULL when it is NULL)."""
    return f"(year({value}) BETWEEN {FIRST_YEAR} AND {LAST_YEAR})"


ISO = DateFamily("ISO 8601", (), "2024-03-31 14:05")
DATE_FAMILIES: tuple[DateFamily, ...] = (
    ISO,
    DateFamily(
        "day-month-year",
        ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"),
        "31-03-2024 14:05",
    ),
    DateFamily(
        "day/month/year",
        ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y"),
        "31/03/2024 14:05",
    ),
    DateFamily(
        "month/day/year",
        (
            "%m/%d/%Y %I:%M:%S %p",
            "%m/%d/%Y %I:%M %p",
            "%m/%d/%Y %H:%M:%S",
            "%m/%d/%Y %H:%M",
            "%m/%d/%Y",
            "%m/%d/%y %I:%M %p",
            "%m/%d/%y %H:%M",
            "%m/%d/%y",
        ),
        "3/31/2024 2:05 PM",
    ),
    DateFamily(
        "day.month.year",
        ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y"),
        "31.03.2024 14:05",
    ),
    DateFamily(
        "day/month name/year",
        ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y", "%d %b %Y %H:%M", "%d %b %Y"),
        "31/Mar/24 2:05 PM",
    ),
    DateFamily(
        "year/month/day",
        ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"),
        "2024/03/31 14:05",
    ),
)
FAMILIES_BY_NAME = {family.name: family for family in DATE_FAMILIES}


def choose_family(con, table: str, column: str) -> DateFamily:
    """The date family that reads the most of the column's first SAMPLE_ROWS non-blank values
    as dates in FIRST_YEAR..LAST_YEAR.

    ISO is tried alone first: when it reads every value, no family reads more and the first
    family wins a tie, so the answer is ISO without trying the thirty-odd other formats on
    the sample (most of a million-row log's time in choosing, on a machine's two cores)."""
    value = trimmed(column)  # `column`: a cell's SQL name (load.cell_name), never the file's
    sample = (
        f"SELECT {value} AS v FROM {table} WHERE NOT {blank(value)} "
        f"ORDER BY __row LIMIT {SAMPLE_ROWS}"
    )
    first = DATE_FAMILIES[0]
    values, read = con.execute(
        f"SELECT count(*), count(CASE WHEN {in_years(first.parse('v'))} THEN 1 END) FROM ({sample})"
    ).fetchall()[0]
    if read == values:
        return first
    counts = ", ".join(
        f"count(CASE WHEN {in_years(family.parse('v'))} THEN 1 END)" for family in DATE_FAMILIES
    )
    parsed = con.execute(f"SELECT {counts} FROM ({sample})").fetchall()[0]
    best = max(range(len(DATE_FAMILIES)), key=lambda i: (parsed[i], -i))
    return DATE_FAMILIES[best]


def number(value: str, decimal_comma: bool = False) -> str:
    """SQL: a trimmed cell as a DOUBLE (NULL when not a number); thousands separators dropped."""
    if decimal_comma:
        value = f"replace(replace(replace({value}, ' ', ''), '.', ''), ',', '.')"
    else:
        value = f"replace(replace({value}, ' ', ''), ',', '')"
    return f"try_cast({value} AS DOUBLE)"


def duration_minutes(value: str, decimal_comma: bool = False) -> str:
    """SQL: minutes from a trimmed cell holding minutes or a duration h:mm or h:mm:ss."""
    parts = f"string_split({value}, ':')"
    clock = (
        f"(try_cast({parts}[1] AS DOUBLE) * 60 + try_cast({parts}[2] AS DOUBLE)"
        f" + coalesce(try_cast({parts}[3] AS DOUBLE), 0) / 60)"
    )
    return (
        f"CASE WHEN contains({value}, ':') AND regexp_full_match({value}, "
        f"'\\d+:\\d{{1,2}}(:\\d{{1,2}})?') THEN {clock} ELSE {number(value, decimal_comma)} END"
    )


def flag(value: str) -> str:
    """SQL: 1 for yes/true/1, 0 for no/false/0 and blanks, NULL for anything else."""
    lowered = f"lower({value})"
    return (
        f"CASE WHEN {lowered} IN {words(TRUE_WORDS)} THEN 1 "
        f"WHEN {lowered} IN {words(FALSE_WORDS)} OR {blank(value)} THEN 0 END"
    )


def quoted_value(column: str) -> str:
    """SQL: the cell as the report quotes it, `"value"`."""
    return f"'\"' || coalesce({ident(column)}, '') || '\"'"
