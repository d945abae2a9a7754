"""Train the churn model on synthetic data and write it with its model card.

    python -m model.train            # writes model/churn_model.joblib and model/model_card.json

The model is a histogram gradient-boosted tree ensemble, constrained so that churn never
falls when an incident feature rises (and never rises with tenure), then calibrated with
one sigmoid fitted on a separate calibration sample over the frozen ensemble: one model
to evaluate at prediction time, not three as with `CalibratedClassifierCV(cv=3)`. A
logistic regression on log-transformed features is fitted on the same data and reported
in the card, as the plain alternative the ensemble has to beat. Why: docs/adr/0001.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from data import synthetic
from data.schema import CUSTOMER_FEATURES, INCIDENT_FEATURES, MODEL_FEATURES
from model.churn import (
    ARTEFACT_PATH,
    CARD_PATH,
    ChurnModel,
    feature_matrix,
    installed_versions,
    sha256_of,
)
from model.metrics import probability_metrics

log = logging.getLogger(__name__)

CARD_SCHEMA_VERSION = 1

#: +1: churn never falls as the feature rises; -1: never rises; 0: free.
MONOTONIC_CONSTRAINTS = {"monthly_revenue": 0, "tenure_months": -1} | {
    name: 1 for name in INCIDENT_FEATURES
}


@dataclass(frozen=True)
class TrainingSettings:
    """Everything that decides the trained model; the card records it whole."""

    seed: int = 20261122
    n_train: int = 300_000
    n_calibration: int = 100_000
    n_test: int = 50_000
    learning_rate: float = 0.1
    max_iter: int = 500
    max_leaf_nodes: int = 31
    min_samples_leaf: int = 200
    l2_regularization: float = 1.0
    n_iter_no_change: int = 20

    def sample_seeds(self) -> dict[str, int]:
        """Distinct generator seeds for the three samples, derived from the one seed."""
        return {"train": self.seed, "calibration": self.seed + 1, "test": self.seed + 2}


def _ensemble(settings: TrainingSettings) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        learning_rate=settings.learning_rate,
        max_iter=settings.max_iter,
        max_leaf_nodes=settings.max_leaf_nodes,
        min_samples_leaf=settings.min_samples_leaf,
        l2_regularization=settings.l2_regularization,
        monotonic_cst=[MONOTONIC_CONSTRAINTS[name] for name in MODEL_FEATURES],
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=settings.n_iter_no_change,
        random_state=settings.seed,
    )


def _logistic_baseline() -> object:
    """The plain alternative: logistic regression on log(1 + x) of every feature."""
    return make_pipeline(
        FunctionTransformer(np.log1p), StandardScaler(), LogisticRegression(max_iter=1000)
    )


def train_model(settings: TrainingSettings | None = None) -> ChurnModel:
    """Fit, calibrate and evaluate the model; deterministic for a given settings object."""
    settings = settings or TrainingSettings()
    seeds = settings.sample_seeds()
    train = synthetic.generate(settings.n_train, seeds["train"])
    calibration = synthetic.generate(settings.n_calibration, seeds["calibration"])
    test = synthetic.generate(settings.n_test, seeds["test"])

    ensemble = _ensemble(settings).fit(feature_matrix(train), train["churned"].to_numpy())
    calibrated = CalibratedClassifierCV(FrozenEstimator(ensemble), method="sigmoid")
    calibrated.fit(feature_matrix(calibration), calibration["churned"].to_numpy())
    _check_calibrator_keeps_order(calibrated)

    logistic = _logistic_baseline().fit(feature_matrix(train), train["churned"].to_numpy())

    test_x, test_y = feature_matrix(test), test["churned"].to_numpy()
    truth = test["true_churn_probability"].to_numpy()
    card = {
        "card_schema_version": CARD_SCHEMA_VERSION,
        "model": "HistGradientBoostingClassifier (monotone) + sigmoid calibration",
        "features": list(MODEL_FEATURES),
        "customer_features": list(CUSTOMER_FEATURES),
        "incident_features": list(INCIDENT_FEATURES),
        "monotonic_constraints": MONOTONIC_CONSTRAINTS,
        "trees": int(ensemble.n_iter_),
        "training": asdict(settings) | {"sample_seeds": seeds, "data": "data.synthetic"},
        "metrics_on_held_out_test": probability_metrics(
            test_y, calibrated.predict_proba(test_x)[:, 1], truth
        ),
        "logistic_regression_on_same_test": probability_metrics(
            test_y, logistic.predict_proba(test_x)[:, 1], truth
        ),
        "library_versions": installed_versions(),
        "python_version": platform.python_version(),
    }
    return ChurnModel(estimator=calibrated, card=card)


def _check_calibrator_keeps_order(calibrated: CalibratedClassifierCV) -> None:
    """A sigmoid with a negative slope would reverse the monotone ensemble; refuse it."""
    for fitted in calibrated.calibrated_classifiers_:
        for calibrator in fitted.calibrators:
            if calibrator.a_ > 0:  # sklearn's sigmoid is 1 / (1 + exp(a * score + b))
                raise RuntimeError("Calibration reversed the order of the ensemble's scores.")


def save_model(model: ChurnModel, artefact: Path = ARTEFACT_PATH, card_path: Path = CARD_PATH):
    """Write the artefact, then the card holding the artefact's SHA-256."""
    import joblib

    joblib.dump(model.estimator, artefact, compress=3)
    card = model.card | {"artefact": artefact.name, "artefact_sha256": sha256_of(artefact)}
    card_path.write_text(json.dumps(card, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=TrainingSettings.seed)
    parser.add_argument("--rows", type=int, default=TrainingSettings.n_train)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    started = time.perf_counter()
    model = train_model(TrainingSettings(seed=args.seed, n_train=args.rows))
    save_model(model)
    metrics = model.card["metrics_on_held_out_test"]
    log.info(
        "Trained %d trees in %.1f s; held-out log-loss %.4f (best possible %.4f), ECE %.4f. "
        "Wrote %s and %s.",
        model.card["trees"],
        time.perf_counter() - started,
        metrics["log_loss"],
        metrics["bayes_optimal_log_loss"],
        metrics["expected_calibration_error"],
        ARTEFACT_PATH.name,
        CARD_PATH.name,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
