"""The estimate as a spreadsheet: the customers, then the total by every segmentation.

One workbook a finance analyst can open and pivot: the "estimates" sheet holds the
download's columns (input columns, then the output columns of docs/data-contract.md),
money formatted as
money; one sheet per segmentation (tenure, monthly revenue, each text column of the
file) holds the segment table, whose rows add up to the total.
"""

from __future__ import annotations

# One workbook for the dashboard and the command line: it lives with the command line's
# outputs (model.batch.output_file), the layer both can import.
from model.batch import estimates_workbook, segment_sheets

__all__ = ["estimates_workbook", "segment_sheets"]
