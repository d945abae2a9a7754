"""Excel workbooks out: the estimate as an .xlsx download, values only.

`estimates_xlsx_bytes` writes with XlsxWriter, every text cell with
`write_string` (and the workbook option that turns off formula detection), so a customer
id or a note beginning with "=" stays text: no cell of the download is a formula. Money
columns get a currency number format, probabilities a percentage format.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass

import pandas as pd

#: Number formats of the download, by kind of column.
MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0.00%"


@dataclass(frozen=True)
class ColumnFormats:
    """Which columns of a frame are money and which are probabilities (shares of 1)."""

    money: tuple[str, ...] = ()
    shares: tuple[str, ...] = ()


def frame_to_xlsx_bytes(
    sheets: dict[str, pd.DataFrame], formats: ColumnFormats = ColumnFormats()
) -> bytes:
    """Frames as one workbook (one sheet each), values only: no cell is ever a formula.

    Text cells are written with `write_string`, so "=1+1" stays the text "=1+1"; numbers
    as numbers (money and share columns formatted as such); missing values as empty cells.
    """
    import xlsxwriter  # imported here: only downloads pay for it

    buffer = io.BytesIO()
    options = dict(SAFE_WORKBOOK_OPTIONS)
    with xlsxwriter.Workbook(buffer, options) as workbook:
        money = workbook.add_format({"num_format": MONEY_FORMAT})
        share = workbook.add_format({"num_format": SHARE_FORMAT})
        bold = workbook.add_format({"bold": True})
        for sheet_name, frame in sheets.items():
            worksheet = workbook.add_worksheet(sheet_name[:31])
            _write_sheet(worksheet, frame, formats, money, share, bold)
    return buffer.getvalue()


def _write_sheet(worksheet, frame, formats, money, share, bold) -> None:
    for column, name in enumerate(frame.columns):
        worksheet.write_string(0, column, str(name), bold)
        style = money if name in formats.money else share if name in formats.shares else None
        width = 16 if style is not None else max(10, min(40, len(str(name)) + 2))
        worksheet.set_column(column, column, width, style)
        values = frame[name]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        for row, value in enumerate(values.tolist(), start=1):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if value is pd.NA:
                continue
            if numeric:
                worksheet.write_number(row, column, float(value), style)
            elif isinstance(value, bool):
                worksheet.write_boolean(row, column, value)
            else:
                worksheet.write_string(row, column, str(value))
    worksheet.freeze_panes(1, 1)


#: XlsxWriter's options for every workbook we write: user text stays text (never a formula,
#: a link or a number), so our own formulas are the only formulas in the file.
SAFE_WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
}


#: Money columns of the estimate (currency) and its probabilities (shares of 1).
ESTIMATE_FORMATS = ColumnFormats(
    money=(
        "monthly_revenue",
        "clv",
        "expected_lost_clv",
        "expected_departure_cost",
        "word_of_mouth_loss",
        "staff_turnover_cost",
        "service_cost",
        "total_expected_cost",
        "cost_per_customer",
    ),
    shares=(
        "churn_probability",
        "baseline_churn_probability",
        "attributable_churn_probability",
        "share_of_total",
    ),
)
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unused sheet name: Excel's forbidden characters replaced, 31 characters
    at most, and a number added when the name is taken (names compare case-blind)."""
    base = _SHEET_NAME_FORBIDDEN.sub("_", wanted).strip("'") or "sheet"
    name, number = base[:31], 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    return name


def estimates_xlsx_bytes(
    estimates: pd.DataFrame, extra_sheets: dict[str, pd.DataFrame] | None = None
) -> bytes:
    """The estimate as an .xlsx download: one "estimates" sheet, money as money, then any
    extra sheets (segments, assumptions) with the same formats where their columns match."""
    sheets = {"estimates": estimates}
    for wanted, frame in (extra_sheets or {}).items():
        sheets[sheet_name(wanted, set(sheets))] = frame
    return frame_to_xlsx_bytes(sheets, ESTIMATE_FORMATS)
