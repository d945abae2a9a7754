"""Files scored from the command line, in constant memory, on one machine or on Dask.

`command` is `python -m model.score`; `chunks` is the work done on every chunk by every
engine; `dask_engine` runs it per partition on a Dask cluster; `scoring_report` counts
what happened to the rows; `progress` shows a long run's progress on a terminal.

Dask is an optional extra, so this face does not import `dask_engine`: import
`model.batch.dask_engine` by name where the Dask engine is wanted (the command line does,
only for `--engine dask`).
"""

from model.batch.command import score_file
from model.batch.progress import Progress

__all__ = ["Progress", "score_file"]
