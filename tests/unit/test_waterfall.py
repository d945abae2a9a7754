"""A customer's waterfall: baseline to churn, 0 to cost, each adding up; plain words."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from model.cases.presets import NEIGHBOUR, TELCO
from model.churn.churn_model import ChurnModel
from model.churn.loader import default_model
from model.explain.money_split import players_for
from model.explain.waterfall import (
    churn_by_incident,
    churn_waterfall,
    explanations,
    find_customer,
    incident_phrase,
    money_by_incident,
    money_waterfall,
    remembering,
)
from model.money.assumptions import Assumptions
from model.money.estimate import estimate


class _Additive:
    """Churn 0.1 + 0.01 per outage hour + 0.05 per missed promise: Shapley values known."""

    def predict_proba(self, matrix):
        named = {name: matrix[:, i] for i, name in enumerate(MODEL_FEATURES)}
        p = 0.1 + 0.01 * named["outage_hours"] + 0.05 * named["unresolved_promises"]
        return np.column_stack([1 - p, p])


def _customer(**incidents):
    row = {"customer_id": "X", "monthly_revenue": 100.0, "tenure_months": 24.0}
    return pd.DataFrame([row | {name: incidents.get(name, 0) for name in INCIDENT_FEATURES}])


def test_each_step_is_the_incidents_own_effect_for_an_additive_model():
    model = ChurnModel(estimator=_Additive(), card={})
    estimates = estimate(_customer(outage_hours=10, unresolved_promises=3), model, Assumptions())
    row = estimates.iloc[0]
    steps = churn_waterfall(row, churn_by_incident(estimates, model).iloc[0])

    assert list(steps["label"]) == [
        "Churn with no incidents",
        "unresolved_promises",
        "outage_hours",
        "This customer's churn",
    ]
    assert steps["amount"].tolist() == pytest.approx([0.1, 0.15, 0.1, 0.35])
    assert steps["running_total"].iloc[-1] == pytest.approx(row["churn_probability"])


@pytest.mark.parametrize("preset", [TELCO, NEIGHBOUR], ids=["telco", "neighbour"])
def test_a_customers_waterfalls_add_up_to_their_churn_and_their_total(preset):
    model = default_model()
    assumptions = Assumptions()
    estimates = estimate(pd.DataFrame([preset.customer()]), model, assumptions)
    row = estimates.iloc[0]

    churn = churn_waterfall(row, churn_by_incident(estimates, model).iloc[0])
    money = money_waterfall(row, money_by_incident(estimates, model, assumptions).iloc[0])

    assert churn["running_total"].iloc[-1] == pytest.approx(row["churn_probability"], abs=1e-12)
    assert money["running_total"].iloc[-1] == pytest.approx(row["total_expected_cost"], rel=1e-12)
    steps = money[money["kind"] == "step"]
    assert steps["amount"].sum() == pytest.approx(row["total_expected_cost"], rel=1e-12)
    # each step is an incident, or a group of incidents the model cannot tell apart
    assert set(steps["incident"]) <= set(players_for(estimates)) | set(INCIDENT_FEATURES)


def test_the_explanation_names_the_count_the_incident_and_its_share():
    row = pd.Series({"total_expected_cost": 1000.0, "unresolved_promises": 3, "escalations": 1})
    split = pd.Series({"unresolved_promises": 410.0, "escalations": 90.0, "outage_hours": 0.0})

    assert explanations(row, split) == [
        "3 missed promises account for 41% of this customer's expected cost (410.00).",
        "1 escalation accounts for 9% of this customer's expected cost (90.00).",
    ]


def test_phrases_read_naturally():
    assert incident_phrase("outage_hours", 112.0) == "112 hours without service"
    assert incident_phrase("hours_on_phone", 1.5) == "1.5 hours on the phone"
    assert incident_phrase("regulator_complaint", 1) == "the regulator complaint"
    assert incident_phrase("contact_burden", None) == (
        "the contact burden (calls, time on the phone, agents passed through)"
    )


def test_a_customer_is_found_by_id_with_spaces_ignored():
    frame = pd.DataFrame({"customer_id": ["A-1", "B-2"]})
    assert find_customer(frame, " B-2 ") == 1
    assert find_customer(frame, "C-3") is None


def test_a_remembering_model_prices_new_assumptions_without_predicting_again():
    calls = []

    class Counting(_Additive):
        def predict_proba(self, matrix):
            calls.append(len(matrix))
            return super().predict_proba(matrix)

    model = remembering(ChurnModel(estimator=Counting(), card={}))
    customers = _customer(outage_hours=10, unresolved_promises=3)
    first = money_by_incident(estimate(customers, model, Assumptions()), model, Assumptions())
    predicted = len(calls)
    cheaper = Assumptions(cost_per_call=1.0, people_told=3.0)
    again = money_by_incident(estimate(customers, model, cheaper), model, cheaper)

    assert predicted > 0 and len(calls) == predicted
    assert again.sum(axis=1).iloc[0] < first.sum(axis=1).iloc[0]
