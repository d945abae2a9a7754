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
    loss_profile,
    monthly_retention_from_clv,
    year_loss_profile,
)

#: 1.01 ** 12 - 1: an annual rate whose monthly rate is exactly 1 %.
ONE_PERCENT_A_MONTH = 1.01**12 - 1


def test_net_saving_roi_payback_and_npv_match_the_hand_worked_case():
    # Saving 100 a month for 36 months; the fix costs 1,000 now and 600 a year (50 a month).
    # Net: -1,000 in month 0, then +50 a month. By hand:
    #   net saving = 36 * 100 - 1,000 - 3 * 600 = 800
    #   ROI = 800 / (1,000 + 1,800) = 0.285714...
    #   payback: -1,000 + 50 m >= 0 first at m = 20
    #   NPV at 1 % a month = -1,000 + 50 * (1 - 1.01 ** -36) / 0.01 = -1,000 + 50 * 30.107505
    #       = 505.375...
    cost = FixCost(one_off=1000.0, per_year=600.0, horizon_years=3)
    net_saving, roi, payback, npv, net = business_case_from_savings(
        np.full(36, 100.0), cost, ONE_PERCENT_A_MONTH
    )

    assert net_saving == pytest.approx(800.0)
    assert roi == pytest.approx(800.0 / 2800.0)
    assert payback == 20
    assert npv == pytest.approx(-1000.0 + 50.0 * 30.10750504, abs=1e-5)
    assert net[0] == -1000.0 and net[1:] == pytest.approx(np.full(36, 50.0))


def test_a_fix_that_never_pays_back_says_so():
    cost = FixCost(one_off=10_000.0, per_year=0.0, horizon_years=1)
    net_saving, roi, payback, _, _ = business_case_from_savings(np.full(12, 100.0), cost, 0.0)

    assert net_saving == pytest.approx(-8800.0)
    assert roi == pytest.approx(-0.88)
    assert payback is None


def test_a_free_fix_has_no_roi_and_pays_back_at_once():
    _, roi, payback, npv, _ = business_case_from_savings(
        np.full(12, 5.0), FixCost(horizon_years=1), 0.0
    )

    assert roi is None
    assert payback == 0
    assert npv == pytest.approx(60.0)  # no discounting at a 0 % rate


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


def test_lost_margin_is_dated_as_leavers_leave_through_the_year():
    # a = 0.12 leave, 0.01 in each month k = 1..12; each loses M = 50 a month, times r**j.
    # Month 1: nobody has left yet -> 0.
    # Month 2: the month-1 leavers lose 50 * 0.98 -> 0.01 * 50 * 0.98 = 0.49.
    # Month 3: month-1 leavers 50 * 0.98**2, month-2 leavers 50 * 0.98
    #          -> 0.01 * 50 * (0.98 + 0.9604) = 0.9702.
    # Month 14: leavers of months 1..12 lose r**13 .. r**2: 0.5 * sum_{j=2}^{13} 0.98**j.
    frame, assumptions = _one_customer()
    profile = year_loss_profile(frame, assumptions, 24)["lost_margin"]

    assert profile[1] == pytest.approx(0.0)
    assert profile[2] == pytest.approx(0.49)
    assert profile[3] == pytest.approx(0.9702)
    assert profile[14] == pytest.approx(0.5 * sum(0.98**j for j in range(2, 14)))


def test_lost_margin_discounted_forever_is_the_expected_lost_clv_with_the_departure_discount():
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
    flow = year_loss_profile(frame, assumptions, months)["lost_margin"].to_numpy()
    present = float(np.sum(flow / (1 + d) ** np.arange(1, months + 1)))
    departure_discount = sum((1 + d) ** -m for m in range(1, 13)) / 12

    assert present == pytest.approx(0.2 * clv * departure_discount, rel=1e-9)


def test_handling_and_word_of_mouth_fall_evenly_in_each_year_of_incidents():
    frame, assumptions = _one_customer(wom=24.0, service=36.0)
    profile = loss_profile(frame, assumptions, years=3)

    assert profile["handling"].to_numpy() == pytest.approx(np.full(36, 3.0))
    assert profile["word_of_mouth"].to_numpy() == pytest.approx(np.full(36, 2.0))
    # the second year's leavers add to the first year's, which still lose margin
    assert profile["lost_margin"][14] > year_loss_profile(frame, assumptions, 36)["lost_margin"][14]


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
