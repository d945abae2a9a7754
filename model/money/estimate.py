"""The front door for estimates: customers, assumptions and scenario in, estimates out.

Model inference (model.churn.scoring) is split from the arithmetic (model.money.costs) so
that a money slider never predicts: `estimate` takes the customers already scored when the
caller has them (the dashboard's cache, the command line's first pass) and then only
prices them. Every page, the command line, the report and the Dask engine go through it.
"""

from __future__ import annotations

import pandas as pd

from model.churn import ChurnModel, has_incidents, rescore_changed, scored_customers
from model.money.assumptions import Assumptions
from model.money.costs import add_costs
from model.money.scenario import Scenario, apply_scenario


def scored_scenario(scored_today: pd.DataFrame, scenario: Scenario, model: ChurnModel):
    """The scored customers as they would be under `scenario`; baselines do not change.

    A scenario only removes incidents, so customers without any (usually most) are the
    same under every scenario and are never copied through the levers; of the others,
    only those whose features the scenario changes are predicted again.
    """
    changed = model.layout.typed(scored_today).copy()
    troubled = has_incidents(model.matrix(changed), model.layout)
    if scenario.is_today or not troubled.any():
        return changed
    before = changed[troubled]
    after = apply_scenario(before, scenario)
    after["churn_probability"] = rescore_changed(after, before, before["churn_probability"], model)
    for column in after.columns:
        if not after[column].equals(before[column]):
            if after[column].dtype != changed[column].dtype:  # a count read as text
                changed[column] = pd.to_numeric(changed[column], errors="coerce")
            changed.loc[troubled, column] = after[column].to_numpy()
    return changed


def score(customers: pd.DataFrame, model: ChurnModel, scenario: Scenario | None = None):
    """The model's part of an estimate: the customers with their churn today and without
    incidents, or as they would be under `scenario` (baselines do not change)."""
    scored = scored_customers(customers, model)
    if scenario is not None and not scenario.is_today:
        scored = scored_scenario(scored, scenario, model)
    return scored


def estimate(
    customers: pd.DataFrame,
    model: ChurnModel | None,
    assumptions: Assumptions,
    scenario: Scenario | None = None,
    *,
    already_scored: bool = False,
    prospect_value: float | None = None,
) -> pd.DataFrame:
    """The input columns plus the contract's output columns, one row per customer.

    With a scenario, the customers are first changed by its fixes. `already_scored`: the
    customers are what `score(customers, model, scenario)` returns (the dashboard's caches
    hold it, the command line's first pass spills it), so nothing is predicted, only
    priced (and `model` may be None). `prospect_value`: the whole portfolio's, when these
    customers are a part of it (a chunk, one case customer); None takes the median clv of
    these same customers, so today and a scenario compare alike.
    """
    scored = customers if already_scored else score(customers, model, scenario)
    return add_costs(scored, assumptions, prospect_value)
