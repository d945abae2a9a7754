"""Training on a small history still writes the model and exits 0: a failed check is refused
at use (tests/unit/test_failed_checks.py), never at training (issue 30). Slow: it fits."""

from data.schema import GENERATOR_TRUTH_COLUMNS
from data.synthetic import generate
from model.churn import failed_checks, load_user_model
from model.commands.train import main as train_main


def test_train_on_a_small_history_writes_the_model_exits_0_and_records_the_failed_check(
    tmp_path,
):
    history = generate(600, 31).drop(columns=[c for c in GENERATOR_TRUTH_COLUMNS if c != "churned"])
    history.to_csv(tmp_path / "history.csv", index=False)
    assert train_main(["--data", str(tmp_path / "history.csv"), "-o", str(tmp_path / "m")]) == 0
    card = load_user_model(tmp_path / "m").card
    assert "history_large_enough" in {check.key for check in failed_checks(card)}
