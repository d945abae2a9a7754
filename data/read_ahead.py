"""Read the next chunks of a file on another thread while this one works on the current one.

pyarrow parses CSV and decodes Parquet without holding Python's lock, so on a machine
with two cores the next chunk is read while the current one is validated and scored.
At most `depth` chunks wait, so memory stays flat. What the reader raises (a malformed
row met mid-file, an unreadable file) is raised here, in order, after the chunks read
before it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


def read_ahead(items: Iterable[Item], depth: int = 2) -> Iterator[Item]:
    """`items` in order, the next ones made on a background thread (at most `depth` ahead).

    Stopping early (breaking out, or an exception in the caller) stops the thread at its
    next chunk.
    """
    ready: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the consuming thread
            put(_Failure(error))
            return
        put(_DONE)

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, _Failure):
                raise item.error
            yield item
    finally:
        stop.set()
        thread.join()
