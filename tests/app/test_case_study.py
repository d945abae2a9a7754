"""The case study page prices the telco customer of DESIGN.md and what each fix saves."""

import pytest

from model.assumptions import Assumptions
from model.case_study import CASE_STUDY_CUSTOMER, case_customer
from model.churn import ChurnModel
from model.estimate import estimate
from model.loader import default_model
from tests.app.harness import amount, metrics, open_app, rerun
from ui import labels
from ui.format import money, parse_money, percent
from ui.state import ASSUMPTION_KEYS, CASE_KEYS

CASE = "app_pages/case_study.py"


def test_the_preset_shows_churn_far_above_the_customers_baseline():
    shown = metrics(open_app(CASE))
    churn = parse_money(shown[labels.CHURN_PROBABILITY])
    baseline = parse_money(shown[labels.BASELINE_CHURN_PROBABILITY])
    assert churn > baseline
    assert churn > 50  # 112 hours out, 22 calls, 3 missed promises and a complaint


def test_the_preset_shows_the_estimate_of_the_case_customer():
    expected = estimate(case_customer(), default_model(), Assumptions()).iloc[0]
    shown = metrics(open_app(CASE))
    assert shown[labels.CHURN_PROBABILITY] == percent(expected["churn_probability"])
    for name in ("expected_lost_clv", "word_of_mouth_loss", "service_cost"):
        assert shown[labels.COMPONENT_LABELS[name]] == money(expected[name])
    # 22 calls at 7.68, 112 outage hours at 0.10, one regulator complaint at 650:
    assert expected["service_cost"] == pytest.approx(22 * 7.68 + 112 * 0.10 + 650)


def test_the_total_is_the_sum_of_the_components_shown():
    app = open_app(CASE)
    parts = [
        amount(app, labels.EXPECTED_LOST_CLV),
        amount(app, labels.WORD_OF_MOUTH_LOSS),
        amount(app, labels.SERVICE_COST),
    ]
    assert amount(app, labels.TOTAL_EXPECTED_COST) == pytest.approx(sum(parts), abs=1.5)


def test_each_fix_saves_the_handling_cost_of_its_own_failures_exactly():
    fixes = open_app(CASE).dataframe[0].value.set_index("Fix")
    service = fixes[labels.SERVICE_COST]
    assert len(fixes) == 7
    assert service[labels.fix_label("outage_hours_cut")] == pytest.approx(112 * 0.10)
    assert service[labels.fix_label("repeat_calls_avoided")] == pytest.approx(21 * 7.68)
    assert service[labels.fix_label("regulator_complaints_avoided")] == pytest.approx(650)
    saving = fixes[labels.TOTAL_EXPECTED_COST]
    assert (saving >= 0).all()
    # All fixes together save more than any one, but not everything: the first call of a
    # problem is not a repeat call, so it stays.
    assert saving[labels.ALL_FIXES] >= saving.drop(labels.ALL_FIXES).max()
    assert saving[labels.ALL_FIXES] < amount(open_app(CASE), labels.TOTAL_EXPECTED_COST)


def test_editing_an_input_reprices_the_customer_and_reset_restores_the_case():
    app = open_app(CASE)
    before = amount(app, labels.SERVICE_COST)
    app.number_input(key=CASE_KEYS["support_calls"]).set_value(2)
    rerun(app)
    assert amount(app, labels.SERVICE_COST) == pytest.approx(before - 20 * 7.68, abs=1)
    next(b for b in app.button if b.label == labels.RESET_CASE).click()
    rerun(app)
    assert app.number_input(key=CASE_KEYS["support_calls"]).value == 22
    assert amount(app, labels.SERVICE_COST) == pytest.approx(before, abs=0.5)


def test_the_case_uses_the_sidebars_assumptions():
    app = open_app(CASE)
    app.number_input(key=ASSUMPTION_KEYS["cost_per_regulator_complaint"]).set_value(1650.0)
    rerun(app)
    expected = 22 * 7.68 + 112 * 0.10 + 1650
    assert metrics(app)[labels.SERVICE_COST] == money(expected)


def test_the_preset_is_the_case_of_the_design():
    assert CASE_STUDY_CUSTOMER["outage_hours"] == 112
    assert CASE_STUDY_CUSTOMER["support_calls"] == 22
    assert CASE_STUDY_CUSTOMER["hours_on_phone"] == 12
    assert CASE_STUDY_CUSTOMER["agents_contacted"] == 50
    assert CASE_STUDY_CUSTOMER["unresolved_promises"] == 3
    assert CASE_STUDY_CUSTOMER["regulator_complaint"] == 1


def test_a_money_slider_on_the_case_study_predicts_nothing(monkeypatch):
    app = open_app(CASE)
    calls = []
    original = ChurnModel.predict_matrix
    monkeypatch.setattr(
        ChurnModel, "predict_matrix", lambda self, matrix: calls.append(1) or original(self, matrix)
    )
    app.slider(key=ASSUMPTION_KEYS["deterrence_rate"]).set_value(35.0)
    rerun(app)
    assert calls == []
    assert amount(app, labels.WORD_OF_MOUTH_LOSS) > 0
