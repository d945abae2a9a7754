"""The synthetic generator's own law, in the shape of a churn model.

The built-in model is trained on `data.synthetic`, whose true probability per customer is
known; wrapped as a `ChurnModel`, that law goes through exactly the same root-cause and
effect code as the model, so the Model page and the tests can put the two side by side.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import MODEL_FEATURES
from data.synthetic import true_churn_probability
from model.churn.churn_model import ChurnModel


class GeneratorLaw:
    """P(leave) as the generator draws it, for a matrix in MODEL_FEATURES order."""

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        return true_churn_probability(pd.DataFrame(matrix, columns=list(MODEL_FEATURES)))


def generator_truth() -> ChurnModel:
    """The generator's law as a model: what the built-in model should have learned."""
    return ChurnModel(estimator=GeneratorLaw(), card={"model": "the generator's own law"})
