"""A price for every failure: one more unit of it, averaged over the customers who have it,
against values worked out by hand."""

import pandas as pd
import pytest

from model.churn import scored_customers
from model.explain import bumped_scores, failure_prices
from tests.unit.test_attribution import ASSUMPTIONS, customer, formula_model

# Churn 0.05 + 0.02 a call + 0.1 with a complaint; the baseline (no incidents) is 0.05.
MODEL = formula_model(
    lambda f: 0.05 + 0.02 * f["support_calls"] + 0.1 * (f["regulator_complaint"] > 0)
)


def _prices():
    customers = pd.DataFrame(
        [customer(support_calls=2), customer(support_calls=4, regulator_complaint=1)]
    )
    scored = scored_customers(customers, MODEL)
    return failure_prices(scored, bumped_scores(scored, MODEL), ASSUMPTIONS).set_index("failure")


def test_one_more_call_is_priced_by_hand_and_averaged_over_the_customers_with_calls():
    # clv = 0.5 * 100 * 0.9 / 0.1 = 450 (d = 0, departure discount 1); word of mouth per
    # departure = 10 told * 0.1 in market * 0.5 deterred * 200 = 100, 300 with the complaint.
    # One more call: +0.02 churn and a call's 5 of handling.
    #   customer 1: 0.02 * (450 + 100) + 5 = 16;  customer 2: 0.02 * (450 + 300) + 5 = 20.
    calls = _prices().loc["support_calls"]
    assert calls["customers_with_it"] == 2
    assert calls["price_per_unit"] == pytest.approx(18.0)
    assert calls["handling"] == pytest.approx(5.0)
    assert calls["expected_to_be_lost"] == pytest.approx(13.0)
    assert calls["unit"] == "one call"


def test_the_complaint_is_priced_with_it_against_without_it():
    # With: churn 0.05 + 0.08 + 0.1, attributable 0.18: 0.18 * (450 + 300) = 135, handling
    # 4 * 5 + 100 = 120, total 255. Without: attributable 0.08: 0.08 * 550 = 44 + 20 = 64.
    complaint = _prices().loc["regulator_complaint"]
    assert complaint["customers_with_it"] == 1
    assert complaint["price_per_unit"] == pytest.approx(255.0 - 64.0)
    assert complaint["handling"] == pytest.approx(100.0)
    assert complaint["expected_to_be_lost"] == pytest.approx(91.0)


def test_failures_no_customer_has_are_not_priced_and_the_dearest_comes_first():
    prices = _prices()
    assert set(prices.index) == {"support_calls", "regulator_complaint"}
    assert list(prices["price_per_unit"]) == sorted(prices["price_per_unit"], reverse=True)


def test_an_unset_prospect_value_is_the_portfolios_median_lifetime_value_not_its_mean():
    # Revenues 100, 100 and 10,000 with the same baseline: clv 450, 450 and 45,000. The
    # median (450) prices a won prospect, as everywhere else; the mean (15,300) would let
    # the one outlying customer multiply word of mouth's share of every failure's price.
    customers = pd.DataFrame(
        [
            customer(support_calls=2) | {"customer_id": "a"},
            customer(support_calls=2) | {"customer_id": "b"},
            customer(support_calls=2) | {"customer_id": "c", "monthly_revenue": 10_000.0},
        ]
    )
    scored = scored_customers(customers, MODEL)
    bumped = bumped_scores(scored, MODEL)
    unset = failure_prices(scored, bumped, ASSUMPTIONS.with_changes(prospect_value=None))
    median = failure_prices(scored, bumped, ASSUMPTIONS.with_changes(prospect_value=450.0))
    pd.testing.assert_frame_equal(unset, median)
