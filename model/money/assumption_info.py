"""What a user needs to know about each assumption, and how the dashboard offers it.

`ASSUMPTION_INFO` keeps beside each key of `Assumptions` its label, unit, the source of its
default or its derivation from sourced figures (shown on the methodology page, which says
which), the range it must lie in, the plausible range the sensitivity analysis sweeps, and
the widget (label, slider or number box, range, step, sidebar group). Every word and range
of an assumption lives here, once; the figures come from model/money/sourced_figures.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from model.money.sourced_figures import (
    AGENT_HOUR_COST,
    AGENT_MEDIAN_WAGE_2023,
    AVERAGE_LOADED_HOUR_2023,
    CALL_COST_BEYOND_TALK,
    DOLLARS_PER_POUND,
    MAX_RETENTION,
    ONE_HANDLING_COST,
    OUTAGE_CREDIT_PER_HOUR,
    PARCEL_CARRIAGE_2023,
    REGULATOR_COMPLAINT_COST,
    RESHIPMENT_COST,
)

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
    "contact_centre_yearly_cost": AssumptionInfo(
        "Contact centre's actual cost a year",
        "dollars a year",
        "No published figure: your own books, what the contact centre costs in a year "
        "(staff, systems, premises); 0 means not given. Not part of any estimate: the handling "
        "cost of the failures is shown beside it, as a share.",
        0.0,
        1e12,
        0.0,
        0.0,
        "From your own books; the handling cost of the failures is shown as a share of it.",
        Widget(
            "Contact centre's actual cost a year ($, 0 = not given)",
            "number",
            1,
            0.0,
            1e12,
            10_000.0,
            "%.0f",
            HANDLING_COSTS,
        ),
    ),
    "contact_centre_yearly_calls": AssumptionInfo(
        "Calls the contact centre handles a year",
        "calls a year",
        "No published figure: your own books, every call the contact centre handles in a "
        "year, failures or not; 0 means not given. With the yearly cost it gives your own cost per "
        "call, to which the handling unit costs can be scaled.",
        0.0,
        1e12,
        0.0,
        0.0,
        "From your own books; with the yearly cost, your own cost per call.",
        Widget(
            "Calls the contact centre handles a year (0 = not given)",
            "number",
            1,
            0.0,
            1e12,
            1_000.0,
            "%.0f",
            HANDLING_COSTS,
        ),
    ),
}
