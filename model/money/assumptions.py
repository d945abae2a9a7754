"""The economic assumptions: one frozen object that every cost function takes whole.

Defaults are defined once, in the dataclass; `ASSUMPTION_INFO` keeps beside each key its
label, unit, the source of its default or its derivation from sourced figures (shown on
the methodology page, which says which), the range it must lie in, and the plausible
range the sensitivity analysis sweeps. A default with neither source nor derivation is 0
or unset. Amounts are US dollars; the pound figures are converted at one stated rate.
Files use the exact key names of docs/methodology/formulas.md; keys missing from a file
take the defaults
(so a file written before a key existed still loads), unknown keys are an error naming
the key.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal

from model.money.settings_json import from_known_keys, json_object

#: The sidebar's groups of assumptions, in the order it shows them.
CUSTOMER_VALUE = "Customer value"
WORD_OF_MOUTH = "Word of mouth"
HANDLING_COSTS = "Cost of handling failures"
SIDEBAR_GROUPS = (CUSTOMER_VALUE, WORD_OF_MOUTH, HANDLING_COSTS)


@dataclass(frozen=True)
class Widget:
    """How the dashboard offers an assumption: its label (with the unit it shows), a slider
    or a number box, the display scale (100: a share shown in percent), the widget's range,
    step and format in display units, and the sidebar group it sits in."""

    label: str
    kind: Literal["slider", "number"]
    scale: float
    minimum: float
    maximum: float
    step: float
    format: str
    group: str


@dataclass(frozen=True)
class AssumptionInfo:
    """What a user needs to know about one assumption to trust or change it, and how the
    dashboard offers it: every word and range of an assumption lives here, once."""

    label: str
    unit: str
    source: str
    minimum: float
    maximum: float
    plausible_low: float
    plausible_high: float
    help: str
    widget: Widget


#: The highest monthly retention the money accepts: at r = 1 a customer never leaves and,
#: with no discounting, the lifetime value would be infinite.
MAX_RETENTION = 0.9999

#: ContactBabel's 2023-24 UK Customer Experience Decision-Makers' Guide gives the typical
#: cost of a call as £6.26 and states it as $7.68: its own rate, $1.2268 to the pound, is
#: the one used where a pound figure is compared with the dollars, the product's currency.
DOLLARS_PER_POUND = 7.68 / 6.26

#: The 2023 US figures every handling cost is built on, one place and one year.
#: Median wage of US customer service representatives, May 2023 (BLS Occupational
#: Employment and Wage Statistics: $39,680 a year), per hour of a 2,080-hour year.
AGENT_MEDIAN_WAGE_2023 = round(39_680 / 2_080, 2)
#: Share wages take of US private employers' compensation costs, June 2023 (BLS Employer
#: Costs for Employee Compensation: $28.97 of $41.03 an hour, 70.6 %).
WAGE_SHARE_2023 = 0.706
#: Loaded cost of an agent hour: the 2023 median wage over the 2023 wage share.
AGENT_HOUR_COST = round(AGENT_MEDIAN_WAGE_2023 / WAGE_SHARE_2023, 2)
#: Loaded cost of an hour of the average US private-industry worker, June 2023 (BLS ECEC).
AVERAGE_LOADED_HOUR_2023 = 41.03

#: Talk time of an average customer-service call: 6 min 21 s (ContactBabel, 2014 US
#: Contact Center HR and Operational Benchmarking Report).
AVERAGE_TALK_HOURS = (6 + 21 / 60) / 60

#: A call's cost beyond the agent's talk time: the published full cost of a call ($7.68)
#: less the talk time of an average call at the loaded agent rate.
CALL_COST_BEYOND_TALK = round(7.68 - AVERAGE_TALK_HOURS * AGENT_HOUR_COST, 2)

#: One handling of a customer's case, talk and after-call work: APQC's cross-industry
#: median call handling time, 590 s (Open Standards Benchmarking, measure 100124).
HANDLING_HOURS = 590 / 3600
#: One more handling at the loaded agent hour: what an escalation (the case worked again
#: by a second person) or the correction of a billing error (the customer's call and the
#: correction) costs at the least.
ONE_HANDLING_COST = round(HANDLING_HOURS * AGENT_HOUR_COST, 2)

#: A pro-rata outage credit: one hour of a month's bill. AT&T's postpaid phone revenue
#: per user, $50.51 a month (3rd quarter 2019), over the 730 hours of an average month.
POSTPAID_MONTHLY_REVENUE = 50.51
HOURS_PER_MONTH = 365 * 24 / 12
OUTAGE_CREDIT_PER_HOUR = round(POSTPAID_MONTHLY_REVENUE / HOURS_PER_MONTH, 3)

#: Carriage of one parcel in the US, 2023: carriers' parcel revenue over parcels (Pitney
#: Bowes Parcel Shipping Index 2023: $197.9 billion, 21.7 billion parcels).
PARCEL_CARRIAGE_2023 = round(197.9 / 21.7, 2)
#: A re-shipment: the carriage again and one handling to arrange it; the goods sent again
#: are the company's own cost and are not in the default.
RESHIPMENT_COST = round(PARCEL_CARRIAGE_2023 + ONE_HANDLING_COST, 2)

#: A complaint a regulator serves on a US carrier must be answered in writing within
#: 30 days (FCC Consumer Complaint Center; state utility boards alike) and no fee is
#: charged to the carrier: the cost is a specialist's time on it, taken as one working
#: day (8 hours, chosen) at the loaded agent hour; plausible 4 to 16 hours.
REGULATOR_COMPLAINT_HOURS = 8
REGULATOR_COMPLAINT_COST = round(REGULATOR_COMPLAINT_HOURS * AGENT_HOUR_COST, 2)

#: Share of the people told who would otherwise have become customers within a year: the
#: share shopping for the service in a year (annual churn at the middle of US postpaid
#: carriers' 0.8-1.7 % a month in 2018: 1 - (1 - 0.0125)^12 = 14.0 %) times the share
#: that would choose us (one of the four national US carriers of 2018: 1/4).
ANNUAL_SWITCHING = 1 - (1 - 0.0125) ** 12
IN_MARKET_SHARE = round(ANNUAL_SWITCHING * 0.25, 3)

#: Assumptions that may be left unset, and what unset means (filled in by the cost engine);
#: their plausible range is in multiples of that.
UNSET_MEANS: dict[str, str] = {"prospect_value": "the portfolio's median lifetime value"}


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
#: model, not a multiple of anything, so it has its own control (ui/controls.py).
UNSET_ALLOWED: frozenset[str] = frozenset(UNSET_MEANS) | {"monthly_retention"}


ASSUMPTION_INFO: dict[str, AssumptionInfo] = {
    "gross_margin": AssumptionInfo(
        "Gross margin",
        "share of revenue",
        "Sourced: US telecom carriers report gross margins of about 55-60 % of revenue "
        "(AT&T and Verizon annual reports, 2023); 60 % used.",
        0.0,
        1.0,
        0.40,
        0.80,
        "Share of each month's revenue that is margin, before fixed costs.",
        Widget("Gross margin (%)", "slider", 100, 0.0, 100.0, 1.0, "%.0f%%", CUSTOMER_VALUE),
    ),
    "monthly_retention": AssumptionInfo(
        "Monthly retention",
        "probability",
        "Unset: each customer's own, from the model's baseline churn (the customer with "
        "every incident at 0): r = (1 - baseline)^(1/12). A fixed rate replaces it for "
        "everyone; its plausible range, 0.983-0.992, is US postpaid phone churn of "
        "0.8-1.7 % a month (2018).",
        0.0,
        MAX_RETENTION,
        0.983,
        0.992,
        "Probability that a customer without incidents stays another month; leave unset "
        "to use each customer's own rate from the model.",
        Widget(
            "Fixed monthly retention (%)", "number", 100, 0.0, 99.99, 0.1, "%.2f", CUSTOMER_VALUE
        ),
    ),
    "annual_discount_rate": AssumptionInfo(
        "Annual discount rate",
        "per year",
        "Sourced: Gupta, Lehmann and Stuart, 'Valuing Customers', Journal of Marketing "
        "Research (2004) discount customer margins at 12 % a year.",
        0.0,
        1.0,
        0.08,
        0.15,
        "Converted to a monthly rate d = (1 + a)^(1/12) - 1.",
        Widget("Annual discount rate (%)", "slider", 100, 0.0, 50.0, 0.5, "%.1f%%", CUSTOMER_VALUE),
    ),
    "people_told": AssumptionInfo(
        "People told",
        "people per unhappy customer",
        "Sourced: TARP for the White House Office of Consumer Affairs (1979-1986): a "
        "dissatisfied customer tells 9-15 people, 13 % tell more than 20; the lower end, "
        "9, used.",
        0.0,
        1000.0,
        9.0,
        15.0,
        "How many people an unhappy customer tells about the experience.",
        Widget(
            "People an unhappy customer tells", "number", 1, 0.0, 1000.0, 1.0, "%.1f", WORD_OF_MOUTH
        ),
    ),
    "public_complaint_multiplier": AssumptionInfo(
        "Public complaint reach multiplier",
        "times",
        "Derived: Customer Rage Study (2013): complainants left dissatisfied told about 28 "
        "people, about 3 times TARP's 9.",
        1.0,
        100.0,
        1.5,
        3.1,
        "How many times further the story of a customer who complained to a regulator or "
        "in public travels.",
        Widget(
            "Reach multiplier of a public complaint (×)",
            "number",
            1,
            1.0,
            100.0,
            0.5,
            "%.1f",
            WORD_OF_MOUTH,
        ),
    ),
    "in_market_share": AssumptionInfo(
        "In-market share of people told",
        "share of people told",
        "Derived: the share of listeners shopping for the service in a year, bounded by the "
        "market's yearly switching (US postpaid phone churn of 0.8-1.7 % a month in 2018, "
        "1.25 % the middle: 1 - (1 - 0.0125)^12 = 14.0 % a year), times the share that "
        "would choose us (one of four national US carriers in 2018: 1/4): "
        "0.140 x 0.25 = 3.5 %. Plausible 1.5-7 %: switching 10-20 % times a share of 15-35 %.",
        0.0,
        1.0,
        0.015,
        0.07,
        "Share of the people told who would otherwise have become our customers within a "
        "year: shopping for the service, and choosing us.",
        Widget(
            "People told who would otherwise buy from us (%)",
            "number",
            100,
            0.0,
            100.0,
            0.5,
            "%.1f",
            WORD_OF_MOUTH,
        ),
    ),
    "deterrence_rate": AssumptionInfo(
        "Deterrence rate",
        "share of would-be customers",
        "Derived: the Keller Fay Group finds one recommendation in eight leads to a "
        "purchase (cited by East, Uncles, Romaniuk and Lomax); East, Hammond and Lomax "
        "(2008) find negative word of mouth generally moves purchase less than positive "
        "word of mouth does, so a bad story deters at most about 1 in 8: 12.5 %. "
        "Plausible up to TARP-based estimates that a quarter of listeners act on a story.",
        0.0,
        1.0,
        0.0625,
        0.25,
        "Share of the would-be customers whom the story puts off.",
        Widget(
            "Deterrence rate (% of would-be customers)",
            "slider",
            100,
            0.0,
            100.0,
            0.5,
            "%.1f%%",
            WORD_OF_MOUTH,
        ),
    ),
    "prospect_value": AssumptionInfo(
        "Value of a won prospect",
        "dollars",
        "Unset: the median lifetime value (clv) of the portfolio in use, at four significant "
        "figures, i.e. a prospect is worth what a typical customer is; the median, not the "
        "mean, so one outlying customer cannot move it.",
        0.0,
        1e9,
        0.5,
        1.5,
        "Value of one prospect won; leave unset to use the portfolio's median clv. Its "
        "plausible range is 0.5-1.5 times that median.",
        Widget(
            "Value of a won prospect ($, empty = median lifetime value)",
            "number",
            1,
            0.0,
            1e9,
            100.0,
            "%.2f",
            WORD_OF_MOUTH,
        ),
    ),
    "cost_per_call": AssumptionInfo(
        "Cost per support call beyond talk time",
        "dollars per call",
        "Derived: ContactBabel's 2023-24 UK Customer Experience Decision-Makers' Guide puts "
        "a call at £6.26, which it states as $7.68 (published range about $2.70-$10); less "
        "the talk time of an average service call, 6 min 21 s (ContactBabel US benchmark, "
        f"2014), at ${AGENT_HOUR_COST:.2f} an agent hour: ${CALL_COST_BEYOND_TALK:.2f}.",
        0.0,
        1e6,
        2.70,
        7.68,
        "Direct cost of one support call beyond the agent's talk time (routing, wrap-up, "
        "systems); talk time is priced by the agent hour.",
        Widget(
            "Cost per support call beyond talk time ($)",
            "number",
            1,
            0.0,
            1e6,
            0.5,
            "%.2f",
            HANDLING_COSTS,
        ),
    ),
    "cost_per_agent_hour": AssumptionInfo(
        "Cost per agent hour",
        "dollars per hour",
        "Derived: US figures of 2023, the median wage of customer service representatives, "
        "$39,680 a year in May 2023 (BLS Occupational Employment and Wage Statistics), "
        f"${AGENT_MEDIAN_WAGE_2023:.2f} an hour of a 2,080-hour year, over the 70.6 % share "
        "wages take of private employers' compensation costs in June 2023 (BLS Employer "
        f"Costs for Employee Compensation): ${AGENT_HOUR_COST:.2f}.",
        0.0,
        1e6,
        AGENT_HOUR_COST,
        AVERAGE_LOADED_HOUR_2023,
        "Loaded cost of one hour of an agent's time on the phone. Plausible up to the "
        f"average loaded hour of all US private-industry workers (${AVERAGE_LOADED_HOUR_2023:.2f}, "
        "June 2023).",
        Widget(
            "Cost per agent hour on the phone ($)",
            "number",
            1,
            0.0,
            1e6,
            1.0,
            "%.2f",
            HANDLING_COSTS,
        ),
    ),
    "credit_per_outage_hour": AssumptionInfo(
        "Credit per outage hour",
        "dollars per hour",
        "Derived: a pro-rata credit, one hour of a month's bill: AT&T's postpaid phone "
        "revenue per user, $50.51 a month (3rd quarter 2019), over the 730 hours of a month: "
        f"${OUTAGE_CREDIT_PER_HOUR:.3f}. Plausible from $0 (many carriers credit only long "
        "outages) to twice that (a carrier that credits a whole day for part of one).",
        0.0,
        1e6,
        0.0,
        round(2 * OUTAGE_CREDIT_PER_HOUR, 3),
        "Credit or refund owed per hour of outage; your own: your monthly price / 730 hours.",
        Widget("Credit per outage hour ($)", "number", 1, 0.0, 1e6, 0.01, "%.3f", HANDLING_COSTS),
    ),
    "cost_per_regulator_complaint": AssumptionInfo(
        "Cost per regulator complaint",
        "dollars per complaint",
        "Derived: US figures of 2023; a complaint a regulator serves on a US carrier (the "
        "FCC, or a state utility board as in the telco case) must be answered in writing within 30 "
        "days and costs the carrier no fee; priced as a specialist's working day on it (8 "
        f"hours, chosen) at the ${AGENT_HOUR_COST:.2f} agent hour: "
        f"${REGULATOR_COMPLAINT_COST:.2f}. Plausible 4 to 16 hours. (Where a regulator "
        "charges the firm, as the UK Financial Ombudsman Service's £650 case fee of 2024/25 "
        f"does, about ${650 * DOLLARS_PER_POUND:,.0f}, set that instead.)",
        0.0,
        1e7,
        round(4 * AGENT_HOUR_COST, 2),
        round(16 * AGENT_HOUR_COST, 2),
        "Cost of handling one regulator or ombudsman complaint.",
        Widget(
            "Cost per regulator complaint ($)", "number", 1, 0.0, 1e7, 50.0, "%.2f", HANDLING_COSTS
        ),
    ),
    "cost_per_escalation": AssumptionInfo(
        "Cost per escalation",
        "dollars per escalation",
        "Derived: one more handling of the case by a second person, APQC's median call "
        f"handling time (talk and after-call work, 590 s) at the ${AGENT_HOUR_COST:.2f} agent "
        f"hour: ${ONE_HANDLING_COST:.2f}. Plausible up to three handlings.",
        0.0,
        1e6,
        ONE_HANDLING_COST,
        round(3 * ONE_HANDLING_COST, 2),
        "Extra cost of a manager or specialist taking the case over.",
        Widget("Cost per escalation ($)", "number", 1, 0.0, 1e6, 5.0, "%.2f", HANDLING_COSTS),
    ),
    "cost_per_billing_error": AssumptionInfo(
        "Cost per billing error",
        "dollars per error",
        "Derived: the correction takes one handling, APQC's median call handling time (talk "
        f"and after-call work, 590 s) at the ${AGENT_HOUR_COST:.2f} agent hour: "
        f"${ONE_HANDLING_COST:.2f}; the customer's calls about it are priced as calls. "
        "Plausible up to three handlings.",
        0.0,
        1e6,
        ONE_HANDLING_COST,
        round(3 * ONE_HANDLING_COST, 2),
        "Cost of correcting one wrong bill or payment notice.",
        Widget("Cost per billing error ($)", "number", 1, 0.0, 1e6, 5.0, "%.2f", HANDLING_COSTS),
    ),
    "cost_per_reshipment": AssumptionInfo(
        "Cost per re-shipment",
        "dollars per order sent again",
        "Derived: US figures of 2023, the carriage of one parcel, carriers' $197.9 billion "
        "of parcel revenue over 21.7 billion parcels (Pitney Bowes Parcel Shipping Index 2023): "
        f"${PARCEL_CARRIAGE_2023:.2f}, plus one handling to arrange it "
        f"(${ONE_HANDLING_COST:.2f}): ${RESHIPMENT_COST:.2f}. The goods sent again are your "
        "own cost and are not in it (the school-supplies case adds $150 of goods). "
        "Plausible from the carriage alone to the carriage plus three handlings.",
        0.0,
        1e6,
        PARCEL_CARRIAGE_2023,
        round(PARCEL_CARRIAGE_2023 + 3 * ONE_HANDLING_COST, 2),
        "Goods, packing and carriage of one order sent again because it arrived "
        "incomplete, wrong or damaged.",
        Widget("Cost per re-shipped order ($)", "number", 1, 0.0, 1e6, 1.0, "%.2f", HANDLING_COSTS),
    ),
}


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
    return json.dumps(assumptions.to_dict(), indent=2) + "\n"
