"""The money: assumptions, costs, scenarios, estimates and the business case of a fix.

`Assumptions` and `Scenario` are the two settings objects that travel everywhere
(`assumptions`, `scenario`, read and written as JSON by `settings_json`); each assumption's
words, ranges and widget are in `assumption_info`, the published figures its default is
built on in `sourced_figures`; `costs` is the arithmetic of docs/methodology/formulas.md;
`estimate` is the front door from customers, assumptions and scenario to estimates;
`business_case` prices a fix over its horizon; `actuals` sets the handling cost beside
the contact centre's own books; `exact_sum` sums money independently of
chunking. Above model.churn, below everything else.
"""

from model.money.actuals import (
    HandlingAgainstActuals,
    handling_against_actuals,
    scaled_to_actuals,
)
from model.money.assumption_info import ASSUMPTION_INFO, CHOICE_INFO, SIDEBAR_GROUPS
from model.money.assumptions import (
    FROM_YOUR_BOOKS,
    UNSET_MEANS,
    Assumptions,
    assumptions_from_dict,
    assumptions_from_json,
    assumptions_to_json,
    load_assumptions,
)
from model.money.business_case import (
    DEFAULT_HORIZON_YEARS,
    LOSS_PARTS,
    BusinessCase,
    FixCost,
    business_case,
    dated_business_case,
    saving_difference_sentence,
)
from model.money.costs import (
    COST_COLUMNS,
    COST_COMPONENTS,
    SERVICE_COST_RATES,
    add_costs,
    complaint_flags,
    component_shares,
    cost_totals,
    customer_lifetime_value,
    departure_value,
    mean_clv,
    money_arrays,
    monthly_retention,
    portfolio_prospect_value,
    prospects_lost_per_departure,
    service_rates,
    staff_turnover_cost,
    typical_clv,
)
from model.money.estimate import estimate, score, scored_scenario
from model.money.exact_sum import ExactSum
from model.money.own_incidents import (
    keep_own_incidents,
    own_incidents_first,
    remember_own_incidents,
)
from model.money.scenario import (
    LEVER_INFO,
    LEVER_LABELS,
    LEVER_STEP,
    Scenario,
    compare,
    levers_that_move,
    load_scenario,
    scenario_from_json,
    scenario_to_json,
)
from model.money.typical import MedianTally

__all__ = [
    "ASSUMPTION_INFO",
    "CHOICE_INFO",
    "COST_COLUMNS",
    "COST_COMPONENTS",
    "DEFAULT_HORIZON_YEARS",
    "FROM_YOUR_BOOKS",
    "LEVER_INFO",
    "LEVER_LABELS",
    "LEVER_STEP",
    "LOSS_PARTS",
    "SERVICE_COST_RATES",
    "SIDEBAR_GROUPS",
    "UNSET_MEANS",
    "Assumptions",
    "BusinessCase",
    "ExactSum",
    "FixCost",
    "HandlingAgainstActuals",
    "MedianTally",
    "Scenario",
    "add_costs",
    "assumptions_from_dict",
    "assumptions_from_json",
    "assumptions_to_json",
    "business_case",
    "compare",
    "complaint_flags",
    "component_shares",
    "cost_totals",
    "customer_lifetime_value",
    "dated_business_case",
    "departure_value",
    "estimate",
    "handling_against_actuals",
    "keep_own_incidents",
    "levers_that_move",
    "load_assumptions",
    "load_scenario",
    "mean_clv",
    "money_arrays",
    "monthly_retention",
    "own_incidents_first",
    "portfolio_prospect_value",
    "prospects_lost_per_departure",
    "remember_own_incidents",
    "saving_difference_sentence",
    "scaled_to_actuals",
    "scenario_from_json",
    "scenario_to_json",
    "score",
    "scored_scenario",
    "service_rates",
    "staff_turnover_cost",
    "typical_clv",
]
