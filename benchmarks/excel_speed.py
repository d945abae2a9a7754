"""Print how long Excel takes against CSV: reading a customer file, writing the estimates.

    python benchmarks/excel_speed.py [--sizes 10000 100000]

For each size: synthetic customers written once as CSV and as .xlsx (XlsxWriter), then
timed in this process: reading and validating each (`data.customers.read_customer_file`),
and writing the estimate of the same rows as the dashboard's .xlsx download
(`data.excel_write.estimates_xlsx_bytes`) and as its CSV (`data.export.safe_csv_bytes`).
Ratios are of two timings taken in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.customers import read_customer_file  # noqa: E402
from data.excel_write import estimates_xlsx_bytes, frame_to_xlsx_bytes  # noqa: E402
from data.export import safe_csv_bytes  # noqa: E402
from model.cases.synthetic_portfolios import synthetic_portfolio  # noqa: E402
from model.churn.loader import default_model  # noqa: E402
from model.explain.portfolio import download_frame  # noqa: E402
from model.money.assumptions import Assumptions  # noqa: E402
from model.money.estimate import estimate  # noqa: E402


def seconds(work, *args):
    """Wall seconds of work(*args), and what it returned."""
    started = time.perf_counter()
    result = work(*args)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    sizes = parser.parse_args().sizes
    model = default_model()
    print(
        f"{'customers':>10} {'read csv':>9} {'read xlsx':>10} {'ratio':>6} "
        f"{'write csv':>10} {'write xlsx':>11} {'ratio':>6} {'xlsx MB':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            customers = synthetic_portfolio(size, seed=7)
            csv_path, xlsx_path = Path(folder) / "c.csv", Path(folder) / "c.xlsx"
            customers.to_csv(csv_path, index=False)
            xlsx_path.write_bytes(frame_to_xlsx_bytes({"customers": customers}))
            read_csv, _ = seconds(read_customer_file, csv_path)
            read_xlsx, _ = seconds(read_customer_file, xlsx_path)
            frame = download_frame(estimate(customers, model, Assumptions()))
            write_csv, _ = seconds(safe_csv_bytes, frame)
            write_xlsx, data = seconds(estimates_xlsx_bytes, frame)
            print(
                f"{size:>10,} {read_csv:>8.2f}s {read_xlsx:>9.2f}s {read_xlsx / read_csv:>5.0f}x "
                f"{write_csv:>9.2f}s {write_xlsx:>10.2f}s {write_xlsx / write_csv:>5.0f}x "
                f"{len(data) / 1e6:>8.1f}"
            )


if __name__ == "__main__":
    main()
