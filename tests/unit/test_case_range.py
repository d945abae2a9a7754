"""The business case's range and break-even (issue 30, item 2): the range's arithmetic is
the business case's own at the point, the NPV range holds the NPV at the defaults, and a
break-even put back gives an NPV of zero within a cent."""

from dataclasses import replace

import numpy as np
import pytest

from model.churn import default_model, model_draws
from model.explain import (
    break_even_sentence,
    business_case_range,
    case_range_sentence,
    largest_one_off,
    smallest_cut,
)
from model.explain.case_range import point_figures
from model.money import (
    Assumptions,
    FixCost,
    Scenario,
    add_costs,
    business_case,
    compare,
    scored_scenario,
)

SCENARIO = Scenario(outage_hours_cut=0.3, promises_kept=0.5)
COST = FixCost(one_off=20_000.0, per_year=5_000.0, horizon_years=3)


@pytest.fixture(scope="module")
def worlds(scored_synthetic):
    model = default_model()
    today = add_costs(scored_synthetic.copy(), Assumptions())
    fixed = add_costs(scored_scenario(today, SCENARIO, model), Assumptions())
    return model, today, fixed


@pytest.mark.parametrize(
    "assumptions",
    [
        Assumptions(),
        Assumptions(monthly_retention=0.985, prospect_value=900.0, gross_margin=0.4),
        # issue 28: the departures priced as their replacement, or the cheaper of the two
        # (with this acquisition cost, some customers each way)
        Assumptions(departure_cost="replacement"),
        Assumptions(departure_cost="cheaper", acquisition_cost=150.0, months_to_replace=2.0),
        Assumptions(departure_cost="cheaper", monthly_retention=0.97, acquisition_cost=150.0),
    ],
)
@pytest.mark.parametrize("cost", [COST, FixCost(0.0, 90_000.0, 2), FixCost(5_000.0, 0.0, 5)])
def test_at_the_point_the_ranges_arithmetic_is_the_business_cases(worlds, assumptions, cost):
    _, today, fixed = worlds
    today, fixed = add_costs(today, assumptions), add_costs(fixed, assumptions)
    case = business_case(today, fixed, cost, assumptions)
    npv, payback, saving = point_figures(today, fixed, cost, assumptions)
    assert npv == pytest.approx(case.net_present_value, abs=1e-6)
    assert payback == (case.payback_month if case.payback_month is not None else np.inf)
    assert saving == pytest.approx(compare(today, fixed).loc["total_expected_cost", "saving"])


def test_the_npv_range_holds_the_npv_at_the_defaults_and_every_source_is_drawn(worlds):
    model, today, fixed = worlds
    case = business_case(today, fixed, COST, Assumptions())
    ranged = business_case_range(
        today,
        fixed,
        COST,
        Assumptions(),
        model_draws(today, model.variants),
        model_draws(fixed, model.variants),
    )
    npv = ranged.combined("net_present_value")
    assert npv.p10 <= case.net_present_value <= npv.p90
    assert set(ranged.sources) == {"assumptions", "model", "outcomes", "combined"}
    saving = ranged.combined("year_saving")
    assert saving.p10 < saving.p50 < saving.p90
    assert "8 draws in 10 put the net present value between" in case_range_sentence(ranged, str)


def test_the_largest_one_off_cost_put_back_gives_an_npv_of_zero(worlds):
    _, today, fixed = worlds
    even = largest_one_off(today, fixed, COST, Assumptions())
    again = business_case(today, fixed, replace(COST, one_off=even.value), Assumptions())
    assert abs(again.net_present_value) < 0.01
    assert "for a one-off cost of up to" in break_even_sentence(even, lambda x: f"${x:,.0f}")


def test_the_smallest_cut_of_a_lever_put_back_gives_an_npv_of_zero_within_a_cent(worlds):
    model, today, _ = worlds
    even = smallest_cut(today, SCENARIO, "outage_hours_cut", model, COST, Assumptions(), draws=200)
    assert even.value is not None and 0 < even.value < 1 and even.exact
    fixed = add_costs(
        scored_scenario(today, replace(SCENARIO, outage_hours_cut=even.value), model),
        Assumptions(),
    )
    assert abs(business_case(today, fixed, COST, Assumptions()).net_present_value) < 0.01
    assert even.range.p10 <= even.value <= even.range.p90


def test_a_lever_that_cannot_pay_back_says_so(worlds):
    model, today, _ = worlds
    dear = FixCost(one_off=1e9, per_year=0.0, horizon_years=1)
    even = smallest_cut(today, Scenario(), "billing_errors_prevented", model, dear, Assumptions())
    assert even.value is None
    assert "No cut of" in break_even_sentence(even, str)
