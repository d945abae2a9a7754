"""The boosted form borrows strength from the evidence (model.churn.blend, issue 32): its trees
blended with the additive model that carries the priors, by a share the data choose."""

import json

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from model.churn import ChurnModel
from model.churn.additive import FitSettings, fit_additive_logit
from model.churn.artefact import ARTEFACT_NAME, read_model, save_model
from model.churn.blend import BlendedLogit, blended, choose_share, prior_share
from model.churn.boosted import BoostingSize, fit_boosted
from model.churn.evidence import CURVE_COUNTS
from model.churn.layout import layout_for
from model.churn.shrinkage import IncidentPrior, Shrinkage, leaning_on_assumptions

STEP = (0.0, 0.0, 0.0, 0.0, 2.5, 2.5, 2.5, 2.5, 2.5)
PRIOR = (tuple(float(c) for c in CURVE_COUNTS), STEP)
#: Tenure (no prior) and calls (the step prior), each pulled by 30 customers' worth.
SETTINGS = FitSettings(
    knots_per_feature=8, tolerance=1e-10, priors=(None, PRIOR), prior_weights=(30.0, 30.0)
)
SIZE = BoostingSize(max_leaf_nodes=4, max_iter=60)


def one_incident(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Tenure and calls; the prior's step at the fourth call for customers under two years,
    a gentle rise in calls for the others: a law the additive form cannot hold, the trees
    can."""
    rng = np.random.default_rng(seed)
    calls = rng.poisson(1.5, rows).astype(float)
    tenure = rng.exponential(36, rows)
    young = tenure < 24
    logit = -1.8 - 0.01 * tenure + 2.5 * (calls >= 4) * young + 0.5 * calls * ~young
    churned = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return np.column_stack([tenure, calls]), churned


def share_of(rows: int, seed: int) -> float:
    matrix, churned = one_incident(rows, seed)
    with threadpool_limits(limits=1):  # as the history fit runs it (model.churn.history_fit)
        return choose_share(matrix, churned, [1], SIZE, seed, [-1, 1], SETTINGS)[0]


def test_the_trees_lean_on_the_prior_with_few_customers_and_not_with_many():
    few = [share_of(300, seed) for seed in range(3)]
    many = share_of(4_000, 0)
    assert np.mean(few) >= 0.15, few
    assert many <= 0.05
    assert np.mean(few) > many


@pytest.fixture(scope="module")
def parts():
    matrix, churned = one_incident(600, 4)
    with threadpool_limits(limits=1):
        trees = fit_boosted(matrix, churned, [1], SIZE, 1)
    additive = fit_additive_logit(matrix, churned, [-1, 1], SETTINGS)
    return matrix, trees, additive


def test_a_blend_is_its_parts_log_odds_weighted_and_stays_monotone(parts):
    matrix, trees, additive = parts
    blend = blended(trees, additive, 0.25)
    expected = 0.75 * trees.log_odds(matrix) + 0.25 * additive.log_odds(matrix)
    np.testing.assert_allclose(blend.log_odds(matrix), expected)
    assert blend.monotone_in([1])
    assert blended(trees, additive, 0.0) is trees  # share 0: the trees alone, saved as before
    assert [prior_share(m) for m in (additive, blend, trees)] == [1.0, 0.25, 0.0]


def test_the_card_says_how_much_of_each_effect_came_from_the_prior_in_either_form(parts):
    matrix, trees, additive = parts
    prior = IncidentPrior("support_calls", "public evidence", 1, PRIOR)
    shrink = Shrinkage({"support_calls": prior}, 30.0, 30.0, {})
    columns = ("tenure_months", "support_calls")

    def from_prior(model) -> float:
        entry = shrink.card_entry(additive, matrix, columns, prior_share(model))
        calls = entry["incidents"]["support_calls"]
        assert calls["share_from_own_data"] + calls["share_from_prior"] == pytest.approx(1)
        return calls["share_from_prior"]

    alone = from_prior(additive)  # the additive form: all of its pull
    assert 0.05 < alone < 1
    assert from_prior(blended(trees, additive, 0.4)) == pytest.approx(0.4 * alone, abs=1e-4)
    assert from_prior(trees) == 0.0  # trees alone take nothing from the prior
    # and the history's size is then judged on its own data: no evidence was leant on
    entry = shrink.card_entry(additive, matrix, columns, 0.0)
    entry["incidents"]["support_calls"]["standard_error_from_own_data"] = 0.9
    assert leaning_on_assumptions(entry, {"support_calls"}) == ["support_calls"]
    entry["share_of_model_with_priors"] = 0.4
    assert leaning_on_assumptions(entry, {"support_calls"}) == []


def test_blended_trees_are_saved_and_read_back_with_their_share_checked(tmp_path):
    matrix, churned = one_incident(600, 4)
    frame = pd.DataFrame(
        {
            "customer_id": [f"c{i}" for i in range(len(matrix))],
            "monthly_revenue": 50.0,
            "tenure_months": matrix[:, 0],
            "outage_hours": 0.0,
            "support_calls": matrix[:, 1],
            "unresolved_promises": 0,
        }
    )
    layout = layout_for(frame, (), ())
    full = layout.matrix(frame)
    positions = layout.incident_positions
    directions = [1 if k in positions else 0 for k in range(full.shape[1])]
    with threadpool_limits(limits=1):
        trees = fit_boosted(full, churned, positions, SIZE, 1)
    blend = BlendedLogit(trees, fit_additive_logit(full, churned, directions, FitSettings(8)), 0.3)
    card = {"history": {}, "features": list(layout.columns), **layout.to_card()}
    variant = ChurnModel(blend, {"variant_of": "blend"}, layout=layout)
    save_model(ChurnModel(blend, card, (variant,), layout=layout), tmp_path)
    loaded = read_model(tmp_path)
    assert isinstance(loaded.estimator, BlendedLogit) and loaded.estimator.share == 0.3
    np.testing.assert_array_equal(loaded.predict_matrix(full), blend.churn_probability(full))
    content = json.loads((tmp_path / ARTEFACT_NAME).read_text())
    assert content["format"] == "blended-trees/1"
    with pytest.raises(ValueError, match=r"share must lie in \[0, 1\]"):
        BlendedLogit.from_dict(content["model"] | {"share": 1.5}, full.shape[1])


def test_the_words_say_trees_alone_took_nothing_from_the_prior_and_a_blend_its_share():
    from model.display import effect_sources, evidence_sentences

    entry = {"prior": "public evidence: 1 set", "public_sets": 1, "share_from_own_data": 0.9}
    blend = {"share_of_model_with_priors": 0.2, "incidents": {"support_calls": entry}}
    alone = {"share_of_model_with_priors": 0.0, "incidents": {"support_calls": entry}}
    (sentence,) = evidence_sentences({"history": {}, "evidence": blend})
    assert "90% from your own data, 10% from its prior (public evidence: 1 set)" in sentence
    (sentence,) = evidence_sentences({"history": {}, "evidence": alone})
    assert "from your own data alone (the form chosen uses no prior)" in sentence
    assert effect_sources({"history": {}, "evidence": alone}).iloc[0]["From your own data"] == (
        "all (no prior)"
    )
