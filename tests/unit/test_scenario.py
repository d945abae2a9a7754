"""Scenarios: levers remove incidents, never add cost, and compare against today."""

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES
from data.synthetic import generate
from model.churn.loader import default_model
from model.churn.scoring import scored_customers
from model.money.assumptions import Assumptions
from model.money.costs import add_costs
from model.money.estimate import estimate, scored_scenario
from model.money.scenario import (
    LEVER_INFO,
    Scenario,
    apply_scenario,
    compare,
    load_scenario,
    scenario_from_dict,
)


@pytest.fixture(scope="module")
def customers():
    return generate(20_000, 5)


def test_today_is_the_identity(customers):
    pd.testing.assert_frame_equal(apply_scenario(customers, Scenario()), customers)


def test_a_full_fix_removes_each_kind_of_failure(customers):
    fixed = apply_scenario(customers, Scenario(1, 1, 1, 1, 1, 1))
    assert (fixed["outage_hours"] == 0).all()
    assert (fixed["support_calls"] == np.minimum(customers["support_calls"], 1)).all()
    for name in ("unresolved_promises", "escalations", "billing_errors", "regulator_complaint"):
        assert (fixed[name] == 0).all(), name


def test_counts_stay_whole_and_never_rise_and_the_input_is_untouched(customers):
    before = customers.copy()
    changed = apply_scenario(customers, Scenario(0.3, 0.5, 0.3, 0.2, 0.7, 0.5))
    pd.testing.assert_frame_equal(customers, before)
    for name in INCIDENT_FEATURES:
        assert (changed[name] <= customers[name] + 1e-12).all(), name
    for name in ("support_calls", "unresolved_promises", "agents_contacted", "regulator_complaint"):
        assert changed[name].dtype == "int64"


def test_partial_fixes_remove_their_share_on_average_and_the_same_customers_each_time(customers):
    kept = apply_scenario(customers, Scenario(promises_kept=0.3))["unresolved_promises"]
    assert kept.sum() / customers["unresolved_promises"].sum() == pytest.approx(0.7, abs=0.03)
    again = apply_scenario(customers, Scenario(promises_kept=0.3))["unresolved_promises"]
    assert kept.equals(again)


def test_time_on_phone_and_agents_fall_with_the_calls_that_remain():
    one = pd.DataFrame(
        [
            {
                "customer_id": "X",
                "outage_hours": 0.0,
                "support_calls": 21,
                "hours_on_phone": 10.5,
                "agents_contacted": 42,
                "unresolved_promises": 0,
                "escalations": 0,
                "billing_errors": 0,
                "regulator_complaint": 0,
            }
        ]
    )
    changed = apply_scenario(one, Scenario(repeat_calls_avoided=1.0)).iloc[0]
    assert changed["support_calls"] == 1
    assert changed["hours_on_phone"] == pytest.approx(0.5)
    assert changed["agents_contacted"] == 2


@pytest.mark.parametrize("lever", list(LEVER_INFO))
def test_each_lever_saves_money_and_no_customer_costs_more(customers, lever):
    model, assumptions = default_model(), Assumptions()
    today = estimate(customers, model, assumptions)
    fixed = estimate(customers, model, assumptions, Scenario(**{lever: 0.5}))
    assert (fixed["total_expected_cost"] <= today["total_expected_cost"] + 1e-9).all()
    saving = compare(today, fixed)["saving"]
    assert saving["total_expected_cost"] > 0
    assert (saving >= -1e-9).all()


def test_bigger_fixes_save_more(customers):
    model, assumptions = default_model(), Assumptions()
    today = estimate(customers, model, assumptions)
    savings = [
        compare(today, estimate(customers, model, assumptions, Scenario(outage_hours_cut=s))).loc[
            "total_expected_cost", "saving"
        ]
        for s in (0.1, 0.3, 0.6, 1.0)
    ]
    assert savings == sorted(savings)


def test_rescoring_only_changed_customers_equals_scoring_everyone(customers):
    model = default_model()
    scenario = Scenario(regulator_complaints_avoided=1.0, billing_errors_prevented=0.5)
    quick = scored_scenario(scored_customers(customers, model), scenario, model)
    full = model.predict(apply_scenario(customers, scenario))
    np.testing.assert_allclose(quick["churn_probability"], full)
    priced = add_costs(quick, Assumptions())
    assert (priced["attributable_churn_probability"] >= 0).all()


def test_compare_reports_today_scenario_and_saving_per_component(customers):
    model, assumptions = default_model(), Assumptions()
    today = estimate(customers, model, assumptions)
    table = compare(today, estimate(customers, model, assumptions, Scenario(promises_kept=1)))
    assert list(table.columns) == ["today", "scenario", "saving"]
    assert list(table.index) == [
        "expected_departure_cost",
        "word_of_mouth_loss",
        "service_cost",
        "total_expected_cost",
        "expected_churners",
    ]
    total_today = today["total_expected_cost"].sum()
    assert table.loc["total_expected_cost", "today"] == pytest.approx(total_today)


def test_scenario_files_reject_unknown_levers_and_out_of_range_shares(tmp_path):
    with pytest.raises(ValueError, match="Unknown scenario lever 'outages'"):
        scenario_from_dict({"outages": 0.3})
    with pytest.raises(ValueError, match="promises_kept: must be between 0 and 1, got 30"):
        scenario_from_dict({"promises_kept": 30})
    path = tmp_path / "s.json"
    path.write_text('{"outage_hours_cut": 0.25}')
    assert load_scenario(path) == Scenario(outage_hours_cut=0.25)


def test_the_baseline_costs_no_second_prediction_and_equals_predicting_everyone_at_zero(
    customers, predictions
):
    model = default_model()
    zeroed = customers.copy()
    zeroed[list(INCIDENT_FEATURES)] = 0
    fast = scored_customers(customers, model)["baseline_churn_probability"]
    assert predictions == [len(customers)]  # one walk of the tables gives both
    np.testing.assert_array_equal(fast.to_numpy(), model.predict(zeroed))


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), Scenario(outage_hours_cut=0.35), Scenario(0.5, 0.5, 0.5, 0.5, 0.5, 0.5)],
    ids=["today", "outages", "every lever at half"],
)
def test_a_scored_scenario_equals_applying_it_to_everyone_and_predicting_everyone(
    customers, scenario
):
    model = default_model()
    scored = scored_customers(customers, model)
    quick = scored_scenario(scored, scenario, model)
    expected = apply_scenario(scored, scenario)
    expected["churn_probability"] = model.predict(expected)
    pd.testing.assert_frame_equal(quick, expected)
