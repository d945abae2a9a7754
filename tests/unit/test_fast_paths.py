"""The snapshot's fast paths give the slow paths' numbers, bit for bit, on a few thousand
customers: the additive model's terms added instead of predicting (Shapley subsets, one
unit more of each failure) and the failure prices' money as arrays instead of frames.

The slow paths are what the code did before (kept here as references, or still taken by
a model that is not additive), so a change of any fast path that moves a figure fails."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from data.synthetic import generate
from model.churn import ChurnModel, churn_shapley, default_model, scored_customers
from model.churn.additive import AdditiveLogit
from model.churn.estimator import AdditiveTerms
from model.explain import bumped_scores, failure_prices
from model.explain.failure_prices import COMPLAINT, failures_of
from model.money import Assumptions, add_costs

CUSTOMERS = 4_000


@dataclass(frozen=True)
class PredictOnly:
    """The same fitted tables, seen only through `churn_probability`: the slow path."""

    tables: AdditiveLogit

    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        return self.tables.churn_probability(matrix)


@pytest.fixture(scope="module")
def model() -> ChurnModel:
    return default_model()


@pytest.fixture(scope="module")
def slow_model(model) -> ChurnModel:
    slow = ChurnModel(PredictOnly(model.estimator), model.card, layout=model.layout)
    assert not isinstance(slow.estimator, AdditiveTerms)
    return slow


@pytest.fixture(scope="module")
def scored(model) -> pd.DataFrame:
    customers = generate(CUSTOMERS, 11).drop(columns=["true_churn_probability", "churned"])
    return scored_customers(customers, model)


def test_the_additive_model_is_taken_by_the_fast_path(model):
    assert isinstance(model.estimator, AdditiveTerms)


def test_shapley_shares_from_added_terms_equal_predicted_subsets_bit_for_bit(
    model, slow_model, scored
):
    fast = churn_shapley(scored, model)
    slow = churn_shapley(scored, slow_model)
    assert np.count_nonzero(fast.churn) > CUSTOMERS  # many customers, several incidents
    assert np.array_equal(fast.churn, slow.churn)
    assert np.array_equal(fast.complaint_churn, slow.complaint_churn)


def _old_bumped_scores(scored: pd.DataFrame, model: ChurnModel) -> dict[str, pd.DataFrame]:
    """bumped_scores as it was: every failure's customers re-scored whole."""
    bumped = {}
    for name in failures_of(model):
        if name not in scored.columns:
            continue
        counts = pd.to_numeric(scored[name], errors="coerce")
        having = scored.loc[counts > 0]
        if having.empty:
            continue
        changed = having.copy()
        changed[name] = 0 if name == COMPLAINT else counts.loc[having.index] + 1
        scores = ["churn_probability", "baseline_churn_probability"]
        bumped[name] = scored_customers(changed.drop(columns=scores), model)
    return bumped


def test_one_unit_more_from_added_terms_equals_rescoring_the_customers_bit_for_bit(
    model, slow_model, scored
):
    old = _old_bumped_scores(scored, model)
    assert set(old) >= {"outage_hours", "support_calls", "regulator_complaint"}
    for new in (bumped_scores(scored, model), bumped_scores(scored, slow_model)):
        assert set(new) == set(old)
        for name, frame in old.items():
            for column in ("churn_probability", "baseline_churn_probability", name):
                assert np.array_equal(
                    new[name][column].to_numpy(dtype="float64"),
                    frame[column].to_numpy(dtype="float64"),
                ), (name, column)
            assert new[name].index.equals(frame.index)


def _old_failure_prices(scored, bumped, assumptions, prospect_value) -> pd.DataFrame:
    """failure_prices' money as it was: add_costs of whole frames."""
    today = add_costs(scored, assumptions, prospect_value)
    rows = []
    for name, changed in bumped.items():
        after = add_costs(changed, assumptions, prospect_value)
        before = today.loc[changed.index]
        sign = -1.0 if name == COMPLAINT else 1.0
        handling = sign * (after["service_cost"] - before["service_cost"])
        total = sign * (after["total_expected_cost"] - before["total_expected_cost"])
        rows.append(
            {
                "failure": name,
                "price_per_unit": float(total.mean()),
                "expected_to_be_lost": float((total - handling).mean()),
                "handling": float(handling.mean()),
            }
        )
    return pd.DataFrame(rows).set_index("failure").sort_index()


@pytest.mark.parametrize(
    "assumptions",
    [Assumptions(), Assumptions(departure_cost="cheaper", people_told=12.0, cost_per_call=7.68)],
)
def test_failure_prices_from_money_arrays_equal_the_frames_bit_for_bit(model, scored, assumptions):
    old_bumped = _old_bumped_scores(scored, model)
    old = _old_failure_prices(scored, old_bumped, assumptions, 812.5)
    new = failure_prices(scored, bumped_scores(scored, model), assumptions, 812.5)
    new = new.set_index("failure").sort_index()[old.columns]
    pd.testing.assert_frame_equal(new, old, check_exact=True)
