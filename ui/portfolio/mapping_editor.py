"""The records import's mapping, editable: one select box per field, the customer file's
units, the ticket log's rules and each file's date format.

Each widget is seeded with the mapping found (or this session's last choice, kept in
`keys.RECORDS_CHOICES` so that a visit to another page does not lose it) and the mapping
chosen is returned for data.records to prepare with.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from data.records import (
    CUSTOMERS,
    DATE_FAMILIES,
    FIELDS,
    INPUT_WORDS,
    REVENUE_PER,
    TENURE_UNITS,
    TICKETS,
    RecordsMapping,
    SectionMapping,
    field_words,
)
from model.display import plain
from ui.state import keys, session

#: A select box's choice for a field read from no column.
NOT_READ = "(not read)"
#: The ticket log's rules, editable: exact categories, comma-separated.
RULE_LABELS = {
    "billing": "Categories that are billing errors",
    "regulator": "Categories that are regulator complaints",
}
RULE_HELP = (
    "Ticket categories, as your help desk writes them, separated by commas (any case). "
    "Blank: the rule written above the mapping."
)
#: The date format select box: its label and its choice for "found from the values".
DATES_LABEL = "Dates in this file"
DATES_FOUND = "Found from the values"
DATES_HELP = (
    "Each date column's format is found from its values. A file whose dates all read both "
    "ways (3/4/2018) is read day first: choose its format here if that is wrong."
)
_EXAMPLES = {family.name: family.example for family in DATE_FAMILIES}


def mapping_key(section: str, field: str, file_id: str) -> str:
    """The select box of one field; a new file gets new keys (and the mapping found)."""
    return f"{keys.RECORDS_WIDGET}.map.{section}.{field}.{file_id}"


def carried(key: str, default) -> None:
    """Seed a widget from this session's last choice (or `default`) when Streamlit forgot it."""
    if not session.has(key):
        session.put(key, _choices().get(key, default))


def _choices() -> dict:
    return session.setdefault(keys.RECORDS_CHOICES, {})


def remember(key: str, value) -> None:
    """Keep a widget's value for this session, for when its page is drawn again."""
    _choices()[key] = value


def edit_mapping(
    files: dict[str, tuple[str, str]], headers: dict[str, list[str]], found: RecordsMapping
) -> RecordsMapping:
    """One expander per input (`files`: section -> (file name, file id)), seeded with the
    mapping found; returns the mapping chosen."""
    sections = {}
    for section, header in headers.items():
        name, file_id = files[section]
        chosen = found.section(section) or SectionMapping()
        with st.expander(f"Edit the mapping of the {INPUT_WORDS[section]} ({plain(name)})"):
            chosen = _edit_columns(chosen, section, [NOT_READ, *header], file_id)
            if section == CUSTOMERS:
                chosen = _edit_units(chosen)
            if section == TICKETS:
                chosen = _edit_rules(chosen, file_id)
            chosen = _edit_dates(chosen, section, file_id)
        sections[section] = chosen
    return RecordsMapping(sections)


def _edit_columns(
    chosen: SectionMapping, section: str, options: list[str], file_id: str
) -> SectionMapping:
    for index, spec in enumerate(FIELDS[section]):
        if index % 3 == 0:  # rows of three, so a phone stacks them in field order
            boxes = st.columns(3)
        key = mapping_key(section, spec.name, file_id)
        carried(key, chosen.column(spec.name) or NOT_READ)
        picked = boxes[index % 3].selectbox(field_words(section, spec.name), options, key=key)
        remember(key, picked)
        chosen = chosen.with_column(spec.name, None if picked == NOT_READ else picked)
    return chosen


def _edit_units(chosen: SectionMapping) -> SectionMapping:
    """The customer file's revenue period and tenure unit."""
    units = st.columns(2)
    per_key, unit_key = f"{keys.RECORDS_WIDGET}.revenue_per", f"{keys.RECORDS_WIDGET}.tenure_unit"
    carried(per_key, chosen.revenue_per)
    carried(unit_key, chosen.tenure_unit)
    per = units[0].radio("Revenue per", REVENUE_PER, horizontal=True, key=per_key)
    unit = units[1].radio("Tenure in", TENURE_UNITS, horizontal=True, key=unit_key)
    remember(per_key, per)
    remember(unit_key, unit)
    return replace(chosen, revenue_per=per, tenure_unit=unit)


def _edit_rules(mapping: SectionMapping, file_id: str) -> SectionMapping:
    """The ticket log's billing and regulator rules: each a list of exact values of the
    ticket's category (blank: the default rule, shown in words above the mapping)."""
    chosen = {}
    boxes = st.columns(2)
    for column, (rule, label) in zip(boxes, RULE_LABELS.items(), strict=True):
        key = f"{keys.RECORDS_WIDGET}.rule.{rule}.{file_id}"
        current = getattr(mapping, rule)
        carried(key, ", ".join((current or {}).get("category", ())))
        text = column.text_input(label, key=key, help=RULE_HELP)
        remember(key, text)
        values = tuple(v.strip() for v in text.split(",") if v.strip())
        chosen[rule] = {"category": values} if values else current
    return replace(mapping, **chosen)


def _edit_dates(mapping: SectionMapping, section: str, file_id: str) -> SectionMapping:
    """The one date format of every date column of the file, or found per column."""
    key = f"{keys.RECORDS_WIDGET}.dates.{section}.{file_id}"
    carried(key, mapping.dates or DATES_FOUND)
    picked = st.selectbox(
        DATES_LABEL,
        [DATES_FOUND, *_EXAMPLES],
        key=key,
        help=DATES_HELP,
        format_func=lambda name: name if name == DATES_FOUND else f"{name} ({_EXAMPLES[name]})",
    )
    remember(key, picked)
    return replace(mapping, dates=None if picked == DATES_FOUND else picked)
