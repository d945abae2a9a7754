"""Finding the mapping from a file's header: exact names, known names, then fuzzy matching.

For each of our fields, in this order of trust:

1. the column a recognised help-desk export keeps it in (data/records/helpdesks.py),
   score 100;
2. a column whose normalised name is the field's own ("Customer ID" for customer_id),
   score 100;
3. a column whose normalised name is a known alias (data/records/aliases.py), score 95;
4. the column most like the field's name or an alias, by rapidfuzz's `fuzz.ratio` on the
   normalised names (0-100, the Indel similarity), kept when it reaches FUZZY_THRESHOLD.

Each column is given to one field at most: the best-scored pairs are taken first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from data.records.aliases import ALIASES, normalise
from data.records.fields import CUSTOMERS, FIELDS, TENURE_FIELDS, TICKETS, required_fields
from data.records.helpdesks import recognise
from data.records.mapping import MappingError, SectionMapping

#: The lowest fuzzy score at which a column is taken for a field without asking.
FUZZY_THRESHOLD = 85.0
#: How many of the closest columns a "not found" message names.
CLOSEST = 3

_RANK = {"help desk": 0, "exact name": 1, "known name": 2, "fuzzy": 3}


@dataclass(frozen=True)
class FieldMatch:
    """How one field was found: the column (None: not found), its score and how."""

    field: str
    column: str | None
    score: float
    how: str  # "help desk", "exact name", "known name", "fuzzy", "mapping file", "not found"


@dataclass(frozen=True)
class FoundSection:
    """The mapping found for one file, with how each field was found."""

    mapping: SectionMapping
    matches: tuple[FieldMatch, ...]
    help_desk: str | None = None


def _names(section: str, field: str) -> list[str]:
    return [normalise(field), *ALIASES[section].get(field, ())]


def _candidates(section: str, header: list[str], desk) -> list[tuple[int, float, str, str]]:
    found = []
    # A repeated name (Jira's one column per label or comment) is no field's column.
    normal = {column: normalise(column) for column in header if header.count(column) == 1}
    for spec in FIELDS[section]:
        field = spec.name
        if desk is not None and field in desk.columns:
            present = [c for c in desk.columns[field] if c in normal]
            if present:
                found.append((_RANK["help desk"], 100.0, field, present[0]))
        own, aliases = normalise(field), set(ALIASES[section].get(field, ()))
        for column, name in normal.items():
            if name == own:
                found.append((_RANK["exact name"], 100.0, field, column))
            elif name in aliases:
                found.append((_RANK["known name"], 95.0, field, column))
            else:
                score = max(fuzz.ratio(name, alias) for alias in _names(section, field))
                if score >= FUZZY_THRESHOLD:
                    found.append((_RANK["fuzzy"], round(score, 1), field, column))
    return found


def find_mapping(section: str, header: list[str]) -> FoundSection:
    """The mapping found for a file of `section` with this header (every field tried)."""
    header = [str(column) for column in header]
    desk = recognise(header) if section == TICKETS else None
    chosen: dict[str, tuple[str, float, str]] = {}
    taken: set[str] = set()
    how_of = {rank: how for how, rank in _RANK.items()}
    for rank, score, field, column in sorted(
        _candidates(section, header, desk), key=lambda c: (c[0], -c[1])
    ):
        if field in chosen or column in taken:
            continue
        chosen[field] = (column, score, how_of[rank])
        taken.add(column)
    matches = tuple(
        FieldMatch(f.name, *chosen[f.name])
        if f.name in chosen
        else FieldMatch(f.name, None, 0.0, "not found")
        for f in FIELDS[section]
    )
    columns = {m.field: m.column for m in matches if m.column is not None}
    return FoundSection(SectionMapping(columns=columns), matches, desk.name if desk else None)


def closest_columns(section: str, field: str, header: list[str]) -> list[tuple[str, float]]:
    """The columns most like a field's names, best first, with their scores."""
    names = _names(section, field)
    scored = [
        (column, round(max(fuzz.ratio(normalise(column), name) for name in names), 1))
        for column in header
    ]
    return sorted(scored, key=lambda pair: -pair[1])[:CLOSEST]


def missing_required(section: str, mapping: SectionMapping, header: list[str]) -> list[str]:
    """A message per required field the mapping lacks, naming the closest columns."""
    needed = [f for f in required_fields(section) if mapping.column(f) is None]
    if section == CUSTOMERS and not any(mapping.column(f) for f in TENURE_FIELDS):
        needed.append(" or ".join(TENURE_FIELDS))
    messages = []
    for field in needed:
        first = field.split(" or ")[0]
        near = ", ".join(f"{c!r} ({s:.0f})" for c, s in closest_columns(section, first, header))
        messages.append(
            f"{section}: no column found for {field} with confidence; closest: "
            f"{near or 'the file has no columns'}. Choose its column in the mapping."
        )
    return messages


def require_found(section: str, mapping: SectionMapping, header: list[str]) -> None:
    problems = missing_required(section, mapping, header)
    if problems:
        raise MappingError("\n".join(problems))
