"""Quality measures for churn probabilities, shared by training, tests and the Model page."""

from __future__ import annotations

import numpy as np
import pandas as pd


def calibration_curve(churned: np.ndarray, probability: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Mean predicted and observed churn per equal-width probability bin (empty bins dropped).

    Columns: predicted, observed, customers. The Model page draws it; the calibration
    error below summarises it, so the chart and the card's figure agree.
    """
    churned = np.asarray(churned, dtype=float)
    probability = np.asarray(probability, dtype=float)
    bin_of = np.clip((probability * bins).astype(int), 0, bins - 1)
    customers = np.bincount(bin_of, minlength=bins)
    predicted = np.bincount(bin_of, weights=probability, minlength=bins)
    observed = np.bincount(bin_of, weights=churned, minlength=bins)
    filled = customers > 0
    return pd.DataFrame(
        {
            "predicted": predicted[filled] / customers[filled],
            "observed": observed[filled] / customers[filled],
            "customers": customers[filled],
        }
    )


def expected_calibration_error(
    churned: np.ndarray, probability: np.ndarray, bins: int = 10
) -> float:
    """Mean gap between predicted and observed churn over equal-width probability bins.

    Weighted by the share of customers in each bin; 0 means perfectly calibrated. The
    money is probability times value, so this gap is the share of value mis-stated.
    """
    curve = calibration_curve(churned, probability, bins)
    gaps = (curve["predicted"] - curve["observed"]).abs()
    return float((gaps * curve["customers"]).sum() / curve["customers"].sum())


def probability_metrics(
    churned: np.ndarray, probability: np.ndarray, true_probability: np.ndarray | None = None
) -> dict[str, float]:
    """ROC AUC, Brier score, log-loss and calibration error; with truth, the best log-loss."""
    # imported here, not at import: scoring a file never measures a model
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

    metrics = {
        "roc_auc": float(roc_auc_score(churned, probability)),
        "brier_score": float(brier_score_loss(churned, probability)),
        "log_loss": float(log_loss(churned, probability, labels=[0, 1])),
        "expected_calibration_error": expected_calibration_error(churned, probability),
    }
    if true_probability is not None:
        best = float(log_loss(churned, true_probability, labels=[0, 1]))
        metrics["bayes_optimal_log_loss"] = best
        metrics["log_loss_excess_over_bayes"] = metrics["log_loss"] / best - 1
    return metrics
