"""A customer file read and validated in a child process, within a budget of time, memory
and rows, and stopped when nobody waits for it any more.

The upload page serves many visitors from one server process. Reading a hostile file
there (a workbook that takes minutes to parse, a Parquet file of 280 KB holding 10 million
rows) would hold the server's memory and its interpreter lock, so every other visitor
would wait. So the page reads each upload here:

- the child is a fresh `python -m data.bounded_read` (no fork of the threaded server),
  given the file's path, the sheet, the row limit and a memory limit it sets on itself
  (RLIMIT_AS) before reading anything;
- it calls `data.customers.read_customer_file`, the command line's own read-and-validate
  path, and writes what it found as Arrow IPC files and one JSON file into the upload's
  private folder; the parent reads those back with pyarrow. Nothing is pickled either way;
- the parent waits at most `ReadBudget.seconds`, asking `still_wanted` about ten times a
  second; when the budget is spent, or the visitor has gone, the child is killed and its
  memory goes with it.

Plain functions, no Streamlit: ui/portfolio/upload.py passes a `still_wanted` that asks whether the
visitor's session is still open.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from data.validation import ContractError, ValidationResult, no_problems

_REPO = Path(__file__).resolve().parents[1]
_RESULT = "result.json"
_FRAMES = ("valid", "rejected", "problems")
#: How often the parent looks at the child and asks whether the read is still wanted.
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class ReadBudget:
    """What one upload may cost the server before it is stopped.

    The defaults hold the page's largest files with room to spare: a 50 MB CSV of 1.35
    million rows reads and validates in about 2 s and 1 GB; a workbook of 100,000 rows
    in about 1 s.
    """

    seconds: float = 60.0
    memory_bytes: int = 4 << 30
    #: Data rows (counted from the data: Parquet's metadata, a workbook's real rows).
    max_rows: int | None = 1_500_000


@dataclass
class BoundedRead:
    """What the child found: the validated rows, and for a workbook its sheets."""

    result: ValidationResult
    #: The workbook's sheet names ((): CSV or Parquet) and the one read.
    sheets: tuple[str, ...] = ()
    sheet: str | None = None


class RefusedFile(ContractError):
    """The reader refused the file (its own words); for a workbook, with its sheets, so
    another can be chosen."""

    def __init__(self, message: str, sheets: tuple[str, ...] = (), sheet: str | None = None):
        super().__init__(message)
        self.sheets, self.sheet = sheets, sheet


class ReadStopped(ContractError):
    """The read outlived its budget or its visitor and was stopped."""


class ReadFailed(RuntimeError):
    """The child failed in a way the reader does not foresee: `details` holds its words
    and traceback, for the server's log, not for the visitor."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


@dataclass
class _Outcome:
    error: str | None = None
    #: Why the read was stopped (its memory budget), when it was.
    stopped: str | None = None
    unexpected: str | None = None
    blank: int = 0
    sheets: list[str] = field(default_factory=list)
    sheet: str | None = None


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    frame = frame.copy()
    for name in frame.columns:
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("string")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_frame(path: Path) -> pd.DataFrame:
    with pa.OSFile(str(path)) as source:
        return ipc.open_file(source).read_all().to_pandas()


def _child(
    path: Path,
    out: Path,
    sheet: str | None,
    max_rows: int | None,
    outcome: _Outcome,
    row_ids: bool = False,
) -> None:
    from data.customers import read_customer_file
    from data.excel_read import Workbook, is_workbook

    if is_workbook(path):
        with Workbook(path, max_rows=max_rows) as workbook:
            outcome.sheets = workbook.sheet_names
            outcome.sheet = sheet if sheet is not None else workbook.holding_customers()
            result = read_customer_file(
                path, outcome.sheet, max_rows=max_rows, workbook=workbook, row_ids=row_ids
            )
    else:
        result = read_customer_file(path, max_rows=max_rows, row_ids=row_ids)
    outcome.blank = result.blank
    for name in _FRAMES:
        _write_frame(getattr(result, name), out / f"{name}.arrow")


def _limit_memory(memory_bytes: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


#: How libraries say they were refused memory (a library loaded late cannot be mapped).
_OUT_OF_MEMORY = ("failed to map segment", "Cannot allocate memory", "bad_alloc", "out of memory")


def main(argv: list[str] | None = None) -> int:
    """The child: read one file into the output folder; exit 0 with result.json written."""
    parser = argparse.ArgumentParser(prog="python -m data.bounded_read")
    parser.add_argument("path", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sheet")
    parser.add_argument("--max-rows", type=int)
    parser.add_argument("--memory-bytes", type=int)
    parser.add_argument("--row-ids", action="store_true")
    args = parser.parse_args(argv)
    if args.memory_bytes:
        _limit_memory(args.memory_bytes)
    outcome = _Outcome()
    try:
        _child(args.path, args.out, args.sheet, args.max_rows, outcome, args.row_ids)
    except ContractError as error:
        outcome.error = str(error)
    except MemoryError:
        outcome.stopped = memory_message(args.path.name, args.memory_bytes)
    except Exception as error:  # reported to the parent, traceback on standard error
        traceback.print_exc()
        if any(sign in str(error) for sign in _OUT_OF_MEMORY):
            outcome.stopped = memory_message(args.path.name, args.memory_bytes)
        else:
            outcome.unexpected = f"{error} ({type(error).__name__})"
    (args.out / _RESULT).write_text(json.dumps(outcome.__dict__))
    return 0


def memory_message(file_name: str, memory_bytes: int | None) -> str:
    limit = f"the {memory_bytes / (1 << 30):,.1f} GB" if memory_bytes else "the memory"
    return (
        f"Reading {file_name} needed more than {limit} an upload may use on this page, so "
        "it was stopped. Score it with the command line, which reads CSV and Parquet in "
        "constant memory (the Methodology page says how)."
    )


def read_bounded(
    path: str | Path,
    sheet: str | None = None,
    budget: ReadBudget = ReadBudget(),
    still_wanted: Callable[[], bool] = lambda: True,
    row_ids: bool = False,
) -> BoundedRead:
    """`read_customer_file` of `path` in a child process, within `budget` (`row_ids`: row
    numbers as the customer ids of a file without them).

    For a workbook, `sheet` None reads the sheet holding the customers. Raises
    RefusedFile (the reader's own refusals, with the same words), ReadStopped when the
    budget is spent or `still_wanted()` turns False, ReadFailed when the child broke.
    The results are written beside `path`, in its folder, which must be private.
    """
    path = Path(path)
    out = path.parent / f"{path.name}.read"
    out.mkdir()
    command = [sys.executable, "-m", "data.bounded_read", str(path), str(out)]
    if sheet is not None:
        command += ["--sheet", sheet]
    if budget.max_rows is not None:
        command += ["--max-rows", str(budget.max_rows)]
    command += ["--memory-bytes", str(budget.memory_bytes)]
    if row_ids:
        command.append("--row-ids")
    environment = {**os.environ, "PYTHONPATH": str(_REPO)}
    child = subprocess.Popen(
        command,
        cwd=_REPO,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait(child, path.name, budget, still_wanted)
    finally:
        if child.poll() is None:
            child.kill()
        _, stderr = child.communicate()
    return _collect(child.returncode, out, path.name, budget, stderr.decode(errors="replace"))


def _wait(child, file_name: str, budget: ReadBudget, still_wanted) -> None:
    deadline = time.monotonic() + budget.seconds
    while child.poll() is None:
        if time.monotonic() > deadline:
            raise ReadStopped(
                f"Reading {file_name} took longer than {budget.seconds:,.0f} s, so it was "
                "stopped. Save it as CSV (read fastest), or score it with the command line, "
                "which has no time limit: python -m model.score FILE -o estimates.csv"
            )
        if not still_wanted():
            raise ReadStopped(f"Reading {file_name} was stopped: its visitor left the page.")
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(POLL_SECONDS)


def _collect(code: int, out: Path, file_name: str, budget: ReadBudget, stderr: str) -> BoundedRead:
    result_file = out / _RESULT
    if not result_file.exists():
        if code < 0 or "memory allocation" in stderr or "MemoryError" in stderr:
            # killed by the memory limit: a native library aborted when it was refused memory
            raise ReadStopped(memory_message(file_name, budget.memory_bytes))
        raise ReadFailed(f"the reader stopped with exit status {code}", stderr[-4000:])
    outcome = _Outcome(**json.loads(result_file.read_text()))
    if outcome.stopped is not None:
        raise ReadStopped(outcome.stopped)
    if outcome.error is not None:
        raise RefusedFile(outcome.error, tuple(outcome.sheets), outcome.sheet)
    if outcome.unexpected is not None:
        raise ReadFailed(outcome.unexpected, stderr[-4000:])
    frames = {name: _read_frame(out / f"{name}.arrow") for name in _FRAMES}
    if frames["problems"].empty:
        frames["problems"] = no_problems()
    result = ValidationResult(**frames, blank=outcome.blank)
    return BoundedRead(result, tuple(outcome.sheets), outcome.sheet)


if __name__ == "__main__":
    raise SystemExit(main())
