"""The churn model as the rest of the product uses it: load it safely, predict with it.

The artefact is a joblib file, and joblib unpickles, which can run code. So the file is
loaded only after its SHA-256 matches the one in the model card written beside it by
`python -m model.train`; a file that does not match, or was made with other library
versions, is never unpickled: the model is retrained instead, with a log line saying why.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from data.schema import COLUMNS_BY_NAME, MODEL_FEATURES

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent
ARTEFACT_PATH = MODEL_DIR / "churn_model.joblib"
CARD_PATH = MODEL_DIR / "model_card.json"

#: Libraries whose versions must match the card for the pickled model to be trusted.
PINNED_LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib")


def feature_matrix(customers: pd.DataFrame) -> np.ndarray:
    """The model's input: MODEL_FEATURES as a float matrix, absent optional columns at 0.

    The contract defaults optional columns to 0 when absent; a required column that is
    absent is an error, never a silent 0.
    """
    matrix = np.zeros((len(customers), len(MODEL_FEATURES)), dtype=np.float64)
    for position, name in enumerate(MODEL_FEATURES):
        if name in customers.columns:
            matrix[:, position] = customers[name].to_numpy(dtype=np.float64)
        elif COLUMNS_BY_NAME[name].required:
            raise KeyError(f"Required column {name} missing")
    return matrix


@dataclass(frozen=True)
class ChurnModel:
    """A fitted, calibrated classifier with its model card."""

    estimator: Any
    card: dict

    def predict(self, customers: pd.DataFrame) -> np.ndarray:
        """P(customer leaves within 12 months), one per row, for a frame in the contract."""
        return self.predict_matrix(feature_matrix(customers))

    def predict_matrix(self, matrix: np.ndarray) -> np.ndarray:
        """As `predict`, for a matrix already in MODEL_FEATURES order (skips the copy)."""
        if len(matrix) == 0:
            return np.empty(0, dtype=np.float64)
        return self.estimator.predict_proba(matrix)[:, 1]

    @cached_property
    def split_points(self) -> dict[int, np.ndarray] | None:
        """Sorted thresholds at which the trees split each feature (by position), if readable.

        Two customers whose values fall between the same thresholds of every feature
        reach the same leaves, so they get the same prediction. Read from the fitted
        trees' node arrays (sklearn internals, pinned by the card's version check); None
        when the estimator is not the expected kind.
        """
        try:
            ensemble = self.estimator.calibrated_classifiers_[0].estimator.estimator
            nodes = np.concatenate([tree.nodes for (tree,) in ensemble._predictors])
        except (AttributeError, IndexError, TypeError, ValueError):
            return None
        splits = nodes[nodes["is_leaf"] == 0]
        return {
            position: np.unique(splits["num_threshold"][splits["feature_idx"] == position])
            for position in range(len(MODEL_FEATURES))
        }

    def cells(self, matrix: np.ndarray, positions: list[int]) -> np.ndarray | None:
        """One integer per row naming the cell of split points its `positions` fall in.

        Rows in the same cell that agree on every other feature get the same prediction.
        None when the split points cannot be read.
        """
        if self.split_points is None:
            return None
        code = np.zeros(len(matrix), dtype=np.int64)
        for position in positions:
            points = self.split_points[position]
            # a tree sends value <= threshold left, so side="left" puts ties with the lower bin
            code = code * (len(points) + 1) + np.searchsorted(points, matrix[:, position], "left")
        return code


def installed_versions() -> dict[str, str]:
    """Versions of the libraries a pickled model depends on, as installed now."""
    from importlib.metadata import version

    return {name: version(name) for name in PINNED_LIBRARIES}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def reasons_not_to_load(artefact: Path, card_path: Path) -> list[str]:
    """Why the artefact must not be unpickled here; an empty list means it is safe to load."""
    if not artefact.exists() or not card_path.exists():
        return [f"{artefact.name} or {card_path.name} is missing"]
    card = json.loads(card_path.read_text())
    reasons = []
    if sha256_of(artefact) != card.get("artefact_sha256"):
        reasons.append(f"{artefact.name} does not match the SHA-256 in {card_path.name}")
    if card.get("features") != list(MODEL_FEATURES):
        reasons.append("the model's features differ from the data contract's")
    trained_with = card.get("library_versions", {})
    for name, installed in installed_versions().items():
        if trained_with.get(name) != installed:
            reasons.append(
                f"{name} {installed} is installed, the model was trained with "
                f"{trained_with.get(name)}"
            )
    return reasons


def load_model(artefact: Path = ARTEFACT_PATH, card_path: Path = CARD_PATH) -> ChurnModel:
    """The churn model, verified against its card; retrained (and saved if possible) when not.

    Never unpickles a file whose hash or library versions disagree with its card.
    """
    import joblib

    reasons = reasons_not_to_load(artefact, card_path)
    if not reasons:
        card = json.loads(card_path.read_text())
        return ChurnModel(estimator=joblib.load(artefact), card=card)

    from model.train import save_model, train_model

    log.warning("Retraining the churn model (about a minute) because %s.", "; ".join(reasons))
    model = train_model()
    try:
        save_model(model, artefact, card_path)
    except OSError as error:
        log.warning("Could not save the retrained model (%s); using it from memory.", error)
    return model


@cache
def default_model() -> ChurnModel:
    """The project's model, loaded once per process (the command line and the app share it)."""
    return load_model()
