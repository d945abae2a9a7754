"""A company's own history with its own incidents and traits, fitted on 12,000 customers
(seconds each): a declared incident with a known effect gets its share, and an incident that
interacts with a trait is fitted as well as gradient boosting. The fast tests, and the laws'
description, are in tests/unit/test_declared_history.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.churn import ChurnModel, root_cause_table
from model.churn.history_fit import train_on_history
from tests.unit.history_laws import (
    DROPPED_CALL_EFFECT,
    additive_law,
    customers_with_traits,
    history,
    interaction_law,
)
from tests.unit.test_declared_history import COVARIATES, INCIDENTS


class Law:
    """A constructed law as a model with the fitted model's layout (for root causes)."""

    def __init__(self, law, layout):
        self.law, self.layout = law, layout

    def churn_probability(self, matrix):
        columns = self.layout.columns
        frame = pd.DataFrame(matrix[:, : len(columns)], columns=list(columns))
        plans = [c for c in columns if c.startswith("plan=")]
        frame["plan"] = np.where(
            frame[plans].to_numpy().any(axis=1),
            np.array([c.split("=", 1)[1] for c in plans])[frame[plans].to_numpy().argmax(axis=1)],
            "plus",
        )
        return self.law(frame)


@pytest.fixture(scope="module")
def additive_fit():
    return train_on_history(
        history(12_000, 21), incidents=INCIDENTS, covariates=COVARIATES, compare_plain=False
    )


@pytest.mark.slow
def test_a_declared_incident_with_a_known_effect_gets_its_share(additive_fit):
    fresh = customers_with_traits(4_000, 22)
    fitted = root_cause_table(fresh, additive_fit)
    truth = root_cause_table(
        fresh, ChurnModel(Law(additive_law, additive_fit.layout), {}, layout=additive_fit.layout)
    )
    share, law_share = fitted.loc["dropped_calls", "share"], truth.loc["dropped_calls", "share"]
    low, high = fitted.loc["dropped_calls", ["low", "high"]]
    # within the refits' range widened by the 3 points a shown share promises
    assert low - 0.03 <= law_share <= high + 0.03, (share, law_share, low, high)
    assert share == pytest.approx(law_share, abs=0.05)
    assert DROPPED_CALL_EFFECT > 0 and share > 0.1


@pytest.mark.slow
def test_an_incident_that_interacts_with_a_trait_is_fitted_within_5_percent_of_boosting():
    rows = history(12_000, 31, law=interaction_law)
    model = train_on_history(rows, incidents=INCIDENTS, covariates=COVARIATES)
    ours = model.card["metrics_on_held_out_test"]["log_loss"]
    boosting = model.card["plain_models_on_held_out_test"]["gradient_boosting"]["log_loss"]
    assert ours <= 1.05 * boosting, (ours, boosting)
    assert model.card["checks"]["as_good_as_plain_models"]
    assert model.card["checks"]["calibrated"]
    # and the fit learnt the interaction: a dropped call hurts basic far more than gold
    customer = customers_with_traits(1, 32).assign(usage=100.0)
    lift = {
        plan: model.predict(customer.assign(plan=plan, dropped_calls=3))[0]
        - model.predict(customer.assign(plan=plan, dropped_calls=0))[0]
        for plan in ("basic", "gold")
    }
    assert lift["basic"] > 3 * lift["gold"]
