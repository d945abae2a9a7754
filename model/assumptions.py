"""The economic assumptions: one frozen object that every cost function takes whole.

Defaults are defined once, in the dataclass; `ASSUMPTION_INFO` keeps beside each key its
label, unit, the source of its default (shown on the methodology page), the range it
must lie in, and the plausible range the sensitivity analysis sweeps. Files use the
exact key names of DESIGN.md; keys missing from a file take the defaults, unknown keys
are an error naming the key.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from model.settings_json import from_known_keys, json_object


@dataclass(frozen=True)
class AssumptionInfo:
    """What a user needs to know about one assumption to trust or change it."""

    label: str
    unit: str
    source: str
    minimum: float
    maximum: float
    plausible_low: float
    plausible_high: float
    help: str = ""


#: Assumptions that may be left unset, and what unset means (filled in by the cost engine);
#: their plausible range is in multiples of that.
UNSET_MEANS: dict[str, str] = {"prospect_value": "the portfolio's mean lifetime value"}


@dataclass(frozen=True)
class Assumptions:
    """Economic assumptions of the cost model (DESIGN.md, "Cost model")."""

    gross_margin: float = 0.60
    monthly_retention: float = 0.985
    annual_discount_rate: float = 0.12
    people_told: float = 9.0
    public_complaint_multiplier: float = 3.0
    deterrence_rate: float = 0.25
    prospect_value: float | None = None
    cost_per_call: float = 7.68
    credit_per_outage_hour: float = 0.10
    cost_per_regulator_complaint: float = 650.0
    cost_per_escalation: float = 0.0
    cost_per_billing_error: float = 0.0

    def __post_init__(self) -> None:
        problems = assumption_problems(self)
        if problems:
            raise ValueError("; ".join(problems))

    @property
    def monthly_discount_rate(self) -> float:
        """d = (1 + a) ** (1 / 12) - 1: the monthly rate equivalent to the annual one."""
        return (1 + self.annual_discount_rate) ** (1 / 12) - 1

    @property
    def clv_multiple(self) -> float:
        """clv per unit of monthly revenue: gross_margin * r / (1 + d - r)."""
        r = self.monthly_retention
        return self.gross_margin * r / (1 + self.monthly_discount_rate - r)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def with_changes(self, **changes: Any) -> Assumptions:
        """A copy with some values changed (validated like any other)."""
        return replace(self, **changes)


ASSUMPTION_INFO: dict[str, AssumptionInfo] = {
    "gross_margin": AssumptionInfo(
        "Gross margin",
        "share of revenue",
        "US telecom carriers report gross margins of about 55-60 % of revenue (AT&T and "
        "Verizon annual reports, 2023); 60 % used.",
        0.0,
        1.0,
        0.40,
        0.80,
        "Share of each month's revenue that is margin, before fixed costs.",
    ),
    "monthly_retention": AssumptionInfo(
        "Monthly retention",
        "probability",
        "US postpaid phone churn was 0.8-1.7 % a month in 2018, typical telecom and cable "
        "churn about 1-2 % a month; 1.5 % churn, i.e. r = 0.985.",
        0.0,
        0.9999,
        0.983,
        0.992,
        "Probability that a customer without incidents stays another month.",
    ),
    "annual_discount_rate": AssumptionInfo(
        "Annual discount rate",
        "per year",
        "Gupta, Lehmann and Stuart, 'Valuing Customers', Journal of Marketing Research "
        "(2004) discount customer margins at 12 % a year.",
        0.0,
        1.0,
        0.08,
        0.15,
        "Converted to a monthly rate d = (1 + a)^(1/12) - 1.",
    ),
    "people_told": AssumptionInfo(
        "People told",
        "people per unhappy customer",
        "TARP for the White House Office of Consumer Affairs (1979-1986): a dissatisfied "
        "customer tells 9-15 people, 13 % tell more than 20; the lower end, 9, used.",
        0.0,
        1000.0,
        9.0,
        15.0,
        "How many people an unhappy customer tells about the experience.",
    ),
    "public_complaint_multiplier": AssumptionInfo(
        "Public complaint reach multiplier",
        "times",
        "Customer Rage Study (2013): complainants left dissatisfied told about 28 people, "
        "about 3 times TARP's 9.",
        1.0,
        100.0,
        1.5,
        3.1,
        "How many times further the story of a customer who complained to a regulator or "
        "in public travels.",
    ),
    "deterrence_rate": AssumptionInfo(
        "Deterrence rate",
        "share of people told",
        "TARP-based estimates: about a quarter of those who hear a bad story act on it.",
        0.0,
        1.0,
        0.15,
        0.35,
        "Share of the people told who are put off buying.",
    ),
    "prospect_value": AssumptionInfo(
        "Value of a won prospect",
        "currency",
        "Unset: the mean lifetime value (clv) of the portfolio being estimated, i.e. a "
        "prospect is worth what an average customer is.",
        0.0,
        1e9,
        0.5,
        1.5,
        "Value of one prospect won; leave unset to use the portfolio's mean clv. Its "
        "plausible range is 0.5-1.5 times that mean.",
    ),
    "cost_per_call": AssumptionInfo(
        "Cost per support call",
        "currency per call",
        "ContactBabel's US contact-centre survey: $7.68 per call (published range about "
        "$2.70-$10).",
        0.0,
        1e6,
        2.70,
        10.0,
        "Direct cost of handling one support call.",
    ),
    "credit_per_outage_hour": AssumptionInfo(
        "Credit per outage hour",
        "currency per hour",
        "Pro-rata credit for time without service, as carriers' tariffs commonly grant: a "
        "$73 monthly bill over 730 hours is about $0.10 an hour.",
        0.0,
        1e6,
        0.05,
        0.50,
        "Credit or refund owed per hour of outage.",
    ),
    "cost_per_regulator_complaint": AssumptionInfo(
        "Cost per regulator complaint",
        "currency per complaint",
        "UK Financial Ombudsman Service case fee: £650 per chargeable complaint (2023/24), "
        "before staff time; 650 used.",
        0.0,
        1e7,
        250.0,
        1000.0,
        "Cost of handling one regulator or ombudsman complaint.",
    ),
    "cost_per_escalation": AssumptionInfo(
        "Cost per escalation",
        "currency per escalation",
        "No published source supports a figure; 0 until you set your own.",
        0.0,
        1e6,
        0.0,
        0.0,
        "Extra cost of a manager or specialist taking the case over.",
    ),
    "cost_per_billing_error": AssumptionInfo(
        "Cost per billing error",
        "currency per error",
        "No published source supports a figure; 0 until you set your own.",
        0.0,
        1e6,
        0.0,
        0.0,
        "Cost of correcting one wrong bill or payment notice.",
    ),
}


def assumption_problems(assumptions: Assumptions) -> list[str]:
    """Every value outside its allowed range, as a message naming the key and the range."""
    problems = []
    for key, info in ASSUMPTION_INFO.items():
        value = getattr(assumptions, key)
        if value is None and key in UNSET_MEANS:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{key}: must be a number, got {value!r}")
        elif not math.isfinite(value) or not info.minimum <= value <= info.maximum:
            problems.append(
                f"{key}: must be between {info.minimum:g} and {info.maximum:g}, got {value!r}"
            )
    return problems


def assumptions_from_dict(values: dict[str, Any]) -> Assumptions:
    """Assumptions from a mapping of DESIGN.md keys; missing keys take their defaults.

    Raises ValueError naming an unknown key or a value out of range.
    """
    return from_known_keys(Assumptions, values, "assumption key")


def assumptions_from_json(text: str | bytes, source: str = "The assumptions file") -> Assumptions:
    """Assumptions from JSON text (an object of DESIGN.md keys), as a file or upload holds."""
    return assumptions_from_dict(json_object(text, source, "assumption key"))


def load_assumptions(path: str | Path) -> Assumptions:
    """Read assumptions from a JSON file (an object of DESIGN.md keys)."""
    return assumptions_from_json(Path(path).read_text(encoding="utf-8-sig"), str(path))


def assumptions_to_json(assumptions: Assumptions) -> str:
    return json.dumps(assumptions.to_dict(), indent=2) + "\n"
