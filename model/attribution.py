"""Root causes: how much of each customer's cost each of their incidents accounts for.

A customer's attributable churn (churn with their incidents minus churn with none) is
split over their incident features by exact Shapley values: each feature gets its
marginal effect averaged over every order of switching the customer's incidents on.
The shares sum exactly to the attributable churn and do not depend on column order.
Features at 0 get 0, so only a customer's non-zero incidents enter: k of them cost 2**k
predictions, and customers with the same set of non-zero features are predicted in one
batch.

Costs follow: lost lifetime value and word of mouth are proportional to attributable
churn, so they are split in the same shares; service cost is a sum of priced incident
counts, so each term goes to its own feature.
"""

from __future__ import annotations

from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from model.assumptions import Assumptions
from model.churn import ChurnModel, feature_matrix
from model.costs import SERVICE_COST_RATES

_INCIDENT_POSITIONS = np.array([MODEL_FEATURES.index(name) for name in INCIDENT_FEATURES])


def _shapley_weights(k: int) -> dict[int, float]:
    """Weight of a coalition of size s not containing the feature: s! (k-s-1)! / k!."""
    return {s: factorial(s) * factorial(k - s - 1) / factorial(k) for s in range(k)}


def _shapley_for_pattern(matrix: np.ndarray, active: tuple[int, ...], model: ChurnModel):
    """Shapley values (customers x active features) for customers sharing active features."""
    k = len(active)
    subsets = [s for size in range(k + 1) for s in combinations(range(k), size)]
    index_of = {subset: i for i, subset in enumerate(subsets)}
    columns = _INCIDENT_POSITIONS[list(active)]

    batch = np.repeat(matrix[None, :, :], len(subsets), axis=0)
    for i, subset in enumerate(subsets):
        off = [columns[j] for j in range(k) if j not in subset]
        batch[i][:, off] = 0.0
    value = model.predict_matrix(batch.reshape(-1, matrix.shape[1])).reshape(len(subsets), -1)

    weights = _shapley_weights(k)
    result = np.zeros((matrix.shape[0], k))
    for subset in subsets:
        for j in range(k):
            if j in subset:
                continue
            with_j = tuple(sorted((*subset, j)))
            gain = value[index_of[with_j]] - value[index_of[subset]]
            result[:, j] += weights[len(subset)] * gain
    return result


def churn_attribution(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """Each customer's attributable churn split over INCIDENT_FEATURES (rows sum to it)."""
    matrix = feature_matrix(customers)
    active = matrix[:, _INCIDENT_POSITIONS] != 0
    result = np.zeros((len(customers), len(INCIDENT_FEATURES)))
    patterns, group = np.unique(active, axis=0, return_inverse=True)
    for number, pattern in enumerate(patterns):
        if not pattern.any():
            continue
        rows = np.flatnonzero(group.ravel() == number)
        features = tuple(np.flatnonzero(pattern))
        result[np.ix_(rows, features)] = _shapley_for_pattern(matrix[rows], features, model)
    return pd.DataFrame(result, index=customers.index, columns=list(INCIDENT_FEATURES))


def cost_by_root_cause(
    estimates: pd.DataFrame, attribution: pd.DataFrame, assumptions: Assumptions
) -> pd.DataFrame:
    """Each customer's total expected cost split over INCIDENT_FEATURES (rows sum to it).

    `estimates` are the output of `model.estimate.estimate` for the same customers and
    assumptions; `attribution` is `churn_attribution` of those customers.
    """
    attributable = estimates["attributable_churn_probability"].to_numpy()
    churn_costs = (estimates["expected_lost_clv"] + estimates["word_of_mouth_loss"]).to_numpy()
    per_unit_churn = np.divide(
        churn_costs, attributable, out=np.zeros_like(churn_costs), where=attributable > 0
    )
    split = attribution.mul(per_unit_churn, axis=0)
    for feature, rate in SERVICE_COST_RATES.items():
        if feature in estimates.columns:
            split[feature] += estimates[feature].astype("float64") * getattr(assumptions, rate)
    return split
