"""The P10-P90 range of the total: the same money as add_costs, over drawn assumptions."""

import numpy as np
import pytest

from data.synthetic import generate
from model.assumptions import Assumptions
from model.costs import add_costs
from model.estimate import scored_customers
from model.loader import default_model
from model.uncertainty import total_range, totals_for


@pytest.fixture(scope="module")
def scored():
    return scored_customers(generate(5_000, 12), default_model())


@pytest.mark.parametrize(
    "assumptions",
    [
        Assumptions(),
        Assumptions(
            gross_margin=0.45,
            monthly_retention=0.99,
            annual_discount_rate=0.08,
            people_told=14,
            public_complaint_multiplier=2.0,
            deterrence_rate=0.3,
            cost_per_call=4.0,
            credit_per_outage_hour=0.3,
            cost_per_regulator_complaint=400,
            cost_per_escalation=20,
            cost_per_billing_error=15,
        ),
        Assumptions(prospect_value=750.0),
    ],
)
def test_the_shortcut_total_equals_add_costs_for_any_assumptions(scored, assumptions):
    drawn = {
        key: np.array([value if value is not None else 1.0], dtype=float)
        for key, value in assumptions.to_dict().items()
    }
    priced_once = add_costs(scored, Assumptions())  # attributable churn needs no assumption
    shortcut = totals_for(priced_once, drawn, assumptions.prospect_value is None)[0]
    assert shortcut == pytest.approx(add_costs(scored, assumptions)["total_expected_cost"].sum())


def test_the_range_brackets_the_total_and_is_the_same_for_the_same_seed(scored):
    estimates = add_costs(scored, Assumptions())
    likely = total_range(estimates, Assumptions())
    assert likely.p10 < likely.total < likely.p90
    assert likely.p10 < likely.p50 < likely.p90
    assert total_range(estimates, Assumptions()) == likely


def test_a_wider_word_of_mouth_belief_widens_the_range(scored):
    narrow = Assumptions(people_told=9, deterrence_rate=0.25)
    wide = Assumptions(people_told=40, deterrence_rate=0.25)  # outside the plausible 9-15

    def width(assumptions):
        likely = total_range(add_costs(scored, assumptions), assumptions)
        return likely.p90 - likely.p10

    assert width(wide) > width(narrow)
