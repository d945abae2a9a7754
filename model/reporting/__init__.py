"""What a user takes to the board: the HTML report and the Excel workbook.

`board_report` is `python -m model.report` (settings, the estimate behind it, the page);
`report_html` lays the page out with `report_style.css`; `workbook` writes the estimate
as a spreadsheet that is a model (formulas over named assumptions, the scenario and the
business case), with one sheet per segmentation.
"""

from model.reporting.board_report import InputFile, ReportSettings, report_html
from model.reporting.report_command import sha256_of_bytes
from model.reporting.report_process import ReportFailed, report_in_child
from model.reporting.workbook import (
    BusinessCaseInputs,
    RangeRow,
    WorkbookContents,
    case_range_rows,
    estimates_workbook,
)

__all__ = [
    "BusinessCaseInputs",
    "InputFile",
    "RangeRow",
    "ReportFailed",
    "ReportSettings",
    "WorkbookContents",
    "case_range_rows",
    "estimates_workbook",
    "report_html",
    "report_in_child",
    "sha256_of_bytes",
]
