"""Each log row's cells read as values, and every rule a row breaks, in its own words.

`parse_section` turns the table `raw_<section>` into `p_<section>`: the row's original
cells, `__row`, the values of our fields (`__f_<field>`, typed) and `__problem`, every
broken rule of the row joined by "; ", each naming the file's column, our field and the
rule, with the value as read: `Created at (created_at): must be a date like 2024-03-31
14:05, got "yesterday"`. A row with a problem is rejected; the others are used or not by
the window and the customer file (data/records/assemble.py).
"""

from __future__ import annotations

from data.records.fields import CUSTOMERS, FIELDS, ORDERS, OUTAGES, TICKETS
from data.records.load import PROBLEM, LoadedFile
from data.records.mapping import SectionMapping
from data.records.values import (
    DateFamily,
    blank,
    choose_family,
    duration_minutes,
    flag,
    ident,
    number,
    quoted_value,
    text,
    trimmed,
)

#: The rule each kind of value must meet, as the report words it.
RULES = {
    "id": "must not be blank",
    "number": "must be a number >= 0",
    "count": "must be a whole number >= 0",
    "duration": "must be minutes >= 0 or a duration h:mm",
    "flag": "must be yes/no, true/false or 1/0",
    "churned": "must be 0 or 1",
}
#: Fields a row cannot do without (blank is a problem), beyond the ids.
_NEEDED = {
    CUSTOMERS: {"monthly_revenue", "tenure_months", "customer_since", "churned"},
    TICKETS: {"created_at"},
    OUTAGES: {"start"},
    ORDERS: {"ordered_at"},
}


def value_column(field: str) -> str:
    return f"__f_{field}"


def date_families(con, loaded: LoadedFile, mapping: SectionMapping) -> dict[str, DateFamily]:
    """The date family of each date field the mapping reads (see data/records/values.py)."""
    return {
        spec.name: choose_family(con, loaded.table, mapping.columns[spec.name])
        for spec in FIELDS[loaded.section]
        if spec.kind == "date" and spec.name in mapping.columns
    }


def _label(column: str, field: str) -> str:
    return f"{column} ({field})" if column != field else field


def _problem(condition: str, label: str, rule: str, column: str) -> str:
    message = f"{text(f'{label}: {rule}, got ')} || {quoted_value(column)}"
    return f"CASE WHEN {condition} THEN {message} END"


def parse_section(
    con,
    loaded: LoadedFile,
    mapping: SectionMapping,
    families: dict[str, DateFamily],
    target: str | None = None,
) -> str:
    """Create `p_<section>` (or `target`) from the loaded table; returns its name."""
    section = loaded.section
    target = target or f"p_{section}"
    values, problems = [], [PROBLEM]
    for spec in FIELDS[section]:
        column = mapping.column(spec.name)
        out = value_column(spec.name)
        if column is None:
            values.append(f"NULL AS {out}")
            continue
        label = _label(column, spec.name)
        is_blank = blank(column)
        needed = spec.name in _NEEDED[section]
        kind = "churned" if spec.name == "churned" else spec.kind
        if kind == "id":
            values.append(f"CASE WHEN {is_blank} THEN NULL ELSE {trimmed(column)} END AS {out}")
            problems.append(_problem(is_blank, label, RULES["id"], column))
        elif kind == "text":
            values.append(f"CASE WHEN {is_blank} THEN NULL ELSE {trimmed(column)} END AS {out}")
        elif kind == "date":
            family = families[spec.name]
            parsed = family.parse(column)
            values.append(f"{parsed} AS {out}")
            bad = f"(({is_blank}) AND {needed}) OR (NOT ({is_blank}) AND {parsed} IS NULL)"
            rule = f"must be a date like {family.example}"
            problems.append(_problem(bad, label, rule, column))
        elif kind in ("number", "count", "duration"):
            parsed = (
                duration_minutes(column, loaded.decimal_comma)
                if kind == "duration"
                else number(column, loaded.decimal_comma)
            )
            ok = f"({parsed} >= 0 AND isfinite({parsed}))"
            if kind == "count":
                ok = f"({ok} AND {parsed} = round({parsed}))"
            default = "NULL" if needed else "0"
            values.append(f"CASE WHEN {is_blank} THEN {default} ELSE {parsed} END AS {out}")
            bad = f"(({is_blank}) AND {needed}) OR (NOT ({is_blank}) AND NOT coalesce({ok}, false))"
            problems.append(_problem(bad, label, RULES[kind], column))
        elif kind in ("flag", "churned"):
            parsed = flag(column)
            values.append(f"{parsed} AS {out}")
            bad = f"({parsed} IS NULL)" + (f" OR ({is_blank})" if needed else "")
            problems.append(_problem(bad, label, RULES[kind], column))
    if section == OUTAGES and mapping.column("end") and mapping.column("start"):
        start, end = mapping.column("start"), mapping.column("end")
        s_val, e_val = families["start"].parse(start), families["end"].parse(end)
        problems.append(
            _problem(f"{e_val} < {s_val}", _label(end, "end"), "must not be before the start", end)
        )
    problem = f"nullif(concat_ws('; ', {', '.join(problems)}), '')"
    con.execute(f"DROP TABLE IF EXISTS {target}")
    con.execute(
        f"CREATE TABLE {target} AS SELECT * REPLACE ({problem} AS {PROBLEM}), "
        f"{', '.join(values)} FROM {loaded.table}"
    )
    return target


def mapped_value(field: str) -> str:
    return ident(value_column(field))
