"""How the estimate responds to assumptions and incidents, and the calibration table."""

import numpy as np
import pytest

from model.explain.sensitivity import assumption_swings, calibration_curve, plausible_range
from model.money.assumptions import ASSUMPTION_INFO, Assumptions
from model.money.costs import add_costs


@pytest.fixture(scope="module")
def scored(scored_synthetic):
    return scored_synthetic


def total(scored, assumptions):
    return add_costs(scored, assumptions)["total_expected_cost"].sum()


def test_each_swing_is_the_total_with_that_assumption_at_the_ends_of_its_range(scored):
    assumptions = Assumptions()
    swings = assumption_swings(scored, assumptions)
    for swing in swings:
        low, high = plausible_range(swing.key, scored, assumptions)
        assert swing.total_at_low == pytest.approx(
            total(scored, assumptions.with_changes(**{swing.key: low}))
        )
        assert swing.total_at_high == pytest.approx(
            total(scored, assumptions.with_changes(**{swing.key: high}))
        )


def test_swings_come_widest_first_and_leave_out_fixed_assumptions(scored):
    swings = assumption_swings(scored, Assumptions())
    widths = [swing.width for swing in swings]
    assert widths == sorted(widths, reverse=True)
    keys = {swing.key for swing in swings}
    # every handling cost has a derived default and a range now (issue 19), so it swings
    assert "cost_per_escalation" in keys
    assert keys == {
        key
        for key, info in ASSUMPTION_INFO.items()
        if info.plausible_low != info.plausible_high
        and key not in {"monthly_retention", "acquisition_cost", "months_to_replace"}
    }  # retention unset: each customer's own, from the model, not an assumption to swing;
    # a replacement's price moves nothing while departures are priced at their lost value
    assert {"agent_attrition_rate", "cost_to_replace_agent", "agent_hours_per_year"} <= keys
    fixed = assumption_swings(scored, Assumptions(monthly_retention=0.985))
    assert "monthly_retention" in {swing.key for swing in fixed}


def test_a_departure_priced_as_its_replacement_swings_with_its_cost_and_months(scored):
    swings = {
        s.key: s for s in assumption_swings(scored, Assumptions(departure_cost="replacement"))
    }
    # a dearer acquisition and more months before the replacement cost more
    for key in ("acquisition_cost", "months_to_replace"):
        assert swings[key].total_at_high > swings[key].total_at_low, key


def test_more_people_told_means_a_larger_total(scored):
    swing = next(s for s in assumption_swings(scored, Assumptions()) if s.key == "people_told")
    assert (swing.low, swing.high) == (9.0, 15.0)
    assert swing.total_at_high > swing.total_at_low


def test_the_prospect_values_range_is_a_multiple_of_the_portfolios_median_clv(scored):
    assumptions = Assumptions()
    clv = add_costs(scored, assumptions)["clv"]
    low, high = plausible_range("prospect_value", scored, assumptions)
    # the median at four significant figures, within the rounding of 0.05 %
    assert (low, high) == pytest.approx((0.5 * clv.median(), 1.5 * clv.median()), rel=5e-4)


def test_the_calibration_table_averages_each_bin():
    churned = np.array([0, 1, 0, 0, 1, 1])
    probability = np.array([0.05, 0.15, 0.12, 0.55, 0.58, 0.95])
    table = calibration_curve(churned, probability, bins=10)
    assert list(table["customers"]) == [1, 2, 2, 1]
    assert table["predicted"].tolist() == pytest.approx([0.05, 0.135, 0.565, 0.95])
    assert table["observed"].tolist() == pytest.approx([0.0, 0.5, 0.5, 1.0])
