"""Print wall time and peak memory of `python -m model.score` against a predict-once process.

    python benchmarks/score_speed.py [--sizes 250000 1000000 2000000]

Writes synthetic customer CSVs of each size to a temporary folder, then runs, each in a
fresh process: the full scoring command (CSV to CSV, with --errors), and a
process that only loads the model, reads the same CSV with pandas and calls predict
once over every row. Peak memory is the child's maximum resident set size (the CSVs are
written by another child, so that the forked image of this process does not count).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Written by a child process: a child's peak memory counts the parent's image it was forked
# from, so this process stays small and imports neither pandas nor the model.
WRITE_CUSTOMERS = """
import sys
from data.synthetic import generate
generate(int(sys.argv[1]), 1).drop(columns=["true_churn_probability", "churned"]).to_csv(
    sys.argv[2], index=False
)
"""

PREDICT_ONCE = """
import pandas as pd, sys
from model.churn.loader import load_model
model = load_model()
customers = pd.read_csv(sys.argv[1], engine="pyarrow")
model.predict(customers)
"""


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of a fresh child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000])
    args = parser.parse_args()
    smallest, largest = min(args.sizes), max(args.sizes)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        results = {}
        for rows in sorted(args.sizes):
            source = folder / f"customers_{rows}.csv"
            subprocess.run(
                [sys.executable, "-c", WRITE_CUSTOMERS, str(rows), str(source)],
                cwd=ROOT,
                check=True,
            )
            score = [
                sys.executable,
                "-m",
                "model.score",
                str(source),
                "-o",
                str(folder / "out.csv"),
                "--errors",
                str(folder / "errors.csv"),
            ]
            results[rows] = {
                "score": timed(score),
                "predict once": timed([sys.executable, "-c", PREDICT_ONCE, str(source)]),
            }
        print(f"{'rows':>10} {'process':<14} {'wall s':>7} {'peak MiB':>9}")
        for rows, runs in results.items():
            for name, (seconds, mib) in runs.items():
                print(f"{rows:>10,} {name:<14} {seconds:>7.2f} {mib:>9.0f}")
        big = results[largest]
        print(
            f"score / predict-once wall time at {largest:,} rows: "
            f"{big['score'][0] / big['predict once'][0]:.2f}x"
        )
        print(
            f"score peak memory {largest:,} / {smallest:,} rows: "
            f"{big['score'][1] / results[smallest]['score'][1]:.2f}x"
        )


if __name__ == "__main__":
    main()
