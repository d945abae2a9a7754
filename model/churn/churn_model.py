"""The churn model as the rest of the product uses it: a fitted model and its card, predicting.

Reading and writing the artefact (hash-checked before anything is read) is
`model.churn.artefact`; deciding what to do when a saved model does not match its card is
`model.churn.loader`. This module only predicts, so everything else may import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from model.churn.card import ModelCard
from model.churn.estimator import ChurnEstimator, as_churn_estimator
from model.churn.layout import BUILT_IN_LAYOUT, FeatureLayout


def feature_matrix(customers: pd.DataFrame, layout: FeatureLayout = BUILT_IN_LAYOUT) -> np.ndarray:
    """The model's input as a float matrix in the layout's column order (MODEL_FEATURES for
    the built-in model), absent optional contract columns at 0.

    The contract defaults optional columns to 0 when absent; a required column that is
    absent is an error, never a silent 0 (model.churn.layout).
    """
    return layout.matrix(customers)


@dataclass(frozen=True)
class ChurnModel:
    """A fitted churn model with its model card.

    `estimator` gives P(leave) through `churn_probability(matrix)` (model.churn.estimator:
    the project's additive model, a history's boosted trees); a scikit-learn classifier
    (`predict_proba`) is adapted once, here. `card` is a `ModelCard` (a plain dict is read
    into one). `variants` are refits of the same model on
    resampled data and other settings: the spread of their root causes is how sure the
    model is of its own (model.churn.root_causes). `layout` says which columns it reads
    and which are incidents: the contract's for the built-in model, with a history's
    declared incidents and covariates for a model fitted to it (model.churn.layout).
    """

    estimator: ChurnEstimator
    card: ModelCard
    variants: tuple[ChurnModel, ...] = field(default=(), repr=False)
    layout: FeatureLayout = BUILT_IN_LAYOUT

    def __post_init__(self) -> None:
        object.__setattr__(self, "estimator", as_churn_estimator(self.estimator))
        if not isinstance(self.card, ModelCard):
            object.__setattr__(self, "card", ModelCard.from_dict(self.card))

    @property
    def incidents(self) -> tuple[str, ...]:
        """Every incident the model prices: the contract's, then any declared."""
        return self.layout.incidents

    @property
    def is_built_in(self) -> bool:
        """Fitted on the synthetic generator (not on a company's history)."""
        return self.card.is_built_in

    def matrix(self, customers: pd.DataFrame) -> np.ndarray:
        return self.layout.matrix(customers)

    def predict(self, customers: pd.DataFrame) -> np.ndarray:
        """P(customer leaves within 12 months), one per row, for a frame in the contract."""
        return self.predict_matrix(self.matrix(customers))

    def predict_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """As `predict`, for a matrix already in the layout's column order (skips the copy)."""
        if len(matrix) == 0:
            return np.empty(0, dtype=np.float64)
        return self.estimator.churn_probability(matrix)
