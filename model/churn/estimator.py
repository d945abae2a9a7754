"""What a churn model's estimator must provide: P(leave) for each row of a feature matrix.

`ChurnModel` holds one estimator and asks it only this (`ChurnEstimator`): the project's
additive model (model.churn.additive), a history's boosted trees (model.churn.boosted) and
the generator's own law (model.churn.truth) all answer `churn_probability(matrix)`. An
estimator that can also give the baseline, every incident at 0, in the same walk of its
tables says so by having `churn_and_baseline` (`OneWalkBaseline`); scoring then predicts
once instead of twice. A scikit-learn classifier (`predict_proba`) is adapted once, when the
model is made (`as_churn_estimator`), so nothing downstream guesses which method to call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class ChurnEstimator(Protocol):
    """P(customer leaves within 12 months) for each row of a matrix in the model's columns."""

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        """One probability per row, in [0, 1], for a float matrix in the layout's order."""
        ...


@runtime_checkable
class OneWalkBaseline(ChurnEstimator, Protocol):
    """An estimator that gives today's churn and the baseline in one walk of its tables."""

    def churn_and_baseline(
        self, matrix: np.ndarray, incident_positions: list[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """P(leave) per row, and P(leave) with the columns at `incident_positions` at 0;
        both equal to `churn_probability` of their matrices."""
        ...


@runtime_checkable
class AdditiveTerms(ChurnEstimator, Protocol):
    """An estimator whose log-odds are an intercept plus one term per column (the additive
    model): variants of the same rows are then predicted by adding terms already looked
    up (model.churn.shapley's subsets, model.explain.failure_prices' one unit more)."""

    def terms(self, matrix: np.ndarray) -> np.ndarray:
        """Each column's term for each row: (rows, columns)."""
        ...

    def churn_of_terms(self, terms: Sequence[np.ndarray]) -> np.ndarray:
        """P(leave) from one term per column, in order (arrays that broadcast); equal to
        `churn_probability` of the matrix the terms came from, to the last bit."""
        ...

    def effect(self, position: int, values: np.ndarray) -> np.ndarray:
        """The term of the column at `position` for these values."""
        ...


@runtime_checkable
class ProbabilityClassifier(Protocol):
    """scikit-learn's shape of a classifier: `predict_proba` gives (rows, 2), stay then leave."""

    def predict_proba(self, matrix: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class ClassifierEstimator:
    """A scikit-learn style classifier as a `ChurnEstimator`: P(leave) is its second column."""

    classifier: ProbabilityClassifier

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        return self.classifier.predict_proba(matrix)[:, 1]


def as_churn_estimator(estimator: ChurnEstimator | ProbabilityClassifier) -> ChurnEstimator:
    """The estimator itself when it gives `churn_probability` (preferred when it has both),
    a classifier adapted when it gives only `predict_proba`; TypeError for anything else."""
    if isinstance(estimator, ChurnEstimator):
        return estimator
    if isinstance(estimator, ProbabilityClassifier):
        return ClassifierEstimator(estimator)
    raise TypeError(
        f"A churn model's estimator gives churn_probability(matrix) or predict_proba(matrix); "
        f"{type(estimator).__name__} gives neither."
    )
