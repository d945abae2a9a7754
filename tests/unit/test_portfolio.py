"""What the dashboard shows about a portfolio, on small frames whose answers are known."""

import numpy as np
import pandas as pd
import pytest

from data.digest import frame_digest
from data.schema import GENERATOR_TRUTH_COLUMNS, INPUT_COLUMNS, OUTPUT_COLUMNS
from model.cases.case_study import (
    CASE_STUDY_CUSTOMER,
    case_customer,
    fix_savings,
    fix_scenarios,
    scored_fixes,
)
from model.cases.synthetic_portfolios import DASHBOARD_SEED, synthetic_portfolio
from model.churn.loader import default_model
from model.churn.scoring import scored_customers
from model.churn.shapley import churn_shapley
from model.explain.money_split import cost_by_root_cause
from model.explain.portfolio import (
    component_totals,
    concentration_curve,
    costliest_customers,
    download_frame,
    headline,
    root_cause_totals,
    top_share,
)
from model.money.assumptions import Assumptions
from model.money.costs import COST_COMPONENTS, add_costs
from model.money.estimate import estimate
from model.money.scenario import LEVER_INFO, Scenario


@pytest.fixture(scope="module")
def estimates() -> pd.DataFrame:
    return estimate(synthetic_portfolio(500), default_model(), Assumptions())


def test_the_synthetic_portfolio_has_the_contracts_columns_and_no_truth():
    customers = synthetic_portfolio(50)
    assert list(customers.columns) == [column.name for column in INPUT_COLUMNS]
    assert not set(GENERATOR_TRUTH_COLUMNS) & set(customers.columns)


def test_a_size_names_one_synthetic_portfolio():
    pd.testing.assert_frame_equal(synthetic_portfolio(30), synthetic_portfolio(30, DASHBOARD_SEED))
    assert not synthetic_portfolio(30).equals(synthetic_portfolio(30, DASHBOARD_SEED + 1))


def test_the_digest_of_a_frame_changes_with_any_value():
    customers = synthetic_portfolio(20)
    same = synthetic_portfolio(20)
    changed = customers.copy()
    changed.loc[3, "support_calls"] += 1
    assert frame_digest(customers) == frame_digest(same)
    assert frame_digest(customers) != frame_digest(changed)


@pytest.mark.parametrize(
    ("costs", "share", "expected"),
    [
        ([10, 0, 0, 0, 0], 0.1, 1.0),  # top 10 % of 5 is the 1 costliest, who carries all
        ([1] * 10, 0.1, 0.1),  # equal costs: a tenth of customers carries a tenth
        ([4, 3, 2, 1] + [0] * 16, 0.1, 0.7),  # 2 of 20 customers: (4 + 3) / 10
        ([1, 2, 3, 4], 1.0, 1.0),
        ([0, 0, 0], 0.1, 0.0),  # nothing to carry: 0, not NaN
        ([], 0.1, 0.0),
    ],
)
def test_top_share_is_the_share_carried_by_the_costliest_customers(costs, share, expected):
    assert top_share(pd.Series(costs, dtype="float64"), share) == pytest.approx(expected)


def test_top_share_refuses_a_share_outside_zero_to_one():
    with pytest.raises(ValueError, match="share_of_customers"):
        top_share(pd.Series([1.0]), 1.5)


def test_the_concentration_curve_runs_from_nothing_to_everything_and_never_falls():
    costs = pd.Series(np.random.default_rng(1).exponential(1.0, 997))
    curve = concentration_curve(costs, points=51)
    assert len(curve) == 51
    assert curve["cost_share"].iloc[0] == 0.0
    assert curve["cost_share"].iloc[-1] == pytest.approx(1.0)
    assert curve["cost_share"].is_monotonic_increasing
    # above the diagonal: the costliest come first
    assert (curve["cost_share"] >= curve["customer_share"] - 1e-12).all()
    at_tenth = curve.loc[curve["customer_share"].round(6) == 0.1, "cost_share"].item()
    assert at_tenth == pytest.approx(top_share(costs, 0.1))


def test_the_concentration_curve_of_a_costless_portfolio_is_flat():
    curve = concentration_curve(pd.Series([0.0, 0.0]), points=3)
    assert (curve["cost_share"] == 0).all()


def test_the_costliest_customers_come_first_with_their_cost_beside_their_id(estimates):
    top = costliest_customers(estimates, 5)
    assert len(top) == 5
    assert list(top.columns[:5]) == ["customer_id", "total_expected_cost", *COST_COMPONENTS]
    assert top["total_expected_cost"].is_monotonic_decreasing
    assert top["total_expected_cost"].iloc[0] == estimates["total_expected_cost"].max()


def test_the_headline_sums_the_estimate(estimates):
    figures = headline(estimates)
    assert figures.customers == 500
    assert figures.expected_churners == pytest.approx(
        estimates["attributable_churn_probability"].sum()
    )
    assert figures.total_expected_cost == pytest.approx(
        figures.expected_departure_cost + figures.word_of_mouth_loss + figures.service_cost
    )
    assert component_totals(estimates).sum() == pytest.approx(figures.total_expected_cost)


def test_root_causes_add_up_to_the_total(estimates):
    model = default_model()
    scored = scored_customers(synthetic_portfolio(500), model)
    split = cost_by_root_cause(estimates, churn_shapley(scored, model), Assumptions())
    by_cause = root_cause_totals(split)
    assert by_cause.sum() == pytest.approx(estimates["total_expected_cost"].sum(), rel=1e-9)
    assert by_cause.is_monotonic_decreasing


def test_the_download_keeps_input_columns_then_extra_ones_then_the_estimate():
    customers = synthetic_portfolio(5)
    customers.insert(1, "region", "north")
    scored = add_costs(scored_customers(customers, default_model()), Assumptions())
    shuffled = scored[list(reversed(scored.columns))]
    columns = list(download_frame(shuffled).columns)
    inputs = [column.name for column in INPUT_COLUMNS]
    assert columns == [*inputs, "region", *OUTPUT_COLUMNS]


def test_the_case_customer_is_the_preset_unless_told_otherwise():
    preset = case_customer()
    assert len(preset) == 1
    assert preset.iloc[0].to_dict() == CASE_STUDY_CUSTOMER
    edited = case_customer({"outage_hours": 5.0})
    assert edited.loc[0, "outage_hours"] == 5.0
    assert edited.loc[0, "support_calls"] == 22


def test_a_misspelt_case_field_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'outage_hour'"):
        case_customer({"outage_hour": 5})


def test_each_fix_saves_at_most_what_all_fixes_together_save():
    model = default_model()
    scored = scored_customers(case_customer(), model)
    savings = fix_savings(
        scored, scored_fixes(scored, model), Assumptions(credit_per_outage_hour=0.10)
    )
    assert list(savings.index[-1:]) == ["all"]
    assert len(savings) == 8  # seven levers (re-shipments since issue 19), then all
    assert (savings["total_expected_cost"] >= 0).all()
    assert savings.loc["all", "total_expected_cost"] >= savings["total_expected_cost"].max()
    # the handling cost saved is the priced count removed: 112 outage hours at 0.10
    assert savings.loc["outage_hours_cut", "service_cost"] == pytest.approx(11.2)
    assert savings.loc["billing_errors_prevented", "total_expected_cost"] == 0  # none to fix


def test_the_fixes_are_each_lever_alone_at_full_strength_then_all_of_them():
    scenarios = fix_scenarios()
    assert list(scenarios) == [*LEVER_INFO, "all"]
    assert scenarios["promises_kept"] == Scenario(promises_kept=1.0)
    assert all(getattr(scenarios["all"], lever) == 1.0 for lever in LEVER_INFO)


def test_fix_savings_need_no_model_once_the_fixes_are_scored():
    model = default_model()
    scored = scored_customers(case_customer(), model)
    fixed = scored_fixes(scored, model)
    cheap, dear = Assumptions(cost_per_call=1.0), Assumptions(cost_per_call=11.0)
    difference = fix_savings(scored, fixed, dear) - fix_savings(scored, fixed, cheap)
    # only repeat calls change the call count: 21 of the 22 calls avoided, 10 more each
    assert difference.loc["repeat_calls_avoided", "service_cost"] == pytest.approx(210.0)
    assert difference.loc["outage_hours_cut", "service_cost"] == pytest.approx(0.0)
