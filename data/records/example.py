"""Example records to try the import on: the synthetic generator's customers as files."""

from __future__ import annotations

from pathlib import Path

from data.export import safe_csv_bytes
from data.synthetic import generate_records

EXAMPLE_FILES = {
    "customers": "customers.csv",
    "tickets": "tickets.csv",
    "outages": "outages.csv",
    "orders": "orders.csv",
}


def write_example(folder: str | Path, n_customers: int = 1_000, seed: int = 7) -> dict[str, Path]:
    """Write a customer file and three logs (and `expected.csv`, what preparing them gives)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = generate_records(n_customers, seed)
    written = {}
    for section, name in EXAMPLE_FILES.items():
        written[section] = folder / name
        written[section].write_bytes(safe_csv_bytes(records[section]))
    (folder / "expected.csv").write_bytes(safe_csv_bytes(records["table"]))
    return written
