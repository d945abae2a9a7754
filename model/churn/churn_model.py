"""The churn model as the rest of the product uses it: a fitted model and its card, predicting.

Reading and writing the artefact (hash-checked before anything is read) is
`model.churn.artefact`; deciding what to do when a saved model does not match its card is
`model.churn.loader`. This module only predicts, so everything else may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from data.schema import COLUMNS_BY_NAME, MODEL_FEATURES


def feature_matrix(customers: pd.DataFrame) -> np.ndarray:
    """The model's input: MODEL_FEATURES as a float matrix, absent optional columns at 0.

    The contract defaults optional columns to 0 when absent; a required column that is
    absent is an error, never a silent 0.
    """
    matrix = np.zeros((len(customers), len(MODEL_FEATURES)), dtype=np.float64)
    for position, name in enumerate(MODEL_FEATURES):
        if name in customers.columns:
            matrix[:, position] = customers[name].to_numpy(dtype=np.float64)
        elif COLUMNS_BY_NAME[name].required:
            raise KeyError(f"Required column {name} missing")
    return matrix


@dataclass(frozen=True)
class ChurnModel:
    """A fitted churn model with its model card.

    `estimator` gives P(leave) through `churn_probability(matrix)` (the project's additive
    model) or scikit-learn's `predict_proba`. `variants` are refits of the same model on
    resampled data and other settings: the spread of their root causes is how sure the
    model is of its own (model.churn.root_causes).
    """

    estimator: Any
    card: dict
    variants: tuple[ChurnModel, ...] = field(default=(), repr=False)

    def predict(self, customers: pd.DataFrame) -> np.ndarray:
        """P(customer leaves within 12 months), one per row, for a frame in the contract."""
        return self.predict_matrix(feature_matrix(customers))

    def predict_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """As `predict`, for a matrix already in MODEL_FEATURES order (skips the copy)."""
        if len(matrix) == 0:
            return np.empty(0, dtype=np.float64)
        probability = getattr(self.estimator, "churn_probability", None)
        if probability is not None:
            return probability(matrix)
        return self.estimator.predict_proba(matrix)[:, 1]
