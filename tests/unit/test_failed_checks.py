"""A fitted model that failed its own checks is used only when acknowledged (issue 30,
item 4): `train` still writes it and exits 0; `score` stops with exit 2 naming the failed
checks unless `--accept-failed-checks`, and then its summary and workbook say which check
failed and what it means."""

import io
import json
import shutil

import openpyxl
import pytest

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate
from model.churn import failed_checks, failed_checks_sentence
from model.churn.artefact import ARTEFACT_NAME, BUILT_IN_DIR, CARD_NAME, seal
from model.commands.score import main as score_main


@pytest.fixture(scope="module")
def small_history_model(tmp_path_factory):
    """A model directory whose card records two failed checks (the built-in model's
    artefact, its card edited as a small history's would read and sealed again)."""
    folder = tmp_path_factory.mktemp("small-history")
    (folder / "model").mkdir()
    shutil.copy(BUILT_IN_DIR / ARTEFACT_NAME, folder / "model" / ARTEFACT_NAME)
    card = json.loads((BUILT_IN_DIR / CARD_NAME).read_text())
    card["checks"] |= {"calibrated": False, "history_large_enough": False}
    card["sealed_sha256"] = seal(card, (BUILT_IN_DIR / ARTEFACT_NAME).read_bytes())  # as training
    (folder / "model" / CARD_NAME).write_text(json.dumps(card))
    generate(50, 32).drop(columns=list(GENERATOR_TRUTH_COLUMNS)).to_csv(
        folder / "customers.csv", index=False
    )
    return folder


def test_score_refuses_a_model_that_failed_its_checks_naming_them(small_history_model, capsys):
    folder = small_history_model
    out = folder / "refused.csv"
    code = score_main(
        [str(folder / "customers.csv"), "-o", str(out), "--model", str(folder / "model")]
    )
    message = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "failed Calibration, Size of history." in message
    assert "--accept-failed-checks" in message


def test_accepted_the_summary_and_the_workbook_say_which_check_failed(small_history_model, capsys):
    folder = small_history_model
    out = folder / "accepted.xlsx"
    code = score_main(
        [
            str(folder / "customers.csv"),
            "-o",
            str(out),
            "--model",
            str(folder / "model"),
            "--accept-failed-checks",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "Size of history failed: too few customers" in printed
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()), read_only=True)
    notes = [r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "Note"]
    assert any("Size of history failed" in note for note in notes)


def test_a_card_without_failed_checks_says_nothing():
    assert failed_checks({"checks": {"calibrated": True}}) == ()
    assert failed_checks(None) == ()
    assert failed_checks_sentence(()) == ""
