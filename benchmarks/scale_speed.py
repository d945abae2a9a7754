"""Print how close one machine comes to the input/output floor, and what Dask does with more rows.

    python benchmarks/scale_speed.py [--floor-rows 1000000] [--rows 10000000] [--parts 20]
                                     [--repeats 3]

In one run, each measured in a fresh process:

1. `python -m model.score` on one CSV of `--floor-rows` customers, CSV to CSV, against the
   floor: a process that only reads the same CSV with pyarrow, adds nine float columns and
   writes it. Best of `--repeats` runs each (the machine is shared); prints the ratio.
2. `--rows` customers as `--parts` CSV part files: rows per second and peak memory of one
   process (`python -m model.score 'parts/*.csv' -o out.csv`), and of the Dask engine on
   a local cluster of 2 workers of one thread (CSV parts to CSV parts), with each worker's
   peak memory as the worker itself reports it (its maximum resident set size).

Customer files are written by child processes, so that this process stays small.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRITE_PART = """
import sys
import pyarrow as pa, pyarrow.csv as pa_csv
from data.synthetic import generate
rows, seed, first_id, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
truth = ["true_churn_probability", "churned"]
customers = generate(rows, seed).drop(columns=truth, errors="ignore")
customers["customer_id"] = [f"C{first_id + i:09d}" for i in range(rows)]
pa_csv.write_csv(pa.Table.from_pandas(customers, preserve_index=False), path)
"""

FLOOR = """
import sys
import numpy as np, pyarrow as pa, pyarrow.csv as pa_csv
table = pa_csv.read_csv(sys.argv[1])
rng = np.random.default_rng(0)
for i in range(9):
    table = table.append_column(f"extra_{i}", pa.array(rng.random(table.num_rows)))
pa_csv.write_csv(table, sys.argv[2])
"""

ON_DASK = """
import json, resource, sys, time
from distributed import Client, LocalCluster
from model.batch.dask_engine import score_dataset

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

started = time.perf_counter()
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                  dashboard_address=":0") as cluster, Client(cluster) as client:
    ready = time.perf_counter()
    report = score_dataset(sys.argv[1], sys.argv[2], client=client)
    scored = time.perf_counter()
    workers = client.run(peak_mib)
print(json.dumps({"start": ready - started, "score": scored - ready,
                  "rows": report.rows_read, "worker_peak_mib": sorted(workers.values())}))
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MiB) and standard output of a fresh child."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed")
    return seconds, usage.ru_maxrss / 1024, output


def write_parts(folder: Path, rows: int, parts: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths, first = [], 0
    for index in range(parts):
        size = rows // parts + (index < rows % parts)
        path = folder / f"part-{index:03d}.csv"
        code = [sys.executable, "-c", WRITE_PART, str(size), str(index + 1), str(first), str(path)]
        subprocess.run(code, cwd=ROOT, check=True)
        paths.append(path)
        first += size
    return paths


def score(source: str, output: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "model.score", source, "-o", output, *extra]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor-rows", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--parts", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (one,) = write_parts(folder / "one", args.floor_rows, 1)
        floor = min(
            timed([sys.executable, "-c", FLOOR, str(one), str(folder / "floor.csv")])[:2]
            for _ in range(args.repeats)
        )
        single = min(
            timed(score(str(one), str(folder / "one.csv")))[:2] for _ in range(args.repeats)
        )
        print(f"{args.floor_rows:,} customers, CSV to CSV (best of {args.repeats}):")
        print(f"  floor (pyarrow read, 9 columns, write) {floor[0]:6.2f} s {floor[1]:6.0f} MiB")
        print(f"  python -m model.score                  {single[0]:6.2f} s {single[1]:6.0f} MiB")
        print(f"  score / floor: {single[0] / floor[0]:.2f}x")

        write_parts(folder / "parts", args.rows, args.parts)
        pattern = str(folder / "parts" / "part-*.csv")
        wall, mib, _ = timed(score(pattern, str(folder / "all.csv")))
        print(f"{args.rows:,} customers in {args.parts} CSV parts:")
        print(
            f"  one process        {args.rows / wall:10,.0f} rows/s ({wall:6.1f} s), "
            f"peak {mib:,.0f} MiB"
        )
        _, _, output = timed(
            [sys.executable, "-c", ON_DASK, pattern, str(folder / "out" / "part-*.csv")]
        )
        dask = json.loads(output.strip().splitlines()[-1])
        peaks = ", ".join(f"{peak:,.0f}" for peak in dask["worker_peak_mib"])
        print(
            f"  Dask, 2 workers    {dask['rows'] / dask['score']:10,.0f} rows/s "
            f"({dask['score']:6.1f} s, cluster start {dask['start']:.1f} s), "
            f"peak per worker {peaks} MiB"
        )


if __name__ == "__main__":
    main()
