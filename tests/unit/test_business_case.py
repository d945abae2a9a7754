"""The business case of a fix: the board's four figures against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.money.assumptions import Assumptions
from model.money.business_case import (
    FixCost,
    business_case,
    business_case_from_savings,
    dated_business_case,
    loss_profile,
    monthly_retention_from_clv,
    saving_difference_sentence,
    year_loss_profile,
)
from model.money.costs import departure_value

#: 1.01 ** 12 - 1: an annual rate whose monthly rate is exactly 1 %.
ONE_PERCENT_A_MONTH = 1.01**12 - 1


def test_net_saving_roi_payback_and_npv_match_the_hand_worked_case():
    # Saving 100 a month for 36 months; the fix costs 1,000 now and 600 a year (50 a month).
    # Net: -1,000 in month 0, then +50 a month. By hand:
    #   net saving = 36 * 100 - 1,000 - 3 * 600 = 800
    #   ROI = 800 / (1,000 + 1,800) = 0.285714...
    #   payback: -1,000 + 50 m is 0 at m = 20 (not yet above zero), 50 at m = 21
    #   NPV at 1 % a month = -1,000 + 50 * (1 - 1.01 ** -36) / 0.01 = -1,000 + 50 * 30.107505
    #       = 505.375...
    cost = FixCost(one_off=1000.0, per_year=600.0, horizon_years=3)
    net_saving, roi, payback, npv, net = business_case_from_savings(
        np.full(36, 100.0), cost, ONE_PERCENT_A_MONTH
    )

    assert net_saving == pytest.approx(800.0)
    assert roi == pytest.approx(800.0 / 2800.0)
    assert payback == 21
    assert npv == pytest.approx(-1000.0 + 50.0 * 30.10750504, abs=1e-5)
    assert net[0] == -1000.0 and net[1:] == pytest.approx(np.full(36, 50.0))


def test_a_fix_that_never_pays_back_says_so():
    cost = FixCost(one_off=10_000.0, per_year=0.0, horizon_years=1)
    net_saving, roi, payback, _, _ = business_case_from_savings(np.full(12, 100.0), cost, 0.0)

    assert net_saving == pytest.approx(-8800.0)
    assert roi == pytest.approx(-0.88)
    assert payback is None


def test_a_fix_with_no_cost_entered_has_no_roi_and_no_payback_line():
    # Nothing spent: the running sum is 5, 10, ... but there is nothing to pay back.
    cost = FixCost(horizon_years=1)
    _, roi, payback, npv, _ = business_case_from_savings(np.full(12, 5.0), cost, 0.0)

    assert roi is None
    assert payback is None
    assert npv == pytest.approx(60.0)  # no discounting at a 0 % rate
    case = dated_business_case(_flat(12, 5.0), _flat(12, 5.0), cost, 0.0)
    assert not case.has_fix_cost and case.payback_words is None
    assert case.sentence("{:,.0f}".format) == (
        "No cost of the fixes entered: they save 60 over 1 year."
    )
    assert "paid back" not in case.sentence(str) and "month 0" not in case.sentence(str)


def test_a_yearly_cost_larger_than_the_saving_is_not_paid_back_within_the_horizon():
    # Saving 100 a month; the fixes cost 2,400 a year (200 a month) and nothing up front.
    # Net -100 every month: over 3 years -3,600; ROI -3,600 / 7,200 = -50 %; month 0's
    # running sum is 0 but nothing has been spent yet, so it is no payback either.
    cost = FixCost(one_off=0.0, per_year=2400.0, horizon_years=3)
    net_saving, roi, payback, _, _ = business_case_from_savings(np.full(36, 100.0), cost, 0.0)

    assert net_saving == pytest.approx(-3600.0)
    assert roi == pytest.approx(-0.5)
    assert payback is None
    case = dated_business_case(_flat(36, 100.0), _flat(36, 100.0), cost, 0.0)
    assert case.payback_words == "not within 3 years"
    assert case.sentence("{:,.0f}".format) == (
        "Spend 7,200, save 3,600 over 3 years: not paid back within 3 years."
    )


def test_a_one_off_cost_is_repaid_in_the_month_the_running_sum_first_goes_above_zero():
    # One-off 1,000 now; saving 150 a month, yearly cost 600 (50 a month): net +100 a month.
    # Running sum -1,000 + 100 m: 0 at m = 10 (not yet repaid), +100 at m = 11.
    cost = FixCost(one_off=1000.0, per_year=600.0, horizon_years=2)
    net_saving, roi, payback, _, net = business_case_from_savings(np.full(24, 150.0), cost, 0.0)

    assert payback == 11
    assert np.cumsum(net)[10] == pytest.approx(0.0) and np.cumsum(net)[11] == pytest.approx(100.0)
    assert net_saving == pytest.approx(24 * 150.0 - 1000.0 - 2 * 600.0)  # 1,400
    assert roi == pytest.approx(1400.0 / 2200.0)
    case = dated_business_case(_flat(24, 150.0), _flat(24, 150.0), cost, 0.0)
    assert case.payback_words == "month 11"
    assert case.sentence("{:,.0f}".format) == (
        "Spend 2,200, save 3,600 over 2 years, paid back in month 11."
    )


def test_a_yearly_cost_alone_is_paid_back_in_the_first_month_it_is_outrun():
    # No one-off; saving 300 a month, yearly cost 1,200 (100 a month): +200 in month 1.
    cost = FixCost(one_off=0.0, per_year=1200.0, horizon_years=1)
    assert business_case_from_savings(np.full(12, 300.0), cost, 0.0)[2] == 1


def test_the_sentence_on_the_two_savings_names_both_and_the_horizon():
    case = dated_business_case(_flat(36, 10.0), _flat(36, 10.0), FixCost(one_off=5.0), 0.0)
    words = saving_difference_sentence(170.0, case, "${:,.0f}".format)

    assert "$170" in words and "$360" in words and "3 years" in words
    assert words.count(".") == 1  # one sentence


def _flat(months: int, value: float) -> pd.DataFrame:
    """A dated loss (or saving) of `value` a month, all of it handling."""
    return pd.DataFrame(
        {"departures": 0.0, "word_of_mouth": 0.0, "handling": np.full(months, value)},
        index=pd.RangeIndex(1, months + 1),
    )


@pytest.mark.parametrize(
    "values",
    [{"one_off": -1.0}, {"per_year": float("nan")}, {"horizon_years": 0}, {"horizon_years": 2.5}],
)
def test_fix_costs_out_of_range_are_refused_naming_the_field(values):
    with pytest.raises(ValueError, match=next(iter(values))):
        FixCost(**values)


def _one_customer(attributable=0.12, revenue=100.0, wom=24.0, service=36.0, r=0.98):
    """One priced customer whose clv follows docs/methodology/formulas.md with retention r."""
    assumptions = Assumptions(gross_margin=0.5, monthly_retention=r, annual_discount_rate=0.0)
    clv = 0.5 * revenue * r / (1 - r)  # d = 0: clv = M r / (1 - r) = 50 * 49 = 2,450
    frame = pd.DataFrame(
        {
            "monthly_revenue": [revenue],
            "attributable_churn_probability": [attributable],
            "clv": [clv],
            "word_of_mouth_loss": [wom],
            "service_cost": [service],
        }
    )
    return frame, assumptions


def test_retention_is_read_back_from_clv():
    frame, assumptions = _one_customer(r=0.98)
    assert monthly_retention_from_clv(frame, assumptions) == pytest.approx([0.98])


def test_lost_value_departures_are_dated_as_leavers_leave_through_the_year():
    # a = 0.12 leave, 0.01 in each month k = 1..12; each loses M = 50 a month, times r**j.
    # Month 1: nobody has left yet -> 0.
    # Month 2: the month-1 leavers lose 50 * 0.98 -> 0.01 * 50 * 0.98 = 0.49.
    # Month 3: month-1 leavers 50 * 0.98**2, month-2 leavers 50 * 0.98
    #          -> 0.01 * 50 * (0.98 + 0.9604) = 0.9702.
    # Month 14: leavers of months 1..12 lose r**13 .. r**2: 0.5 * sum_{j=2}^{13} 0.98**j.
    frame, assumptions = _one_customer()
    profile = year_loss_profile(frame, assumptions, 24)["departures"]

    assert profile[1] == pytest.approx(0.0)
    assert profile[2] == pytest.approx(0.49)
    assert profile[3] == pytest.approx(0.9702)
    assert profile[14] == pytest.approx(0.5 * sum(0.98**j for j in range(2, 14)))


def test_lost_value_departures_discounted_forever_are_the_expected_lost_clv_discounted():
    r, d = 0.985, 1.01 ** (1 / 12) - 1  # 1 % a year
    assumptions = Assumptions(monthly_retention=r, annual_discount_rate=0.01, gross_margin=0.6)
    clv = 0.6 * 80.0 * r / (1 + d - r)
    frame = pd.DataFrame(
        {
            "monthly_revenue": [80.0],
            "attributable_churn_probability": [0.2],
            "clv": [clv],
            "word_of_mouth_loss": [0.0],
            "service_cost": [0.0],
        }
    )
    months = 3000
    flow = year_loss_profile(frame, assumptions, months)["departures"].to_numpy()
    present = float(np.sum(flow / (1 + d) ** np.arange(1, months + 1)))
    departure_discount = sum((1 + d) ** -m for m in range(1, 13)) / 12

    assert present == pytest.approx(0.2 * clv * departure_discount, rel=1e-9)


def test_handling_and_word_of_mouth_fall_evenly_in_each_year_of_incidents():
    frame, assumptions = _one_customer(wom=24.0, service=36.0)
    profile = loss_profile(frame, assumptions, years=3)

    assert profile["handling"].to_numpy() == pytest.approx(np.full(36, 3.0))
    assert profile["word_of_mouth"].to_numpy() == pytest.approx(np.full(36, 2.0))
    # the second year's leavers add to the first year's, which still lose margin
    assert profile["departures"][14] > year_loss_profile(frame, assumptions, 36)["departures"][14]


def test_the_saving_is_today_minus_with_the_fix_and_the_table_adds_up():
    today, assumptions = _one_customer(attributable=0.12, wom=24.0, service=36.0)
    fixed = today.assign(
        attributable_churn_probability=0.03, word_of_mouth_loss=6.0, service_cost=12.0
    )
    case = business_case(today, fixed, FixCost(one_off=50.0, per_year=12.0), assumptions)
    flow = case.cash_flow

    assert len(flow) == 37 and flow["month"].tolist() == list(range(37))
    # handling saving: (36 - 12) / 12 = 2 a month; word of mouth: (24 - 6) / 12 = 1.5
    assert flow["saving_handling"][1:].to_numpy() == pytest.approx(np.full(36, 2.0))
    assert flow["saving_word_of_mouth"][1:].to_numpy() == pytest.approx(np.full(36, 1.5))
    assert case.saving == pytest.approx(flow["saving"].sum())
    assert case.net_saving == pytest.approx(case.saving - 50.0 - 36.0)
    assert flow["cumulative_net_cash_flow"].iloc[-1] == pytest.approx(case.net_saving)
    assert case.cost == pytest.approx(86.0)
    assert case.sentence(lambda x: f"{x:.0f}").startswith("Spend 86, save ")


def _two_customers(way: str, attributable: tuple[float, float]) -> tuple[pd.DataFrame, Assumptions]:
    """Two customers at a 0 % discount rate (so the departure discount is 1), margin 50 %,
    acquisition $300, 3 months to replace:
    A: revenue 100, M = 50, r = 0.95: clv = 50 * 0.95 / 0.05 = 950; replacement 300 + 150 = 450
    B: revenue 20,  M = 10, r = 0.8:  clv = 10 * 0.8 / 0.2 = 40;    replacement 300 + 30 = 330
    """
    assumptions = Assumptions(
        gross_margin=0.5,
        annual_discount_rate=0.0,
        departure_cost=way,
        acquisition_cost=300.0,
        months_to_replace=3.0,
    )
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "monthly_revenue": [100.0, 20.0],
            "attributable_churn_probability": list(attributable),
            "clv": [950.0, 40.0],
            "word_of_mouth_loss": [0.0, 0.0],
            "service_cost": [0.0, 0.0],
        }
    )
    return frame, assumptions


# The fix cuts A's attributable churn from 0.10 to 0.04 (0.06 saved) and B's from 0.25 to
# 0.05 (0.20 saved). The difference of the totals' expected departure cost, by hand:
#   lost_value:  0.06 * 950 + 0.20 * 40  = 57 + 8  = 65
#   replacement: 0.06 * 450 + 0.20 * 330 = 27 + 66 = 93
#   cheaper:     A min(950, 450) = 450 -> 27; B min(40, 330) = 40 -> 8; 35
DEPARTURES_SAVED = {"lost_value": 65.0, "replacement": 93.0, "cheaper": 35.0}


@pytest.mark.parametrize("way", ["lost_value", "replacement", "cheaper"])
def test_a_fixs_departures_saved_are_the_difference_of_the_totals_departure_cost(way):
    today, assumptions = _two_customers(way, (0.10, 0.25))
    fixed, _ = _two_customers(way, (0.04, 0.05))
    months = 600  # long enough for the lost margin to run out (0.95 ** 600 ~ 4e-14)
    saved = year_loss_profile(today, assumptions, months) - year_loss_profile(
        fixed, assumptions, months
    )

    # at 0 % the departures saved, summed, are their present value
    assert saved["departures"].sum() == pytest.approx(DEPARTURES_SAVED[way], rel=1e-9)
    # the same with the totals' own arithmetic (model.money.costs)
    values = departure_value(today["clv"], today["monthly_revenue"], assumptions)
    difference = float((0.06, 0.20) @ values) * assumptions.departure_discount
    assert saved["departures"].sum() == pytest.approx(difference, rel=1e-9)


def test_a_replacement_is_saved_in_the_months_its_customer_would_have_left():
    # replacement: 93 saved a year, a twelfth (7.75) in each month of the year, none after
    today, assumptions = _two_customers("replacement", (0.10, 0.25))
    fixed, _ = _two_customers("replacement", (0.04, 0.05))
    saved = year_loss_profile(today, assumptions, 24) - year_loss_profile(fixed, assumptions, 24)

    assert saved["departures"].to_numpy() == pytest.approx([7.75] * 12 + [0.0] * 12)
    # over two years of failures, 2 * 93 = 186; with handling 36 and word of mouth 12 saved
    # a year, 2 * (93 + 36 + 12) = 282
    case = business_case(
        today.assign(service_cost=[36.0, 0.0], word_of_mouth_loss=[0.0, 12.0]),
        fixed,
        FixCost(0.0, 0.0, 2),
        assumptions,
    )
    assert case.saving == pytest.approx(282.0)
    assert case.cash_flow["saving_departures"].sum() == pytest.approx(186.0)


def test_cheaper_saves_the_replaced_customer_when_they_leave_and_the_others_margin_as_it_goes():
    # A is replaced (450 < 950): 27 / 12 = 2.25 in each month 1..12. B keeps its lost value
    # (40 < 330): 0.20 / 12 * 10 = 1/6 of margin per leaver-month; month 2 holds the month-1
    # leavers' 0.8 -> 1/6 * 0.8 = 0.1333...; month 1 none.
    today, assumptions = _two_customers("cheaper", (0.10, 0.25))
    fixed, _ = _two_customers("cheaper", (0.04, 0.05))
    saved = year_loss_profile(today, assumptions, 24) - year_loss_profile(fixed, assumptions, 24)

    assert saved["departures"][1] == pytest.approx(2.25)
    assert saved["departures"][2] == pytest.approx(2.25 + 0.8 / 6)
    assert saved["departures"][13] == pytest.approx(sum(0.8**j for j in range(1, 13)) / 6)


@pytest.mark.parametrize("way", ["lost_value", "replacement", "cheaper"])
def test_discounted_one_years_departures_are_its_expected_departure_cost(way):
    # at 4 % a year, each way, against model.money.costs' own expected_departure_cost
    assumptions = Assumptions(annual_discount_rate=0.04, departure_cost=way, acquisition_cost=300.0)
    d = assumptions.monthly_discount_rate
    revenue = np.array([100.0, 20.0])
    r = np.array([0.95, 0.8])
    clv = assumptions.gross_margin * revenue * r / (1 + d - r)
    frame = pd.DataFrame(
        {
            "monthly_revenue": revenue,
            "attributable_churn_probability": [0.1, 0.25],
            "clv": clv,
            "word_of_mouth_loss": 0.0,
            "service_cost": 0.0,
        }
    )
    months = 1200
    flow = year_loss_profile(frame, assumptions, months)["departures"].to_numpy()
    present = float(np.sum(flow / (1 + d) ** np.arange(1, months + 1)))
    expected = (
        np.array([0.1, 0.25]) @ departure_value(clv, revenue, assumptions)
    ) * assumptions.departure_discount

    assert present == pytest.approx(expected, rel=1e-9)
