"""The estimate as a workbook that is a model (model.batch.workbook writes it): the
customers' money as formulas over a sheet of named assumptions, the scenario and the
business case as formulas, one sheet per segmentation.

One writer for the dashboard and the command line: it lives with the command line's
outputs (model.batch), the layer both can import, and is offered here with the board's
other takeaways.
"""

from __future__ import annotations

from model.batch import (
    FORMULA_ROWS_MAX,
    BusinessCaseInputs,
    RangeRow,
    WorkbookContents,
    estimates_workbook,
    segment_sheets,
)
from model.explain import FIGURE_LABELS, CaseRange

__all__ = [
    "FORMULA_ROWS_MAX",
    "BusinessCaseInputs",
    "RangeRow",
    "WorkbookContents",
    "case_range_rows",
    "estimates_workbook",
    "segment_sheets",
]


def case_range_rows(case_range: CaseRange) -> tuple[RangeRow, ...]:
    """The business case's range (all three sources together) as the workbook lists it: the
    NPV and one year's saving in dollars, the payback month as a month or "not within"."""
    rows = []
    for figure, label in FIGURE_LABELS.items():
        band = case_range.combined(figure)
        never = f"not within {case_range.horizon_years} years"
        cells = [never if value is None else value for value in (band.p10, band.p50, band.p90)]
        rows.append(RangeRow(label, *cells))
    return tuple(rows)
