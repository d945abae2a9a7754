"""The built-in model warns when a history's realised churn shows it does not fit (issue 18)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate, true_churn_probability
from model.churn import default_model, expected_against_realised
from model.churn.realised import MISFIT_Z, misfit_of
from model.commands.score import main as score_main
from model.money import Assumptions, estimate


def tally_of(probability, churned, revenue=None):
    scored = pd.DataFrame(
        {"churn_probability": probability, "clv": 100.0, "churned": churned}
        | ({} if revenue is None else {"monthly_revenue": revenue})
    )
    return expected_against_realised(scored)


def test_a_gap_within_chance_is_no_misfit_and_one_beyond_it_is():
    # 1,000 customers at 0.2: expected 200, sd = sqrt(1000 * 0.2 * 0.8) = 12.65
    probability = np.full(1_000, 0.2)
    near = np.zeros(1_000)
    near[:215] = 1  # 15 more than expected: z = 1.19, within chance
    assert not tally_of(probability, near).misfit().beyond_chance
    far = np.zeros(1_000)
    far[:260] = 1  # 60 more: z = 4.74, beyond 3.29, and 30 % of expected
    misfit = tally_of(probability, far).misfit()
    assert misfit.beyond_chance
    assert misfit.z == pytest.approx(60 / np.sqrt(1_000 * 0.2 * 0.8))
    assert "expected 200 churners where 260 left" in misfit.warning()
    assert "python -m model.train --data" in misfit.warning()


def test_a_detectable_gap_too_small_to_matter_is_no_misfit():
    # 400,000 customers at 0.2: 3 % more churners is z = 9.5 but under the 10 % that matters
    totals = {"expected_churners": 80_000.0, "realised_churners": 82_400.0}
    totals["churner_variance"] = 400_000 * 0.2 * 0.8
    empty = pd.DataFrame(columns=["decile", "expected_churners", "realised_churners"])
    assert (2_400 / np.sqrt(totals["churner_variance"])) > MISFIT_Z
    assert not misfit_of(totals, empty.assign(churner_variance=[])).beyond_chance


def test_realised_value_is_named_as_the_models_figure_beside_revenue_times_twelve():
    tally = tally_of([0.5, 0.5, 0.5], [1, 0, 1], revenue=[10.0, 20.0, 30.0])
    assert tally.overall()["churner_revenue_year"] == (10 + 30) * 12
    line = tally.summary()
    assert "the same model's lifetime value of the customers who left 200.00" in line
    assert "their monthly revenue times twelve 480.00" in line


def other_company(rows: int, seed: int) -> pd.DataFrame:
    """Generator customers who leave far more often than the generator says."""
    customers = generate(rows, seed).drop(columns=list(GENERATOR_TRUTH_COLUMNS))
    p = true_churn_probability(customers)
    z = np.log(p / (1 - p)) + 0.9 + 0.3 * customers["support_calls"].to_numpy(float)
    rng = np.random.default_rng(seed + 1)
    return customers.assign(churned=(rng.random(rows) < 1 / (1 + np.exp(-z))).astype(int))


def test_the_command_line_warns_when_the_built_in_model_misses_a_historys_churn(tmp_path, capsys):
    other_company(3_000, 41).to_csv(tmp_path / "h.csv", index=False)
    code = score_main([str(tmp_path / "h.csv"), "-o", str(tmp_path / "o.csv")])
    printed = capsys.readouterr().out
    assert code == 0
    warning = [line for line in printed.splitlines() if line.startswith("Warning:")]
    assert len(warning) == 1
    assert "does not fit this history" in warning[0] and "--model MODEL_DIR" in warning[0]


def test_there_is_no_warning_on_the_synthetic_data_the_model_was_trained_on(tmp_path, capsys):
    generate(20_000, 42).drop(columns=[GENERATOR_TRUTH_COLUMNS[0]]).to_csv(
        tmp_path / "s.csv", index=False
    )
    assert score_main([str(tmp_path / "s.csv"), "-o", str(tmp_path / "o.csv")]) == 0
    printed = capsys.readouterr().out
    assert "Of 20,000 customers with a churned outcome" in printed
    assert "Warning:" not in printed


@pytest.mark.parametrize("seed", [43, 44, 45])
def test_the_synthetic_data_is_never_a_misfit_at_any_size(seed):
    customers = generate(50_000, seed)
    tally = expected_against_realised(estimate(customers, default_model(), Assumptions()))
    assert not tally.misfit().beyond_chance


def test_the_report_warns_on_a_missed_history_and_not_on_the_synthetic_data(tmp_path):
    from model.reporting import write_report
    from model.reporting.board_report import ReportSettings

    texts = {}
    for name, frame in (
        ("missed", other_company(1_500, 46)),
        ("synthetic", generate(1_500, 47).drop(columns=[GENERATOR_TRUTH_COLUMNS[0]])),
    ):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
        write_report(tmp_path / f"{name}.csv", tmp_path / f"{name}.html", ReportSettings())
        texts[name] = (tmp_path / f"{name}.html").read_text()
    assert "<b>Warning:</b> The built-in model does not fit this history" in texts["missed"]
    assert "their monthly revenue times twelve" in texts["missed"]
    assert "<b>Warning:</b>" not in texts["synthetic"]
