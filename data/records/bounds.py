"""How much memory one machine's import may take, chosen from the inputs' size.

DuckDB's memory limit on one machine when none is given (it spills beyond it to a temporary
folder). Inputs up to IN_MEMORY_INPUT_BYTES together run in memory under
SMALL_INPUT_MEMORY_LIMIT, each CSV read whole by Arrow beside DuckDB (about 1.15 times its
bytes); larger ones work on disk under LARGE_INPUT_MEMORY_LIMIT, no CSV over an eighth of it
held whole (load.whole_file_bytes). With the libraries (about 250 MiB), that bounds the
process near 1 GB at every size, and measured under it
(docs/adr/0025-one-machine-memory-bound.md, docs/benchmarks.md). The command line and the
Portfolio page both take their connection from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from data.records.prepare import Input, close_connection, new_connection

LARGE_INPUT_MEMORY_LIMIT = "400MB"
#: In memory: a little more, since a file thousands of columns wide needs it for its report.
SMALL_INPUT_MEMORY_LIMIT = "600MB"
#: The inputs' total size up to which one machine works in memory (faster; see above).
IN_MEMORY_INPUT_BYTES = 150 << 20


@dataclass(frozen=True)
class Bound:
    """A connection to prepare on, and the limit `prepare_records` reads CSVs under (None:
    in memory, each CSV read whole, bounded by the inputs' size)."""

    con: object
    memory_limit: str | None

    def close(self) -> None:
        """Free the connection and its temporary folder, when nothing was prepared on it
        (a preparation's own `close` does it otherwise)."""
        close_connection(self.con)


def bounded_connection(inputs: Mapping[str, Input], memory_limit: str | None = None) -> Bound:
    """DuckDB on disk for large inputs or a limit given, in memory under a limit otherwise."""
    size = sum(Path(p).stat().st_size for p in inputs.values() if _is_file(p))
    on_disk = memory_limit is not None or size > IN_MEMORY_INPUT_BYTES
    limit = memory_limit or (LARGE_INPUT_MEMORY_LIMIT if on_disk else SMALL_INPUT_MEMORY_LIMIT)
    con = new_connection(memory_limit=limit, on_disk=on_disk)
    return Bound(con, limit if on_disk else None)


def _is_file(value: Input) -> bool:
    return isinstance(value, str | Path) and Path(value).is_file()


def use_returning_pool() -> str:
    """Make Arrow allocate through jemalloc (the system's allocator where pyarrow has no
    jemalloc) for the rest of this process, and say which. Arrow's default, mimalloc,
    spent 1.2 to 1.8 s of system time at a million ticket rows giving memory back and
    taking it again between the steps (jemalloc 0.55), and peaked at about 880 MiB against
    800 (docs/adr/0028-plain-rows-read-by-arrow.md). For the command line's own process:
    a dashboard's server keeps its default."""
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:
        pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    return pool.backend_name
