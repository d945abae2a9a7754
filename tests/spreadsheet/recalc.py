"""LibreOffice, headless, recalculating workbooks as a finance team's spreadsheet would.

A profile of its own (`-env:UserInstallation`) whose settings say "always recalculate an
Excel file on load" (`OOXMLRecalcMode` 0): without it LibreOffice may show the cached
values the writer stored, and a test would compare the writer with itself. Every workbook
of a test run is converted in one call (a start of LibreOffice costs seconds).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(workbooks: list[Path], folder: Path) -> dict[Path, Path]:
    """Each workbook opened, recalculated and saved again as .xlsx by LibreOffice; returns
    where each recalculated copy is."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_SETTINGS)
    out = folder / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, workbooks),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {path: out / path.name for path in workbooks}


def sheet_frame(path: Path, sheet: str) -> pd.DataFrame:
    """A sheet's values (as recalculated), header in its first row."""
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    return pd.DataFrame(rows[1:], columns=rows[0])


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    return rows


def with_cell(source: Path, target: Path, sheet_number: int, cell: str, value: float) -> None:
    """A copy of the workbook with one number cell of sheet `sheet_number` (1 = the first)
    set to `value`, as a user typing it would (the cached results left stale)."""
    member = f"xl/worksheets/sheet{sheet_number}.xml"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == member:
                text = data.decode()
                pattern = rf'(<c r="{cell}"[^>]*>)<v>[^<]*</v>'
                text, count = re.subn(pattern, rf"\g<1><v>{value!r}</v>", text)
                assert count == 1, f"{cell} not found as a number in {member}"
                data = text.encode()
            zout.writestr(item, data)
