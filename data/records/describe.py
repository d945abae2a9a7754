"""Words about a preparation, for the terminal and the page: the mapping found and the counts."""

from __future__ import annotations

import pandas as pd

from data.records.fields import FIELDS, SECTIONS, TENURE_FIELDS, required_fields
from data.records.mapping import RecordsMapping, SectionMapping
from data.records.matching import FoundSection
from data.records.parse import BILLING_WORDS, REGULATOR_WORDS
from data.records.values import DateFamily

#: The review table's columns (the page shows it; tests read it).
MAPPING_TABLE_COLUMNS = ("input", "field", "column", "score", "how found")


def mapping_table(found: dict[str, FoundSection]) -> pd.DataFrame:
    """One row per field of each input: the column read (blank: none), its score, how."""
    rows = []
    for section in SECTIONS:
        if section not in found:
            continue
        for match in found[section].matches:
            how = match.how
            if how == "help desk" and found[section].help_desk:
                how = f"{found[section].help_desk} export"
            rows.append((section, match.field, match.column or "", match.score, how))
    return pd.DataFrame(rows, columns=list(MAPPING_TABLE_COLUMNS))


def mapping_lines(found: dict[str, FoundSection]) -> list[str]:
    """The mapping as lines for the terminal: `tickets.created_at <- "Created at" (help desk)`."""
    lines = []
    for section in SECTIONS:
        if section not in found:
            continue
        desk = found[section].help_desk
        if desk:
            lines.append(f"{section}: recognised as a {desk} export")
        for match in found[section].matches:
            if match.column is not None:
                how = f"{match.how}, {match.score:.0f}"
                lines.append(f"  {section}.{match.field} <- {match.column!r} ({how})")
    return lines


#: How each input is named to a reader.
INPUT_WORDS = {
    "customers": "customer file",
    "tickets": "ticket log",
    "outages": "outage log",
    "orders": "order log",
}
#: The two ways a customer file gives time as a customer, in words.
TENURE_WORDS = {"tenure_months": "tenure", "customer_since": "join date"}
#: How a field was found, as a reader reads it.
HOW_WORDS = {"fuzzy": "similar name", "exact name": "same name", "known name": "a usual name"}


def field_words(section: str, field: str) -> str:
    """What one of our fields is, in words: 'Revenue per month (or per year)'."""
    meaning = next(spec.meaning for spec in FIELDS[section] if spec.name == field)
    return meaning[0].upper() + meaning[1:]


def how_found_words(table: pd.DataFrame) -> pd.Series:
    """`mapping_table`'s "how found" in words, a field read from no column saying why: time
    as a customer is read from one of two fields, so the other is not needed; a field the
    estimate can do without is optional; a required one is to be chosen below."""
    words = []
    for row in table.itertuples(index=False):
        how, field, section = row[4], row[1], row[0]
        if row[2]:
            words.append(HOW_WORDS.get(how, how))
            continue
        other = [f for f in TENURE_FIELDS if f != field]
        found_other = table[(table["input"] == section) & (table["field"].isin(other))]
        if field in TENURE_FIELDS and (found_other["column"] != "").any():
            words.append(f"not needed: {TENURE_WORDS[other[0]]} read")
        elif field in required_fields(section) or field in TENURE_FIELDS:
            words.append("not found: choose it below")
        else:
            words.append("not in the file (optional)")
    return pd.Series(words, index=table.index, dtype="object")


def rule_words(mapping: SectionMapping) -> list[str]:
    """The ticket log's two rules in words: which tickets count as billing errors and which
    as regulator complaints (a mapping's own rule, or the default one)."""
    sentences = []
    for name, rule, fields, needles in (
        ("billing error", mapping.billing, ("category",), BILLING_WORDS),
        ("regulator complaint", mapping.regulator, ("channel", "category"), REGULATOR_WORDS),
    ):
        if rule is None:
            read = [f"{f} (“{mapping.column(f)}”)" for f in fields if mapping.column(f)]
            where = " or ".join(read) or "no column (none is read, so none counts)"
            holds = " or ".join(f"“{n}”" for n in needles)
            sentences.append(f"A ticket is a {name} when its {where} holds {holds}.")
        else:
            parts = [
                f"its {f} (“{mapping.column(f)}”) is " + " or ".join(f"“{v}”" for v in values)
                for f, values in rule.items()
            ]
            sentences.append(f"A ticket is a {name} when {' or '.join(parts)}.")
    return sentences


#: The date families that read a day before its month, and the one that reads the month first.
DAY_FIRST = ("day-month-year", "day/month/year", "day.month.year", "day/month name/year")
MONTH_FIRST = ("month/day/year",)


def _dates_read(families, mapping: RecordsMapping) -> list[tuple[str, str, str]]:
    """(input, column, date format) of each date column read."""
    return [
        (section, mapping.section(section).column(name), family.name)
        for section, columns in families.items()
        for name, family in columns.items()
    ]


def _day_and_month_first(read) -> tuple[list, list]:
    """The date columns read day first and those read month first (both: one may be
    misread, since a column whose every date reads both ways, 3/4/2018, is read day first)."""
    day = [(section, column) for section, column, family in read if family in DAY_FIRST]
    month = [(section, column) for section, column, family in read if family in MONTH_FIRST]
    return (day, month) if day and month else ([], [])


def date_lines(families: dict[str, dict[str, DateFamily]], mapping: RecordsMapping) -> list[str]:
    """The date format each date column was read with, for the terminal, and a warning when
    one input reads its dates day first and another month first; the mapping's `dates`
    chooses."""
    read = _dates_read(families, mapping)
    if not read:
        return []
    lines = ["dates: " + ", ".join(f"{s}.{column} {family}" for s, column, family in read)]
    day, month = _day_and_month_first(read)
    if day:
        day_names = ", ".join(f"{s}.{c}" for s, c in day)
        month_names = ", ".join(f"{s}.{c}" for s, c in month)
        lines.append(
            f"  The dates of {day_names} are read day first, those of {month_names} "
            'month first. If one of them is misread, add "dates": "month/day/year" (or '
            '"day/month/year"...) to its section of the mapping file (--save-mapping writes '
            "the one used)."
        )
    return lines


def date_words(families: dict[str, dict[str, DateFamily]], mapping: RecordsMapping) -> list[str]:
    """The same for the page, in words: how each file's dates were read, and what to do
    when one file's are read day first and another's month first."""
    read = _dates_read(families, mapping)
    if not read:
        return []
    formats = "; ".join(f"{INPUT_WORDS[s]} “{column}”: {family}" for s, column, family in read)
    words = [f"Dates read as {formats}."]
    day, month = _day_and_month_first(read)
    if day:
        day_files = sorted({INPUT_WORDS[s] for s, _ in day})
        month_files = sorted({INPUT_WORDS[s] for s, _ in month})
        words.append(
            f"The {' and '.join(day_files)} dates are read day first, the "
            f"{' and '.join(month_files)} dates month first. A file whose dates all read "
            "either way (3/4/2018) is read day first: if its dates were misread, choose "
            "its format in “Dates in this file” under the mapping."
        )
    return words
