"""The generator: reproducible, realistic, and true to its written story."""

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES, INPUT_COLUMNS
from data.synthetic import generate, monthly_base_churn, true_churn_probability
from data.validation import validate


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return generate(100_000, seed=7)


def test_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    pd.testing.assert_frame_equal(generate(2_000, 1), generate(2_000, 1))
    assert not generate(2_000, 1)["outage_hours"].equals(generate(2_000, 2)["outage_hours"])


def test_rows_meet_the_data_contract(customers):
    contract = [c.name for c in INPUT_COLUMNS]
    assert list(customers.columns[: len(contract)]) == contract
    result = validate(customers[contract].astype(str))
    assert result.rejected.empty


def test_most_customers_have_no_incidents_and_a_heavy_tail_has_many(customers):
    no_incidents = (customers[list(INCIDENT_FEATURES)] == 0).all(axis=1).mean()
    assert 0.55 < no_incidents < 0.75
    assert customers["support_calls"].quantile(0.99) >= 10
    assert customers["outage_hours"].quantile(0.99) >= 24


def test_incidents_are_correlated_long_outages_bring_calls(customers):
    long_outage = customers["outage_hours"] > 24
    assert (
        customers.loc[long_outage, "support_calls"].mean() > 3 * customers["support_calls"].mean()
    )
    assert (customers["agents_contacted"] >= customers["support_calls"]).all()
    assert (customers.loc[customers["support_calls"] == 0, "hours_on_phone"] == 0).all()


def test_base_monthly_churn_without_incidents_is_between_1_and_2_percent():
    tenure = np.array([0.0, 12.0, 60.0, 240.0])
    assert np.all((monthly_base_churn(tenure) >= 0.01) & (monthly_base_churn(tenure) <= 0.02))
    assert np.all(np.diff(monthly_base_churn(tenure)) < 0)


def test_churned_is_drawn_from_the_true_probability(customers):
    assert abs(customers["churned"].mean() - customers["true_churn_probability"].mean()) < 0.01


@pytest.mark.parametrize("feature", INCIDENT_FEATURES)
def test_true_churn_never_falls_when_an_incident_rises(customers, feature):
    sample = customers.head(5_000)
    more = sample.copy()
    more[feature] = more[feature] + (1 if feature != "regulator_complaint" else 0)
    if feature == "regulator_complaint":
        more[feature] = 1
    assert np.all(true_churn_probability(more) >= true_churn_probability(sample))


def test_each_missed_promise_multiplies_the_odds_by_one_and_a_half(customers):
    one = customers.head(100).copy()
    two = one.copy()
    two["unresolved_promises"] += 1
    odds = lambda p: p / (1 - p)  # noqa: E731
    ratio = odds(true_churn_probability(two)) / odds(true_churn_probability(one))
    np.testing.assert_allclose(ratio, 1.5)
