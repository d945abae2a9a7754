"""What a user takes to the board: the HTML report and the Excel workbook.

`board_report` says what the report holds (settings, the estimate behind it, the page),
`report_case` its what-if and business case; `report_page` lays the page out with
`report_style.css`; `report_file` reads one customer file and writes its report (what
`python -m model.report` runs); `report_process` builds the dashboard's report in a child
process; `workbook` writes the estimate as a spreadsheet that is a model (formulas over
named assumptions, the scenario and the business case), with one sheet per segmentation.
"""

from model.reporting.board_report import InputFile, ReportSettings, report_html
from model.reporting.report_calls import CALL_LIST_TITLES, call_list_table
from model.reporting.report_file import sha256_of_bytes, sha256_of_file, write_report
from model.reporting.report_page import ReportPage
from model.reporting.report_process import ReportFailed, report_in_child
from model.reporting.workbook import (
    BusinessCaseInputs,
    RangeRow,
    WorkbookContents,
    case_range_rows,
    estimates_workbook,
)

__all__ = [
    "CALL_LIST_TITLES",
    "BusinessCaseInputs",
    "InputFile",
    "RangeRow",
    "ReportFailed",
    "ReportPage",
    "ReportSettings",
    "WorkbookContents",
    "call_list_table",
    "case_range_rows",
    "estimates_workbook",
    "report_html",
    "report_in_child",
    "sha256_of_bytes",
    "sha256_of_file",
    "write_report",
]
