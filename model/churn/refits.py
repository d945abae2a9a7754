"""The model's own uncertainty: each refit's churn and baseline for the same customers.

A built-in or fitted model carries refits on resampled data (`ChurnModel.variants`);
their predictions for a portfolio are the "model" source of the range
(model.explain.range) and the ranges of the root causes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.churn.scoring import baseline_probability


@dataclass(frozen=True)
class ModelDraws:
    """Draws of each customer's churn and baseline (draws x customers), and where they came from."""

    churn: np.ndarray
    baseline: np.ndarray
    description: str

    def __post_init__(self) -> None:
        if self.churn.shape != self.baseline.shape or self.churn.ndim != 2:
            raise ValueError("churn and baseline draws must be arrays of the same 2-D shape")


def model_draws(scored: pd.DataFrame, models) -> ModelDraws | None:
    """Each refit's churn and baseline for the scored customers (through predict_matrix).

    `models` are the model's refits on resampled data (`ChurnModel.variants`); None when
    there are none, so the range says the model source is missing.
    """
    if not models:
        return None
    matrix = models[0].matrix(scored)
    churn, baseline = [], []
    for refit in models:
        predicted = refit.predict_matrix(matrix)
        churn.append(predicted)
        baseline.append(baseline_probability(matrix, predicted, refit))
    return ModelDraws(np.array(churn), np.array(baseline), f"{len(models)} refits on fresh samples")
