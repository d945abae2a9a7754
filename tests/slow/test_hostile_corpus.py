"""Every file of the hostile corpus (tests/hostile.py) through the command line: no
traceback, the exit status it should have, and every row accounted for (rows read =
estimated + rejected + blank, in the summary line and in the files written)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.hostile import CASES, HostileCase

REPO = Path(__file__).resolve().parents[2]
SUMMARY = re.compile(
    r"Read ([\d,]+) rows: ([\d,]+) estimated, ([\d,]+) rejected(?:, ([\d,]+) blank skipped)?"
)


def _number(text: str | None) -> int:
    return int(text.replace(",", "")) if text else 0


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_hostile_file_through_the_command_line_exits_plainly_with_every_row_counted(
    case: HostileCase, tmp_path
):
    source = tmp_path / case.name
    source.write_bytes(case.build())
    output, errors = tmp_path / "estimates.csv", tmp_path / "rejected.csv"
    command = [sys.executable, "-m", "model.score", str(source), "-o", str(output)]
    ran = subprocess.run(
        [*command, "--errors", str(errors)], cwd=REPO, capture_output=True, text=True, timeout=600
    )

    assert "Traceback" not in ran.stderr + ran.stdout
    assert ran.returncode == case.exit_status, ran.stderr
    if case.message is not None:
        assert "Nothing was estimated" in ran.stderr and case.message in ran.stderr
        return
    read, estimated, rejected, blank = (_number(g) for g in SUMMARY.search(ran.stdout).groups())
    assert (estimated, rejected, blank) == (case.estimated, case.rejected, case.blank)
    assert read == estimated + rejected + blank == case.rows_read
    assert len(pd.read_csv(output, low_memory=False)) == estimated
    written = pd.read_csv(errors, low_memory=False) if rejected else pd.DataFrame()
    assert len(written) == rejected
