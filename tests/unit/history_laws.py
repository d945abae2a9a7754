"""Constructed histories whose law is known, for the tests of a model fitted to a history.

Each is the synthetic generator's customers (its contract columns) with a company's own
columns added: a declared incident `dropped_calls` and a trait `plan`, and a churn law
written here, so the right answer of every test is known by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate, true_churn_probability
from data.validation import validate

PLANS = ("basic", "plus", "gold")
#: The trait's effect on the log-odds: it moves the baseline only.
PLAN_EFFECT = {"basic": -0.4, "plus": 0.0, "gold": 0.9}
#: Each dropped call multiplies the odds of leaving by exp(DROPPED_CALL_EFFECT).
DROPPED_CALL_EFFECT = 0.45


def logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def customers_with_traits(rows: int, seed: int) -> pd.DataFrame:
    customers = generate(rows, seed).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
    rng = np.random.default_rng(seed + 100)
    return customers.assign(
        dropped_calls=rng.poisson(0.7, rows),
        plan=rng.choice(PLANS, rows),
        usage=rng.gamma(2.0, 50.0, rows).round(1),
    )


def additive_law(customers: pd.DataFrame) -> np.ndarray:
    """The generator's law, plus the plan on the baseline and dropped calls on top."""
    z = logit(true_churn_probability(customers))
    z = z + customers["plan"].map(PLAN_EFFECT).to_numpy(float)
    z = z + DROPPED_CALL_EFFECT * customers["dropped_calls"].to_numpy(float)
    return 1 / (1 + np.exp(-z))


def interaction_law(customers: pd.DataFrame) -> np.ndarray:
    """Dropped calls drive basic-plan customers away, and gold-plan ones hardly at all."""
    z = logit(true_churn_probability(customers))
    plan = customers["plan"].to_numpy()
    strength = np.select([plan == "basic", plan == "plus"], [1.0, 0.4], 0.05)
    z = z + strength * customers["dropped_calls"].to_numpy(float)
    z = z + 0.004 * (customers["usage"].to_numpy(float) - 100)
    return 1 / (1 + np.exp(-z))


def history(rows: int, seed: int, law=additive_law) -> pd.DataFrame:
    """Validated customers with `churned` drawn from the law."""
    customers = customers_with_traits(rows, seed)
    rng = np.random.default_rng(seed + 200)
    churned = (rng.random(rows) < law(customers)).astype(int)
    return validate(customers.assign(churned=churned)).valid
