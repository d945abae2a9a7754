"""A company's own history: expected against realised churn, and a model fitted to it."""

import shutil

import numpy as np
import pandas as pd
import pytest

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import LONG_OUTAGE_HOURS, generate, true_churn_probability
from data.validation import validate
from model.churn.artefact import ARTEFACT_NAME, BUILT_IN_DIR, CARD_NAME, ModelMismatch
from model.churn.history_fit import history_warning, train_on_history
from model.churn.loader import default_model, load_user_model
from model.churn.realised import expected_against_realised, models_on_history
from model.commands.score import main as score_main
from model.commands.train import main as train_main


def other_law(customers: pd.DataFrame) -> np.ndarray:
    """The generator's law with missed promises twice as strong and outages half as strong."""
    logit = np.log(true_churn_probability(customers) / (1 - true_churn_probability(customers)))
    hours = customers["outage_hours"].to_numpy(float)
    outages = 1.0 * (1 - np.exp(-hours / 12.0)) + 0.6 * (hours > LONG_OUTAGE_HOURS)
    logit += np.log(1.5) * customers["unresolved_promises"].to_numpy(float) - 0.5 * outages
    return 1 / (1 + np.exp(-logit))


def history_of_other_law(rows: int, seed: int) -> pd.DataFrame:
    customers = generate(rows, seed).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
    rng = np.random.default_rng(seed + 1)
    return customers.assign(churned=(rng.random(rows) < other_law(customers)).astype(int))


def test_a_model_directory_whose_artefact_does_not_match_its_card_is_refused(tmp_path, capsys):
    for name in (ARTEFACT_NAME, CARD_NAME):
        shutil.copy(BUILT_IN_DIR / name, tmp_path / name)
    edited = (tmp_path / ARTEFACT_NAME).read_bytes().replace(b'"intercept":-', b'"intercept":-0')
    (tmp_path / ARTEFACT_NAME).write_bytes(edited)  # still valid JSON, another model
    generate(20, 1).to_csv(tmp_path / "c.csv", index=False)
    code = score_main(
        [str(tmp_path / "c.csv"), "-o", str(tmp_path / "o.csv"), "--model", str(tmp_path)]
    )
    message = capsys.readouterr().err
    assert code == 2
    assert "does not match the SHA-256" in message and "model.train --data" in message
    assert not (tmp_path / "o.csv").exists()
    with pytest.raises(ModelMismatch, match=r"holds no churn_model\.json"):
        load_user_model(tmp_path / "nothing-here")


def test_fitting_needs_the_churned_column(tmp_path, capsys):
    generate(500, 1).drop(columns=["churned"]).to_csv(tmp_path / "h.csv", index=False)
    assert train_main(["--data", str(tmp_path / "h.csv"), "-o", str(tmp_path / "m")]) == 2
    assert "no churned column" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_a_small_history_gets_a_plain_warning_in_its_card():
    history = validate(history_of_other_law(2_000, 6060)).valid
    model = train_on_history(history)
    warning = model.card["history"]["warning"]
    assert "say too little about" in warning and "no public evidence backs them" in warning
    assert model.card["checks"]["history_large_enough"] is False
    assert history_warning(100_000, 20_000, []) is None
    # incidents named as people name them; a company's own column keeps its name
    said = history_warning(3_000, 739, ["unresolved_promises", "dropped_calls"])
    assert "about missed promises, dropped_calls to pin" in said


def test_churned_must_be_0_or_1_and_passes_through_validation():
    rows = generate(3, 1).drop(columns=["true_churn_probability"]).astype({"churned": str})
    rows.loc[1, "churned"] = "2"
    rows.loc[2, "churned"] = ""
    result = validate(rows)
    assert list(result.valid["churned"]) == [int(rows.loc[0, "churned"])]
    assert list(result.rejected["row_number"]) == [2, 3]
    assert result.rejected["problems"].str.contains("churned: must be 0 or 1").all()
    assert "churned" not in validate(rows.drop(columns=["churned"])).valid.columns


def test_expected_and_realised_sums_agree_overall_and_by_decile():
    rng = np.random.default_rng(3)
    scored = pd.DataFrame(
        {
            "churn_probability": rng.uniform(0, 0.6, 5_000),
            "clv": rng.uniform(100, 900, 5_000),
        }
    )
    scored["churned"] = (rng.random(5_000) < scored["churn_probability"]).astype(int)
    tally = expected_against_realised(scored)
    overall, deciles = tally.overall(), tally.by_decile()
    assert overall["expected_churners"] == pytest.approx(scored["churn_probability"].sum())
    assert overall["realised_churners"] == scored["churned"].sum()
    assert overall["lost_value"] == pytest.approx(scored["clv"][scored["churned"] == 1].sum())
    expected_value = (scored["churn_probability"] * scored["clv"]).sum()
    assert overall["expected_lost_value"] == pytest.approx(expected_value)
    assert list(deciles["decile"]) == list(range(1, 11))
    assert deciles["customers"].between(450, 550).all()  # tenths, up to the bins' width
    assert deciles["predicted"].is_monotonic_increasing
    assert deciles["expected_churners"].sum() == pytest.approx(overall["expected_churners"])


def test_a_file_without_outcomes_has_nothing_to_compare():
    scored = pd.DataFrame({"churn_probability": [0.2], "clv": [100.0]})
    assert expected_against_realised(scored).customers == 0


def test_models_are_compared_on_the_same_history():
    history = generate(4_000, 4242)
    compared = models_on_history(history, {"built-in": default_model()})
    assert compared.loc["built-in", "realised_churners"] == history["churned"].sum()
    expected = default_model().predict(history).sum()
    assert compared.loc["built-in", "expected_churners"] == pytest.approx(expected)
    assert 0 < compared.loc["built-in", "expected_calibration_error"] < 0.05
