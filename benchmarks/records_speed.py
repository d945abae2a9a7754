"""Print how close the records import comes to a floor process, and its peak memory at 10M rows.

    python benchmarks/records_speed.py [--customers 200000] [--tickets 1000000]
                                       [--big-customers 2000000] [--big-tickets 10000000]
                                       [--memory-limit 1GB] [--repeats 3]

1. `python -m model.prepare --customers crm.csv --tickets tickets.csv -o out.csv
   --report unused.csv` on `--tickets` ticket rows for `--customers` customers, against
   the floor: a process that only reads the same two CSV files with pyarrow, parses both
   dates of a ticket row (created_at, closed_at), counts the tickets per customer (with
   their earliest opening and latest closing) and writes the result. Best of `--repeats`
   fresh processes each (the machine is shared); prints both times and the ratio.
2. The same command on `--big-tickets` rows for `--big-customers` customers with DuckDB's
   memory limited to `--memory-limit`: wall time, rows a second and the process's peak
   resident memory, which stays near the limit however large the logs grow (DuckDB spills).

The files are written by a child process, in chunks, so this process stays small. The
ticket log looks like a help desk's export of ticket updates: three rows a ticket (new, open,
solved or still open), listed in the order of their update times, which fall at any second
of the day; each row has the ticket's id, customer, created_at, its own updated_at and
status, closed_at on the solving row only, due_at, reopens and escalation (on the last row),
handle minutes so far, the agent of that update, category and channel. 0.5 % of tickets are
of customers not in the customer file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRITE = """
import sys
import numpy as np, pyarrow as pa, pyarrow.csv as pa_csv
customers, tickets, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(1)
ids = np.char.add("C", np.arange(customers).astype(str))
pa_csv.write_csv(pa.table({
    "customer_id": ids,
    "monthly_revenue": np.round(rng.lognormal(4, 0.4, customers), 2),
    "tenure_months": rng.integers(0, 240, customers),
    "plan": rng.choice(["basic", "plus", "premium"], customers),
}), f"{folder}/crm.csv")
start = np.datetime64("2025-01-01T00:00:00")
text = lambda t: np.datetime_as_string(t, unit="s")
chunk = 999_999  # whole tickets of ROWS rows each
ROWS = 3  # updates a ticket: opened, worked on, solved (or still open)
with pa_csv.CSVWriter(f"{folder}/tickets.csv", pa.schema([
    ("ticket_id", pa.string()), ("customer_id", pa.string()), ("created_at", pa.string()),
    ("updated_at", pa.string()), ("status", pa.string()), ("closed_at", pa.string()),
    ("due_at", pa.string()), ("reopens", pa.int64()), ("escalated", pa.string()),
    ("handle_minutes", pa.int64()), ("agent", pa.string()), ("category", pa.string()),
    ("channel", pa.string())])) as writer:
    for first in range(0, tickets, chunk):
        n = min(chunk, tickets - first)
        k = -(-n // ROWS)  # the chunk's tickets; the last may have fewer rows
        who = np.char.add("C", rng.integers(0, int(customers * 1.005), k).astype(str))
        opened = start + rng.integers(0, 365 * 86400, k).astype("timedelta64[s]")
        closed = opened + rng.integers(600, 10 * 86400, k).astype("timedelta64[s]")
        due = opened + rng.integers(86400, 5 * 86400, k).astype("timedelta64[s]")
        still_open = rng.random(k) < 0.1
        # each ticket's rows: the update's time between opening and closing, in order
        share = np.sort(rng.random((k, ROWS)), axis=1)
        share[:, 0] = 0
        share[:, -1] = np.where(still_open, share[:, -1], 1)
        span = (closed - opened).astype(np.int64)[:, None]
        updated = (opened[:, None] + (share * span).astype("timedelta64[s]")).ravel()[:n]
        step = np.tile(np.arange(ROWS), k)[:n]
        last = step == ROWS - 1
        ticket = np.repeat(first // ROWS + np.arange(k), ROWS)[:n]
        each = lambda values: np.repeat(values, ROWS)[:n]
        closed_here = last & ~each(still_open)
        order = np.argsort(updated, kind="stable")  # the export lists updates in time order
        writer.write_table(pa.table({
            "ticket_id": np.char.add("T", ticket.astype(str)),
            "customer_id": each(who),
            "created_at": text(each(opened)),
            "updated_at": text(updated),
            "status": np.where(step == 0, "new", np.where(closed_here, "solved", "open")),
            "closed_at": np.where(closed_here, text(each(closed)), ""),
            "due_at": text(each(due)),
            "reopens": np.where(last, each(rng.poisson(0.2, k)), 0),
            "escalated": np.where(last & each(rng.random(k) < 0.07), "yes", "no"),
            "handle_minutes": np.cumsum(rng.integers(1, 20, (k, ROWS)), axis=1).ravel()[:n],
            "agent": np.char.add("agent-", rng.integers(0, 500, n).astype(str)),
            "category": each(rng.choice(["Connection", "Speed", "Billing", "Other"], k)),
            "channel": each(rng.choice(["Phone", "Email", "Chat", "Regulator"], k,
                                       p=[0.5, 0.3, 0.199, 0.001])),
        }).take(order))
"""

FLOOR = """
import sys
import pyarrow as pa, pyarrow.compute as pc, pyarrow.csv as pa_csv
folder = sys.argv[1]
customers = pa_csv.read_csv(f"{folder}/crm.csv")
# both dates parsed, as text first so that the parsing is the floor's own work
dates = {"created_at": pa.string(), "closed_at": pa.string()}
tickets = pa_csv.read_csv(f"{folder}/tickets.csv",
                          convert_options=pa_csv.ConvertOptions(column_types=dates))
created = pc.strptime(tickets["created_at"], "%Y-%m-%dT%H:%M:%S", "s", error_is_null=True)
closed = pc.strptime(tickets["closed_at"], "%Y-%m-%dT%H:%M:%S", "s", error_is_null=True)
tickets = tickets.set_column(2, "created_at", created)
tickets = tickets.set_column(tickets.schema.get_field_index("closed_at"), "closed_at", closed)
counts = tickets.group_by("customer_id").aggregate(
    [([], "count_all"), ("created_at", "min"), ("closed_at", "max")])
joined = customers.join(counts, "customer_id", join_type="left outer")
pa_csv.write_csv(joined, f"{folder}/floor.csv")
"""

PREPARE = """
import json, resource, runpy, sys, time
sys.argv = ["model.prepare", *sys.argv[1:]]
started, code = time.perf_counter(), 0
try:
    runpy.run_module("model.prepare", run_name="__main__")
except SystemExit as stop:
    code = stop.code
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "code": code}), file=sys.stderr)
"""


def _run(script: str, *args: str) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    inner = json.loads(last) if last.startswith("{") else {}
    if done.returncode != 0 or inner.get("code", 0) not in (0, 1, None):
        raise RuntimeError(done.stderr[-3000:])
    return seconds, inner


def _prepare_args(folder: str, memory_limit: str | None) -> list[str]:
    args = ["--customers", f"{folder}/crm.csv", "--tickets", f"{folder}/tickets.csv",
            "-o", f"{folder}/out.csv", "--report", f"{folder}/unused.csv",
            "--window-end", "2026-01-01"]  # fmt: skip
    return [*args, "--memory-limit", memory_limit] if memory_limit else args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--big-customers", type=int, default=2_000_000)
    parser.add_argument("--big-tickets", type=int, default=10_000_000)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.tickets:  # --tickets 0: only the large run
        _compare(args)
    if args.big_tickets:
        _large(args)


def _compare(args) -> None:
    with tempfile.TemporaryDirectory(prefix="records-bench-") as folder:
        _run(WRITE, str(args.customers), str(args.tickets), folder)
        ours, floor = [], []
        for _ in range(args.repeats):  # alternated, so both see the same load of the machine
            ours.append(_run(PREPARE, *_prepare_args(folder, None))[0])
            floor.append(_run(FLOOR, folder)[0])
        ours, floor = min(ours), min(floor)
        print(
            f"{args.tickets:,} ticket rows for {args.customers:,} customers, CSV to CSV: "
            f"model.prepare {ours:.2f} s, pyarrow floor (read, count per customer, write) "
            f"{floor:.2f} s: {ours / floor:.2f} times the floor (best of {args.repeats} each)"
        )


def _large(args) -> None:
    with tempfile.TemporaryDirectory(prefix="records-bench-big-") as folder:
        _run(WRITE, str(args.big_customers), str(args.big_tickets), folder)
        seconds, inner = _run(PREPARE, *_prepare_args(folder, args.memory_limit))
        print(
            f"{args.big_tickets:,} ticket rows for {args.big_customers:,} customers, "
            f"DuckDB memory limit {args.memory_limit}: {seconds:.1f} s "
            f"({args.big_tickets / seconds:,.0f} rows a second), peak memory "
            f"{inner['peak_mib']:,.0f} MiB"
        )


if __name__ == "__main__":
    main()
