"""The words, sources and ranges of issue 28's assumptions: staff turnover from failure
work, and a departure priced as its replacement (merged into ASSUMPTION_INFO and
CHOICE_INFO by model/money/assumption_info.py)."""

from __future__ import annotations

from model.money.info_types import (
    CUSTOMER_VALUE,
    STAFF,
    AssumptionInfo,
    ChoiceInfo,
    Widget,
)
from model.money.sourced_figures import (
    ACQUISITION_COST,
    AGENT_ATTRITION_RATE,
    AGENT_HOURS_PER_YEAR,
    COST_TO_REPLACE_AGENT,
    MONTHS_TO_REPLACE,
)

TURNOVER_AND_REPLACEMENT_INFO: dict[str, AssumptionInfo] = {
    "agent_attrition_rate": AssumptionInfo(
        "Agent attrition a year",
        "share of agents a year",
        "Sourced: ICMI put US contact-centre agent turnover at 33 % a year (2017; 29 % in "
        "2016) and SQM Group's 2022/23 call-centre benchmark at 38 %; "
        f"{AGENT_ATTRITION_RATE:.0%}, between the two, used. "
        "Few people enjoy facing angry customers all day: the agents kept to answer failures "
        "leave at this rate, and each one leaving has to be replaced.",
        0.0,
        1.0,
        0.20,
        0.50,
        "Share of contact-centre agents who leave in a year.",
        Widget("Agent attrition a year (%)", "slider", 100, 0.0, 100.0, 1.0, "%.0f%%", STAFF),
    ),
    "cost_to_replace_agent": AssumptionInfo(
        "Cost to replace an agent",
        "dollars per agent",
        "Sourced: recruiting, training and the months before a new agent is productive cost "
        "$14,113 a frontline agent in a Gartner report and just over $10,000 at a US "
        "municipality (both as Colin Taylor of ApexCX cites them; the Gartner report itself "
        f"not seen); the middle of $10,000-15,000, ${COST_TO_REPLACE_AGENT:,.0f}, used.",
        0.0,
        1e7,
        5_000.0,
        20_000.0,
        "What one agent leaving costs: recruiting, training and ramp-up.",
        Widget("Cost to replace one agent ($)", "number", 1, 0.0, 1e7, 500.0, "%.0f", STAFF),
    ),
    "agent_hours_per_year": AssumptionInfo(
        "Productive hours of an agent a year",
        "hours a year",
        "Derived: a 2,080-hour working year (40 hours x 52 weeks) less 30 % shrinkage "
        "(leave, training, meetings and breaks: 20-35 % in most centres in a staffing article "
        "in Total Retail, 30-35 % in GoTo's glossary, 24 % on average in Knowlagent's 2011 "
        "survey): "
        f"{AGENT_HOURS_PER_YEAR:,.0f} hours. Plausible from 35 % shrinkage to 15 %.",
        1.0,
        8_760.0,
        1_352.0,
        1_768.0,
        "Hours one agent spends answering customers in a year; an hour on the phone uses "
        "this share of an agent's year, and so of their replacement.",
        Widget(
            "Productive hours of an agent a year", "number", 1, 1.0, 8_760.0, 10.0, "%.0f", STAFF
        ),
    ),
    "acquisition_cost": AssumptionInfo(
        "Cost to win a new customer",
        "dollars per customer",
        "Sourced: cost per gross addition, about $350-400 a US wireless customer across "
        "carriers (Investopedia, undated; about $350 in 2006 consumer guides), from the era of "
        "subsidised phones; a prepaid carrier reported far less (MetroPCS: $153 in 2009, $202 "
        f"in 2012). The middle, ${ACQUISITION_COST:,.0f}, used for the default postpaid phone "
        "customer.",
        0.0,
        1e7,
        150.0,
        600.0,
        "What winning one new customer costs (marketing, sales, handset subsidy); used when a "
        "departure is priced as its replacement.",
        Widget(
            "Cost to win a new customer ($)", "number", 1, 0.0, 1e7, 25.0, "%.0f", CUSTOMER_VALUE
        ),
    ),
    "months_to_replace": AssumptionInfo(
        "Months to replace a customer",
        "months",
        "Derived: a carrier whose customer base is level wins as many customers a month as it "
        "loses, so a departure is replaced within the month, on average "
        f"{MONTHS_TO_REPLACE:g} a month later. Plausible up to 6 months for a business that "
        "wins customers slowly.",
        0.0,
        120.0,
        0.0,
        6.0,
        "Months of the departed customer's margin lost before a new customer takes their place.",
        Widget(
            "Months to replace a customer", "number", 1, 0.0, 120.0, 0.5, "%.1f", CUSTOMER_VALUE
        ),
    ),
}


#: The assumptions whose value is a word (in the JSON, the page address and a select box).
CHOICE_INFO: dict[str, ChoiceInfo] = {
    "departure_cost": ChoiceInfo(
        "How a departure is priced",
        {
            "lost_value": "Lost lifetime value",
            "replacement": "Cost of replacing the customer",
            "cheaper": "The cheaper of the two, customer by customer",
        },
        "Chosen: a customer driven away is priced either by the lifetime value lost with them "
        "(the default) or by what winning a new customer in their place costs (the cost to win "
        "one and the margin lost until then), as revenue-at-risk calculators such as TARP's do. "
        "The two are never added: a customer who is replaced has not taken their value with "
        "them, and one whose value is lost has not been replaced. A company that can replace a "
        "customer for less than their value would: the cheaper of the two.",
        "Lost value prices what leaves with the customer; replacement prices winning another.",
        CUSTOMER_VALUE,
    ),
}
