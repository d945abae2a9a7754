"""The cases of the sources: figures said as given or chosen; the school-supplies arithmetic."""

from __future__ import annotations

import pytest

from data.schema import INPUT_COLUMNS
from model.cases.presets import (
    CUSTOMER_PRESETS,
    NEIGHBOUR,
    SCHOOL_SUPPLIES_FIGURES,
    TELCO,
    school_supplies_business_case,
    school_supplies_derivation,
    school_supplies_yearly_cost,
)


@pytest.mark.parametrize("preset", list(CUSTOMER_PRESETS.values()), ids=list(CUSTOMER_PRESETS))
def test_each_customer_preset_fills_every_contract_column_and_says_where_each_comes_from(preset):
    customer = preset.customer()
    assert set(customer) == {column.name for column in INPUT_COLUMNS}
    assert all(figure.origin in ("source", "chosen") and figure.note for figure in preset.figures)


def test_the_telco_preset_keeps_the_source_figures():
    source = {f.name: f.value for f in TELCO.figures if f.origin == "source"}
    assert source == {
        "outage_hours": 112.0,
        "support_calls": 22,
        "unresolved_promises": 3,
        "hours_on_phone": 12.0,
        "agents_contacted": 50,
        "escalations": 1,
        "regulator_complaint": 1,
    }


def test_the_neighbour_preset_takes_only_the_calls_from_the_source():
    source = {f.name: f.value for f in NEIGHBOUR.figures if f.origin == "source"}
    assert source == {"support_calls": 22}
    assert NEIGHBOUR.customer()["billing_errors"] > 0  # the notices despite payment


def test_the_school_supplies_figure_comes_out_of_the_chosen_volumes_and_costs():
    # By hand: 1,500 schools x 40 orders = 60,000 orders; 10 % fail = 6,000 re-shipped;
    # 6,000 x (150 + 60) = 1,260,000 re-shipping; 6,000 x 3 = 18,000 calls;
    # 18,000 x 7.68 = 138,240; 18,000 x 15 / 60 = 4,500 agent hours x 30 = 135,000.
    # Total 1,260,000 + 138,240 + 135,000 = 1,533,240: "at least 1.5 million a year".
    steps = school_supplies_derivation().set_index("step")["amount"]
    assert steps["Orders a year"] == 60_000
    assert steps["Orders re-shipped"] == pytest.approx(6_000)
    assert steps["Re-shipping"] == pytest.approx(1_260_000)
    assert steps["Call handling"] == pytest.approx(138_240)
    assert steps["Agents' time"] == pytest.approx(135_000)
    assert school_supplies_yearly_cost() == pytest.approx(1_533_240)
    source = {f.name: f.value for f in SCHOOL_SUPPLIES_FIGURES}["source_saving_per_year"]
    assert school_supplies_yearly_cost() >= source


def test_the_business_case_of_fixing_quality_at_the_source_by_hand():
    # Saving 1,533,240 / 12 = 127,770 a month; the fix costs 400,000 now and 300,000 a year
    # (25,000 a month): net +102,770 a month. Over 3 years: 36 x 127,770 - 400,000 - 900,000
    # = 3,299,720 net; ROI 3,299,720 / 1,300,000 = 2.5382...; paid back when
    # 102,770 m > 400,000, m = 4 (3.89 rounded up).
    case = school_supplies_business_case()
    assert case.net_saving == pytest.approx(3_299_720)
    assert case.return_on_investment == pytest.approx(3_299_720 / 1_300_000)
    assert case.payback_month == 4
    assert 0 < case.net_present_value < case.net_saving  # discounted at 12 % a year
    assert (
        case.sentence("{:,.0f}".format)
        == "Spend 1,300,000, save 4,599,720 over 3 years, paid back in month 4."
    )


def test_the_telco_preset_is_the_case_study_customer():
    from model.cases.case_study import CASE_STUDY_CUSTOMER

    telco = TELCO.customer()
    assert {name: telco[name] for name in CASE_STUDY_CUSTOMER} == CASE_STUDY_CUSTOMER
    assert set(telco) - set(CASE_STUDY_CUSTOMER) <= {"reshipped_orders"}
