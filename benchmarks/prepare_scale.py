"""Print what the records import costs as the logs grow: one process against Dask, per size.

    python benchmarks/prepare_scale.py [--rows 2000000 8000000] [--tickets-per-customer 5]
                                       [--part-rows 0] [--memory-limit none]
                                       [--floor-tickets 1000000] [--big-tickets 10000000]
                                       [--repeats 3] [--one-machine 1]

For each number of ticket rows in `--rows` (for a fifth as many customers, `--tickets-per-
customer`; written by records_speed.py's generator in a child process, so this process
stays small), one block:

1. one process: `python -m model.prepare --customers crm.csv --tickets tickets.csv -o out.csv
   --report unused.csv` in a fresh child: wall seconds, ticket rows a second, peak resident
   memory and CPU seconds (user + system), from os.wait4.
2. the Dask engine: a fresh child starts a local cluster of 2 workers of one thread each
   (processes), then runs the same command with `--engine dask --scheduler ADDRESS` on it:
   wall seconds without the cluster's start, ticket rows a second, each worker's peak
   resident memory (its own getrusage, by client.run), the CPU seconds of the run (workers,
   the scheduler unless it lives in the driver, and the driver; each as a difference of
   getrusage before and after) and their ratio to the one process's CPU: what Dask adds;
   and the submitting process's peak (its own getrusage: the command, which writes the
   prepared file and the report, with the local cluster's scheduler in the same process).

After all sizes: the largest size's peak against the smallest's, a worker's and the
submitting process's (the aim: within 1.3 times for 4 times the rows).

By default both sides run with the command's default options: no `--memory-limit`, and on
Dask no `--buckets`, so the importer reads each log in pieces of 16 MiB or 250,000 lines (a
task each) and makes one bucket per 32 MiB of input (data/records/distributed.py): what a
worker holds follows a piece's or a bucket's size, not the log's. `--part-rows N` gives
`--buckets` one per N ticket rows instead; `--memory-limit M` sets DuckDB's limit on both
sides (with Dask, on each worker's connection).

Before them, one machine with the command's default options (no --memory-limit), unless
`--one-machine 0`: `--floor-tickets` ticket rows (a fifth as many customers) against the
floor process of records_speed.py (pyarrow reads both files, parses both dates, counts
tickets per customer, writes), best of `--repeats` alternated fresh children each; then
`--big-tickets` rows' wall time and the peak resident memory of the process (os.wait4;
DuckDB works in-process, so this is the process and its children).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.records_speed import FLOOR, WRITE
except ImportError:  # run as a script: benchmarks/ is on the path, not the project's root
    from records_speed import FLOOR, WRITE

ROOT = Path(__file__).resolve().parents[1]
WORKERS = 2
#: data/records/pieces.PIECE_BYTES (not imported: this process stays without the importer)
PIECE_BYTES = 16 << 20

ON_DASK = """
import contextlib, io, json, logging, os, resource, sys, time
from distributed import Client, LocalCluster
from data.records.distributed import default_buckets
from model.prepare import main

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def pid_and_cpu():
    return os.getpid(), cpu()

started = time.perf_counter()
with LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True,
                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \\
        Client(cluster) as client:
    client.wait_for_workers(int(sys.argv[1]))
    ready = time.perf_counter()
    idle = client.run(peak_mib)
    driver_idle = peak_mib()
    workers_before = client.run(cpu)
    scheduler_pid, scheduler_before = client.run_on_scheduler(pid_and_cpu)
    driver_before = cpu()
    args = [*sys.argv[2:], "--engine", "dask", "--scheduler", cluster.scheduler_address]
    if "--buckets" in args:
        buckets = int(args[args.index("--buckets") + 1])
    else:
        inputs = {s: args[args.index("--" + s) + 1] for s in ("customers", "tickets")}
        buckets = default_buckets(inputs, int(sys.argv[1]))
    begun = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()) as said:
        code = main(args)
    wall = time.perf_counter() - begun
    driver = cpu() - driver_before
    _, scheduler_after = client.run_on_scheduler(pid_and_cpu)
    workers_after = client.run(cpu)
    peaks = client.run(peak_mib)
in_driver = scheduler_pid == os.getpid()
print(json.dumps({
    "code": code, "start": ready - started, "wall": wall, "said": said.getvalue().strip(),
    "worker_cpu": sorted(workers_after[w] - workers_before[w] for w in workers_after),
    "scheduler_cpu": 0.0 if in_driver else scheduler_after - scheduler_before,
    "scheduler_in_driver": in_driver, "driver_cpu": driver,
    "driver_peak_mib": peak_mib(), "driver_idle_mib": driver_idle,
    "worker_peak_mib": sorted(peaks.values()),
    "worker_idle_mib": sorted(idle.values()), "buckets": buckets,
}))
"""


def timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, peak resident memory (MiB), CPU seconds (user + system) and standard
    output of a fresh child, reaped by os.wait4 for its own resource usage."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        output, errors = out.read(), err.read()
    if child.returncode not in (0, 1):  # 1: prepared, some rows rejected
        raise SystemExit(f"{' '.join(command[:4])}... failed ({child.returncode}):\n"
                         f"{errors[-3000:]}")  # fmt: skip
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, output


def buckets_for(tickets: int, part_rows: int) -> int | None:
    """One bucket per `part_rows` ticket rows, at least one per worker; None (the importer's
    default) when `part_rows` is 0."""
    return max(WORKERS, math.ceil(tickets / part_rows)) if part_rows else None


def _prepare_args(folder: Path, memory_limit: str | None) -> list[str]:
    args = ["--customers", str(folder / "crm.csv"), "--tickets", str(folder / "tickets.csv"),
            "-o", str(folder / "out.csv"), "--report", str(folder / "unused.csv")]  # fmt: skip
    return [*args, "--memory-limit", memory_limit] if memory_limit else args


def _one_size(tickets: int, tickets_per_customer: int, part_rows: int, memory_limit) -> dict:
    customers = max(1, tickets // tickets_per_customer)
    buckets = buckets_for(tickets, part_rows)
    with tempfile.TemporaryDirectory(prefix="prepare-scale-") as name:
        folder = Path(name)
        writing = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", WRITE, str(customers), str(tickets), name], cwd=ROOT,
            check=True,
        )  # fmt: skip
        written = time.perf_counter() - writing
        size_mb = (folder / "tickets.csv").stat().st_size / 1e6
        args = _prepare_args(folder, memory_limit)
        wall, peak, cpu, _ = timed([sys.executable, "-m", "model.prepare", *args])
        one_out = [(folder / f).read_bytes() for f in ("out.csv", "unused.csv")]
        _, _, _, output = timed(
            [sys.executable, "-c", ON_DASK, str(WORKERS), *args,
             *(["--buckets", str(buckets)] if buckets else [])]
        )  # fmt: skip
        dask = json.loads(output.strip().splitlines()[-1])
        same = [(folder / f).read_bytes() for f in ("out.csv", "unused.csv")] == one_out
    dask_cpu = sum(dask["worker_cpu"]) + dask["scheduler_cpu"] + dask["driver_cpu"]
    limit = memory_limit or "DuckDB's default (80 % of the machine, each)"
    scheduler = (
        "in the driver's process, counted once"
        if dask["scheduler_in_driver"]
        else f"{dask['scheduler_cpu']:.1f} s"
    )
    print(
        f"{customers:,} customers, {tickets:,} ticket rows ({size_mb:,.0f} MB CSV, written in "
        f"{written:.0f} s); DuckDB memory limit {limit}:"
    )
    print(
        f"  one process   {wall:7.1f} s {tickets / wall:10,.0f} rows/s  peak {peak:7,.0f} MiB  "
        f"CPU {cpu:7.1f} s"
    )
    peaks = ", ".join(f"{p:,.0f}" for p in dask["worker_peak_mib"])
    idle = ", ".join(f"{p:,.0f}" for p in dask["worker_idle_mib"])
    print(
        f"  Dask, {WORKERS}x1     {dask['wall']:7.1f} s {tickets / dask['wall']:10,.0f} rows/s  "
        f"peak per worker {peaks} MiB (before the run {idle}); submitting process "
        f"{dask['driver_peak_mib']:,.0f} MiB (before the run {dask['driver_idle_mib']:,.0f}; "
        f"the scheduler {'included' if dask['scheduler_in_driver'] else 'apart'})  "
        f"CPU {dask_cpu:7.1f} s"
    )
    how_many = (
        f"{buckets} buckets (one per {part_rows:,} ticket rows, --buckets {buckets})"
        if buckets
        else f"the importer's default: {dask['buckets']} buckets, pieces of "
        f"{PIECE_BYTES >> 20} MiB or 250,000 lines"
    )
    workers_cpu = " + ".join(f"{c:.1f}" for c in dask["worker_cpu"])
    print(
        f"                {how_many}, "
        f"cluster start {dask['start']:.1f} s not counted; CPU: workers {workers_cpu} s, "
        f"scheduler {scheduler}, driver {dask['driver_cpu']:.1f} s"
    )
    print(
        f"  Dask / one process: CPU {dask_cpu / cpu:.2f}x, wall {dask['wall'] / wall:.2f}x; "
        f"same prepared file and report: {'yes' if same else 'NO'}"
    )
    return {
        "tickets": tickets,
        "worker_peak_mib": max(dask["worker_peak_mib"]),
        "driver_peak_mib": dask["driver_peak_mib"],
    }


def one_machine(floor_tickets: int, big_tickets: int, repeats: int) -> None:
    """The one-machine figures with default options: a log against the floor, a large
    log's peak memory."""
    print("model.prepare on one machine, default options (no --memory-limit):")
    for tickets, against_floor in ((floor_tickets, True), (big_tickets, False)):
        if not tickets:
            continue
        customers = max(1, tickets // 5)
        with tempfile.TemporaryDirectory(prefix="prepare-one-") as name:
            folder = Path(name)
            subprocess.run(
                [sys.executable, "-c", WRITE, str(customers), str(tickets), name], cwd=ROOT,
                check=True,
            )  # fmt: skip
            size_mb = (folder / "tickets.csv").stat().st_size / 1e6
            prepare = [sys.executable, "-m", "model.prepare", *_prepare_args(folder, None)]
            runs, floors = [], []
            for _ in range(repeats if against_floor else 1):  # alternated: the same load
                runs.append(timed(prepare)[:3])
                if against_floor:
                    floors.append(timed([sys.executable, "-c", FLOOR, name])[:3])
        wall, peak, cpu = min(runs)
        print(
            f"  {tickets:,} ticket rows ({size_mb:,.0f} MB CSV), {customers:,} customers: "
            f"{wall:.2f} s, peak {peak:,.0f} MiB, CPU {cpu:.1f} s"
            + (
                f"; floor {min(floors)[0]:.2f} s (CPU {min(floors)[2]:.1f} s, peak "
                f"{min(floors)[1]:,.0f} MiB): {wall / min(floors)[0]:.2f} times the floor "
                f"(best of {repeats} each; CPU {cpu / min(floors)[2]:.2f} times)"
                if against_floor
                else ""
            )
        )


def main_section(
    rows: list[int],
    part_rows: int = 250_000,
    *,
    tickets_per_customer: int = 5,
    memory_limit: str | None = None,
) -> None:
    """One block per number of ticket rows in `rows`, then how the workers' peak grew."""
    print(
        f"model.prepare, ticket rows and a {tickets_per_customer}th as many customers, one "
        f"process against Dask ({WORKERS} local workers of one thread):"
    )
    sizes = [_one_size(tickets, tickets_per_customer, part_rows, memory_limit) for tickets in rows]
    if len(sizes) > 1:
        small = min(sizes, key=lambda s: s["tickets"])
        large = max(sizes, key=lambda s: s["tickets"])
        for who, key in (("Worker", "worker_peak_mib"), ("Submitting process", "driver_peak_mib")):
            print(
                f"{who} peak memory, {large['tickets']:,} ticket rows against "
                f"{small['tickets']:,} ({large['tickets'] / small['tickets']:.1f} times the "
                f"rows): {large[key]:,.0f} / {small[key]:,.0f} MiB = "
                f"{large[key] / small[key]:.2f}x (aim: within 1.3)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rows", type=int, nargs="+", default=[2_000_000, 8_000_000], help="ticket rows"
    )
    parser.add_argument("--tickets-per-customer", type=int, default=5)
    parser.add_argument(
        "--part-rows",
        type=int,
        default=0,
        help="ticket rows per Dask bucket (0, the default: the importer's own buckets)",
    )
    parser.add_argument(
        "--memory-limit",
        default="none",
        help="DuckDB's, on both sides ('none', the default: the command's own)",
    )
    parser.add_argument("--floor-tickets", type=int, default=1_000_000)
    parser.add_argument("--big-tickets", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="of the run against the floor")
    parser.add_argument(
        "--one-machine", type=int, default=1, help="0: skip the default-options figures"
    )
    args = parser.parse_args()
    if args.one_machine:
        one_machine(args.floor_tickets, args.big_tickets, args.repeats)
    limit = None if args.memory_limit.lower() == "none" else args.memory_limit
    rows = [r for r in args.rows if r]  # --rows 0: the one-machine figures only
    if rows:
        main_section(
            rows, args.part_rows, tickets_per_customer=args.tickets_per_customer,
            memory_limit=limit,
        )  # fmt: skip


if __name__ == "__main__":
    main()
