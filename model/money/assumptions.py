"""The economic assumptions: one frozen object that every cost function takes whole.

Defaults are defined once, in the dataclass, from the sourced figures of
model/money/sourced_figures.py; every key's words, ranges and widget are in
model/money/assumption_info.py, and a value outside its range is an error naming the key.
A default with neither source nor derivation is 0 or unset. Amounts are US dollars.
Files use the exact key names of docs/methodology/formulas.md; keys missing from a file
take the defaults (so a file written before a key existed still loads), unknown keys are
an error naming the key.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from model.money.assumption_info import ASSUMPTION_INFO
from model.money.settings_json import from_known_keys, json_object
from model.money.sourced_figures import (
    AGENT_HOUR_COST,
    CALL_COST_BEYOND_TALK,
    IN_MARKET_SHARE,
    ONE_HANDLING_COST,
    OUTAGE_CREDIT_PER_HOUR,
    REGULATOR_COMPLAINT_COST,
    RESHIPMENT_COST,
)

#: Assumptions that may be left unset, and what unset means (filled in by the cost engine);
#: their plausible range is in multiples of that.
UNSET_MEANS: dict[str, str] = {"prospect_value": "the portfolio's median lifetime value"}
#: Figures from the company's own books, not assumptions with a published default: 0 means
#: not given, and no published range applies (the contact centre's actual cost and calls).
FROM_YOUR_BOOKS: frozenset[str] = frozenset(
    {"contact_centre_yearly_cost", "contact_centre_yearly_calls"}
)


@dataclass(frozen=True)
class Assumptions:
    """Economic assumptions of the cost model (docs/methodology/formulas.md).

    Amounts are in US dollars. `monthly_retention` and `prospect_value` are unset (None)
    by default: each customer's own retention then comes from the model's baseline churn,
    and a won prospect is worth the median lifetime value of the portfolio in use.
    """

    gross_margin: float = 0.60
    monthly_retention: float | None = None
    annual_discount_rate: float = 0.12
    people_told: float = 9.0
    public_complaint_multiplier: float = 3.0
    in_market_share: float = IN_MARKET_SHARE
    deterrence_rate: float = 0.125
    prospect_value: float | None = None
    cost_per_call: float = CALL_COST_BEYOND_TALK
    cost_per_agent_hour: float = AGENT_HOUR_COST
    credit_per_outage_hour: float = OUTAGE_CREDIT_PER_HOUR
    cost_per_regulator_complaint: float = REGULATOR_COMPLAINT_COST
    cost_per_escalation: float = ONE_HANDLING_COST
    cost_per_billing_error: float = ONE_HANDLING_COST
    cost_per_reshipment: float = RESHIPMENT_COST
    #: The contact centre's own books (0: not given): shown beside the modelled handling
    #: cost of the failures (model/money/actuals.py), never part of an estimate.
    contact_centre_yearly_cost: float = 0.0
    contact_centre_yearly_calls: float = 0.0
    #: The unit cost of each incident a history's model declares (`--incidents`), by
    #: column: {"dropped_calls": 1.5}. A declared incident without one costs 0 to handle
    #: (its churn is still priced). Kept as sorted (column, cost) pairs, so it is hashable.
    cost_per_declared_incident: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        declared = self.cost_per_declared_incident
        if isinstance(declared, dict):
            declared = tuple(sorted(declared.items()))
        if not isinstance(declared, tuple | list) or not all(
            isinstance(pair, tuple | list) for pair in declared
        ):
            raise ValueError(
                "cost_per_declared_incident: must map column names to costs, e.g. "
                '{"dropped_calls": 1.5}'
            )
        object.__setattr__(self, "cost_per_declared_incident", tuple(map(tuple, declared)))
        problems = assumption_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def monthly_discount_rate(self) -> float:
        """d = (1 + a) ** (1 / 12) - 1: the monthly rate equivalent to the annual one."""
        return (1 + self.annual_discount_rate) ** (1 / 12) - 1

    @property
    def departure_discount(self) -> float:
        """(1/12) * sum over m = 1..12 of (1 + d) ** -m.

        A customer driven away leaves, on average, evenly through the year, and the margin
        earned before leaving is not lost: the lost lifetime value is discounted by the
        average month of leaving.
        """
        growth = 1 + self.monthly_discount_rate
        return sum(growth ** (-month) for month in range(1, 13)) / 12

    def to_dict(self) -> dict[str, Any]:
        values = asdict(self)
        values["cost_per_declared_incident"] = dict(self.cost_per_declared_incident)
        return values

    @property
    def declared_rates(self) -> dict[str, float]:
        """Each declared incident's unit cost, by column."""
        return dict(self.cost_per_declared_incident)

    def with_changes(self, **changes: Any) -> Assumptions:
        """A copy with some values changed (validated like any other)."""
        return replace(self, **changes)


#: Assumptions that may be None. Unset retention is each customer's own rate from the
#: model, not a multiple of anything, so the dashboard gives it a control of its own.
UNSET_ALLOWED: frozenset[str] = frozenset(UNSET_MEANS) | {"monthly_retention"}


def assumption_problems(assumptions: Assumptions) -> list[str]:
    """Every value outside its allowed range, as a message naming the key and the range."""
    problems = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        if value is None and key in UNSET_ALLOWED:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{key}: must be a number, got {value!r}")
        elif not math.isfinite(value) or not info.minimum <= value <= info.maximum:
            problems.append(
                f"{key}: must be between {info.minimum:g} and {info.maximum:g}, got {value!r}"
            )
    for pair in assumptions.cost_per_declared_incident:
        key = "cost_per_declared_incident"
        if len(pair) != 2 or not isinstance(pair[0], str) or not pair[0]:
            problems.append(f"{key}: must map column names to costs, got {pair!r}")
            continue
        column, value = pair
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{key}.{column}: must be a number, got {value!r}")
        elif not math.isfinite(value) or not 0 <= value <= DECLARED_COST_MAXIMUM:
            problems.append(
                f"{key}.{column}: must be between 0 and {DECLARED_COST_MAXIMUM:g}, got {value!r}"
            )
    return problems


#: The largest unit cost a declared incident may be given (dollars).
DECLARED_COST_MAXIMUM = 1e7


def assumptions_from_dict(values: dict[str, Any]) -> Assumptions:
    """Assumptions from a mapping of the documented keys; missing keys take their defaults.

    Raises ValueError naming an unknown key or a value out of range.
    """
    return from_known_keys(Assumptions, values, "assumption key")


def assumptions_from_json(text: str | bytes, source: str = "The assumptions file") -> Assumptions:
    """Assumptions from JSON text (an object of the documented keys), as a file or upload holds."""
    return assumptions_from_dict(json_object(text, source, "assumption key"))


def load_assumptions(path: str | Path) -> Assumptions:
    """Read assumptions from a JSON file (an object of the documented keys)."""
    return assumptions_from_json(Path(path).read_text(encoding="utf-8-sig"), str(path))


def assumptions_to_json(assumptions: Assumptions) -> str:
    """The assumptions as a JSON file holds them: every documented key, indented, one
    newline at the end, so `assumptions_from_json` reads back the same object."""
    return json.dumps(assumptions.to_dict(), indent=2) + "\n"
