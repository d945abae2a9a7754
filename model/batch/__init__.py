"""Files scored from the command line, in constant memory, on one machine or on Dask.

`single_engine` scores a file in this process (`score_file`, what `python -m model.score`
runs); `chunks` is the work done on every chunk by every engine; `dask_engine` runs it per
partition on a Dask cluster; `output_file` writes what the output's suffix says (.csv,
.parquet, or the dashboard's .xlsx workbook, which `workbook` writes as a model: money as
formulas over named assumptions); `scoring_report` counts what happened to the
rows; `progress` shows a long run's progress on a terminal.

Dask is an optional extra, so this face does not import `dask_engine` (nor the tasks
it sends, `dask_tasks`, and the model's plugin, `dask_model`): import
`model.batch.dask_engine` by name where the Dask engine is wanted (the command line does,
only for `--engine dask`).
"""

from model.batch.chunks import check_model_columns, model_columns
from model.batch.output_file import check_output_name, is_workbook
from model.batch.progress import Progress
from model.batch.single_engine import EstimatedChunks, estimated_chunks, score_file
from model.batch.workbook import (
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
    "EstimatedChunks",
    "Progress",
    "RangeRow",
    "WorkbookContents",
    "check_model_columns",
    "check_output_name",
    "estimated_chunks",
    "estimates_workbook",
    "is_workbook",
    "model_columns",
    "score_file",
    "segment_sheets",
]
