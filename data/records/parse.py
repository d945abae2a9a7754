"""Each log row's cells read as values, and every rule a row breaks, in its own words.

`parse_section` turns an input's rows into `p_<section>`: `__row`, the values of our
fields (`__f_<field>`, typed) and `__problem`, every
broken rule of the row joined by "; ", each naming the file's column, our field and the
rule, with the value as read: `Created at (created_at): must be a date like 2024-03-31
14:05, got "yesterday"`. A row with a problem is rejected; the others are used or not by
the window and the customer file (data/records/assemble.py).
"""

from __future__ import annotations

from data.records.fields import CUSTOMERS, FIELDS, ORDERS, OUTAGES, TICKETS
from data.records.load import PROBLEM, ROW, Source
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
    words,
)

#: The default rules (a mapping's `billing` and `regulator` replace them).
BILLING_WORDS = ("bill", "invoice")
REGULATOR_WORDS = ("regulator", "ombudsman")

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


#: Rows at the start of a log read to choose its date formats (of which the first
#: SAMPLE_ROWS non-blank values of each date column count).
SAMPLE_LIMIT = 50_000


def date_families(con, source: Source, mapping: SectionMapping) -> dict[str, DateFamily]:
    """The date family of each date field the mapping reads (see data/records/values.py),
    from the first SAMPLE_LIMIT rows of the input."""
    dates = [f for f in FIELDS[source.section] if f.kind == "date" and f.name in mapping.columns]
    if not dates:
        return {}
    source.run(
        con,
        lambda rows: (
            f"CREATE OR REPLACE TEMP TABLE __sample AS SELECT * FROM {rows} LIMIT {SAMPLE_LIMIT}"
        ),
    )
    return {f.name: choose_family(con, "__sample", mapping.columns[f.name]) for f in dates}


def column_label(column: str, field: str) -> str:
    """A column as messages name it: the file's name, with the contract's field in
    brackets when the two differ."""
    return f"{column} ({field})" if column != field else field


def _problem(condition: str, label: str, rule: str, column: str) -> str:
    message = f"{text(f'{label}: {rule}, got ')} || {quoted_value(column)}"
    return f"CASE WHEN {condition} THEN {message} END"


def _contains(column: str, needles) -> str:
    value = f"lower(coalesce({ident(column)}, ''))"
    return "(" + " OR ".join(f"contains({value}, {text(n)})" for n in needles) + ")"


def rule_sql(rule, mapping: SectionMapping, default_fields, needles) -> str:
    """SQL true for a ticket row that the rule marks (a mapping's rule, else the default)."""
    if rule is None:
        parts = [_contains(mapping.column(f), needles) for f in default_fields if mapping.column(f)]
        return "(" + " OR ".join(parts) + ")" if parts else "false"
    parts = []
    for field, values in rule.items():
        column = mapping.column(field)
        if column is None:
            continue
        lowered = [value.strip().lower() for value in values]
        parts.append(f"(lower(trim(coalesce({ident(column)}, ''))) IN {words(lowered)})")
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def parse_section(
    con,
    source: Source,
    mapping: SectionMapping,
    families: dict[str, DateFamily],
    target: str | None = None,
    rows: str | None = None,
) -> str:
    """Create `p_<section>` (or `target`) from the input's rows (a fresh stream of the
    source, or the table `rows`): `__row`, `__problem` and the value of each field."""
    section = source.section
    loaded = source
    target = target or f"p_{section}"
    values, checks, problems, trims, blanks = [], [], [PROBLEM], [], []
    for spec in FIELDS[section]:
        column = mapping.column(spec.name)
        out = value_column(spec.name)
        if column is None:
            values.append(f"NULL AS {out}")
            continue
        label = column_label(column, spec.name)
        cell = ident(f"__t_{spec.name}")
        trims.append(f"{trimmed(column)} AS {cell}")
        blanks.append(f"{blank(cell)} AS {ident('__b_' + spec.name)}")
        is_blank = ident(f"__b_{spec.name}")
        needed = spec.name in _NEEDED[section]
        kind = "churned" if spec.name == "churned" else spec.kind
        bad = f"__bad_{spec.name}"
        rule = RULES.get(kind, "")
        if kind in ("id", "text"):
            values.append(f"CASE WHEN {is_blank} THEN NULL ELSE {cell} END AS {out}")
            if kind == "id":
                checks.append(f"{out} IS NULL AS {bad}")
        elif kind == "date":
            family = families[spec.name]
            values.append(f"{family.parse(cell)} AS {out}")
            checks.append(f"CASE WHEN {is_blank} THEN {needed} ELSE {out} IS NULL END AS {bad}")
            rule = f"must be a date like {family.example}"
        elif kind in ("number", "count", "duration"):
            parsed = (
                duration_minutes(cell, loaded.decimal_comma)
                if kind == "duration"
                else number(cell, loaded.decimal_comma)
            )
            default = "NULL" if needed else "0"
            values.append(f"CASE WHEN {is_blank} THEN {default} ELSE {parsed} END AS {out}")
            ok = f"({out} >= 0 AND isfinite({out}))"
            if kind == "count":
                ok = f"({ok} AND {out} = round({out}))"
            blank_is_bad = "true" if needed else "false"
            checks.append(
                f"CASE WHEN {is_blank} THEN {blank_is_bad} ELSE NOT coalesce({ok}, false) END "
                f"AS {bad}"
            )
        elif kind in ("flag", "churned"):
            values.append(f"{flag(cell)} AS {out}")
            blank_bad = f" OR ({is_blank})" if needed else ""
            checks.append(f"({out} IS NULL{blank_bad}) AS {bad}")
        if kind != "text":
            message = f"{text(f'{label}: {rule}, got ')} || {quoted_value(column)}"
            problems.append(f"CASE WHEN {bad} THEN {message} END")
    if section == OUTAGES and mapping.column("end") and mapping.column("start"):
        end = mapping.column("end")
        checks.append("(__f_end < __f_start) AS __bad_order")
        message = f"{text(column_label(end, 'end') + ': must not be before the start, got ')}"
        problems.append(f"CASE WHEN __bad_order THEN {message} || {quoted_value(end)} END")
    if section == TICKETS:
        values.append(
            f"{rule_sql(mapping.billing, mapping, ('category',), BILLING_WORDS)} AS __billing"
        )
        values.append(
            f"{rule_sql(mapping.regulator, mapping, ('channel', 'category'), REGULATOR_WORDS)}"
            " AS __regulator"
        )
    problem = f"nullif(concat_ws('; ', {', '.join(problems)}), '')"
    names = [value.rsplit(" AS ", 1)[1] for value in values]
    checked = f"SELECT *, {', '.join(checks)} FROM parsed" if checks else "SELECT * FROM parsed"

    def build(relation: str) -> str:
        return f"""CREATE OR REPLACE TABLE {target} AS
        WITH cells AS (SELECT *{"".join(", " + t for t in trims)} FROM {relation}),
             blanks AS (SELECT *{"".join(", " + b for b in blanks)} FROM cells),
             parsed AS (SELECT *, {", ".join(values)} FROM blanks),
             checked AS ({checked})
        SELECT {ROW}, {problem} AS {PROBLEM}, {", ".join(names)} FROM checked"""

    if rows is not None:
        con.execute(build(rows))
    else:
        source.run(con, build)
    return target


def mapped_value(field: str) -> str:
    return ident(value_column(field))
