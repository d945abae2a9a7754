"""Panels more than one page draws: headline metrics, tables, ranges, downloads (files, the
board report), prose from docs/, the warning when the model misses a file's churn, and the
notice of an upload a new session does not hold."""

from ui.shared.downloads import draw_downloads, file_button
from ui.shared.metrics import draw_comparison, draw_headline
from ui.shared.misfit import draw_misfit_warning
from ui.shared.prose import prose
from ui.shared.ranges import draw_range
from ui.shared.report_download import current_call_request, draw_report_download
from ui.shared.tables import (
    column_config,
    draw_comparison_table,
    draw_fix_savings,
    money_column,
)
from ui.shared.upload_not_here import draw_upload_not_here

__all__ = [
    "column_config",
    "current_call_request",
    "draw_comparison",
    "draw_comparison_table",
    "draw_downloads",
    "draw_fix_savings",
    "draw_headline",
    "draw_misfit_warning",
    "draw_range",
    "draw_report_download",
    "draw_upload_not_here",
    "file_button",
    "money_column",
    "prose",
]
