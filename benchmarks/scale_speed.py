"""Print how close one machine comes to the input/output floor, and what Dask costs as rows grow.

    python benchmarks/scale_speed.py [--floor-rows 1000000] [--repeats 3]
                                     [--dask-rows 2000000 8000000] [--part-rows 250000]
                                     [--prepare-tickets 2000000 8000000] [--skip-prepare]

In one run, each measured in a fresh process:

1. `python -m model.score` on one CSV of `--floor-rows` customers, CSV to CSV, against the
   floor: a process that only reads the same CSV with pyarrow, adds nine float columns and
   writes it. Best of `--repeats` runs each (the machine is shared); prints the ratio.
2. For each of `--dask-rows` customers, in CSV part files of `--part-rows` rows: the Dask
   engine on a local cluster of 2 workers of one thread each (processes, CSV parts to CSV
   parts), and one process (`python -m model.score 'parts/*.csv' -o out.csv`) scoring the
   same parts. Prints rows a second of both; each worker's peak memory (its own maximum
   resident set size, asked of the worker with `client.run`) and the ratio of the largest
   size's worker peak to the smallest's (about 1 if a worker's memory does not grow with
   the portfolio); and the CPU seconds (user + system) of the whole cluster (every worker,
   the scheduler, the driver) against the one process's (from `os.wait4`), as a ratio: the
   work Dask adds, the summary pass included. One run each (they are long).
3. Unless `--skip-prepare`: `benchmarks/prepare_scale.py`'s `main_section`, `model.prepare`
   on one process and on the same 2-worker cluster, for `--prepare-tickets` ticket rows (5
   per customer) with the importer's own buckets.

Customer files are written by child processes, so that this process stays small.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICKETS_PER_CUSTOMER = 5

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
import json, os, resource, sys, time
from distributed import Client, LocalCluster
from model.batch.dask_engine import score_dataset

def usage():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"pid": os.getpid(), "peak_mib": own.ru_maxrss / 1024,
            "cpu": own.ru_utime + own.ru_stime}

started = time.perf_counter()
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                  dashboard_address=":0") as cluster, Client(cluster) as client:
    ready = time.perf_counter()
    before = {"workers": client.run(usage), "scheduler": client.run_on_scheduler(usage),
              "driver": usage()}
    report = score_dataset(sys.argv[1], sys.argv[2], client=client)
    scored = time.perf_counter()
    after = {"workers": client.run(usage), "scheduler": client.run_on_scheduler(usage),
             "driver": usage()}

def cpu(at):
    # the scheduler of a LocalCluster runs in the driver's process: counted once
    processes = {u["pid"]: u["cpu"] for u in at["workers"].values()}
    processes[at["scheduler"]["pid"]] = at["scheduler"]["cpu"]
    processes[at["driver"]["pid"]] = at["driver"]["cpu"]
    return sum(processes.values())

print(json.dumps({"start": ready - started, "score": scored - ready, "rows": report.rows_read,
                  "worker_peak_mib": sorted(u["peak_mib"] for u in after["workers"].values()),
                  "cpu": cpu(after), "scoring_cpu": cpu(after) - cpu(before)}))
"""


def timed(command: list[str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak resident memory (MiB), standard output and CPU seconds (user +
    system, its waited-for children included) of a fresh child."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{command} failed")
    return seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime


def write_parts(folder: Path, rows: int, part_rows: int) -> list[Path]:
    """`rows` customers (ids in order) in CSV parts of `part_rows` rows, one child each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, first in enumerate(range(0, rows, part_rows)):
        size = min(part_rows, rows - first)
        path = folder / f"part-{index:05d}.csv"
        code = [sys.executable, "-c", WRITE_PART, str(size), str(index + 1), str(first), str(path)]
        subprocess.run(code, cwd=ROOT, check=True)
        paths.append(path)
    return paths


def score(source: str, output: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "model.score", source, "-o", output, *extra]


def dask_against_one_process(folder: Path, rows: int, part_rows: int) -> dict:
    """Section 2 at one size: the Dask engine and one process on the same parts."""
    parts = write_parts(folder / "parts", rows, part_rows)
    pattern = str(folder / "parts" / "part-*.csv")
    try:
        _, _, output, tree_cpu = timed(
            [sys.executable, "-c", ON_DASK, pattern, str(folder / "out" / "part-*.csv")]
        )
        shutil.rmtree(folder / "out", ignore_errors=True)
        dask = json.loads(output.strip().splitlines()[-1])
        wall, mib, _, cpu = timed(score(pattern, str(folder / "all.csv")))
        (folder / "all.csv").unlink(missing_ok=True)
    finally:
        shutil.rmtree(folder / "parts", ignore_errors=True)
    peaks = ", ".join(f"{peak:,.0f}" for peak in dask["worker_peak_mib"])
    print(f"{rows:,} customers in {len(parts)} CSV parts of {part_rows:,}:")
    print(
        f"  Dask, 2 workers    {dask['rows'] / dask['score']:10,.0f} rows/s "
        f"({dask['score']:6.1f} s, cluster start {dask['start']:.1f} s), "
        f"peak per worker {peaks} MiB"
    )
    print(f"  one process        {rows / wall:10,.0f} rows/s ({wall:6.1f} s), peak {mib:,.0f} MiB")
    print(
        f"  CPU: Dask {dask['cpu']:,.1f} s (workers, scheduler and driver; "
        f"{dask['scoring_cpu']:,.1f} s while scoring; {tree_cpu:,.1f} s for its whole process "
        f"tree, shutdown included), one process {cpu:,.1f} s: {dask['cpu'] / cpu:.2f}x"
    )
    return {"rows": rows, "worker_peak_mib": max(dask["worker_peak_mib"])}


def prepare_section(args) -> None:
    """benchmarks/prepare_scale.py's section: model.prepare on one process and on Dask."""
    try:
        import prepare_scale
    except ImportError:  # imported as benchmarks.scale_speed (a test, say)
        from benchmarks import prepare_scale
    customers = [tickets // TICKETS_PER_CUSTOMER for tickets in args.prepare_tickets]
    # the importer's own buckets (part_rows=0): what a user gets, and proportional buckets
    # cost rounds 2 and 3 the square of their number (prepare_scale.py's docstring)
    prepare_scale.main_section(
        rows=customers, part_rows=0, tickets_per_customer=TICKETS_PER_CUSTOMER
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--floor-rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of section 1 (best kept)")
    parser.add_argument("--dask-rows", type=int, nargs="+", default=[2_000_000, 8_000_000])
    parser.add_argument("--part-rows", type=int, default=250_000)
    parser.add_argument(
        "--prepare-tickets",
        type=int,
        nargs="+",
        default=[2_000_000, 8_000_000],
        help=f"ticket rows of model.prepare's logs ({TICKETS_PER_CUSTOMER} per customer)",
    )
    parser.add_argument(
        "--skip-prepare", action="store_true", help="do not run benchmarks/prepare_scale.py"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (one,) = write_parts(folder / "one", args.floor_rows, args.floor_rows)
        runs = [  # alternated, so that both sides share whatever else the machine does
            (
                timed([sys.executable, "-c", FLOOR, str(one), str(folder / "floor.csv")])[:2],
                timed(score(str(one), str(folder / "one.csv")))[:2],
            )
            for _ in range(args.repeats)
        ]
        floor, single = min(run[0] for run in runs), min(run[1] for run in runs)
        print(f"{args.floor_rows:,} customers, CSV to CSV (best of {args.repeats}):")
        print(f"  floor (pyarrow read, 9 columns, write) {floor[0]:6.2f} s {floor[1]:6.0f} MiB")
        print(f"  python -m model.score                  {single[0]:6.2f} s {single[1]:6.0f} MiB")
        print(f"  score / floor: {single[0] / floor[0]:.2f}x")
        for path in (one, folder / "floor.csv", folder / "one.csv"):
            path.unlink(missing_ok=True)

        sizes = [dask_against_one_process(folder, rows, args.part_rows) for rows in args.dask_rows]
        if len(sizes) > 1:
            small, large = min(sizes, key=lambda s: s["rows"]), max(sizes, key=lambda s: s["rows"])
            print(
                f"worker peak at {large['rows']:,} / at {small['rows']:,} customers: "
                f"{large['worker_peak_mib'] / small['worker_peak_mib']:.2f}x"
            )
    if not args.skip_prepare:
        prepare_section(args)


if __name__ == "__main__":
    main()
