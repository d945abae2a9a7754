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

__all__ = [
    "FORMULA_ROWS_MAX",
    "BusinessCaseInputs",
    "RangeRow",
    "WorkbookContents",
    "estimates_workbook",
    "segment_sheets",
]
