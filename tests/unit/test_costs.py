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
    # the first golden case prices its departures as their replacement: 1130 each
    assert totals["total_expected_cost"] == pytest.approx(3 * 1130.0)
    np.testing.assert_allclose(totals.iloc[:3].sum(), totals["total_expected_cost"])


def test_at_the_defaults_word_of_mouth_is_no_larger_than_the_lost_lifetime_value():
    from model.cases.synthetic_portfolios import synthetic_portfolio
    from model.churn.loader import default_model
    from model.churn.scoring import scored_customers

    scored = scored_customers(synthetic_portfolio(10_000), default_model())
    totals = cost_totals(add_costs(scored, Assumptions()))
    # at the defaults a departure is priced at its lost value
    assert totals["word_of_mouth_loss"] <= totals["expected_departure_cost"]


def _one_customer(**columns) -> pd.DataFrame:
    row = {
        "customer_id": "T1",
        "monthly_revenue": 100.0,
        "churn_probability": 0.5,
        "baseline_churn_probability": 0.2,
    }
    return pd.DataFrame([row | columns])


def test_staff_turnover_is_the_phone_hours_share_of_an_agents_replacement():
    # 10 hours on the phone are 10/2000 = 0.5 % of an agent's year; agents leave at 40 % a
    # year and cost $8,000 to replace: 10 * 0.4 * 8000 / 2000 = $16, inside service_cost
    # (10 hours at $0 an hour, so the service cost is the turnover alone)
    assumptions = Assumptions(
        agent_attrition_rate=0.4,
        cost_to_replace_agent=8_000,
        agent_hours_per_year=2_000,
        cost_per_agent_hour=0,
        cost_per_call=0,
    )
    out = add_costs(_one_customer(hours_on_phone=10.0), assumptions)
    assert out.loc[0, "staff_turnover_cost"] == pytest.approx(16.0)
    assert out.loc[0, "service_cost"] == pytest.approx(16.0)


def test_staff_turnover_at_the_defaults_is_three_dollars_an_hour():
    # 35 % a year * $12,500 / 1,456 productive hours (2,080 less 30 % shrinkage) = $3.0048
    assert Assumptions().turnover_per_phone_hour == pytest.approx(0.35 * 12_500 / 1_456)
    out = add_costs(_one_customer(hours_on_phone=12.0), Assumptions())
    assert out.loc[0, "staff_turnover_cost"] == pytest.approx(12 * 0.35 * 12_500 / 1_456)


def test_no_phone_hours_column_means_no_staff_turnover():
    out = add_costs(_one_customer(), Assumptions())
    assert out.loc[0, "staff_turnover_cost"] == 0.0


# d = 0 (departure discount 1) and r = 0.9 fixed: clv = 0.5 * 100 * 0.9 / 0.1 = 450;
# attributable = 0.5 - 0.2 = 0.3; replacement = 200 + 0.5 * 100 * 2 months = 300.
_PRICED = {
    "gross_margin": 0.5,
    "monthly_retention": 0.9,
    "annual_discount_rate": 0.0,
    "acquisition_cost": 200,
    "months_to_replace": 2,
}


@pytest.mark.parametrize(
    ("way", "departure"),
    [
        ("lost_value", 0.3 * 450),  # the lost clv: 135
        ("replacement", 0.3 * 300),  # acquisition and two months' margin: 90
        ("cheaper", 0.3 * min(450, 300)),  # the replacement is cheaper here: 90
    ],
)
def test_each_way_of_pricing_a_departure_by_hand(way, departure):
    out = add_costs(_one_customer(), assumptions_from_dict(_PRICED | {"departure_cost": way}))
    assert out.loc[0, "expected_departure_cost"] == pytest.approx(departure)
    # the lost clv stays as it was, a reference column, whatever the way
    assert out.loc[0, "expected_lost_clv"] == pytest.approx(135.0)
    # never both added: the total holds the departure cost once and the lost clv not at all
    others = out.loc[0, "word_of_mouth_loss"] + out.loc[0, "service_cost"]
    assert out.loc[0, "total_expected_cost"] == pytest.approx(departure + others)


def test_a_costly_replacement_leaves_the_cheaper_way_at_the_lost_value():
    # replacement = 2000 + 0.5 * 100 * 2 = 2100 > clv 450: the cheaper is the clv, 0.3 * 450
    values = _PRICED | {"departure_cost": "cheaper", "acquisition_cost": 2_000}
    out = add_costs(_one_customer(), assumptions_from_dict(values))
    assert out.loc[0, "expected_departure_cost"] == pytest.approx(135.0)


@settings(max_examples=60, deadline=None)
@given(
    revenue=st.lists(st.floats(0, 500).map(lambda v: round(v, 2)), min_size=1, max_size=8),
    baseline=st.floats(0.0, 0.9),
    extra=st.floats(0.0, 0.1),
    acquisition=st.floats(0, 3_000),
    months=st.floats(0, 24),
)
def test_the_cheaper_way_never_exceeds_either_customer_by_customer(
    revenue, baseline, extra, acquisition, months
):
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in range(len(revenue))],
            "monthly_revenue": revenue,
            "churn_probability": baseline + extra,
            "baseline_churn_probability": baseline,
        }
    )
    base = Assumptions(acquisition_cost=acquisition, months_to_replace=months, prospect_value=100)
    ways = {
        way: add_costs(frame, base.with_changes(departure_cost=way))["expected_departure_cost"]
        for way in ("lost_value", "replacement", "cheaper")
    }
    assert (ways["cheaper"] <= ways["lost_value"] + 1e-9).all()
    assert (ways["cheaper"] <= ways["replacement"] + 1e-9).all()


def test_an_unknown_way_of_pricing_a_departure_is_refused_by_name():
    with pytest.raises(ValueError, match="departure_cost"):
        Assumptions(departure_cost="both")
