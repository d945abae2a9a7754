"""Print training time and prediction throughput of the churn model, beside the one it replaced.

    python benchmarks/model_speed.py

Training uses the default settings (what `python -m model.train` does). Prediction is
timed on 100,000 and 1,000,000 synthetic customers, best of 3, for the committed model
and for the previous model (a monotone HistGradientBoostingClassifier with one sigmoid
calibrator, rebuilt here with its old settings: ADR 0001), in the same run, so the ratio
compares like with like on this machine.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.schema import MODEL_FEATURES
from data.synthetic import generate
from model.churn.churn_model import feature_matrix
from model.churn.fit import MONOTONIC_CONSTRAINTS, train_model
from model.churn.loader import load_model


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def previous_model():
    """The ensemble of ADR 0001 (96 trees, sigmoid over a frozen ensemble), on 300,000 rows."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.frozen import FrozenEstimator

    train, calibration = generate(300_000, 20261122), generate(100_000, 20261123)
    ensemble = HistGradientBoostingClassifier(
        max_iter=96,
        min_samples_leaf=200,
        l2_regularization=1.0,
        monotonic_cst=[MONOTONIC_CONSTRAINTS[name] for name in MODEL_FEATURES],
        early_stopping=False,
        random_state=20261122,
    ).fit(feature_matrix(train), train["churned"])
    calibrated = CalibratedClassifierCV(FrozenEstimator(ensemble), method="sigmoid")
    return calibrated.fit(feature_matrix(calibration), calibration["churned"])


def main() -> None:
    print(f"cores available: {os.cpu_count()}")
    train_seconds = best_of(1, train_model)
    print(f"training (default settings, incl. its samples and refits): {train_seconds:.1f} s")
    model, previous = load_model(), previous_model()
    for rows in (100_000, 1_000_000):
        matrix = feature_matrix(generate(rows, 1))
        now = best_of(3, lambda m=matrix: model.predict_matrix(m))
        before = best_of(3, lambda m=matrix: previous.predict_proba(m)[:, 1])
        print(
            f"predict {rows:>9,} rows: additive model {now:.3f} s = {rows / now:,.0f} rows/s; "
            f"previous ensemble {before:.3f} s = {rows / before:,.0f} rows/s; "
            f"{before / now:.1f} times faster"
        )


if __name__ == "__main__":
    main()
