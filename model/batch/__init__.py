"""Files scored from the command line, in constant memory, on one machine or on Dask.

`command` is `python -m model.score`; `chunks` is the work done on every chunk by every
engine; `dask_engine` runs it per partition on a Dask cluster; `scoring_report` counts
what happened to the rows; `progress` shows a long run's progress on a terminal.
"""

from model.batch.command import score_file
from model.batch.dask_engine import ModelOnWorkers, ModelRefused, output_parts, score_dataset
from model.batch.progress import Progress

__all__ = [
    "ModelOnWorkers",
    "ModelRefused",
    "Progress",
    "output_parts",
    "score_dataset",
    "score_file",
]
