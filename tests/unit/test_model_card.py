"""The model card is typed and frozen, yet written back byte for byte; an estimator is what
the protocol says, and a scikit-learn classifier is adapted once."""

import dataclasses
import json
import pickle

import numpy as np
import pytest

from model.churn import BUILT_IN_DIR, CARD_NAME, ChurnModel, ModelCard
from model.churn.estimator import ChurnEstimator, ClassifierEstimator, OneWalkBaseline
from model.churn.fit import TrainingSettings, base_card

COMMITTED = (BUILT_IN_DIR / CARD_NAME).read_text()


def test_the_committed_card_is_read_and_written_back_to_the_same_bytes():
    card = ModelCard.from_dict(json.loads(COMMITTED))
    assert json.dumps(card.to_dict(), indent=2) + "\n" == COMMITTED
    rebuilt = dataclasses.replace(card)  # from the fields alone, in their order
    assert json.dumps(rebuilt.to_dict(), indent=2) + "\n" == COMMITTED


def test_the_card_reads_as_its_json_by_key_and_by_field():
    card = ModelCard.from_dict(json.loads(COMMITTED))
    assert card["metrics_on_held_out_test"] is card.metrics_on_held_out_test
    assert card.training["seed"] == 20261122 and card.is_built_in
    assert card == json.loads(COMMITTED)
    assert "history" not in card and card.history is None


def test_a_card_cannot_be_changed_in_place():
    card = ModelCard(model="m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.model = "other"
    with pytest.raises(TypeError, match="frozen"):
        card["model"] = "other"
    with pytest.raises(TypeError, match="frozen"):
        card.update(model="other")
    assert dataclasses.replace(card, model="other")["model"] == "other"
    assert card == {"model": "m"}


def test_keys_no_field_names_are_kept_in_their_place_and_survive_a_pickle():
    content = {"model": "m", "from_a_later_version": [1, 2], "features": ["a"]}
    card = ModelCard.from_dict(content)
    assert list(card) == list(content) and card.extra == {"from_a_later_version": [1, 2]}
    again = pickle.loads(pickle.dumps(card))
    assert type(again) is ModelCard and again == content and again.features == ["a"]


def test_a_new_card_is_written_in_the_committed_cards_order():
    card = base_card(TrainingSettings())
    committed = list(json.loads(COMMITTED))
    assert list(card) == [key for key in committed if key in card]


class _Classifier:
    def predict_proba(self, matrix):
        leave = np.full(len(matrix), 0.25)
        return np.column_stack([1 - leave, leave])


class _Law:
    def churn_probability(self, matrix):
        return np.full(len(matrix), 0.5)

    def predict_proba(self, matrix):  # never used: churn_probability comes first
        raise AssertionError


def test_a_classifier_is_adapted_once_and_an_estimator_is_used_as_it_is():
    adapted = ChurnModel(_Classifier(), {})
    assert isinstance(adapted.estimator, ClassifierEstimator)
    assert isinstance(adapted.estimator, ChurnEstimator)
    np.testing.assert_array_equal(adapted.predict_matrix(np.zeros((2, 11))), [0.25, 0.25])
    law = _Law()
    model = ChurnModel(law, {"model": "law"})
    assert model.estimator is law and isinstance(model.card, ModelCard)
    assert not isinstance(law, OneWalkBaseline)
    np.testing.assert_array_equal(model.predict_matrix(np.zeros((3, 11))), [0.5] * 3)


def test_an_estimator_that_gives_no_probability_is_refused_when_the_model_is_made():
    with pytest.raises(TypeError, match="churn_probability"):
        ChurnModel(object(), {})
