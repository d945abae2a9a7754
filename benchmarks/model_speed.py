"""Print training time and prediction throughput of the churn model.

    python benchmarks/model_speed.py

Training uses the default settings (what `python -m model.train` does). Prediction is
timed on 100,000 and 1,000,000 synthetic customers with the committed model, best of 3.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.synthetic import generate
from model.churn import feature_matrix, load_model
from model.train import train_model


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    print(f"cores available: {os.cpu_count()}")
    train_seconds = best_of(1, train_model)
    print(f"training (default settings, incl. generating its samples): {train_seconds:.1f} s")
    model = load_model()
    print(f"trees: {model.card['trees']}")
    for rows in (100_000, 1_000_000):
        matrix = feature_matrix(generate(rows, 1))
        seconds = best_of(3, lambda m=matrix: model.predict_matrix(m))
        print(f"predict {rows:>9,} rows: {seconds:.2f} s  = {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
