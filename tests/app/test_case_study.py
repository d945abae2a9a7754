"""The case study page prices the telco customer of the sources and what each fix saves."""

import pytest
import streamlit as st

from data.schema import COLUMNS_BY_NAME
from model.cases.case_study import CASE_STUDY_CUSTOMER, case_customer
from model.cases.synthetic_portfolios import synthetic_portfolio
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model
from model.churn.scoring import scored_customers
from model.display import labels
from model.display.format import money, parse_money, percent
from model.money.assumptions import Assumptions
from model.money.costs import add_costs, typical_clv
from tests.app.harness import SMALL, amount, metrics, open_app, rerun
from tests.golden import GOLDEN_CASES
from ui.state.keys import ASSUMPTION_KEYS, CASE_KEYS, RETENTION_SOURCE_KEY

CASE = "app_pages/case_study.py"
DEFAULTS = Assumptions()
CALL, AGENT_HOUR = DEFAULTS.cost_per_call, DEFAULTS.cost_per_agent_hour
OUTAGE_CREDIT, COMPLAINT = DEFAULTS.credit_per_outage_hour, DEFAULTS.cost_per_regulator_complaint


def test_the_preset_shows_churn_far_above_the_customers_baseline():
    shown = metrics(open_app(CASE))
    churn = parse_money(shown[labels.CHURN_PROBABILITY])
    baseline = parse_money(shown[labels.BASELINE_CHURN_PROBABILITY])
    assert churn > baseline
    assert churn > 50  # 112 hours out, 22 calls, 3 missed promises and a complaint


def portfolio_typical_clv(assumptions: Assumptions = DEFAULTS) -> float:
    """Median lifetime value of the sidebar's portfolio in the tests (1,000 synthetic)."""
    scored = scored_customers(synthetic_portfolio(int(SMALL)), default_model())
    return typical_clv(scored, assumptions)


def test_the_preset_prices_the_case_customer_with_prospects_at_the_portfolio_median():
    scored = scored_customers(case_customer(), default_model())
    expected = add_costs(scored, DEFAULTS, portfolio_typical_clv()).iloc[0]
    app = open_app(CASE)
    shown = metrics(app)
    assert shown[labels.CHURN_PROBABILITY] == percent(expected["churn_probability"])
    for name in ("expected_departure_cost", "word_of_mouth_loss", "service_cost"):
        assert shown[labels.COMPONENT_LABELS[name]] == money(expected[name])
    # 22 calls beyond talk time, 12 agent hours, 112 outage hours credited pro rata, one
    # escalation (priced since issue 19: one handling) and one regulator complaint, and
    # since issue 28 the staff turnover of the 12 hours: 12 * 0.35 * 12,500 / 1,456
    turnover = 12 * 0.35 * 12_500 / 1_456
    assert expected["staff_turnover_cost"] == pytest.approx(turnover)
    assert expected["service_cost"] == pytest.approx(
        22 * CALL
        + 12 * AGENT_HOUR
        + 112 * OUTAGE_CREDIT
        + DEFAULTS.cost_per_escalation
        + COMPLAINT
        + turnover
    )
    assert shown[labels.STAFF_TURNOVER_COST] == money(turnover, cents=True)
    assert any(money(portfolio_typical_clv()) in caption.value for caption in app.caption)
    # a prospect is not valued at this 15-year customer's own lifetime value
    own = add_costs(scored, DEFAULTS).iloc[0]
    assert own["word_of_mouth_loss"] > expected["word_of_mouth_loss"]


def test_the_telco_customers_departure_is_also_priced_as_its_replacement():
    # issue 28: replacing the customer costs the $375 of winning one and half a month of
    # their margin, 0.6 * revenue * 0.5, times the churn the failures cause, discounted
    from ui.case_study.new_costs import REPLACEMENT_LABEL

    scored = scored_customers(case_customer(), default_model())
    expected = add_costs(scored, DEFAULTS, portfolio_typical_clv()).iloc[0]
    replaced = (
        expected["attributable_churn_probability"]
        * (375 + 0.6 * expected["monthly_revenue"] * 0.5)
        * DEFAULTS.departure_discount
    )
    shown = metrics(open_app(CASE))
    assert shown[REPLACEMENT_LABEL] == money(replaced)
    assert shown[labels.EXPECTED_LOST_CLV] == money(expected["expected_lost_clv"])


def test_the_total_is_the_sum_of_the_components_shown():
    app = open_app(CASE)
    parts = [
        amount(app, labels.EXPECTED_DEPARTURE_COST),
        amount(app, labels.WORD_OF_MOUTH_LOSS),
        amount(app, labels.SERVICE_COST),
    ]
    assert amount(app, labels.TOTAL_EXPECTED_COST) == pytest.approx(sum(parts), abs=1.5)


def test_each_fix_saves_the_handling_cost_of_its_own_failures_exactly():
    fixes = open_app(CASE).dataframe[0].value.set_index("Fix")
    service = fixes[labels.SERVICE_COST]
    assert len(fixes) == 8  # seven levers (the re-shipment lever since issue 19), then all
    assert service[labels.fix_label("outage_hours_cut")] == pytest.approx(112 * OUTAGE_CREDIT)
    assert service[labels.fix_label("regulator_complaints_avoided")] == pytest.approx(COMPLAINT)
    # a repeat call avoided saves its own cost and its share of the time on the phone
    assert service[labels.fix_label("repeat_calls_avoided")] >= 21 * CALL
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
    assert amount(app, labels.SERVICE_COST) == pytest.approx(before - 20 * CALL, abs=1)
    next(b for b in app.button if b.label == labels.RESET_CASE).click()
    rerun(app)
    assert app.number_input(key=CASE_KEYS["support_calls"]).value == 22
    assert amount(app, labels.SERVICE_COST) == pytest.approx(before, abs=0.5)


def test_the_case_uses_the_sidebars_assumptions():
    app = open_app(CASE)
    app.number_input(key=ASSUMPTION_KEYS["cost_per_regulator_complaint"]).set_value(1650.0)
    rerun(app)
    # the telco customer's one escalation is priced since issue 19's derived defaults
    escalation = DEFAULTS.cost_per_escalation
    # and since issue 28 the staff turnover of its 12 hours on the phone
    turnover = 12 * DEFAULTS.turnover_per_phone_hour
    expected = 22 * CALL + 12 * AGENT_HOUR + 112 * OUTAGE_CREDIT + escalation + 1650 + turnover
    assert metrics(app)[labels.SERVICE_COST] == money(expected)


def test_the_sidebars_way_of_pricing_a_departure_moves_the_total():
    app = open_app(CASE)
    lost_value = metrics(app)[labels.EXPECTED_LOST_CLV]
    app.selectbox(key=ASSUMPTION_KEYS["departure_cost"]).set_value("replacement")
    rerun(app)
    from ui.case_study.new_costs import REPLACEMENT_LABEL

    shown = metrics(app)
    # the total now uses the replacement; the lost value stays shown for reference
    assert shown[labels.EXPECTED_DEPARTURE_COST] == shown[REPLACEMENT_LABEL]
    assert shown[labels.EXPECTED_LOST_CLV] == lost_value


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


def test_the_case_page_gives_the_two_outcomes_of_one_customer_and_every_source():
    app = open_app(CASE)
    table = app.dataframe[-1].value
    assert list(table[labels.RANGE_SOURCE]) == [
        labels.RANGE_SOURCES[name] for name in ("assumptions", "model", "outcomes", "combined")
    ]
    text = " ".join(block.value for block in app.markdown)
    assert "for one customer the cost is one of two amounts" in text
    assert "draws, seed 0" in " ".join(caption.value for caption in app.caption)
    # the low end of who-leaves is the handling alone: the customer may stay
    outcomes = table.set_index(labels.RANGE_SOURCE).loc[labels.RANGE_SOURCES["outcomes"]]
    assert outcomes[labels.P10] == pytest.approx(amount(app, labels.SERVICE_COST), abs=1)


class _GoldenEstimator:
    """Returns a golden case's churn for a customer with incidents, its baseline without."""

    def __init__(self, case: dict):
        self.churn, self.baseline = case["churn_probability"], case["baseline_churn_probability"]

    def predict_proba(self, matrix):
        import numpy as np

        incidents = (matrix[:, 2:] != 0).any(axis=1)
        p = np.where(incidents, self.churn, self.baseline)
        return np.column_stack([1 - p, p])


#: Golden cases the case page can show: every field one of its inputs, the prospect value
#: set (the page prices prospects at the portfolio's mean, not at the one customer's).
PAGE_CASES = [
    case
    for case in GOLDEN_CASES
    if set(case["customer"]) - {"customer_id"} <= set(CASE_KEYS)
    and case["assumptions"].get("prospect_value") is not None
]


@pytest.fixture
def fresh_caches():
    """Caches emptied before and after: the test's stand-in model must not leak."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["customer"]["customer_id"] for c in PAGE_CASES])
def test_the_case_page_shows_the_hand_worked_golden_values(monkeypatch, fresh_caches, case):
    model = ChurnModel(_GoldenEstimator(case), card={})
    monkeypatch.setattr("ui.state.cache.churn_model", lambda: model)
    monkeypatch.setattr("ui.state.churn_model", lambda: model)  # the page's own import
    query = {key: str(value) for key, value in case["assumptions"].items()}
    app = open_app(CASE, **query)
    for name, key in CASE_KEYS.items():
        value = case["customer"].get(name, 0)
        kind = COLUMNS_BY_NAME[name].kind
        if kind == "flag":
            app.toggle(key=key).set_value(bool(value))
        else:
            app.number_input(key=key).set_value(int(value) if kind == "integer" else float(value))
    rerun(app)
    shown = metrics(app)
    assert shown[labels.CLV] == money(case["expected"]["clv"])
    for name in (
        "expected_departure_cost",
        "word_of_mouth_loss",
        "service_cost",
        "total_expected_cost",
    ):
        assert shown[labels.COMPONENT_LABELS[name]] == money(case["expected"][name]), name


def test_retention_from_the_model_or_one_fixed_rate_reprices_without_predicting(monkeypatch):
    app = open_app(CASE)
    assert app.radio(key=RETENTION_SOURCE_KEY).value == "model"
    own = amount(app, labels.CLV)
    calls = []
    original = ChurnModel.predict_matrix
    monkeypatch.setattr(
        ChurnModel, "predict_matrix", lambda self, matrix: calls.append(1) or original(self, matrix)
    )
    app.radio(key=RETENTION_SOURCE_KEY).set_value("fixed")
    rerun(app)
    fixed = Assumptions(monthly_retention=0.985)
    scored = scored_customers(case_customer(), default_model())
    calls.clear()
    rerun(app)
    assert amount(app, labels.CLV) == pytest.approx(add_costs(scored, fixed)["clv"][0], abs=1)
    assert amount(app, labels.CLV) != pytest.approx(own, abs=1)
    assert calls == []
    assert (
        app.query_params["monthly_retention"] == ["0.985"]
        or app.query_params["monthly_retention"] == "0.985"
    )


def test_the_fix_chart_names_the_fixes_that_would_save_this_customer_nothing():
    """The telco customer of the case has no billing errors and no re-shipments: the chart
    draws no empty bar for them and its caption says why."""
    captions = " ".join(c.value for c in open_app(CASE).caption)
    assert "No bar for billing errors prevented and re-shipments avoided" in captions
