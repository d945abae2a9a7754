"""Root-cause attribution: exact Shapley values that add up and treat equals equally."""

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES, MODEL_FEATURES
from data.synthetic import generate
from model.assumptions import Assumptions
from model.attribution import churn_attribution, cost_by_root_cause
from model.churn import ChurnModel
from model.estimate import estimate
from model.loader import default_model


class _Formula:
    """A stand-in estimator whose churn is a known function of the features."""

    def __init__(self, formula):
        self.formula = formula

    def predict_proba(self, matrix):
        named = {name: matrix[:, i] for i, name in enumerate(MODEL_FEATURES)}
        p = self.formula(named)
        return np.column_stack([1 - p, p])


def formula_model(formula) -> ChurnModel:
    return ChurnModel(estimator=_Formula(formula), card={})


def customer(**incidents) -> dict:
    row = {"customer_id": "X", "monthly_revenue": 50.0, "tenure_months": 12.0}
    return row | {name: incidents.get(name, 0) for name in INCIDENT_FEATURES}


def test_an_additive_model_gives_each_feature_its_own_term():
    # p = 0.1 + 0.01 * outage_hours + 0.02 * support_calls: the Shapley value of each
    # feature is its own term, 0.01 * 10 = 0.1 and 0.02 * 3 = 0.06.
    model = formula_model(lambda f: 0.1 + 0.01 * f["outage_hours"] + 0.02 * f["support_calls"])
    shares = churn_attribution(pd.DataFrame([customer(outage_hours=10, support_calls=3)]), model)
    assert shares.loc[0, "outage_hours"] == pytest.approx(0.1)
    assert shares.loc[0, "support_calls"] == pytest.approx(0.06)
    assert shares.loc[0, "unresolved_promises"] == 0


def test_an_interaction_is_split_equally_between_symmetric_features():
    # p = 0.1 + 0.2 * [calls > 0 and promises > 0]: neither matters alone, together they
    # add 0.2; by symmetry each gets 0.1.
    model = formula_model(
        lambda f: 0.1 + 0.2 * ((f["support_calls"] > 0) & (f["unresolved_promises"] > 0))
    )
    both = pd.DataFrame([customer(support_calls=2, unresolved_promises=1)])
    shares = churn_attribution(both, model)
    assert shares.loc[0, "support_calls"] == pytest.approx(0.1)
    assert shares.loc[0, "unresolved_promises"] == pytest.approx(0.1)


@pytest.fixture(scope="module")
def customers():
    return generate(3_000, 9)


def test_shares_sum_exactly_to_attributable_churn_for_the_real_model(customers):
    model = default_model()
    shares = churn_attribution(customers, model)
    attributable = estimate(customers, model, Assumptions())["attributable_churn_probability"]
    np.testing.assert_allclose(shares.sum(axis=1), attributable, atol=1e-12)
    at_zero = customers[list(INCIDENT_FEATURES)].to_numpy() == 0
    assert (shares.to_numpy()[at_zero] == 0).all()


def test_shares_do_not_depend_on_column_order(customers):
    model = default_model()
    reordered = customers[list(reversed(customers.columns))]
    pd.testing.assert_frame_equal(
        churn_attribution(customers, model), churn_attribution(reordered, model)
    )


def test_cost_by_root_cause_adds_up_to_each_customers_total(customers):
    model, assumptions = default_model(), Assumptions()
    estimates = estimate(customers, model, assumptions)
    split = cost_by_root_cause(estimates, churn_attribution(customers, model), assumptions)
    np.testing.assert_allclose(split.sum(axis=1), estimates["total_expected_cost"], rtol=1e-9)
