"""Print what the hostile files cost: the workbook readers side by side, and the bounds.

    python benchmarks/hostile_bounds.py [--rows 300000]

1. The workbook reader (docs/adr/0016): one sheet of `--rows` customers without a
   <dimension> (about 64 MB of sheet XML at 300,000 rows), read to the last row by
   python-calamine (the reader in use) and by openpyxl in read-only mode (the one before),
   each in a fresh process: wall time and peak resident memory, and their ratios.
2. The bounds, through the upload page's reader (data/bounded_read.py, a child process):
   the 280 KB Parquet file of 10 million rows and the workbook of thirty sheets pointing at
   one part are refused before their rows are read; the time to the refusal and the
   child's peak memory, beside reading an ordinary 100,000-customer CSV.

Each figure is the best of `--repeats` runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from data.bounded_read import read_bounded
from data.export import safe_csv_bytes
from data.synthetic import generate
from tests.hostile import customer_rows, sheet_xml, ten_million_rows_parquet, thirty_sheets_one_part
from tests.hostile import workbook as make_workbook

REPO = Path(__file__).resolve().parents[1]

_READ = {
    "python-calamine": (
        "import python_calamine, sys\n"
        "book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])\n"
        "rows = sum(1 for _ in book.get_sheet_by_index(0).iter_rows())\n"
    ),
    "openpyxl (read-only)": (
        "import openpyxl, sys\n"
        "book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
        "sheet = book.worksheets[0]\n"
        "sheet.reset_dimensions()  # else it stops where <dimension> says\n"
        "rows = sum(1 for _ in sheet.iter_rows(values_only=True))\n"
    ),
}
#: Peak memory from VmHWM, which a new program starts afresh (getrusage's ru_maxrss keeps
#: the parent's across fork and exec, so it would report this script's own).
_MEASURED = (
    "import re, time\nstarted = time.perf_counter()\n{read}"
    "seconds = time.perf_counter() - started\n"
    "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
    "print(rows, seconds, peak * 1024)\n"
)


def read_in_fresh_process(reader: str, path: Path) -> tuple[int, float, int]:
    code = _MEASURED.format(read=_READ[reader])
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1]), int(out[2])


def best(runs: list[tuple]) -> tuple:
    return min(runs, key=lambda run: run[1])


def bounded(path: Path) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        read = read_bounded(path)
        outcome = f"read: {len(read.result.valid):,} estimated"
    except Exception as error:  # the refusal is the figure
        outcome = f"refused: {str(error)[:70]}…"
    return time.perf_counter() - started, outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        sheet = sheet_xml(customer_rows(args.rows))
        book = folder / "customers.xlsx"
        book.write_bytes(make_workbook([("Customers", sheet)]))
        print(
            f"1. one sheet of {args.rows:,} customers, no <dimension>: "
            f"{len(sheet) / 1e6:,.0f} MB of XML in a {book.stat().st_size / 1e6:,.1f} MB file"
        )
        figures = {}
        for reader in _READ:
            rows, seconds, peak = best(
                [read_in_fresh_process(reader, book) for _ in range(args.repeats)]
            )
            figures[reader] = (seconds, peak)
            print(f"   {reader:<22} {rows:,} rows in {seconds:6.2f} s, peak {peak >> 20:,} MiB")
        (fast, fast_peak), (slow, slow_peak) = figures.values()
        print(
            f"   openpyxl / calamine: {slow / fast:.1f}x the time, "
            f"{slow_peak / fast_peak:.2f}x the memory"
        )

        print("2. through the upload page's reader (a child process, budget 60 s, 4 GB)")
        cases = {
            "ten-million-rows.parquet": ten_million_rows_parquet(),
            "thirty-sheets-one-part.xlsx": thirty_sheets_one_part(20_000),
            "customers-100k.csv": safe_csv_bytes(
                generate(100_000, seed=3).drop(columns=["true_churn_probability", "churned"])
            ),
        }
        for name, content in cases.items():
            runs = []
            for attempt in range(args.repeats):
                private = folder / f"run-{name}-{attempt}"
                private.mkdir()
                (private / name).write_bytes(content)
                runs.append(bounded(private / name))
            seconds, outcome = min(runs)
            print(f"   {name:<28} {len(content) / 1e6:7.2f} MB: {seconds:5.2f} s, {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
