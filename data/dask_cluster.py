"""A Dask client for either engine: of the cluster at an address, or of a local one.

The scoring engine (model.batch.dask_engine) and the records importer
(data.records.distributed) both start their clusters here. Dask is imported only when a
client is asked for: it is an optional extra.
"""

from __future__ import annotations

import contextlib
import logging
import os


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None):
    """A client of the cluster at `scheduler`, or of a local cluster started (and stopped) here.

    Dask's own informational logs (workers starting, connections) are kept off the
    terminal, where the command line prints its progress and its summary.
    """
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
