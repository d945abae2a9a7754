"""Churn probabilities for customers: today's and the baseline with every incident at 0.

Model inference is the expensive part of an estimate, so it is kept apart from the money
(model.money.costs, arithmetic on every slider): `scored_customers` predicts once per
portfolio; `rescore_changed` predicts only the customers a what-if changes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import OUTPUT_COLUMNS
from model.churn.churn_model import ChurnModel
from model.churn.estimator import AdditiveTerms, OneWalkBaseline
from model.churn.layout import BUILT_IN_LAYOUT, FeatureLayout


def has_incidents(matrix: np.ndarray, layout: FeatureLayout = BUILT_IN_LAYOUT) -> np.ndarray:
    """Which rows of a feature matrix have any incident feature other than 0."""
    return np.any(matrix[:, layout.incident_positions] != 0, axis=1)


def baseline_probability(matrix: np.ndarray, churn: np.ndarray, model: ChurnModel) -> np.ndarray:
    """P(churn) of each customer with every incident at 0.

    Customers without incidents (usually most) already are their own baseline; only the
    others are predicted again, with their incidents set to 0 and their traits (revenue,
    tenure, any covariates) as they are.
    """
    baseline = churn.copy()
    troubled = has_incidents(matrix, model.layout)
    if not troubled.any():
        return baseline
    clean = matrix[troubled].copy()
    clean[:, model.layout.incident_positions] = 0.0
    baseline[troubled] = model.predict_matrix(clean)
    return baseline


def score_churn(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """`churn_probability` and `baseline_churn_probability` of each customer, same index.

    The additive model gives both in one walk of its tables (the same numbers as two
    predictions); other models predict the rows with incidents again.
    """
    matrix = model.matrix(customers)
    if isinstance(model.estimator, OneWalkBaseline) and len(matrix):
        churn, baseline = model.estimator.churn_and_baseline(
            matrix, model.layout.incident_positions
        )
    else:
        churn = model.predict_matrix(matrix)
        baseline = baseline_probability(matrix, churn, model)
    return pd.DataFrame(
        {"churn_probability": churn, "baseline_churn_probability": baseline},
        index=customers.index,
    )


def rescore_changed(
    changed: pd.DataFrame, original: pd.DataFrame, original_churn: pd.Series, model: ChurnModel
) -> pd.Series:
    """Churn probabilities for `changed` customers, predicting only rows that differ.

    `changed` is `original` after a what-if; rows whose model features are untouched keep
    `original_churn`, so a lever that touches few customers costs few predictions.
    """
    new_matrix, old_matrix = model.matrix(changed), model.matrix(original)
    same = (new_matrix == old_matrix) | (np.isnan(new_matrix) & np.isnan(old_matrix))
    differs = ~np.all(same, axis=1)
    churn = original_churn.to_numpy(dtype="float64").copy()
    if differs.any():
        churn[differs] = model.predict_matrix(new_matrix[differs])
    return pd.Series(churn, index=changed.index, name="churn_probability")


def scored_customers(customers: pd.DataFrame, model: ChurnModel) -> pd.DataFrame:
    """The customers with their two churn probabilities; stale output columns dropped.

    A re-uploaded download carries old estimates; they are recomputed, never trusted.
    """
    fresh = customers.drop(columns=[c for c in OUTPUT_COLUMNS if c in customers.columns])
    fresh = model.layout.typed(fresh)
    return fresh.join(score_churn(fresh, model))


class OneColumnChanged:
    """Churn of some rows of a frame with one of the model's columns changed (one more
    outage hour, no complaint): what the price of every failure predicts, once per failure.

    For an additive model each row's terms are looked up once; a change then costs one
    lookup of the changed column and additions, giving `predict_matrix` of the changed
    rows to the last bit. Any other model predicts the changed rows.
    """

    def __init__(self, customers: pd.DataFrame, model: ChurnModel, rows: np.ndarray):
        """`rows`: which rows (a boolean mask) may be asked for; only theirs are kept."""
        self.model = model
        self.matrix = model.matrix(model.layout.typed(customers))[rows]
        self.kept = np.cumsum(rows) - 1  # a row's position among the kept ones
        additive = isinstance(model.estimator, AdditiveTerms)
        self.terms = model.estimator.terms(self.matrix) if additive else None

    def churn(self, rows: np.ndarray, column: str, values: np.ndarray) -> np.ndarray:
        """P(leave) of the rows at positions `rows` (of the whole frame, among the kept)
        with `column` set to `values`."""
        position = self.model.layout.columns.index(column)
        values = np.asarray(values, dtype=np.float64)
        rows = self.kept[rows]
        if self.terms is None:
            changed = self.matrix[rows].copy()
            changed[:, position] = values
            return self.model.predict_matrix(changed)
        terms = self.terms[rows]
        columns = [terms[:, j] for j in range(terms.shape[1])]
        columns[position] = self.model.estimator.effect(position, values)
        return self.model.estimator.churn_of_terms(columns)
