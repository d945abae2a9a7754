"""The churn model: near the best possible, calibrated, monotone, deterministic, loaded safely."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.schema import INCIDENT_FEATURES, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from data.synthetic import generate
from model.churn.loader import default_model
from model.churn.metrics import probability_metrics

UNSEEN_SEED = 424242  # not among the training, calibration or test seeds of the card


@pytest.fixture(scope="module")
def model():
    return default_model()


def test_on_unseen_customers_log_loss_is_within_3_percent_of_the_best_possible(model):
    fresh = generate(50_000, UNSEEN_SEED)
    assert UNSEEN_SEED not in model.card["training"]["sample_seeds"].values()
    metrics = probability_metrics(
        fresh["churned"], model.predict(fresh), fresh["true_churn_probability"]
    )
    assert metrics["log_loss"] <= 1.03 * metrics["bayes_optimal_log_loss"]
    assert metrics["expected_calibration_error"] < 0.015


def test_the_card_records_provenance_and_the_metrics_it_promises(model):
    card = model.card
    assert card["training"]["seed"] and card["training"]["n_train"] > 0
    assert set(card["library_versions"]) >= {"numpy", "scipy"}
    assert card["checks"]["monotone_in_every_incident_and_tenure"]
    assert card["checks"]["calibrated"]
    for key in (
        "roc_auc",
        "brier_score",
        "log_loss",
        "bayes_optimal_log_loss",
        "expected_calibration_error",
    ):
        assert key in card["metrics_on_held_out_test"]


incident_values = st.fixed_dictionaries(
    {
        "monthly_revenue": st.floats(0, 500),
        "tenure_months": st.floats(0, 240),
        "outage_hours": st.floats(0, 800),
        "support_calls": st.integers(0, 100),
        "unresolved_promises": st.integers(0, 20),
        "hours_on_phone": st.floats(0, 60),
        "agents_contacted": st.integers(0, 200),
        "escalations": st.integers(0, 10),
        "billing_errors": st.integers(0, 12),
        "regulator_complaint": st.integers(0, 1),
        "reshipped_orders": st.integers(0, 30),
    }
)


@settings(max_examples=200, deadline=None)
@given(
    customer=incident_values,
    feature=st.sampled_from(INCIDENT_FEATURES),
    increase=st.floats(0.01, 200),
)
def test_raising_any_incident_never_lowers_predicted_churn(model, customer, feature, increase):
    before = pd.DataFrame([customer])
    after = before.copy()
    after[feature] = 1 if feature == "regulator_complaint" else after[feature] + increase
    assert model.predict(after)[0] >= model.predict(before)[0]


def test_every_incident_raised_for_many_real_customers_never_lowers_churn(model):
    customers = generate(20_000, UNSEEN_SEED + 1)
    base = model.predict(customers)
    for feature in INCIDENT_FEATURES:
        worse = customers.copy()
        worse[feature] = (
            np.maximum(worse[feature] * 2, 1) if feature != "regulator_complaint" else 1
        )
        assert np.all(model.predict(worse) >= base), feature


def test_optional_columns_may_be_absent_and_count_as_zero(model):
    customers = generate(200, 3)
    without = customers[list(REQUIRED_COLUMNS)]
    zeroed = customers.copy()
    zeroed[list(OPTIONAL_COLUMNS)] = 0
    np.testing.assert_array_equal(model.predict(without), model.predict(zeroed))


def test_a_missing_required_column_is_an_error_not_a_silent_zero(model):
    with pytest.raises(KeyError, match="outage_hours"):
        model.predict(generate(5, 1).drop(columns="outage_hours"))


def test_churn_and_baseline_in_one_walk_equal_two_predictions_to_the_last_bit(model):
    from model.churn.scoring import baseline_probability, score_churn

    customers = generate(5_000, 11)
    matrix = model.matrix(customers)
    churn = model.predict_matrix(matrix)
    scored = score_churn(customers, model)
    np.testing.assert_array_equal(scored["churn_probability"].to_numpy(), churn)
    np.testing.assert_array_equal(
        scored["baseline_churn_probability"].to_numpy(), baseline_probability(matrix, churn, model)
    )
    clean = matrix.copy()
    clean[:, model.layout.incident_positions] = 0.0
    np.testing.assert_array_equal(
        scored["baseline_churn_probability"].to_numpy(), model.predict_matrix(clean)
    )
