"""The estimate as a spreadsheet: the customers, then the total by every segmentation.

One workbook a finance analyst can open and pivot: the "estimates" sheet holds the
download's columns (input columns, then the output columns of docs/data-contract.md),
money formatted as
money; one sheet per segmentation (tenure, monthly revenue, each text column of the
file) holds the segment table, whose rows add up to the total.
"""

from __future__ import annotations

import pandas as pd

from data.excel_write import estimates_xlsx_bytes
from model.explain import download_frame, segment_table, segmentation_choices


def segment_sheets(estimates: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One segment table per segmentation on offer, named "by <segmentation>"."""
    return {f"by {by}": segment_table(estimates, by) for by in segmentation_choices(estimates)}


def estimates_workbook(estimates: pd.DataFrame) -> bytes:
    """The .xlsx download of an estimate: estimates first, then the segment sheets."""
    return estimates_xlsx_bytes(download_frame(estimates), segment_sheets(estimates))
