"""A company's own history with its own incidents and traits (issue 18).

Histories are constructed with a known law (tests/unit/history_laws.py): a trait `plan`
that moves only the baseline, a declared incident `dropped_calls` with a known effect, and
a law in which that incident's effect depends on the plan. The fast tests share one small
fit (a single tree size, two folds); the ones that measure accuracy fit more rows and are
marked slow.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from model.churn import ChurnModel, ModelMismatch
from model.churn.artefact import ARTEFACT_NAME, CARD_NAME, read_model, save_model, seal
from model.churn.boosted import BoostingSize, fit_boosted
from model.churn.fit import TrainingSettings
from model.churn.history_fit import train_on_history
from model.churn.layout import layout_for
from model.churn.scoring import scored_customers
from model.commands.score import main as score_main
from model.commands.train import main as train_main
from model.explain import cost_by_root_cause
from model.money import Assumptions, Scenario, assumptions_from_dict, estimate
from model.money.scenario import apply_scenario, scenario_from_dict
from tests.unit.history_laws import (
    PLAN_EFFECT,
    customers_with_traits,
    history,
)

INCIDENTS, COVARIATES = ("dropped_calls",), ("plan", "usage")
SMALL = TrainingSettings(cv_folds=2, candidate_leaves=(4,))


@pytest.fixture(scope="module")
def small_model() -> ChurnModel:
    return train_on_history(
        history(2_500, 11), SMALL, incidents=INCIDENTS, covariates=COVARIATES, compare_plain=False
    )


def test_the_card_records_the_declared_incidents_and_covariates(small_model):
    card = small_model.card
    assert card["declared_incidents"] == ["dropped_calls"]
    assert card["covariates"] == ["usage", "plan"]
    assert card["numeric_covariates"] == ["usage"]
    assert set(card["text_covariates"]["plan"]) == set(PLAN_EFFECT)
    assert "dropped_calls" in card["incident_features"]
    assert "plan" not in card["incident_features"] and "usage" not in card["incident_features"]
    assert card["checks"]["monotone_in_every_incident"]
    assert card["training"]["cross_validation"]["folds"] == 2


def test_a_saved_model_reads_its_columns_back_from_its_card(small_model, tmp_path):
    save_model(small_model, tmp_path)
    loaded = read_model(tmp_path)
    fresh = customers_with_traits(300, 5)
    assert loaded.layout == small_model.layout
    np.testing.assert_array_equal(loaded.predict(fresh), small_model.predict(fresh))
    assert len(loaded.variants) == 4


def test_a_malformed_tree_is_refused_even_when_its_hash_matches(small_model, tmp_path):
    rows = history(600, 17)
    layout = small_model.layout
    trees = fit_boosted(
        layout.matrix(rows), rows["churned"], layout.incident_positions, BoostingSize(4, 5), 1
    )
    card = {"history": {}, "features": list(layout.columns), **layout.to_card()}
    save_model(ChurnModel(trees, card, layout=layout), tmp_path)
    assert read_model(tmp_path).predict(rows).shape == (600,)
    content = json.loads((tmp_path / ARTEFACT_NAME).read_text())
    assert content["format"] == "boosted-trees/1"
    content["model"]["left"][0] = 10**9  # a child beyond the tree
    artefact = json.dumps(content).encode()
    (tmp_path / ARTEFACT_NAME).write_bytes(artefact)
    card = json.loads((tmp_path / CARD_NAME).read_text())
    import hashlib

    card["artefact_sha256"] = hashlib.sha256(artefact).hexdigest()
    card["sealed_sha256"] = seal(card, artefact)  # consistent files, malformed tables
    (tmp_path / CARD_NAME).write_text(json.dumps(card))
    with pytest.raises(ModelMismatch, match="malformed"):
        read_model(tmp_path)


def test_churn_never_falls_as_the_declared_incident_rises(small_model):
    customers = customers_with_traits(400, 6)
    previous = small_model.predict(customers.assign(dropped_calls=0))
    for calls in range(1, 12):
        current = small_model.predict(customers.assign(dropped_calls=calls))
        assert (current >= previous - 1e-12).all(), calls
        previous = current


def test_a_trait_shapes_the_baseline_and_never_gets_money(small_model):
    customers = customers_with_traits(600, 7)
    clean = customers.assign(
        **{name: 0 for name in small_model.incidents if name in customers.columns}
    )
    scored = scored_customers(clean, small_model)
    # no incidents: the whole churn is baseline, whatever the plan
    np.testing.assert_allclose(scored["churn_probability"], scored["baseline_churn_probability"])
    estimates = estimate(clean, small_model, Assumptions())
    assert (estimates["total_expected_cost"] == 0).all()
    # the plan still moves the baseline, in the law's direction
    by_plan = scored.groupby("plan")["baseline_churn_probability"].mean()
    assert by_plan["gold"] > by_plan["plus"] > by_plan["basic"]
    # with incidents, the money is split over incidents only, never the traits
    with_incidents = estimate(customers, small_model, Assumptions())
    from model.churn import churn_shapley

    split = cost_by_root_cause(
        with_incidents, churn_shapley(with_incidents, small_model), Assumptions()
    )
    assert "plan" not in split.columns and "usage" not in split.columns
    assert "dropped_calls" in split.columns
    np.testing.assert_allclose(split.sum(axis=1), with_incidents["total_expected_cost"])


def test_the_baseline_keeps_the_traits_and_sets_every_incident_to_0(small_model):
    customer = customers_with_traits(1, 8).assign(plan="gold", usage=80.0, dropped_calls=4)
    scored = scored_customers(customer, small_model)
    clean = customer.assign(**{n: 0 for n in small_model.incidents if n in customer.columns})
    assert scored.loc[0, "baseline_churn_probability"] == pytest.approx(
        small_model.predict(clean)[0]
    )
    assert scored.loc[0, "churn_probability"] >= scored.loc[0, "baseline_churn_probability"]


def test_a_declared_incident_is_priced_at_its_unit_cost_and_cut_by_its_lever(small_model):
    customers = customers_with_traits(500, 9)
    priced = Assumptions(cost_per_declared_incident={"dropped_calls": 2.5})
    plain, with_cost = (estimate(customers, small_model, a) for a in (Assumptions(), priced))
    extra = with_cost["service_cost"] - plain["service_cost"]
    np.testing.assert_allclose(extra, 2.5 * customers["dropped_calls"])  # count x unit cost
    fixed = Scenario(declared_incidents_cut={"dropped_calls": 1.0})
    assert (apply_scenario(customers, fixed)["dropped_calls"] == 0).all()
    halved = apply_scenario(customers, Scenario(declared_incidents_cut={"dropped_calls": 0.5}))
    assert halved["dropped_calls"].sum() == pytest.approx(
        customers["dropped_calls"].sum() / 2, rel=0.1
    )
    after = estimate(customers, small_model, priced, fixed)
    assert after["total_expected_cost"].sum() < with_cost["total_expected_cost"].sum()
    assert (after["total_expected_cost"] <= with_cost["total_expected_cost"] + 1e-9).all()


def test_settings_files_written_before_the_declared_keys_still_load():
    assert assumptions_from_dict({"gross_margin": 0.5}).cost_per_declared_incident == ()
    assert scenario_from_dict({"promises_kept": 0.2}).declared_incidents_cut == ()
    saved = Assumptions(cost_per_declared_incident={"dropped_calls": 2.0}).to_dict()
    assert saved["cost_per_declared_incident"] == {"dropped_calls": 2.0}
    assert assumptions_from_dict(json.loads(json.dumps(saved))).declared_rates == {
        "dropped_calls": 2.0
    }
    with pytest.raises(ValueError, match=r"cost_per_declared_incident\.dropped_calls"):
        Assumptions(cost_per_declared_incident={"dropped_calls": -1})
    with pytest.raises(ValueError, match=r"declared_incidents_cut\.x: must be between 0 and 1"):
        Scenario(declared_incidents_cut={"x": 1.5})


def test_a_declared_column_must_exist_be_new_and_an_incident_must_be_a_count():
    frame = customers_with_traits(50, 3)
    with pytest.raises(ValueError, match="no column lost_parcels"):
        layout_for(frame, ("lost_parcels",))
    with pytest.raises(ValueError, match="support_calls is a column of the data contract"):
        layout_for(frame, ("support_calls",))
    with pytest.raises(ValueError, match="plan: a declared incident must be a number >= 0"):
        layout_for(frame, ("plan",))
    with pytest.raises(ValueError, match="usage is declared more than once"):
        layout_for(frame, ("usage",), ("usage",))


def test_training_is_deterministic_for_a_seed():
    rows = history(800, 12)
    fits = [
        train_on_history(
            rows, SMALL, incidents=INCIDENTS, covariates=COVARIATES, compare_plain=False
        )
        for _ in range(2)
    ]
    assert fits[0].estimator.to_dict() == fits[1].estimator.to_dict()
    assert fits[0].card["metrics_on_held_out_test"] == fits[1].card["metrics_on_held_out_test"]


@pytest.fixture(scope="module")
def model_directory(small_model, tmp_path_factory):
    directory = tmp_path_factory.mktemp("declared")
    save_model(small_model, directory / "model")
    return directory


def test_scoring_reads_the_columns_from_the_card_and_explains_the_declared_incident(
    model_directory, tmp_path, capsys
):
    customers = customers_with_traits(300, 13)
    customers.to_csv(tmp_path / "c.csv", index=False)
    (tmp_path / "a.json").write_text(
        json.dumps({"cost_per_declared_incident": {"dropped_calls": 1}})
    )
    code = score_main(
        [
            str(tmp_path / "c.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--model",
            str(model_directory / "model"),
            "--accept-failed-checks",  # a small history's model fails its size check
            "--assumptions",
            str(tmp_path / "a.json"),
            "--explain",
        ]
    )
    assert code == 0, capsys.readouterr().err
    out = pd.read_csv(tmp_path / "out.csv")
    parts = [c for c in out.columns if c.startswith("cost_from_")]
    assert "cost_from_dropped_calls" in parts
    assert not {"cost_from_plan", "cost_from_usage"} & set(parts)
    np.testing.assert_allclose(out[parts].sum(axis=1), out["total_expected_cost"], atol=1e-8)


@pytest.mark.parametrize("column", ["dropped_calls", "plan"])
def test_a_file_lacking_a_declared_column_stops_with_exit_2_naming_it(
    model_directory, tmp_path, capsys, column
):
    customers_with_traits(30, 14).drop(columns=[column]).to_csv(tmp_path / "c.csv", index=False)
    code = score_main(
        [
            str(tmp_path / "c.csv"),
            "-o",
            str(tmp_path / "o.csv"),
            "--model",
            str(model_directory / "model"),
            "--accept-failed-checks",  # a small history's model fails its size check
        ]
    )
    assert code == 2
    assert f"Column {column} missing" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_a_declared_incident_below_0_rejects_its_row_naming_the_column(model_directory, tmp_path):
    customers = customers_with_traits(20, 15).astype({"dropped_calls": object})
    customers.loc[3, "dropped_calls"] = "-2"
    customers.to_csv(tmp_path / "c.csv", index=False)
    code = score_main(
        [
            str(tmp_path / "c.csv"),
            "-o",
            str(tmp_path / "o.csv"),
            "--errors",
            str(tmp_path / "e.csv"),
            "--model",
            str(model_directory / "model"),
            "--accept-failed-checks",  # a small history's model fails its size check
        ]
    )
    rejected = pd.read_csv(tmp_path / "e.csv")
    assert code == 1
    assert list(rejected["row_number"]) == [4]
    assert 'dropped_calls: must be a number >= 0, got "-2"' in rejected.loc[0, "problems"]


def test_train_prints_what_each_check_found_in_words(tmp_path, capsys):
    history(1_200, 16).to_csv(tmp_path / "h.csv", index=False)
    code = train_main(
        [
            "--data",
            str(tmp_path / "h.csv"),
            "-o",
            str(tmp_path / "m"),
            "--incidents",
            "dropped_calls",
            "--covariates",
            "plan",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "Calibration: passed" in printed or "Calibration: FAILED" in printed
    assert "Monotone: passed" in printed
    assert "Size of history: FAILED" in printed  # 1,200 customers are too few
    assert "As good as the best plain model:" in printed and "gradient boosting" in printed
    card = json.loads((tmp_path / "m" / CARD_NAME).read_text())
    assert card["declared_incidents"] == ["dropped_calls"] and card["covariates"] == ["plan"]
    assert set(card["plain_models_on_held_out_test"]) == {
        "logistic_regression",
        "gradient_boosting",
    }


def test_the_models_own_range_uses_refits_that_read_the_declared_columns(small_model):
    from model.churn import model_draws
    from model.explain import total_range

    customers = customers_with_traits(400, 18)
    scored = scored_customers(customers, small_model)
    draws = model_draws(scored, small_model.variants)
    assert draws.churn.shape == (4, 400)
    assert (draws.churn >= draws.baseline - 1e-12).all()  # monotone refits: never below
    priced = Assumptions(cost_per_declared_incident={"dropped_calls": 3.0})
    estimates = estimate(scored, small_model, priced, already_scored=True)
    likely = total_range(estimates, priced, draws, draws=200)
    assert set(likely.sources) == {"assumptions", "model", "outcomes", "combined"}
    # the declared incidents' handling cost is incurred: no draw goes below it
    floor = 3.0 * customers["dropped_calls"].sum()
    assert likely.sources["combined"].p10 >= floor


def test_a_numeric_covariate_with_blank_cells_is_fitted_with_missing_values_routed():
    rows = history(1_500, 19).astype({"usage": object})
    rows.loc[rows.index[::7], "usage"] = ""  # every seventh customer's usage unknown
    model = train_on_history(
        rows, SMALL, incidents=INCIDENTS, covariates=COVARIATES, compare_plain=False
    )
    assert model.layout.numeric_covariates == ("usage",)
    assert model.card["form"] == "boosted"  # the trees route a missing value as fitted
    predicted = model.predict(rows)
    assert np.isfinite(predicted).all() and ((predicted > 0) & (predicted < 1)).all()
