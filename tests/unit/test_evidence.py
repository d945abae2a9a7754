"""The evidence table (model.churn.evidence) and a history's shrinkage toward it
(model.churn.shrinkage): derived from public sets read as published, committed as figures,
and pulling a small history's effects toward it only as far as the data allow."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from data.schema import INCIDENT_FEATURES
from model.churn.additive import FitSettings, fit_additive_logit
from model.churn.evidence import (
    CURVE_COUNTS,
    derive_table,
    entries_for_incident,
    evidence_frame,
    evidence_label,
    evidence_table,
    kind_of,
    shape_of,
)
from model.churn.evidence_sets import EVIDENCE_KINDS, PUBLIC_SETS, available_sets
from model.churn.shrinkage import (
    FLAT,
    choose_weight,
    leaning_on_assumptions,
    own_data_figures,
    priors_for,
    with_priors,
)

ORANGE_HEADER = [
    "State",
    "Account length",
    "Area code",
    "International plan",
    "Voice mail plan",
    "Number vmail messages",
    "Total day minutes",
    "Total day calls",
    "Total day charge",
    "Total eve minutes",
    "Total eve calls",
    "Total eve charge",
    "Total night minutes",
    "Total night calls",
    "Total night charge",
    "Total intl minutes",
    "Total intl calls",
    "Total intl charge",
    "Customer service calls",
    "Churn",
]


def orange_sample(rows: int, seed: int) -> pd.DataFrame:
    """A small faithful sample of the Orange telecom set: its columns as published (churn
    written TRUE/FALSE), with churn that jumps at the fourth customer-service call (log-odds
    +2.5 from 4 calls on, nothing before), as the published set's does."""
    rng = np.random.default_rng(seed)
    calls = rng.poisson(1.6, rows)
    day = rng.normal(180, 50, rows).clip(0)
    logit = -2.2 + 2.5 * (calls >= 4) + 0.004 * (day - 180)
    churn = rng.random(rows) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame({name: 0 for name in ORANGE_HEADER}, index=range(rows))
    frame["State"] = rng.choice(["KS", "OH", "NJ"], rows)
    frame["Account length"] = rng.integers(1, 240, rows)
    frame["International plan"] = rng.choice(["no", "yes"], rows, p=[0.9, 0.1])
    frame["Voice mail plan"] = rng.choice(["no", "yes"], rows, p=[0.7, 0.3])
    frame["Total day minutes"] = day.round(1)
    frame["Total day charge"] = (day * 0.17).round(2)
    frame["Customer service calls"] = calls
    frame["Churn"] = np.where(churn, "TRUE", "FALSE")
    return frame


@pytest.fixture(scope="module")
def orange_table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public")
    sample = orange_sample(1_500, 5)
    sample.iloc[:1_200].to_csv(folder / "churn-bigml-80.csv", index=False)
    sample.iloc[1_200:].to_csv(folder / "churn-bigml-20.csv", index=False)
    assert available_sets(folder) == ["orange_telecom"]
    return derive_table(folder, bootstrap=2)


def test_a_threshold_in_a_sample_read_as_published_is_found_with_its_size(orange_table):
    (entry,) = orange_table["effects"]
    assert entry["kind"] == "support_calls" and entry["incident"] == "support_calls"
    assert orange_table["sets"]["orange_telecom"]["customers"] == 1_500
    assert "not committed" in orange_table["sets"]["orange_telecom"]["licence"]
    # the law: nothing until 3 calls, +2.5 log-odds from 4 on (odds x 12.2)
    assert entry["odds_ratio"]["2"] < 1.6
    assert 6 < entry["odds_ratio"]["4"] < 25
    low, mid, high = (np.array(entry[k]) for k in ("log_odds_low", "log_odds", "log_odds_high"))
    assert mid[3] < 0.6 and mid[4] - mid[3] > 1.5  # little until 3 calls, a step at 4
    assert np.all(low <= high)
    assert np.all(np.diff(mid) >= 0)  # the model's own form: never falls


def test_the_shape_in_words_follows_the_curve():
    assert shape_of(np.array([0, 0, 0, 0, 2.9, 3.4, 3.8, 3.8, 3.8]), 9) == (
        "a threshold: little until 3, a step at 4"
    )
    assert shape_of(np.array([0, 1.0, 1.5, 1.7, 1.8, 1.9, 2.0, 2.0, 2.0]), 9).startswith(
        "diminishing"
    )
    assert shape_of(np.array([0, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6]), 1).startswith("a flag")
    assert shape_of(np.zeros(9), 9) == "flat: no effect found"


def test_the_committed_table_names_each_sets_source_licence_and_size():
    table = evidence_table()
    assert set(table["sets"]) == set(PUBLIC_SETS)
    for public in table["sets"].values():
        assert public["customers"] > 1_000 and public["source"] and public["licence"]
    assert "CC BY 4.0" in table["sets"]["iranian_telecom"]["licence"]
    for entry in table["effects"]:
        assert entry["log_odds"][0] == 0 and np.all(np.diff(entry["log_odds"]) >= 0)
        assert entry["kind"] in EVIDENCE_KINDS
    shown = evidence_frame(table)
    assert len(shown) == len(table["effects"]) and "odds at 4" in shown.columns


def test_each_incident_is_said_to_have_public_evidence_or_to_be_assumed():
    labels = {name: evidence_label(name) for name in INCIDENT_FEATURES}
    assert labels["support_calls"] == "public evidence: 1 set"
    assert labels["regulator_complaint"] == "public evidence: 2 sets"
    for name in set(INCIDENT_FEATURES) - {"support_calls", "regulator_complaint"}:
        assert labels[name] == "assumed: no public evidence", name
        assert entries_for_incident(name) == []


def test_a_companys_own_column_is_matched_to_the_evidence_by_its_name():
    assert kind_of("Dropped calls") == "call_failures"
    assert kind_of("call_failures") == "call_failures"
    assert kind_of("complaints") == "complaints"
    assert kind_of("late_deliveries") is None
    assert evidence_label("dropped_calls") == "public evidence: 1 set"


def _one_incident(rows: int, seed: int, law) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    calls = rng.poisson(1.5, rows).astype(float)
    tenure = rng.exponential(36, rows)
    logit = -1.8 - 0.01 * tenure + law(calls)
    churned = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(float)
    return np.column_stack([tenure, calls]), churned


PRIOR = (tuple(float(c) for c in CURVE_COUNTS), (0.0, 0.0, 0.0, 0.0, 2.5, 2.5, 2.5, 2.5, 2.5))
SETTINGS = FitSettings(knots_per_feature=8, tolerance=1e-10, priors=(None, PRIOR))


def weighted(weight, evidence_weight):
    """The one-incident fit's settings: tenure (no prior) by `weight`, calls by the other."""
    calls = weight if evidence_weight is None else evidence_weight
    return replace(SETTINGS, prior_weight=weight, prior_weights=(weight, calls))


def test_no_weight_is_the_plain_fit_and_a_huge_one_is_the_prior():
    matrix, churned = _one_incident(400, 1, lambda c: 0.3 * c)
    plain = fit_additive_logit(
        matrix, churned, [-1, 1], FitSettings(knots_per_feature=8, tolerance=1e-10)
    )
    none = fit_additive_logit(matrix, churned, [-1, 1], SETTINGS)
    assert np.allclose(none.values[1], plain.values[1])
    heavy = fit_additive_logit(
        matrix,
        churned,
        [-1, 1],
        FitSettings(knots_per_feature=8, priors=(None, PRIOR), prior_weight=1e7),
    )
    expected = np.interp(heavy.knots[1], *PRIOR)
    assert np.allclose(heavy.values[1], expected, atol=0.01)


def test_a_small_history_drawn_from_the_priors_law_chooses_to_lean_on_it():
    small, small_churned = _one_incident(300, 2, lambda c: 2.5 * (c >= 4))
    weight, evidence_weight, losses = choose_weight(small, small_churned, [-1, 1], weighted, seed=3)
    assert evidence_weight > 0
    assert losses[f"{weight:g}, evidence {evidence_weight:g}"] < losses["0"]


def test_own_data_shares_fall_as_the_prior_weighs_more_and_are_none_without_customers():
    matrix, churned = _one_incident(1_000, 5, lambda c: 0.3 * c)
    model = fit_additive_logit(matrix, churned, [-1, 1], SETTINGS)
    shares = [
        own_data_figures(model, matrix, {"calls": 1}, {"calls": w})["calls"][0]
        for w in (0, 10, 1e4)
    ]
    assert shares[0] == 1.0 and shares[0] > shares[1] > shares[2] and shares[2] < 0.1
    empty = matrix.copy()
    empty[:, 1] = 0
    assert own_data_figures(model, empty, {"calls": 1}, {"calls": 10.0})["calls"] == (0.0, None)


def test_priors_come_from_evidence_the_built_in_model_or_a_typical_incident():
    priors = priors_for(("support_calls", "outage_hours", "dropped_calls", "late_deliveries"))
    assert priors["support_calls"].label == "public evidence: 1 set"
    assert priors["dropped_calls"].source == "public evidence"
    assert priors["outage_hours"].label.startswith("assumed: no public evidence")
    assert priors["late_deliveries"].source == "a typical incident"
    values = priors["outage_hours"].curve[1]
    assert values[0] == 0 and max(values) > 0.5  # the built-in model's rising curve
    columns = ("tenure_months", "support_calls", "outage_hours")
    settings = with_priors(FitSettings(), columns, priors, 30.0, 3.0)
    assert settings.priors[0] == FLAT  # a trait: toward no effect
    assert settings.prior_weights == (30.0, 3.0, 30.0)  # the evidence has its own weight


def test_size_of_history_fails_only_where_neither_own_data_nor_evidence_carry_an_effect():
    def entry(error, sets):
        return {"standard_error_from_own_data": error, "public_sets": sets}

    evidence = {
        "prior_weight": 30.0,
        "incidents": {
            "support_calls": entry(0.9, 1),  # thin, but leans on public evidence
            "outage_hours": entry(0.9, 0),  # thin, and only an assumption to lean on
            "billing_errors": entry(0.2, 0),  # the history pins it down itself
            "escalations": entry(None, 0),  # nobody has one
        },
    }
    assert leaning_on_assumptions(
        evidence, {"support_calls", "outage_hours", "billing_errors"}
    ) == ["outage_hours"]
    no_weight = evidence | {"prior_weight": 0.0}
    assert leaning_on_assumptions(no_weight, {"support_calls", "outage_hours"}) == [
        "support_calls",
        "outage_hours",
    ]


def test_the_built_in_card_says_per_incident_whether_evidence_backs_it():
    from model.churn.loader import default_model
    from model.display import effect_sources, evidence_sentences

    card = default_model().card
    incidents = card["evidence"]["incidents"]
    assert set(incidents) == set(INCIDENT_FEATURES)
    assert incidents["regulator_complaint"]["within_evidence_range"] is True
    assert incidents["support_calls"]["within_evidence_range"] is True
    assert incidents["outage_hours"]["evidence"] == "assumed: no public evidence"
    sentences = evidence_sentences(card)
    assert any(s.startswith("Outage hours") and "assumed" in s for s in sentences)
    table = effect_sources(card)
    assert len(table) == len(INCIDENT_FEATURES)
    assert set(table["Within the evidence's range"]) <= {"yes", "no", "-"}


def test_a_historys_card_says_what_share_came_from_its_own_data():
    from model.display import effect_sources, evidence_sentences

    entry = {"prior": "public evidence: 1 set", "public_sets": 1, "share_from_own_data": 0.25}
    card = {"history": {}, "evidence": {"incidents": {"support_calls": entry}}}
    (sentence,) = evidence_sentences(card)
    assert "25% from your own data, 75% from its prior (public evidence: 1 set)" in sentence
    assert effect_sources(card).iloc[0]["From your own data"] == "25%"


def test_the_generators_support_calls_lie_within_the_evidence_at_every_count_it_has():
    from data.synthetic import true_churn_probability
    from model.churn.evidence import law_against_evidence

    # the law's step, read through the same code as the card, against the Orange set's range
    (entry,) = entries_for_incident("support_calls")
    row = law_against_evidence(true_churn_probability)["support_calls"]
    assert row["within_evidence_range"] is True
    for count, odds in row["odds_ratio"].items():
        low, high = entry["odds_ratio_low"][count], entry["odds_ratio_high"][count]
        assert low * np.exp(-0.01) <= odds <= high * np.exp(0.01), count
    assert row["odds_ratio"]["2"] < 1.4 < 10 < row["odds_ratio"]["4"]
