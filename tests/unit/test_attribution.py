"""Root causes: exact Shapley values on the money, checked on models whose answer is known."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from data.synthetic import generate
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model
from model.churn.scoring import scored_customers
from model.churn.shapley import churn_shapley, default_players
from model.explain.money_split import cost_by_root_cause
from model.money.assumptions import Assumptions
from model.money.costs import add_costs

#: Money per unit of attributable churn, with d = 0 (departure discount 1), fixed r = 0.9
#: (clv = 0.5 * 100 * 9 = 450), quiet prospects 10 * 0.1 * 0.5 = 0.5 worth 200 each: 100.
ASSUMPTIONS = Assumptions(
    gross_margin=0.5,
    monthly_retention=0.9,
    annual_discount_rate=0.0,
    people_told=10,
    public_complaint_multiplier=3.0,
    in_market_share=0.1,
    deterrence_rate=0.5,
    prospect_value=200.0,
    cost_per_call=5.0,
    cost_per_agent_hour=20.0,
    credit_per_outage_hour=0.0,
    cost_per_regulator_complaint=100.0,
    # unpriced here, so that only calls, phone time and complaints carry handling
    cost_per_escalation=0.0,
    cost_per_billing_error=0.0,
    cost_per_reshipment=0.0,
    # no staff turnover here (issue 28's tests below price it), so an hour is its $20
    agent_attrition_rate=0.0,
)
PER_DEPARTURE = 450.0 + 100.0
COMPLAINT_EXTRA = 100.0 * (3.0 - 1.0)


class _Formula:
    """A stand-in estimator whose churn is a known function of the features."""

    def __init__(self, formula):
        self.formula = formula

    def predict_proba(self, matrix):
        named = {name: matrix[:, i] for i, name in enumerate(MODEL_FEATURES)}
        p = np.clip(self.formula(named), 0, 1)
        return np.column_stack([1 - p, p])


def formula_model(formula) -> ChurnModel:
    return ChurnModel(estimator=_Formula(formula), card={})


def on(feature):
    return lambda f: (f[feature] > 0).astype(float)


def customer(**incidents) -> dict:
    row = {"customer_id": "X", "monthly_revenue": 100.0, "tenure_months": 12.0}
    return row | {name: incidents.get(name, 0) for name in INCIDENT_FEATURES}


def split_of(customers, model, assumptions=ASSUMPTIONS, players=None):
    scored = scored_customers(pd.DataFrame(customers), model)
    estimates = add_costs(scored, assumptions)
    split = cost_by_root_cause(estimates, churn_shapley(scored, model, players), assumptions)
    return split, estimates


def test_an_additive_model_gives_each_incident_its_own_churn_times_the_money():
    # churn = 0.1 + 0.2 [outage] + 0.1 [calls]: outage gets 0.2 * 550, calls 0.1 * 550
    # plus their own handling: 3 calls * 5 + 1.5 hours on the phone * 20.
    model = formula_model(
        lambda f: 0.1 + 0.2 * on("outage_hours")(f) + 0.1 * on("support_calls")(f)
    )
    split, estimates = split_of(
        [customer(outage_hours=10, support_calls=3, hours_on_phone=1.5)], model
    )
    assert split.loc[0, "outage_hours"] == pytest.approx(0.2 * PER_DEPARTURE)
    assert split.loc[0, "support_calls"] == pytest.approx(0.1 * PER_DEPARTURE + 15)
    assert split.loc[0, "hours_on_phone"] == pytest.approx(30.0)
    assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"], abs=0.01)


def test_the_complaints_extra_reach_is_shared_with_the_incidents_whose_churn_it_multiplies():
    # churn = 0.1 + 0.2 [outage] + 0.3 [complaint]. The money's complaint part is
    # a(S) * [complaint in S] * 200: a product of the two players' effects, so Shapley
    # gives half of the outage's 0.2 * 200 to each, and the complaint keeps its own 0.3 * 200.
    model = formula_model(
        lambda f: 0.1 + 0.2 * on("outage_hours")(f) + 0.3 * on("regulator_complaint")(f)
    )
    split, estimates = split_of([customer(outage_hours=5, regulator_complaint=1)], model)
    assert split.loc[0, "outage_hours"] == pytest.approx(
        0.2 * PER_DEPARTURE + 0.1 * COMPLAINT_EXTRA
    )
    assert split.loc[0, "regulator_complaint"] == pytest.approx(
        0.3 * PER_DEPARTURE + (0.3 + 0.1) * COMPLAINT_EXTRA + 100.0
    )
    assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"], abs=0.01)


def test_an_interaction_is_split_equally_between_the_two_incidents_that_need_each_other():
    # churn = 0.1 + 0.4 [outage and promise]: neither alone moves churn.
    model = formula_model(
        lambda f: 0.1 + 0.4 * on("outage_hours")(f) * on("unresolved_promises")(f)
    )
    split, _ = split_of([customer(outage_hours=5, unresolved_promises=2)], model)
    assert split.loc[0, "outage_hours"] == pytest.approx(0.2 * PER_DEPARTURE)
    assert split.loc[0, "unresolved_promises"] == pytest.approx(0.2 * PER_DEPARTURE)


def test_absent_incidents_get_nothing_and_identical_effects_get_equal_parts():
    model = formula_model(
        lambda f: 0.1 + 0.15 * on("escalations")(f) + 0.15 * on("billing_errors")(f)
    )
    split, _ = split_of([customer(escalations=1, billing_errors=1)], model)
    assert split.loc[0, "escalations"] == pytest.approx(split.loc[0, "billing_errors"])
    absent = [c for c in split.columns if c not in ("escalations", "billing_errors")]
    assert (split.loc[0, absent] == 0).all()


def test_a_group_of_incidents_acts_as_one_player():
    # calls, hours and agents switched on together: the group gets their joint effect
    model = formula_model(
        lambda f: 0.1 + 0.1 * on("support_calls")(f) + 0.05 * on("agents_contacted")(f)
    )
    players = {
        "outage_hours": ("outage_hours",),
        "contact_burden": ("support_calls", "hours_on_phone", "agents_contacted"),
    }
    split, estimates = split_of(
        [customer(outage_hours=2, support_calls=2, hours_on_phone=1, agents_contacted=3)],
        model,
        players=players,
    )
    assert list(split.columns) == ["outage_hours", "contact_burden"]
    assert split.loc[0, "contact_burden"] == pytest.approx(0.15 * PER_DEPARTURE + 2 * 5 + 1 * 20)
    assert split.loc[0, "outage_hours"] == 0.0
    assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"], abs=0.01)


def test_default_players_are_the_incident_features_unless_the_schema_groups_them():
    players = default_players()
    covered = sorted(f for members in players.values() for f in members)
    assert covered == sorted(INCIDENT_FEATURES)


@pytest.fixture(scope="module")
def customers():
    return generate(300, seed=11).drop(columns=["true_churn_probability", "churned"])


def test_the_real_models_money_split_adds_up_to_each_customers_total_within_a_cent(customers):
    model = default_model()
    split, estimates = split_of(customers, model, Assumptions())
    np.testing.assert_allclose(
        split.sum(axis=1), estimates["total_expected_cost"], rtol=0, atol=0.01
    )
    no_incidents = (customers[list(INCIDENT_FEATURES)] == 0).all(axis=1)
    assert (split[no_incidents] == 0).all().all()
    for feature in INCIDENT_FEATURES:  # absent incidents get 0
        assert (split.loc[customers[feature] == 0, feature] == 0).all()


def test_column_order_changes_nothing(customers):
    model = default_model()
    split, _ = split_of(customers, model, Assumptions())
    reordered = customers[list(reversed(customers.columns))]
    again, _ = split_of(reordered, model, Assumptions())
    pd.testing.assert_frame_equal(split, again[split.columns])


@settings(max_examples=25, deadline=None)
@given(
    weights=st.lists(
        st.floats(0, 0.1), min_size=len(INCIDENT_FEATURES), max_size=len(INCIDENT_FEATURES)
    ),
    present=st.lists(
        st.booleans(), min_size=len(INCIDENT_FEATURES), max_size=len(INCIDENT_FEATURES)
    ),
)
def test_property_shapley_on_an_additive_model_returns_its_weights(weights, present):
    def formula(f):
        return 0.05 + sum(
            w * on(name)(f) for name, w in zip(INCIDENT_FEATURES, weights, strict=True)
        )

    model = formula_model(formula)
    incidents = {n: 1 for n, p in zip(INCIDENT_FEATURES, present, strict=True) if p}
    assumptions = ASSUMPTIONS.with_changes(public_complaint_multiplier=1.0)
    split, estimates = split_of([customer(**incidents)], model, assumptions)
    for name, weight, here in zip(INCIDENT_FEATURES, weights, present, strict=True):
        handling = {"support_calls": 5.0, "hours_on_phone": 20.0, "regulator_complaint": 100.0}
        expected = (weight * PER_DEPARTURE + handling.get(name, 0.0)) if here else 0.0
        assert split.loc[0, name] == pytest.approx(expected, abs=1e-9)
    assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"], abs=0.01)


def test_staff_turnover_goes_to_the_phone_time_that_causes_it():
    # turnover per hour = 0.4 * 8000 / 2000 = 1.6: 1.5 hours cost 1.5 * (20 + 1.6) = 32.4
    model = formula_model(lambda f: 0.1 + 0.1 * on("support_calls")(f))
    turnover = ASSUMPTIONS.with_changes(
        agent_attrition_rate=0.4, cost_to_replace_agent=8_000, agent_hours_per_year=2_000
    )
    split, estimates = split_of([customer(support_calls=3, hours_on_phone=1.5)], model, turnover)
    assert split.loc[0, "hours_on_phone"] == pytest.approx(32.4)
    assert estimates.loc[0, "staff_turnover_cost"] == pytest.approx(2.4)
    assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"], abs=0.01)


def test_a_departure_priced_as_its_replacement_is_split_at_the_replacement():
    # replacement = 200 + 0.5 * 100 * 2 months = 300 (below the clv 450), plus the quiet
    # prospects' 100: 400 a departure; outage's churn 0.2 gets 0.2 * 400 = 80
    model = formula_model(lambda f: 0.1 + 0.2 * on("outage_hours")(f))
    for way in ("replacement", "cheaper"):
        priced = ASSUMPTIONS.with_changes(
            departure_cost=way, acquisition_cost=200.0, months_to_replace=2.0
        )
        split, estimates = split_of([customer(outage_hours=10)], model, priced)
        assert split.loc[0, "outage_hours"] == pytest.approx(0.2 * 400.0), way
        assert split.loc[0].sum() == pytest.approx(estimates.loc[0, "total_expected_cost"])


@pytest.mark.parametrize("way", ["lost_value", "replacement", "cheaper"])
def test_with_turnover_and_each_departure_price_the_split_adds_up_to_the_cent(customers, way):
    priced = Assumptions(departure_cost=way, agent_attrition_rate=0.5, months_to_replace=3.0)
    split, estimates = split_of(customers, default_model(), priced)
    assert estimates["staff_turnover_cost"].sum() > 0
    np.testing.assert_allclose(
        split.sum(axis=1), estimates["total_expected_cost"], rtol=0, atol=0.01
    )


def test_pricing_the_split_and_the_range_again_predicts_nothing(customers, predictions):
    from model.explain.range import total_range

    model = default_model()
    scored = scored_customers(customers, model)
    shapley = churn_shapley(scored, model)
    predictions.clear()
    for assumptions in (Assumptions(), Assumptions(deterrence_rate=0.2, cost_per_call=9.0)):
        estimates = add_costs(scored, assumptions)
        cost_by_root_cause(estimates, shapley, assumptions)
        total_range(estimates, assumptions, draws=200)
    assert predictions == []
