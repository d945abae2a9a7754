"""The board report built in a child process, so a visitor's download never holds the
dashboard's server (its interpreter lock, its memory) while other visitors move sliders.

`report_in_child` writes the customers (Arrow IPC) and the settings (JSON, the command
line's own keys) into a private temporary folder, runs `python -m
model.reporting.report_process FOLDER`, which builds `report_html` with the built-in model
exactly as the server would, and reads the page back. Nothing is pickled. A child that
outlives `seconds` is killed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from model.explain.call_list import CallRequest
from model.money.assumptions import assumptions_from_dict
from model.money.business_case import FixCost
from model.money.scenario import scenario_from_dict
from model.reporting.board_report import InputFile, ReportSettings, report_html

_REPO = Path(__file__).resolve().parents[2]
#: A report of 100,000 customers takes about 10 s on an idle machine; a loaded one, more.
REPORT_SECONDS = 600.0


class ReportFailed(RuntimeError):
    """The child did not build the report; its words are for the server's log."""


def _job(settings: ReportSettings, source: InputFile, generated_at: dt.datetime) -> dict:
    return {
        "assumptions": settings.assumptions.to_dict(),
        "scenario": settings.scenario.to_dict(),
        "fix_cost": None if settings.fix_cost is None else dataclasses.asdict(settings.fix_cost),
        "calls": None if settings.calls is None else dataclasses.asdict(settings.calls),
        "origin": settings.origin,
        "source": dataclasses.asdict(source),
        "generated_at": generated_at.isoformat(),
    }


def report_in_child(
    customers: pd.DataFrame,
    source: InputFile,
    settings: ReportSettings,
    generated_at: dt.datetime | None = None,
    seconds: float = REPORT_SECONDS,
) -> bytes:
    """`report_html(customers, source, default_model(), settings)` as UTF-8 bytes, built in
    a child process; ReportFailed when it fails or outlives `seconds`."""
    generated_at = generated_at or dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(prefix="churn-report-") as folder:
        folder = Path(folder)
        table = pa.Table.from_pandas(customers, preserve_index=False)
        arrow = str(folder / "customers.arrow")
        with pa.OSFile(arrow, "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        (folder / "job.json").write_text(json.dumps(_job(settings, source, generated_at)))
        command = [sys.executable, "-m", "model.reporting.report_process", str(folder)]
        try:
            ran = subprocess.run(
                command,
                cwd=_REPO,
                env={**os.environ, "PYTHONPATH": str(_REPO)},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=seconds,
            )
        except subprocess.TimeoutExpired:  # subprocess.run kills the child
            raise ReportFailed(f"the report took longer than {seconds:,.0f} s") from None
        page = folder / "report.html"
        if ran.returncode != 0 or not page.exists():
            raise ReportFailed(ran.stderr.decode(errors="replace")[-4000:])
        return page.read_bytes()


def main(argv: list[str] | None = None) -> int:
    """The child: build the report of FOLDER's customers and job into FOLDER/report.html."""
    from model.churn.loader import default_model

    folder = Path((argv or sys.argv[1:])[0])
    job = json.loads((folder / "job.json").read_text())
    with pa.OSFile(str(folder / "customers.arrow")) as source:
        customers = ipc.open_file(source).read_all().to_pandas()
    settings = ReportSettings(
        assumptions_from_dict(job["assumptions"]),
        scenario_from_dict(job["scenario"]),
        None if job["fix_cost"] is None else FixCost(**job["fix_cost"]),
        None if job["calls"] is None else CallRequest(**job["calls"]),
        job["origin"],
    )
    page = report_html(
        customers,
        InputFile(**job["source"]),
        default_model(),
        settings,
        generated_at=dt.datetime.fromisoformat(job["generated_at"]),
    )
    (folder / "report.html").write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
