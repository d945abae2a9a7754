"""A leak the user insists on (`--allow-leak COLUMN`): fitted all the same, and said so in
the card's warnings and on the terminal (a full history fit: slow)."""

from __future__ import annotations

import pytest

from model.churn.artefact import read_model
from tests.unit.test_history_hostile import history, train

pytestmark = pytest.mark.slow


def test_a_leak_allowed_by_the_user_is_fitted_and_carried_as_a_warning(tmp_path, capsys):
    frame = history(2_000, fee=lambda f: f["churned"] * 50)
    code, _, err = train(tmp_path, capsys, frame, "--incidents", "fee", "--allow-leak", "fee")
    assert code == 0
    assert "Warning: fee tells leavers from stayers almost perfectly" in err
    card = read_model(tmp_path / "model").card
    assert any("insisted on keeping fee" in warning for warning in card["warnings"])
