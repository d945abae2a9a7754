"""Per-customer estimates: churn probabilities from the model, then the money.

Model inference is the expensive part, so it is split from the arithmetic:
`score_churn` predicts (once per portfolio, or per changed customer in a what-if) and
`model.costs.add_costs` prices (on every money slider). `estimate` does both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import CUSTOMER_FEATURES, INCIDENT_FEATURES, MODEL_FEATURES, OUTPUT_COLUMNS
from model.assumptions import Assumptions
from model.churn import ChurnModel, feature_matrix
from model.costs import add_costs
from model.scenario import Scenario, apply_scenario

_INCIDENT_POSITIONS = [MODEL_FEATURES.index(name) for name in INCIDENT_FEATURES]
_CUSTOMER_POSITIONS = [MODEL_FEATURES.index(name) for name in CUSTOMER_FEATURES]


def _has_incidents(matrix: np.ndarray) -> np.ndarray:
    return np.any(matrix[:, _INCIDENT_POSITIONS] != 0, axis=1)


def baseline_probability(matrix: np.ndarray, churn: np.ndarray, model: ChurnModel) -> np.ndarray:
    """P(churn) of each customer with every incident at 0.

    Customers without incidents (usually most) already are their own baseline; only the
    others are predicted again, with their incidents set to 0 (a table lookup per
    feature, so no shortcut beyond that is worth its complexity).
    """
    baseline = churn.copy()
    troubled = _has_incidents(matrix)
    if not troubled.any():
        return baseline
    clean = np.zeros((int(troubled.sum()), len(MODEL_FEATURES)))
    clean[:, _CUSTOMER_POSITIONS] = matrix[troubled][:, _CUSTOMER_POSITIONS]
    baseline[troubled] = model.predict_matrix(clean)
    return baseline


def score_churn(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """`churn_probability` and `baseline_churn_probability` of each customer, same index."""
    matrix = feature_matrix(customers)
    churn = model.predict_matrix(matrix)
    return pd.DataFrame(
        {
            "churn_probability": churn,
            "baseline_churn_probability": baseline_probability(matrix, churn, model),
        },
        index=customers.index,
    )


def rescore_changed(
    changed: pd.DataFrame, original: pd.DataFrame, original_churn: pd.Series, model: ChurnModel
) -> pd.Series:
    """Churn probabilities for `changed` customers, predicting only rows that differ.

    `changed` is `original` after a what-if; rows whose model features are untouched keep
    `original_churn`, so a lever that touches few customers costs few predictions.
    """
    new_matrix = feature_matrix(changed)
    differs = np.any(new_matrix != feature_matrix(original), axis=1)
    churn = original_churn.to_numpy(dtype="float64").copy()
    if differs.any():
        churn[differs] = model.predict_matrix(new_matrix[differs])
    return pd.Series(churn, index=changed.index, name="churn_probability")


def scored_customers(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """The customers with their two churn probabilities; stale output columns dropped.

    A re-uploaded download carries old estimates; they are recomputed, never trusted.
    """
    fresh = customers.drop(columns=[c for c in OUTPUT_COLUMNS if c in customers.columns])
    return fresh.join(score_churn(fresh, model))


def scored_scenario(scored_today: pd.DataFrame, scenario: Scenario, model: ChurnModel):
    """The scored customers as they would be under `scenario`; baselines do not change.

    A scenario only removes incidents, so customers without any (usually most) are the
    same under every scenario and are never copied through the levers; of the others,
    only those whose features the scenario changes are predicted again.
    """
    changed = scored_today.copy()
    troubled = _has_incidents(feature_matrix(scored_today))
    if scenario.is_today or not troubled.any():
        return changed
    before = scored_today[troubled]
    after = apply_scenario(before, scenario)
    after["churn_probability"] = rescore_changed(after, before, before["churn_probability"], model)
    for column in after.columns:
        if not after[column].equals(before[column]):
            changed.loc[troubled, column] = after[column].to_numpy()
    return changed


def estimate(
    customers: pd.DataFrame,
    model: ChurnModel,
    assumptions: Assumptions,
    scenario: Scenario | None = None,
) -> pd.DataFrame:
    """The input columns plus DESIGN.md's output columns, one row per customer.

    With a scenario, the customers are first changed by its fixes (prospect value, when
    unset, is the mean clv of these same customers, so today and scenario compare alike).
    """
    scored = scored_customers(customers, model)
    if scenario is not None and not scenario.is_today:
        scored = scored_scenario(scored, scenario, model)
    return add_costs(scored, assumptions)
