"""Each log row's cells read as values, and every rule a row breaks, in its own words.

`parse_section` turns an input's rows into `p_<section>`: `__row`, the values of our
fields (`__f_<field>`, typed) and `__problem`, every
broken rule of the row joined by "; ", each naming the file's column, our field and the
rule, with the value as read: `Created at (created_at): must be a date like 2024-03-31
14:05, got "yesterday"`. A row with a problem is rejected; the others are used or not by
the window and the customer file (data/records/assemble.py).

The SQL names only our own columns (the file's cells by position, load.cell_name); every
text that comes from a file or a mapping (a column's name in a message, a rule's values)
reaches DuckDB as a bound parameter or a row of a table, never inside the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from data.records.fields import CUSTOMERS, FIELDS, ORDERS, OUTAGES, TICKETS, Field
from data.records.load import PROBLEM, ROW, Source
from data.records.mapping import SectionMapping
from data.records.values import (
    FAMILIES_BY_NAME,
    FIRST_YEAR,
    LAST_YEAR,
    DateFamily,
    blank,
    choose_family,
    duration_minutes,
    flag,
    ident,
    in_years,
    number,
    quoted_value,
    text,
    trimmed,
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
    "met": "must be yes/no, true/false or 1/0",
    "churned": "must be 0 or 1",
}
#: The largest value of each kind of number: beyond it a cell is a typo or an attack (a
#: count of 1e20 would overflow the contract's whole numbers), rejected with its reason.
LARGEST = {"number": 1e12, "duration": 1e12, "count": 1e9}
#: Fields a row cannot do without (blank is a problem), beyond the ids.
_NEEDED = {
    CUSTOMERS: {"monthly_revenue", "tenure_months", "customer_since", "churned"},
    TICKETS: {"created_at"},
    OUTAGES: {"start"},
    ORDERS: {"ordered_at"},
}
#: The table of the mapping's billing and regulator rules (rule, field, value lowered).
RULES_TABLE = "__rules"


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
    if mapping.dates is not None:  # the mapping's choice, for a file whose dates could be either
        return {f.name: FAMILIES_BY_NAME[mapping.dates] for f in dates}
    source.run(
        con,
        lambda rows: (
            f"CREATE OR REPLACE TEMP TABLE __sample AS SELECT * FROM {rows} LIMIT {SAMPLE_LIMIT}"
        ),
    )
    return {
        f.name: choose_family(con, "__sample", source.cell(mapping.columns[f.name])) for f in dates
    }


def column_label(column: str, field: str) -> str:
    """A column as messages name it: the file's name, with the contract's field in
    brackets when the two differ."""
    return f"{column} ({field})" if column != field else field


@dataclass
class _Parts:
    """The pieces of a section's parsing statement, and the values bound to it."""

    trims: list = field(default_factory=list)
    blanks: list = field(default_factory=list)
    values: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    problems: list = field(default_factory=lambda: [PROBLEM])
    #: The checks the problems hang on (a row breaking none keeps the reader's problem).
    flags: list = field(default_factory=list)
    params: dict = field(default_factory=dict)

    def bind(self, value: str) -> str:
        """A parameter holding `value` (a text from a file or a mapping)."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def problem(self, bad: str, message: str, cell: str) -> None:
        """Add the rule broken when `bad` holds: `message` then the cell as read."""
        self.flags.append(bad)
        self.problems.append(
            f"CASE WHEN {bad} THEN {self.bind(message)} || {quoted_value(cell)} END"
        )


def _number_field(parts: _Parts, kind: str, name: str, needed: bool, decimal_comma: bool) -> str:
    """A number, count or duration: its value, and the checks `__bad_` (not a number >= 0)
    and `__big_` (beyond LARGEST); returns the name of the second check."""
    cell, is_blank, out = ident(f"__t_{name}"), ident(f"__b_{name}"), value_column(name)
    parsed = (
        duration_minutes(cell, decimal_comma) if kind == "duration" else number(cell, decimal_comma)
    )
    default = "NULL" if needed else "0"
    parts.values.append(f"CASE WHEN {is_blank} THEN {default} ELSE {parsed} END AS {out}")
    ok = f"({out} >= 0 AND isfinite({out}))"
    if kind == "count":
        ok = f"({ok} AND {out} = round({out}))"
    blank_is_bad = "true" if needed else "false"
    parts.checks.append(
        f"CASE WHEN {is_blank} THEN {blank_is_bad} ELSE NOT coalesce({ok}, false) END "
        f"AS __bad_{name}"
    )
    parts.checks.append(f"coalesce({ok} AND {out} > {LARGEST[kind]}, false) AS __big_{name}")
    return f"__big_{name}"


def _field(parts: _Parts, spec: Field, source: Source, mapping: SectionMapping, families) -> None:
    """The value, checks and problems of one field the mapping reads."""
    column = mapping.column(spec.name)
    label, raw = column_label(column, spec.name), source.cell(column)
    cell, is_blank, out = (
        ident(f"__t_{spec.name}"),
        ident(f"__b_{spec.name}"),
        value_column(spec.name),
    )
    parts.trims.append(f"{trimmed(raw)} AS {cell}")
    parts.blanks.append(f"{blank(cell)} AS {is_blank}")
    needed = spec.name in _NEEDED[source.section]
    kind = "churned" if spec.name == "churned" else spec.kind
    bad, rule = f"__bad_{spec.name}", RULES.get(kind, "")
    if kind in ("id", "text"):
        parts.values.append(f"CASE WHEN {is_blank} THEN NULL ELSE {cell} END AS {out}")
        if kind == "text":
            return
        parts.checks.append(f"{out} IS NULL AS {bad}")
    elif kind == "date":
        family = families[spec.name]
        parts.values.append(f"{family.parse(cell)} AS __d_{spec.name}")
        parts.values.append(
            f"CASE WHEN {in_years(f'__d_{spec.name}')} THEN __d_{spec.name} END AS {out}"
        )
        parts.checks.append(
            f"CASE WHEN {is_blank} THEN {needed} ELSE __d_{spec.name} IS NULL END AS {bad}"
        )
        parts.checks.append(
            f"coalesce(NOT {in_years(f'__d_{spec.name}')}, false) AS __far_{spec.name}"
        )
        years = f"{label}: must be a date from {FIRST_YEAR} to {LAST_YEAR}, got "
        parts.problem(f"__far_{spec.name}", years, raw)
        rule = f"must be a date like {family.example}"
    elif kind in LARGEST:
        big = _number_field(parts, kind, spec.name, needed, source.decimal_comma)
        parts.problem(big, f"{label}: must be at most {LARGEST[kind]:,.0f}, got ", raw)
    elif kind in ("flag", "churned"):
        parts.values.append(f"{flag(cell)} AS {out}")
        blank_bad = f" OR ({is_blank})" if needed else ""
        parts.checks.append(f"({out} IS NULL{blank_bad}) AS {bad}")
    elif kind == "met":  # a flag whose blank is unknown (not met, not missed)
        parts.values.append(f"CASE WHEN NOT {is_blank} THEN {flag(cell)} END AS {out}")
        parts.checks.append(f"(NOT {is_blank} AND {out} IS NULL) AS {bad}")
    parts.problem(bad, f"{label}: {rule}, got ", raw)


def _contains(cell: str, needles) -> str:
    value = f"lower(coalesce({ident(cell)}, ''))"
    return "(" + " OR ".join(f"contains({value}, {text(n)})" for n in needles) + ")"


def _rules_table(con, mapping: SectionMapping) -> None:
    """The mapping's billing and regulator values as rows of RULES_TABLE (never as a list
    in the SQL: a mapping of millions of values is a table DuckDB joins, out of core)."""
    rows = [
        (rule, name, value.strip().lower())
        for rule in ("billing", "regulator")
        for name, values in (getattr(mapping, rule) or {}).items()
        for value in values
    ]
    names = ("rule", "field", "value")
    table = pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(names)})
    con.register("__rules_given", table)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {RULES_TABLE} AS SELECT DISTINCT * FROM __rules_given"
    )
    con.unregister("__rules_given")


def rule_sql(rule_name: str, source: Source, mapping: SectionMapping, default_fields, needles):
    """SQL true for a ticket row that the rule marks (the mapping's rule, else the default)."""
    rule = getattr(mapping, rule_name)
    if rule is None:
        cells = [source.cell(mapping.column(f)) for f in default_fields if mapping.column(f)]
        return "(" + " OR ".join(_contains(c, needles) for c in cells) + ")" if cells else "false"
    parts = []
    for name in rule:
        column = mapping.column(name)
        if column is None:
            continue
        listed = (
            f"SELECT value FROM {RULES_TABLE} WHERE rule = {text(rule_name)} "
            f"AND field = {text(name)}"
        )
        parts.append(f"(lower(trim(coalesce({ident(source.cell(column))}, ''))) IN ({listed}))")
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def _section_parts(con, source: Source, mapping: SectionMapping, families) -> _Parts:
    parts = _Parts()
    for spec in FIELDS[source.section]:
        if mapping.column(spec.name) is None:
            parts.values.append(f"NULL AS {value_column(spec.name)}")
        else:
            _field(parts, spec, source, mapping, families)
    if source.section == OUTAGES and mapping.column("end") and mapping.column("start"):
        end = mapping.column("end")
        parts.checks.append("(__f_end < __f_start) AS __bad_order")
        message = column_label(end, "end") + ": must not be before the start, got "
        parts.problem("__bad_order", message, source.cell(end))
    if source.section == TICKETS and mapping.column("closed_at") and mapping.column("created_at"):
        closed = mapping.column("closed_at")
        parts.checks.append("(__f_closed_at < __f_created_at) AS __closed_early")
        message = column_label(closed, "closed_at") + ": must not be before the opening, got "
        parts.problem("__closed_early", message, source.cell(closed))
    if source.section == TICKETS:
        _rules_table(con, mapping)
        billing = rule_sql("billing", source, mapping, ("category",), BILLING_WORDS)
        regulator = rule_sql("regulator", source, mapping, ("channel", "category"), REGULATOR_WORDS)
        parts.values += [f"{billing} AS __billing", f"{regulator} AS __regulator"]
    return parts


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
    target = target or f"p_{source.section}"
    parts = _section_parts(con, source, mapping, families)
    # the words are joined only for a row that breaks a rule (few): the others keep the
    # reader's problem (NULL, or a row of the wrong width), as the joined words would give
    joined = f"nullif(concat_ws('; ', {', '.join(parts.problems)}), '')"
    flagged = " OR ".join(parts.flags)
    problem = (
        f"CASE WHEN {flagged} THEN {joined} ELSE nullif({PROBLEM}, '') END" if flagged else joined
    )
    names = [value.rsplit(" AS ", 1)[1] for value in parts.values]
    names = [name for name in names if not name.startswith("__d_")]
    checks = ", ".join(parts.checks)
    checked = f"SELECT *, {checks} FROM parsed" if checks else "SELECT * FROM parsed"

    def build(relation: str) -> str:
        return f"""CREATE OR REPLACE TABLE {target} AS
        WITH cells AS (SELECT *{"".join(", " + t for t in parts.trims)} FROM {relation}),
             blanks AS (SELECT *{"".join(", " + b for b in parts.blanks)} FROM cells),
             parsed AS (SELECT *, {", ".join(parts.values)} FROM blanks),
             checked AS ({checked})
        SELECT {ROW}, {problem} AS {PROBLEM}, {", ".join(names)} FROM checked"""

    if rows is not None:
        con.execute(build(rows), parts.params or None)
    else:
        source.run(con, build, parts.params)
    return target


def mapped_value(field: str) -> str:
    return ident(value_column(field))
