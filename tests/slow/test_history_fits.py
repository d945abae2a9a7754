"""A model fitted to a company's own history of 120,000 customers (about twenty seconds):
calibrated on fresh rows of that history's law, its root causes tracking that law, and the
command line scoring with it. The fast history tests are in tests/unit/test_history.py."""

import pandas as pd
import pytest

from data.schema import MODEL_FEATURES
from data.synthetic import true_churn_probability
from model.churn.churn_model import ChurnModel
from model.churn.loader import load_user_model
from model.churn.metrics import expected_calibration_error
from model.churn.root_causes import root_cause_table
from model.commands.score import main as score_main
from model.commands.train import main as train_main
from tests.unit.test_history import history_of_other_law, other_law


class OtherLaw:
    def churn_probability(self, matrix):
        return other_law(pd.DataFrame(matrix, columns=list(MODEL_FEATURES)))


@pytest.fixture(scope="module")
def fitted_directory(tmp_path_factory):
    directory = tmp_path_factory.mktemp("history")
    history_of_other_law(120_000, 8080).to_parquet(directory / "history.parquet")
    code = train_main(["--data", str(directory / "history.parquet"), "-o", str(directory / "m")])
    assert code == 0
    return directory


@pytest.mark.slow
def test_a_model_fitted_to_another_law_is_calibrated_on_fresh_rows_of_that_law(fitted_directory):
    model = load_user_model(fitted_directory / "m")
    fresh = history_of_other_law(50_000, 9090)
    assert expected_calibration_error(fresh["churned"], model.predict(fresh)) < 0.02
    assert model.card["history"]["rows"] == 120_000 and model.card["history"]["warning"] is None
    assert model.card["checks"]["monotone_in_every_incident_and_tenure"]


@pytest.mark.slow
def test_its_root_causes_track_that_law_not_the_generators(fitted_directory):
    model = load_user_model(fitted_directory / "m")
    fresh = history_of_other_law(10_000, 9191)
    fitted = root_cause_table(fresh, model)["share"]
    law = root_cause_table(fresh, ChurnModel(OtherLaw(), {}))["share"]
    for cause in ("outage_hours", "unresolved_promises", "billing_errors", "contact_burden"):
        assert fitted[cause] == pytest.approx(law[cause], abs=0.03), cause
    generator = root_cause_table(fresh, ChurnModel(_Generator(), {}))["share"]
    assert law["unresolved_promises"] > generator["unresolved_promises"] + 0.05


class _Generator:
    def churn_probability(self, matrix):
        return true_churn_probability(pd.DataFrame(matrix, columns=list(MODEL_FEATURES)))


@pytest.mark.slow
def test_scoring_with_the_fitted_model_prints_expected_against_realised(
    fitted_directory, tmp_path, capsys
):
    history = history_of_other_law(3_000, 7070)
    history.to_csv(tmp_path / "h.csv", index=False)
    code = score_main(
        [
            str(tmp_path / "h.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--model",
            str(fitted_directory / "m"),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "Of 3,000 customers with a churned outcome" in printed
    assert f"realised {history['churned'].sum():,}" in printed
    assert printed.count("\n") >= 12  # the deciles, one line each
    assert "churned" in pd.read_csv(tmp_path / "out.csv").columns
