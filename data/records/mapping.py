"""The mapping: which column of each file holds each of our fields, saved as JSON.

    {
      "customers": {"columns": {"customer_id": "Account ID", "monthly_revenue": "ARR",
                                "customer_since": "Created"},
                    "revenue_per": "year"},
      "tickets": {"columns": {"customer_id": "Requester id", "created_at": "Created at"},
                  "billing": {"category": ["Billing", "Refund"]},
                  "regulator": {"channel": ["Ombudsman"]}},
      "outages": {"columns": {"customer_id": "site", "start": "down", "end": "up"}},
      "orders": {"columns": {"customer_id": "buyer", "ordered_at": "date",
                             "reshipped": "resent"}}
    }

A section holds `columns` (our field -> the file's column) and, for customers,
`revenue_per` ("month" or "year", default month) and `tenure_unit` ("days", "months" or
"years", default months); for tickets, `billing` and `regulator`: which values (compared
without case and surrounding spaces) of which ticket field mark a billing error or a
regulator complaint; for any input, `dates`: the one date format all its date columns are
read with ("month/day/year"...: data/records/values.py's families), where the format found
from the values would guess (every date sampled reads both day first and month first).
Unknown keys are an error, so a typo is not silently ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from data.records.fields import CUSTOMERS, SECTIONS, TICKETS, field_names
from data.records.values import FAMILIES_BY_NAME

REVENUE_PER = ("month", "year")
TENURE_UNITS = ("days", "months", "years")
_SECTION_KEYS = {
    CUSTOMERS: {"columns", "revenue_per", "tenure_unit"},
    TICKETS: {"columns", "billing", "regulator"},
}


#: The largest mapping file read: a mapping is names and a few rule values, and a file
#: of millions of values is a mistake or an attack (its values become a table all the same).
LARGEST_MAPPING = 16 << 20


class MappingError(ValueError):
    """A mapping that cannot be used: the message names the section, field or column."""


@dataclass(frozen=True)
class SectionMapping:
    """One input's mapping: our field -> the file's column, and the section's options."""

    columns: Mapping[str, str] = field(default_factory=dict)
    revenue_per: str = "month"
    tenure_unit: str = "months"
    #: Ticket field -> values marking a billing error; None: the default rule.
    billing: Mapping[str, tuple[str, ...]] | None = None
    #: Ticket field -> values marking a regulator complaint; None: the default rule.
    regulator: Mapping[str, tuple[str, ...]] | None = None
    #: The date format of every date column (a family's name); None: found per column.
    dates: str | None = None

    def column(self, name: str) -> str | None:
        return self.columns.get(name)

    def with_column(self, name: str, column: str | None) -> SectionMapping:
        """This mapping with `name` read from `column` (None: not read at all)."""
        columns = {k: v for k, v in self.columns.items() if k != name}
        if column is not None:
            columns[name] = column
        return replace(self, columns=columns)


@dataclass(frozen=True)
class RecordsMapping:
    """The mapping of every input given (absent sections: that input is not used)."""

    sections: Mapping[str, SectionMapping] = field(default_factory=dict)

    def section(self, name: str) -> SectionMapping | None:
        return self.sections.get(name)

    def with_section(self, name: str, section: SectionMapping) -> RecordsMapping:
        return RecordsMapping({**self.sections, name: section})

    def to_json(self) -> str:
        return json.dumps(mapping_to_dict(self), indent=2, ensure_ascii=False) + "\n"


def mapping_to_dict(mapping: RecordsMapping) -> dict:
    """The mapping as the JSON file holds it (options at their defaults left out)."""
    out: dict[str, dict] = {}
    for name in SECTIONS:
        section = mapping.section(name)
        if section is None:
            continue
        entry: dict[str, object] = {"columns": dict(section.columns)}
        if name == CUSTOMERS:
            entry["revenue_per"] = section.revenue_per
            entry["tenure_unit"] = section.tenure_unit
        if name == TICKETS:
            for rule in ("billing", "regulator"):
                values = getattr(section, rule)
                if values is not None:
                    entry[rule] = {key: list(vals) for key, vals in values.items()}
        if section.dates is not None:
            entry["dates"] = section.dates
        out[name] = entry
    return out


def _rule(section: str, key: str, raw: object) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise MappingError(f"{section}.{key} must be an object: ticket field -> list of values")
    rule = {}
    for name, values in raw.items():
        if name not in field_names(TICKETS):
            raise MappingError(
                f"{section}.{key} names {name!r}, which is not a ticket field "
                f"({', '.join(field_names(TICKETS))})"
            )
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise MappingError(f"{section}.{key}.{name} must be a list of texts")
        rule[name] = tuple(values)
    return rule


def mapping_from_dict(raw: object) -> RecordsMapping:
    """A mapping from its parsed JSON; MappingError naming what is wrong."""
    if not isinstance(raw, dict):
        raise MappingError("A mapping file holds one JSON object, one key per input.")
    sections = {}
    for name, body in raw.items():
        if name not in SECTIONS:
            raise MappingError(f"Unknown input {name!r} in the mapping ({', '.join(SECTIONS)}).")
        if not isinstance(body, dict):
            raise MappingError(f"{name} must be an object with 'columns'.")
        allowed = _SECTION_KEYS.get(name, {"columns"}) | {"dates"}
        unknown = sorted(set(body) - allowed)
        if unknown:
            raise MappingError(
                f"Unknown key {unknown[0]!r} in {name} ({', '.join(sorted(allowed))})."
            )
        columns = body.get("columns", {})
        if not isinstance(columns, dict) or not all(
            isinstance(v, str) and v for v in columns.values()
        ):
            raise MappingError(f"{name}.columns must map each field to a column name (text).")
        for ours in columns:
            if ours not in field_names(name):
                raise MappingError(
                    f"{name}.columns names {ours!r}, which is not a field of {name} "
                    f"({', '.join(field_names(name))})"
                )
        section = SectionMapping(columns=dict(columns))
        shared = shared_columns(section, name)
        if shared:
            raise MappingError(shared[0])
        if name == CUSTOMERS:
            per = body.get("revenue_per", "month")
            unit = body.get("tenure_unit", "months")
            if per not in REVENUE_PER:
                raise MappingError(f"customers.revenue_per must be month or year, got {per!r}")
            if unit not in TENURE_UNITS:
                raise MappingError(
                    f"customers.tenure_unit must be days, months or years, got {unit!r}"
                )
            section = replace(section, revenue_per=per, tenure_unit=unit)
        if name == TICKETS:
            for key in ("billing", "regulator"):
                if key in body:
                    section = replace(section, **{key: _rule(name, key, body[key])})
        if "dates" in body:
            if not isinstance(body["dates"], str) or body["dates"] not in FAMILIES_BY_NAME:
                raise MappingError(
                    f"{name}.dates must be one of {', '.join(FAMILIES_BY_NAME)}; "
                    f"got {body['dates']!r}"
                )
            section = replace(section, dates=body["dates"])
        sections[name] = section
    return RecordsMapping(sections)


def load_mapping(path: str | Path) -> RecordsMapping:
    """Read a mapping JSON file; MappingError (naming the file) when it is not one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > LARGEST_MAPPING:
            raise MappingError(
                f"The mapping {path.name} holds {size:,} bytes; a mapping is a few names and "
                f"values, at most {LARGEST_MAPPING:,} bytes."
            )
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise MappingError(f"Cannot read the mapping {path}: there is no such file.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MappingError(f"The mapping {path.name} is not valid JSON: {error}") from None
    except RecursionError:
        raise MappingError(
            f"The mapping {path.name} nests objects or lists too deep to be a mapping (a "
            "mapping is an object of inputs, each an object of fields)."
        ) from None
    return mapping_from_dict(raw)


def shared_columns(mapping: SectionMapping, section: str) -> list[str]:
    """Messages for each column the mapping reads two or more fields from: each field is
    its own column (a ticket id and a customer id read from one column would make every
    customer's tickets one)."""
    fields: dict[str, list[str]] = {}
    for ours, theirs in mapping.columns.items():
        fields.setdefault(theirs, []).append(ours)
    return [
        f"{section}: the mapping reads {' and '.join(names)} from the one column {column!r}; "
        "each field needs its own column"
        for column, names in fields.items()
        if len(names) > 1
    ]


def repeated_columns(mapping: SectionMapping, header: list[str], section: str) -> list[str]:
    """Messages for each column the mapping reads whose name the header repeats (a log may
    repeat a name, as Jira does for labels and comments, but then which one is meant?)."""
    return [
        f"{section}: the mapping reads {ours} from the column {theirs!r}, which the file has "
        f"{header.count(theirs)} times; read it from a column whose name is its own"
        for ours, theirs in mapping.columns.items()
        if header.count(theirs) > 1
    ]


def missing_columns(mapping: SectionMapping, header: list[str], section: str) -> list[str]:
    """Messages for each column the mapping names that the file's header lacks."""
    have = set(header)
    return [
        f"{section}: the mapping reads {ours} from the column {theirs!r}, which the file "
        "does not have"
        for ours, theirs in mapping.columns.items()
        if theirs not in have
    ]
