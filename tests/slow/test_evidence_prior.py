"""A history's fit leans on public evidence only as far as its data allow (issue 32): a large
history whose law contradicts the evidence recovers its own law, and on small synthetic
histories the fit with the evidence does no worse than the fit without. Slow: they fit."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from data.schema import GENERATOR_TRUTH_COLUMNS, INCIDENT_FEATURES, INCIDENT_GROUPS
from data.synthetic import generate, support_call_log_odds, true_churn_probability
from data.validation import validate
from model.churn import ChurnModel, root_cause_table, train_on_history
from model.churn.additive import FitSettings, fit_additive_logit
from model.churn.blend import prior_share
from model.churn.churn_model import feature_matrix
from model.churn.evidence import entries_for_incident, pooled_curve
from model.churn.metrics import probability_metrics
from model.churn.shrinkage import choose_weight

#: The incidents the data cannot tell apart (calls, time on the phone, agents).
CONTACT_BURDEN = {m for members in INCIDENT_GROUPS.values() for m in members}
#: The evidence's effect of a complaint (log-odds at 1), pooled over the public sets.
COMPLAINT = float(pooled_curve(entries_for_incident("regulator_complaint"))[0][1])


def contradicting_law(customers: pd.DataFrame) -> np.ndarray:
    """The generator's law with support calls of no effect at all (the evidence: a step of
    about 3 on the log-odds from the fourth call) and a regulator complaint twice the
    evidence's effect."""
    p = true_churn_probability(customers)
    logit = np.log(p / (1 - p))
    calls = customers["support_calls"].to_numpy(float)
    complaint = customers["regulator_complaint"].to_numpy(float)
    logit -= support_call_log_odds(calls) + 1.8 * complaint
    logit += 2 * COMPLAINT * complaint
    return 1 / (1 + np.exp(-logit))


class ContradictingLaw:
    def churn_probability(self, matrix: np.ndarray) -> np.ndarray:
        from data.schema import MODEL_FEATURES

        return contradicting_law(pd.DataFrame(matrix, columns=list(MODEL_FEATURES)))


#: A history large enough that the fit's own noise is well inside the check's 0.05: on
#: 60,000 customers four draws of `churned` gave the contact group 0.214 to 0.248 against
#: the law's 0.190, on 120,000 three gave 0.170 to 0.209 (docs/adr/0027).
LARGE = 120_000


def test_a_large_history_whose_law_contradicts_the_evidence_recovers_its_own_root_causes():
    customers = generate(LARGE, 3232).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
    rng = np.random.default_rng(3233)
    history = customers.assign(churned=(rng.random(LARGE) < contradicting_law(customers)))
    model = train_on_history(validate(history.astype({"churned": int})).valid)
    sample = generate(10_000, 3234)
    fitted = root_cause_table(sample, model)["share"]
    truth = root_cause_table(sample, ChurnModel(ContradictingLaw(), card={"model": "law"}))
    # calls, time on the phone and agents travel together: as everywhere, judged as one group
    causes = [c for c in fitted.index if c not in CONTACT_BURDEN]
    gaps = (fitted[causes] - truth["share"][causes]).abs()
    assert gaps.max() <= 0.05, gaps.round(3).to_dict()
    # support calls alone: the evidence's step of about 3 at the fourth call did not overrule
    # a history in which calls do nothing
    typical = pd.DataFrame({"monthly_revenue": [55.0] * 2, "tenure_months": [36.0] * 2})
    typical = typical.assign(**{c: 0.0 for c in INCIDENT_FEATURES}).assign(support_calls=[0, 4])
    p = model.predict_matrix(feature_matrix(typical))
    assert np.log(p[1] / (1 - p[1])) - np.log(p[0] / (1 - p[0])) < 1.0
    entry = model.card["evidence"]["incidents"]["support_calls"]
    assert entry["prior"] == "public evidence: 1 set"


def test_a_large_one_incident_history_with_no_effect_is_not_overruled_by_a_step_prior():
    rng = np.random.default_rng(4)
    calls = rng.poisson(1.5, 30_000).astype(float)
    tenure = rng.exponential(36, 30_000)
    churned = (rng.random(30_000) < 1 / (1 + np.exp(1.8 + 0.01 * tenure))).astype(float)
    matrix = np.column_stack([tenure, calls])
    prior = (tuple(float(c) for c in range(9)), (0.0, 0.0, 0.0, 0.0, 2.5, 2.5, 2.5, 2.5, 2.5))
    settings = FitSettings(knots_per_feature=8, tolerance=1e-10, priors=(None, prior))

    def weighted(weight, evidence_weight):
        calls = weight if evidence_weight is None else evidence_weight
        return replace(settings, prior_weight=weight, prior_weights=(weight, calls))

    weight, evidence_weight, _ = choose_weight(matrix, churned, [-1, 1], weighted, seed=3)
    fitted = fit_additive_logit(matrix, churned, [-1, 1], weighted(weight, evidence_weight))
    assert fitted.effect(1, np.array([4.0]))[0] < 0.25  # the prior's 2.5 did not overrule


@pytest.mark.parametrize("rows", [1_000, 2_000, 3_000])
def test_on_small_synthetic_histories_the_fit_with_evidence_is_no_worse_than_without(rows):
    history = validate(generate(rows, 7000 + rows).drop(columns=[GENERATOR_TRUTH_COLUMNS[0]]))
    fresh = generate(20_000, 7001)
    losses = {}
    for name, weights in (("with evidence", None), ("without", (0.0,))):
        options = {} if weights is None else {"prior_weights": weights}
        model = train_on_history(history.valid, compare_plain=False, **options)
        # the card's share from the priors is the model's own: 1 for the additive form, the
        # blend's share for boosted trees, 0 for trees alone (docs/adr/0029)
        evidence = model.card["evidence"]
        assert evidence["share_of_model_with_priors"] == prior_share(model.estimator)
        if prior_share(model.estimator) == 0:
            assert all(e["share_from_prior"] == 0 for e in evidence["incidents"].values())
        p = model.predict_matrix(feature_matrix(fresh))
        losses[name] = probability_metrics(fresh["churned"], p)["log_loss"]
    assert losses["with evidence"] <= losses["without"] * 1.002, losses
