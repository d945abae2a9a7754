"""The churn model trained here on a small sample (seconds each): deterministic for a seed,
and retrained instead of loaded when its artefact was tampered with or the libraries
changed. The tests of the committed model are in tests/unit/test_churn_model.py."""

import json
import logging
import pickle
import shutil

import numpy as np
import pytest

from data.synthetic import generate
from model.churn.artefact import ARTEFACT_NAME, BUILT_IN_DIR, CARD_NAME, seal
from model.churn.fit import TrainingSettings, train_model
from model.churn.loader import load_model
from tests.unit.test_churn_model import UNSEEN_SEED


@pytest.mark.slow
def test_training_twice_with_the_same_seed_gives_the_same_predictions():
    small = TrainingSettings(n_train=30_000, n_test=5_000, bootstrap_refits=1, knot_variants=(12,))
    customers = generate(2_000, UNSEEN_SEED)
    first, second = train_model(small), train_model(small)
    np.testing.assert_array_equal(first.predict(customers), second.predict(customers))
    assert first.card == second.card


@pytest.fixture
def model_copy(tmp_path, monkeypatch):
    """The committed model in a scratch directory; a retrain there fits a small sample."""
    import model.churn.fit

    small = TrainingSettings(n_train=30_000, n_test=5_000, bootstrap_refits=1, knot_variants=())
    full = model.churn.fit.train_model
    monkeypatch.setattr(model.churn.fit, "train_model", lambda: full(small))
    directory = tmp_path / "model"
    directory.mkdir()
    for name in (ARTEFACT_NAME, CARD_NAME):
        shutil.copy(BUILT_IN_DIR / name, directory / name)
    return directory


class _Payload:
    """Unpickling this would create a marker file: proof that code ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.mark.slow
def test_a_tampered_artefact_is_never_unpickled_and_the_model_is_retrained(
    model_copy, tmp_path, caplog
):
    artefact, card = model_copy / ARTEFACT_NAME, model_copy / CARD_NAME
    marker = tmp_path / "code-ran"
    artefact.write_bytes(pickle.dumps(_Payload(marker)))
    with caplog.at_level(logging.WARNING, logger="model.churn.loader"):
        model = load_model(model_copy)
    assert not marker.exists()
    assert "does not match the SHA-256" in caplog.text
    assert model.predict(generate(10, 1)).shape == (10,)
    assert json.loads(card.read_text())["artefact_sha256"] != ""


@pytest.mark.slow
def test_other_library_versions_trigger_a_retrain_with_a_log_line(model_copy, caplog):
    card = model_copy / CARD_NAME
    content = json.loads(card.read_text())
    content["library_versions"]["numpy"] = "0.0.1"
    # a card really written under another numpy: sealed as training seals it (an edited,
    # unsealed card is refused for that reason first: tests/unit/test_history_hostile.py)
    content["sealed_sha256"] = seal(content, (model_copy / ARTEFACT_NAME).read_bytes())
    card.write_text(json.dumps(content))
    with caplog.at_level(logging.WARNING, logger="model.churn.loader"):
        model = load_model(model_copy)
    assert "Retraining the churn model" in caplog.text
    assert "trained with 0.0.1" in caplog.text
    assert json.loads(card.read_text())["library_versions"]["numpy"] != "0.0.1"
    assert model.predict(generate(10, 1)).shape == (10,)
