"""Print the peak memory of `python -m model.prepare` on a large ticket log under
`--memory-limit`: the limit bounds the whole process, plus a constant (issue 33).

    python benchmarks/records_memory.py [--log-mb 800] [--memory-limit 500MB]
                                        [--customers 500000]

Writes (in a child process, so this one stays small) a customer file and a ticket log of
about `--log-mb` MB in records_speed.py's layout; one ticket in the middle of the log has a
subject with an inch mark (`5" screen`), so the log's quotes do not pair up and the
unclosed-quote check streams the whole file line by line, as a careless export makes it
do. Then, each in a fresh child, measured by os.wait4 (peak resident set):

1. the floor: a process that imports model.prepare and stops (Python, pandas, pyarrow and
   DuckDB loaded): the constant every run pays;
2. `python -m model.prepare --customers crm.csv --tickets tickets.csv -o out.csv
   --report unused.csv --memory-limit M`.

It prints the log's size and rows, the run's seconds, its peak, the floor, and the peak
against the limit: peak <= limit + constant, with the constant stated (CONSTANT_MIB).
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
#: The constant the peak may exceed the limit by: the floor (about 160 MiB of libraries)
#: and what lives outside DuckDB's limit (Arrow's reading buffers and memory pool, DuckDB's
#: per-thread state): measured 2026-12-07 on 2 shared cores with 500,000 customers and a
#: 500MB limit, 457 MiB over it for a 236 MB log and 536 MiB for an 804 MB one.
CONSTANT_MIB = 600

WRITE = """
import sys
import numpy as np, pyarrow as pa, pyarrow.csv as pa_csv
customers, megabytes, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(1)
ids = np.char.add("C", np.arange(customers).astype(str))
pa_csv.write_csv(pa.table({
    "customer_id": ids,
    "monthly_revenue": np.round(rng.lognormal(4, 0.4, customers), 2),
    "tenure_months": rng.integers(0, 240, customers),
}), f"{folder}/crm.csv")
start = np.datetime64("2025-01-01T00:00:00")
chunk, first, path = 500_000, 0, f"{folder}/tickets.csv"
names = ["ticket_id", "customer_id", "created_at", "closed_at", "reopens", "escalated",
         "handle_minutes", "agent", "category", "subject"]
with open(path, "w") as out:
    out.write(",".join(names) + "\\n")
    while out.tell() < megabytes * 1_000_000:
        n = chunk
        opened = start + rng.integers(0, 365 * 86400, n).astype("timedelta64[s]")
        closed = opened + rng.integers(600, 10 * 86400, n).astype("timedelta64[s]")
        text = lambda t: np.datetime_as_string(t, unit="s")
        subject = rng.choice(["No dial tone", "Slow line", "Bill too high", "Moving house"], n)
        if first <= megabytes * 1_000_000 // 300 < first + n:
            subject[0] = "5in screen broken"  # an inch mark, below: no writer quotes it
        table = pa.table({
            "ticket_id": np.char.add("T", (first + np.arange(n)).astype(str)),
            "customer_id": np.char.add("C", rng.integers(0, customers, n).astype(str)),
            "created_at": text(opened), "closed_at": text(closed),
            "reopens": rng.poisson(0.2, n),
            "escalated": np.where(rng.random(n) < 0.07, "yes", "no"),
            "handle_minutes": rng.integers(2, 60, n),
            "agent": np.char.add("agent-", rng.integers(0, 500, n).astype(str)),
            "category": rng.choice(["Connection", "Speed", "Billing", "Other"], n),
            "subject": subject,
        })
        sink = pa.BufferOutputStream()
        options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
        pa_csv.write_csv(table, sink, options)
        out.write(sink.getvalue().to_pybytes().decode().replace("5in screen", '5" screen'))
        first += n
print(first)
"""

FLOOR = "import model.prepare"


def _child(*args: str) -> tuple[float, float, str]:
    """Run a child Python; its seconds, peak resident MiB (os.wait4) and output."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out = process.stdout.read().decode() if process.stdout else ""
    err = process.stderr.read().decode() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"the child failed ({code}):\n{err[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log-mb", type=int, default=800)
    parser.add_argument("--memory-limit", default="500MB")
    parser.add_argument("--customers", type=int, default=500_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from data.records.prepare import memory_bytes

    limit_mib = memory_bytes(args.memory_limit) / 2**20
    with tempfile.TemporaryDirectory(prefix="records-memory-") as folder:
        _, _, rows = _child("-c", WRITE, str(args.customers), str(args.log_mb), folder)
        size = Path(folder, "tickets.csv").stat().st_size
        _, floor, _ = _child("-c", FLOOR)
        command = [
            "-m", "model.prepare", "--customers", f"{folder}/crm.csv", "--tickets",
            f"{folder}/tickets.csv", "-o", f"{folder}/out.csv", "--report",
            f"{folder}/unused.csv", "--memory-limit", args.memory_limit,
        ]  # fmt: skip
        seconds, peak, printed = _child(*command)
    print(printed.strip())
    print(
        f"Ticket log {size / 1e6:,.0f} MB ({int(rows):,} rows), --memory-limit "
        f"{args.memory_limit} ({limit_mib:,.0f} MiB): prepared in {seconds:,.0f} s, peak "
        f"resident memory {peak:,.0f} MiB; the floor (libraries loaded) {floor:,.0f} MiB; "
        f"peak - limit = {peak - limit_mib:,.0f} MiB against the stated constant "
        f"{CONSTANT_MIB} MiB: {'within' if peak <= limit_mib + CONSTANT_MIB else 'OVER'}."
    )


if __name__ == "__main__":
    main()
