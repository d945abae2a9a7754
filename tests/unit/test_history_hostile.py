"""A history fit that refuses what it cannot learn from (issue 33, item 8), through
`python -m model.train --data`, and a saved model whose card cannot be edited or written
through a link. Every refusal here comes before any fitting, so these are fast; the fit
with a leak the user insists on is tests/slow/test_history_leak.py's."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from data.customers import read_customer_file
from data.synthetic import generate
from model.churn.artefact import (
    ARTEFACT_NAME,
    BUILT_IN_DIR,
    CARD_NAME,
    ModelMismatch,
    read_model,
    save_model,
)
from model.commands.train import main as train_main


def history(rows: int = 3_000, churned_as=None, **columns) -> pd.DataFrame:
    frame = generate(rows, 4_242).drop(columns=["true_churn_probability"])
    frame["customer_id"] = [f"H{i}" for i in range(rows)]
    for name, make in columns.items():
        frame[name] = make(frame)
    if churned_as is not None:
        frame["churned"] = frame["churned"].map(churned_as)
    return frame


def train(tmp_path, capsys, frame: pd.DataFrame, *options: str):
    path = tmp_path / "history.csv"
    frame.to_csv(path, index=False)
    code = train_main(["--data", str(path), "-o", str(tmp_path / "model"), *options])
    printed = capsys.readouterr()
    return code, printed.out, printed.err


@pytest.mark.parametrize("words", [{1: "yes", 0: "no"}, {1: "true", 0: "false"}, {1: "Y", 0: "N"}])
def test_churned_written_as_words_is_read_as_1_and_0(tmp_path, words):
    frame = history(300, churned_as=words)
    path = tmp_path / "history.csv"
    frame.to_csv(path, index=False)
    read = read_customer_file(path)
    assert len(read.valid) == 300 and len(read.rejected) == 0
    assert read.valid["churned"].sum() == history(300)["churned"].sum()


def test_an_incident_that_is_the_outcome_is_refused_as_a_likely_leak_naming_it(tmp_path, capsys):
    frame = history(churned_as={1: "yes", 0: "no"})
    frame["support_calls"] = 3 * (frame["churned"] == "yes")  # written from the outcome
    code, _, err = train(tmp_path, capsys, frame)
    assert code == 2 and not (tmp_path / "model").exists()
    assert "support_calls tells leavers from stayers almost perfectly" in err
    assert "--allow-leak support_calls" in err


def test_a_declared_covariate_that_leaks_is_refused_too(tmp_path, capsys):
    frame = history(closing_fee=lambda f: np.where(f["churned"] == 1, "charged", "none"))
    code, _, err = train(tmp_path, capsys, frame, "--covariates", "closing_fee")
    assert code == 2 and "closing_fee tells leavers from stayers almost perfectly" in err


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda f: np.where(f.index == 7, 1e308, 1.0), "must be finite and at most 1e+12"),
        (lambda f: np.where(f.index == 7, "inf", "2"), "must be finite and at most 1e+12"),
        (lambda f: [f"acct-{i}" for i in range(len(f))], "3,000 different values is an id"),
    ],
)
def test_a_covariate_that_cannot_be_learnt_from_is_refused_naming_it(tmp_path, capsys, make, said):
    code, _, err = train(tmp_path, capsys, history(usage=make), "--covariates", "usage")
    assert code == 2 and "usage: a covariate" in err and said in err


def test_an_ordinary_history_passes_the_checks_without_a_warning():
    from model.churn.history_checks import UnlearnableHistory, refuse_unlearnable

    frame = history(plan=lambda f: np.where(f.index % 3 == 0, "basic", "plus"))
    churned = frame["churned"].to_numpy()
    assert refuse_unlearnable(frame, churned, covariates=("plan",)) == []
    frame["fee"] = frame["churned"] * 50
    assert refuse_unlearnable(frame, churned, ("fee",), allow_leak=("fee",))[0].startswith(
        "fee tells leavers from stayers almost perfectly"
    )
    with pytest.raises(UnlearnableHistory, match="Leave fee out"):
        refuse_unlearnable(frame, churned, ("fee",))


def _built_in_copy(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    for name in (ARTEFACT_NAME, CARD_NAME):
        shutil.copy(BUILT_IN_DIR / name, folder / name)
    return folder


@pytest.mark.parametrize(
    "edit",
    [
        lambda card: card["metrics_on_held_out_test"].update(roc_auc=0.999),
        lambda card: card.update(warnings=[]),
        lambda card: card["checks"].update(calibrated=True, held_out_calibration_error=0.0),
    ],
)
def test_a_model_card_edited_after_training_is_refused_on_load(tmp_path, edit):
    folder = _built_in_copy(tmp_path)
    card = json.loads((folder / CARD_NAME).read_text())
    edit(card)
    (folder / CARD_NAME).write_text(json.dumps(card, indent=2))
    with pytest.raises(ModelMismatch, match="was changed after training"):
        read_model(folder)


def test_saving_a_model_replaces_a_link_in_its_folder_and_never_writes_through_it(tmp_path):
    folder, elsewhere = tmp_path / "model", tmp_path / "precious.txt"
    folder.mkdir()
    elsewhere.write_text("keep me")
    (folder / CARD_NAME).symlink_to(elsewhere)
    (folder / ARTEFACT_NAME).symlink_to(elsewhere)
    save_model(read_model(), folder)
    assert elsewhere.read_text() == "keep me"
    assert not (folder / CARD_NAME).is_symlink() and read_model(folder).card["model"]


def test_the_board_report_of_a_history_model_says_what_it_was_fitted_on_with_its_warnings():
    from model.reporting.board_report import _model_card

    class Page:
        def __init__(self):
            self.lines = []

        def heading(self, text):
            self.lines.append(text)

        def items(self, facts):
            self.lines += facts

    page = Page()
    card = {"model": "monotone boosted trees", "history": {"rows": 3_000, "churners": 420},
            "warnings": ["fee tells leavers from stayers almost perfectly"],
            "training": {"data": "the user's history"}}  # fmt: skip
    _model_card(page, card)
    shown = "\n".join(page.lines)
    assert "fitted to your history: 3,000 customers, 420 of whom left" in shown
    assert "synthetic" not in shown
    assert "Warning: fee tells leavers from stayers almost perfectly" in shown
