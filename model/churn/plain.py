"""The plain models a fit to a history is measured against, on the same columns.

scikit-learn's LogisticRegression (on standardised columns, missing values at the
column's median) and HistGradientBoostingClassifier (its defaults: early stopping on a
tenth of the rows when there are more than 10,000), unconstrained: what a data scientist
would try first. `train` fits them on the same three quarters of the history as the check
model and reports their held-out log-loss beside ours; the card keeps the comparison, and
the check "as good as the best plain model" passes when ours is within
`PLAIN_MODEL_MARGIN` of the better of the two.
"""

from __future__ import annotations

import warnings

import numpy as np

from model.churn.metrics import probability_metrics

#: Held-out log-loss may exceed the better plain model's by this share at most.
PLAIN_MODEL_MARGIN = 0.05


def plain_models(seed: int) -> dict:
    """The two plain models, unfitted, by the name the card and the benchmark use."""
    # imported here, not at import: only a fit to a history compares with them
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic_regression": make_pipeline(
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(max_iter=2_000),
        ),
        "gradient_boosting": HistGradientBoostingClassifier(random_state=seed),
    }


def plain_model_metrics(
    train: np.ndarray, churned: np.ndarray, test: np.ndarray, test_churned: np.ndarray, seed: int
) -> dict[str, dict]:
    """Held-out metrics (model.churn.metrics) of each plain model fitted on `train`."""
    results = {}
    for name, estimator in plain_models(seed).items():
        with warnings.catch_warnings():  # constant columns and slow convergence are fine here
            warnings.simplefilter("ignore")
            estimator.fit(train, churned)
            probability = estimator.predict_proba(test)[:, 1]
        results[name] = probability_metrics(test_churned, probability)
    return results


def as_good_as_plain(ours: dict, plain: dict[str, dict]) -> dict:
    """Whether our held-out log-loss is within PLAIN_MODEL_MARGIN of the better plain model."""
    best_name = min(plain, key=lambda name: plain[name]["log_loss"])
    best = plain[best_name]["log_loss"]
    return {
        "best_plain_model": best_name,
        "best_plain_log_loss": best,
        "log_loss_over_best_plain": ours["log_loss"] / best - 1 if best > 0 else 0.0,
        "log_loss_margin": PLAIN_MODEL_MARGIN,
        "as_good_as_plain_models": bool(ours["log_loss"] <= best * (1 + PLAIN_MODEL_MARGIN)),
    }
