"""What the dashboard shows about a portfolio, as plain functions on the estimate frame.

The pages draw what these return; the rules (which customers count as the costliest,
what "the top 10 % carry" means, the case study's preset customer, what each fix saves)
live here so they are tested once and shared by every page and the command line.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from data.schema import (
    GENERATOR_TRUTH_COLUMNS,
    INPUT_COLUMNS,
    OUTPUT_COLUMNS,
)
from data.synthetic import generate
from model.assumptions import Assumptions
from model.churn import ChurnModel
from model.costs import COST_COMPONENTS, add_costs, cost_totals
from model.estimate import scored_scenario
from model.scenario import Scenario, compare

#: The dashboard's synthetic portfolio is always drawn with this seed, so a size names it.
DASHBOARD_SEED = 2026

#: Portfolio sizes the dashboard offers (customers); the middle one is the default.
PORTFOLIO_SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)
DEFAULT_PORTFOLIO_SIZE = 10_000


def synthetic_portfolio(size: int, seed: int = DASHBOARD_SEED) -> pd.DataFrame:
    """`size` synthetic customers in the contract's input columns (the generator's truth dropped).

    The truth columns are what a real portfolio never has; keeping them would leak into
    downloads and make the synthetic portfolio look unlike an uploaded one.
    """
    return generate(size, seed).drop(columns=list(GENERATOR_TRUTH_COLUMNS))


def frame_digest(frame: pd.DataFrame) -> str:
    """A short fingerprint of a frame's columns and values (to name an upload in caches)."""
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, frame.columns)).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Headline:
    """The portfolio's headline figures (currency amounts are sums over customers)."""

    customers: int
    expected_churners: float
    expected_lost_clv: float
    word_of_mouth_loss: float
    service_cost: float
    total_expected_cost: float


def headline(estimates: pd.DataFrame) -> Headline:
    """Customers, expected churners caused by service failures, and each cost total.

    Expected churners are the sum of attributable churn probabilities: the number of
    customers expected to leave because of their incidents (not the 11-22 % who would
    leave anyway).
    """
    totals = cost_totals(estimates)
    return Headline(
        customers=len(estimates),
        expected_churners=float(estimates["attributable_churn_probability"].sum()),
        **{name: float(totals[name]) for name in (*COST_COMPONENTS, "total_expected_cost")},
    )


def component_totals(estimates: pd.DataFrame) -> pd.Series:
    """Portfolio total of each cost component (COST_COMPONENTS order), without the total."""
    return cost_totals(estimates)[list(COST_COMPONENTS)]


def root_cause_totals(cost_split: pd.DataFrame) -> pd.Series:
    """Portfolio cost accounted for by each incident feature, largest first.

    `cost_split` is `model.attribution.cost_by_root_cause` (one column per incident, or
    per group of incidents the model cannot separate); its rows sum to each customer's
    total, so this Series sums to the portfolio total.
    """
    return cost_split.sum().sort_values(ascending=False)


def top_share(costs: pd.Series, share_of_customers: float = 0.10) -> float:
    """Share of the total cost carried by the costliest `share_of_customers` of customers.

    The group is the ceil(share * n) costliest customers, so with 5 customers the top 10 %
    is the single costliest one. An empty portfolio or a zero total returns 0.0 rather
    than NaN, which keeps the page from showing "nan%".
    """
    if not 0.0 <= share_of_customers <= 1.0:
        raise ValueError(f"share_of_customers must be between 0 and 1, got {share_of_customers}")
    values = costs.to_numpy(dtype="float64")
    total = values.sum()
    if len(values) == 0 or total <= 0:
        return 0.0
    count = math.ceil(round(share_of_customers * len(values), 9))
    return float(np.sort(values)[::-1][:count].sum() / total)


def concentration_curve(costs: pd.Series, points: int = 101) -> pd.DataFrame:
    """Cumulative share of cost against share of customers, costliest customers first.

    A Lorenz-style curve read from the left: at `customer_share` 0.1 the curve shows the
    share of cost carried by the costliest 10 %. Sampled at `points` evenly spaced
    customer shares from 0 to 1 (both included), so a chart stays small at any size.
    """
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points}")
    values = np.sort(costs.to_numpy(dtype="float64"))[::-1]
    total = values.sum()
    customer_share = np.linspace(0.0, 1.0, points)
    if len(values) == 0 or total <= 0:
        return pd.DataFrame({"customer_share": customer_share, "cost_share": 0.0})
    cumulative = np.concatenate([[0.0], np.cumsum(values)]) / total
    counts = np.ceil(np.round(customer_share * len(values), 9)).astype(int)
    return pd.DataFrame({"customer_share": customer_share, "cost_share": cumulative[counts]})


def costliest_customers(estimates: pd.DataFrame, count: int = 20) -> pd.DataFrame:
    """The `count` costliest customers, costliest first: who they are, the cost, the causes.

    Columns: customer_id, the total and its components, the churn probabilities and clv,
    then the contract's other input columns present (revenue, tenure, incidents). Ties keep
    the portfolio's order.
    """
    money_first = ["total_expected_cost", *COST_COMPONENTS]
    outputs = money_first + [c for c in OUTPUT_COLUMNS if c not in money_first]
    inputs = [c.name for c in INPUT_COLUMNS if c.name in estimates.columns]
    columns = [inputs[0], *outputs, *inputs[1:]]
    top = estimates.nlargest(count, "total_expected_cost", keep="first")
    return top[columns].reset_index(drop=True)


def download_frame(estimates: pd.DataFrame) -> pd.DataFrame:
    """The estimate as downloaded: the contract's input columns present, any extra input
    columns kept (in their order), then DESIGN.md's output columns."""
    inputs = [c.name for c in INPUT_COLUMNS if c.name in estimates.columns]
    extra = [c for c in estimates.columns if c not in inputs and c not in OUTPUT_COLUMNS]
    return estimates[[*inputs, *extra, *OUTPUT_COLUMNS]]


# The case study --------------------------------------------------------------------------

#: The telco case of DESIGN.md as one customer. From the source: 112 hours without dial
#: tone, 22 calls, over 12 hours on the phone with more than 50 employees, 3 restoration
#: deadlines missed, an escalation manager who could not see the ticket (1 escalation),
#: resolved only after a complaint to the state utility board. Chosen, not in the source:
#: a fibre phone, internet and TV bundle at 150 a month and a customer of 15 years
#: (180 months), since the case is an upgrade from the household's long-held copper line.
CASE_STUDY_CUSTOMER: dict[str, float | int | str] = {
    "customer_id": "telco-case",
    "monthly_revenue": 150.0,
    "tenure_months": 180.0,
    "outage_hours": 112.0,
    "support_calls": 22,
    "unresolved_promises": 3,
    "hours_on_phone": 12.0,
    "agents_contacted": 50,
    "escalations": 1,
    "billing_errors": 0,
    "regulator_complaint": 1,
}


def case_customer(values: Mapping[str, float | int | str] | None = None) -> pd.DataFrame:
    """The case study customer as a one-row frame in the contract's columns.

    `values` overrides the preset for any contract column; other keys are an error naming
    the key, so a typo cannot silently leave the preset in place.
    """
    row = dict(CASE_STUDY_CUSTOMER)
    for key, value in (values or {}).items():
        if key not in row:
            raise ValueError(f"Unknown case study field {key!r}; the fields are: {', '.join(row)}")
        row[key] = value
    return pd.DataFrame([row], columns=list(CASE_STUDY_CUSTOMER))


def fix_scenarios() -> dict[str, Scenario]:
    """One scenario per lever at 1 (every such failure removed), then "all" levers at 1."""
    levers = [lever.name for lever in fields(Scenario)]
    scenarios = {lever: Scenario(**{lever: 1.0}) for lever in levers}
    scenarios["all"] = Scenario(**dict.fromkeys(levers, 1.0))
    return scenarios


def scored_fixes(scored_today: pd.DataFrame, model: ChurnModel) -> dict[str, pd.DataFrame]:
    """The scored customers under each of `fix_scenarios` (the model inference of the fixes)."""
    return {
        name: scored_scenario(scored_today, scenario, model)
        for name, scenario in fix_scenarios().items()
    }


def fix_savings(
    scored_today: pd.DataFrame, fixed: Mapping[str, pd.DataFrame], assumptions: Assumptions
) -> pd.DataFrame:
    """What each fix, done completely, would save; one row per `fixed` scenario.

    `scored_today` is `scored_customers` of the customers, `fixed` is `scored_fixes` of it:
    this part is arithmetic only, so new assumptions cost no prediction. Fixes overlap (a
    kept promise also saves the call that chases it), so the single rows need not add up to
    "all". Columns: the saving in each cost component and in total, and the expected
    churners avoided.
    """
    today = add_costs(scored_today, assumptions)
    rows = {
        name: compare(today, add_costs(scored, assumptions))["saving"]
        for name, scored in fixed.items()
    }
    table = pd.DataFrame(rows).T
    return table[[*COST_COMPONENTS, "total_expected_cost", "expected_churners"]]
