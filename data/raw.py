"""What every reader of customer files hands on: raw text chunks, and the refusal of a file.

Kept apart from the CSV and Parquet reader (data/io.py) and the workbook reader
(data/excel_read.py) so that each can use them without importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from data.validation import ContractError

#: Rows per chunk handed to validation (CSV read row by row, Parquet, workbooks).
CHUNK_ROWS = 200_000


class UnreadableFile(ContractError):
    """The file cannot be read as a customer list at all (missing, empty, not a table)."""


class TooManyRows(UnreadableFile):
    """A file holding more rows than the reader was asked to accept (the page's limit),
    found before its rows are materialised."""

    def __init__(self, rows: int, limit: int, holder: str, counted_all: bool = True):
        self.rows, self.limit = rows, limit
        at_least = "" if counted_all else "at least "
        super().__init__(
            f"{holder} {at_least}{rows:,} rows; this page reads at most {limit:,}. Score it "
            "with the command line, which reads any size in constant memory (the Methodology "
            "page says how)."
        )


@dataclass
class RawChunk:
    """Consecutive data rows of a file, every cell as text.

    `cells` is a DataFrame, or the Arrow table the fast readers made (CSV, Parquet): that
    one is validated on its Arrow columns when every row is clean
    (data.clean_chunks) and becomes a DataFrame only when something asks for `rows`.
    """

    cells: pd.DataFrame | pa.Table
    first_row_number: int
    #: Rows whose field count differs from the header: (row number, the fields read).
    malformed: list[tuple[int, list[str]]] = field(default_factory=list)
    #: Each row's number, when they are not consecutive (malformed rows in between).
    row_numbers: np.ndarray | None = None
    #: Whether numbers in this file are written with a decimal comma (12,5).
    decimal_comma: bool = False
    #: Why a malformed row is refused when it is not its field count: row number ->
    #: (column, rule), e.g. a row holding bytes that are not text in the file's encoding.
    reasons: dict[int, tuple[str, str]] = field(default_factory=dict)

    @property
    def rows(self) -> pd.DataFrame:
        """The cells as a DataFrame (made once from the Arrow table, when there is one)."""
        if isinstance(self.cells, pa.Table):
            self.cells = self.cells.to_pandas()
        return self.cells

    @property
    def table(self) -> pa.Table | None:
        """The cells as the reader's Arrow table, or None once they are a DataFrame."""
        return self.cells if isinstance(self.cells, pa.Table) else None

    @property
    def columns(self) -> list[str]:
        """The file's header, without turning Arrow cells into a DataFrame."""
        return list(
            self.cells.column_names if isinstance(self.cells, pa.Table) else self.cells.columns
        )

    @property
    def well_formed(self) -> int:
        """How many rows `cells` holds (the malformed rows are apart)."""
        return self.cells.num_rows if isinstance(self.cells, pa.Table) else len(self.cells)

    @property
    def rows_read(self) -> int:
        return self.well_formed + len(self.malformed)
