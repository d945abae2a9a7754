"""The Portfolio page's own panels: a customer file's upload and validation report, and the
records import (a CRM export and logs, with the mapping to review), and the portfolio kept
as a month of a workspace."""

from ui.portfolio.period import draw_save_as_period
from ui.portfolio.records import draw_records_import
from ui.portfolio.refused import RECORDS_IMPORT
from ui.portfolio.upload import (
    ACCEPTED_FILES,
    UPLOAD_BUDGET,
    UPLOAD_TYPES,
    current_report,
    draw_upload_report,
    forget_upload,
    receive_upload,
    upload_widget_key,
)

__all__ = [
    "ACCEPTED_FILES",
    "RECORDS_IMPORT",
    "UPLOAD_BUDGET",
    "UPLOAD_TYPES",
    "current_report",
    "draw_records_import",
    "draw_save_as_period",
    "draw_upload_report",
    "forget_upload",
    "receive_upload",
    "upload_widget_key",
]
