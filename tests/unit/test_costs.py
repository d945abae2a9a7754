"""The money, to the cent, against values worked out by hand."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.money.assumptions import Assumptions, assumptions_from_dict
from model.money.costs import add_costs, cost_totals
from model.money.typical import MedianTally, typical_value
from tests.golden import GOLDEN_CASES


def scored_frame(case: dict) -> pd.DataFrame:
    row = case["customer"] | {
        "churn_probability": case["churn_probability"],
        "baseline_churn_probability": case["baseline_churn_probability"],
    }
    return pd.DataFrame([row])


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=[c["name"][:40] for c in GOLDEN_CASES])
def test_every_output_column_matches_the_hand_worked_golden_case(case):
    out = add_costs(scored_frame(case), assumptions_from_dict(case["assumptions"]))
    for column, expected in case["expected"].items():
        assert out.loc[0, column] == pytest.approx(expected, abs=0.005), column


def test_the_monthly_discount_rate_is_the_twelfth_root_of_the_annual_one():
    # (1.01)**12 - 1 per year is exactly 1 % a month
    one_percent_a_month = Assumptions(annual_discount_rate=1.01**12 - 1)
    assert one_percent_a_month.monthly_discount_rate == pytest.approx(0.01)
    assert Assumptions(annual_discount_rate=0.0).monthly_discount_rate == 0.0


def test_the_departure_discount_averages_twelve_months_of_discounting():
    # d = 0: nothing to discount; d = 1 %: (1/12) * (1 - 1.01**-12) / 0.01 = 0.9379231
    assert Assumptions(annual_discount_rate=0.0).departure_discount == 1.0
    one_percent = Assumptions(annual_discount_rate=1.01**12 - 1)
    assert one_percent.departure_discount == pytest.approx(0.93792312279)


def test_clv_uses_the_gupta_lehmann_margin_multiple_with_the_customers_own_retention():
    # default: 0.6 * r / (1 + d - r), r = (1 - baseline)**(1/12), d = 1.12**(1/12) - 1
    d = 1.12 ** (1 / 12) - 1
    r = 0.9 ** (1 / 12)  # baseline 0.1
    expected = 0.6 * 80 * r / (1 + d - r)
    frame = pd.DataFrame(
        [
            {
                "monthly_revenue": 80.0,
                "churn_probability": 0.2,
                "baseline_churn_probability": 0.1,
                "support_calls": 0,
                "outage_hours": 0.0,
            }
        ]
    )
    assert add_costs(frame, Assumptions()).loc[0, "clv"] == pytest.approx(expected)


def test_a_fixed_retention_replaces_every_customers_own():
    frame = pd.DataFrame(
        {
            "monthly_revenue": [10.0, 10.0],
            "churn_probability": [0.5, 0.5],
            "baseline_churn_probability": [0.1, 0.4],
        }
    )
    own = add_costs(frame, Assumptions(annual_discount_rate=0))["clv"]
    assert own[0] > own[1]  # the customer likelier to leave anyway is worth less
    fixed = add_costs(frame, Assumptions(annual_discount_rate=0, monthly_retention=0.9))["clv"]
    assert fixed.tolist() == pytest.approx([0.6 * 10 * 9, 0.6 * 10 * 9])


def test_a_baseline_of_zero_gives_a_finite_lifetime_value():
    frame = pd.DataFrame(
        {"monthly_revenue": [10.0], "churn_probability": [0.2], "baseline_churn_probability": [0.0]}
    )
    clv = add_costs(frame, Assumptions(annual_discount_rate=0))["clv"][0]
    assert clv == pytest.approx(0.6 * 10 * 0.9999 / 0.0001)


def test_unset_prospect_value_is_the_median_clv_of_the_portfolio():
    # clv multiple 0.5 * 0.9 / 0.1 = 4.5 (d = 0); clv 450 and 1,350: median 900.
    # customer 1: attributable 0.1, reach 10, in market 0.2, deterrence 0.5:
    # wom = 0.1*10*0.2*0.5*900 = 90
    assumptions = Assumptions(
        gross_margin=0.5,
        monthly_retention=0.9,
        annual_discount_rate=0,
        people_told=10,
        in_market_share=0.2,
        deterrence_rate=0.5,
    )
    frame = pd.DataFrame(
        {
            "monthly_revenue": [100.0, 300.0],
            "churn_probability": [0.3, 0.2],
            "baseline_churn_probability": [0.2, 0.2],
            "support_calls": [0, 0],
            "outage_hours": [0.0, 0.0],
        }
    )
    out = add_costs(frame, assumptions)
    assert out["word_of_mouth_loss"].tolist() == pytest.approx([90.0, 0.0])
    given = add_costs(frame, assumptions, prospect_value=100.0)
    assert given.loc[0, "word_of_mouth_loss"] == pytest.approx(10.0)


def test_one_outlying_customer_does_not_move_an_ordinary_customers_word_of_mouth():
    # the same two customers as above, then a third paying a trillion a month: with the mean
    # as the prospect value customer 1's word of mouth would be about 3e10; the median of
    # 450, 1,350 and 4.5e12 is 1,350, so it is 0.1*10*0.2*0.5*1350 = 135
    assumptions = Assumptions(
        gross_margin=0.5,
        monthly_retention=0.9,
        annual_discount_rate=0,
        people_told=10,
        in_market_share=0.2,
        deterrence_rate=0.5,
    )
    frame = pd.DataFrame(
        {
            "monthly_revenue": [100.0, 300.0, 1e12],
            "churn_probability": [0.3, 0.2, 0.2],
            "baseline_churn_probability": [0.2, 0.2, 0.2],
            "support_calls": [0, 0, 0],
            "outage_hours": [0.0, 0.0, 0.0],
        }
    )
    out = add_costs(frame, assumptions)
    assert out.loc[0, "word_of_mouth_loss"] == pytest.approx(135.0)


def test_the_typical_value_is_the_median_at_four_significant_figures_however_split():
    values = np.random.default_rng(3).lognormal(7, 1.2, 10_001)
    whole = typical_value(values)
    tally = MedianTally()
    for part in np.array_split(values, 7):
        tally.merge(MedianTally().add(part))
    assert tally.median() == whole  # exact, whatever the chunks
    assert whole == pytest.approx(np.median(values), rel=5e-4)
    assert typical_value(np.array([2475.31])) == 2475.0
    assert typical_value(np.array([])) == 0.0


def test_absent_optional_columns_cost_nothing_and_outputs_follow_the_input_columns():
    frame = pd.DataFrame(
        [
            {
                "customer_id": "A",
                "monthly_revenue": 10.0,
                "support_calls": 1,
                "outage_hours": 2.0,
                "Region": "N",
                "churn_probability": 0.2,
                "baseline_churn_probability": 0.2,
            }
        ]
    )
    out = add_costs(frame, Assumptions(cost_per_call=3, credit_per_outage_hour=1))
    assert out.loc[0, "service_cost"] == 5.0  # no hours_on_phone, no reshipped_orders: 0
    assert list(out.columns[:5]) == list(frame.columns[:5])
    assert out.columns[5] == "churn_probability"


@settings(deadline=None)
@given(
    churn=st.lists(st.floats(0, 1), min_size=1, max_size=20),
    baseline=st.floats(0, 1),
    calls=st.integers(0, 50),
)
def test_attributable_churn_and_every_cost_are_never_negative(churn, baseline, calls):
    frame = pd.DataFrame(
        {
            "monthly_revenue": 50.0,
            "churn_probability": churn,
            "baseline_churn_probability": baseline,
            "support_calls": calls,
            "outage_hours": 1.0,
            "regulator_complaint": 1,
        }
    )
    out = add_costs(frame, Assumptions())
    costs = [
        "attributable_churn_probability",
        "expected_lost_clv",
        "word_of_mouth_loss",
        "service_cost",
        "total_expected_cost",
    ]
    assert (out[costs].to_numpy() >= 0).all()


def test_totals_add_up_component_by_component():
    case = GOLDEN_CASES[0]
    out = add_costs(
        pd.concat([scored_frame(case)] * 3, ignore_index=True),
        assumptions_from_dict(case["assumptions"]),
    )
    totals = cost_totals(out)
    assert totals["total_expected_cost"] == pytest.approx(3 * 1175.0)
    np.testing.assert_allclose(totals.iloc[:3].sum(), totals["total_expected_cost"])


def test_at_the_defaults_word_of_mouth_is_no_larger_than_the_lost_lifetime_value():
    from model.cases.synthetic_portfolios import synthetic_portfolio
    from model.churn.loader import default_model
    from model.churn.scoring import scored_customers

    scored = scored_customers(synthetic_portfolio(10_000), default_model())
    totals = cost_totals(add_costs(scored, Assumptions()))
    assert totals["word_of_mouth_loss"] <= totals["expected_lost_clv"]
