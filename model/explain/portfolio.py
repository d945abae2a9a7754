"""What the dashboard shows about a portfolio, as plain functions on the estimate frame.

The pages draw what these return; the rules (which customers count as the costliest,
what "the top 10 % carry" means, the totals by component and by root cause) live here so
they are tested once and shared by every page and the command line. The case study's
rules are in model/cases/case_study.py, the synthetic portfolios' sizes in
model/cases/synthetic_portfolios.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.schema import (
    INPUT_COLUMNS,
    OUTPUT_COLUMNS,
)
from model.money import COST_COLUMNS, COST_COMPONENTS, cost_totals


@dataclass(frozen=True)
class Headline:
    """The portfolio's headline figures (currency amounts are sums over customers)."""

    customers: int
    expected_churners: float
    expected_departure_cost: float
    word_of_mouth_loss: float
    service_cost: float
    total_expected_cost: float

    @property
    def expected_to_be_lost(self) -> float:
        """Expected future losses: the customers driven away (priced as departure_cost
        says) plus word of mouth (handling aside, money already spent in the window)."""
        return self.expected_departure_cost + self.word_of_mouth_loss


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
        **{name: float(totals[name]) for name in COST_COLUMNS},
    )


def component_totals(estimates: pd.DataFrame) -> pd.Series:
    """Portfolio total of each cost component (COST_COMPONENTS order), without the total."""
    return cost_totals(estimates)[list(COST_COMPONENTS)]


def root_cause_totals(cost_split: pd.DataFrame) -> pd.Series:
    """Portfolio cost accounted for by each incident feature, largest first.

    `cost_split` is `model.explain.money_split.cost_by_root_cause` (one column per incident, or
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
    columns kept (in their order), then the contract's output columns."""
    inputs = [c.name for c in INPUT_COLUMNS if c.name in estimates.columns]
    extra = [c for c in estimates.columns if c not in inputs and c not in OUTPUT_COLUMNS]
    return estimates[[*inputs, *extra, *OUTPUT_COLUMNS]]
