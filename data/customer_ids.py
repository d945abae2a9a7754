"""Customer ids met so far in a file, kept small enough to check millions of rows.

The command line validates a file in chunks; `SeenCustomerIds` carries the ids of earlier
chunks as 64-bit hashes (`id_hashes`) with the row each was first in, so that uniqueness
holds across the whole file in 16 bytes a customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa


@dataclass
class SeenCustomerIds:
    """Customer ids met so far in a file, as 64-bit hashes with the row each was first in.

    Sixteen bytes a customer instead of a Python set of strings, so a file of millions
    of rows can be checked for duplicates chunk by chunk.
    """

    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))
    first_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def first_row_of_duplicates(self, ids: pd.Series, row_numbers: np.ndarray) -> np.ndarray:
        """For each id, the row number it first appeared in if that is an earlier row, else 0.

        Records the ids not seen before, so the next chunk is checked against them too.
        """
        hashes = id_hashes(ids)
        earlier = np.zeros(len(hashes), dtype=np.int64)
        order, ordered, at, found = self._sorted_lookup(hashes)

        repeated_in_chunk = np.zeros(len(hashes), dtype=bool)
        if (ordered[1:] == ordered[:-1]).any():
            repeated_in_chunk = pd.Series(hashes).duplicated(keep="first").to_numpy()
            first = pd.Series(row_numbers).groupby(hashes, sort=False).transform("min")
            earlier[repeated_in_chunk] = first.to_numpy()[repeated_in_chunk]

        seen_before = found >= 0
        earlier[order[seen_before]] = self.first_rows[found[seen_before]]

        new = ((earlier == 0) & ~repeated_in_chunk)[order]
        self._insert(at[new], ordered[new], row_numbers[order][new])
        return earlier

    def add_if_all_new(self, hashes: np.ndarray, row_numbers: np.ndarray) -> bool:
        """Record these ids (by `id_hashes`) if none repeats another or one seen before.

        Returns False and records nothing otherwise, so that `first_row_of_duplicates` can
        then be asked which rows repeat which (data.clean_chunks' fast path).
        """
        order, ordered, at, found = self._sorted_lookup(hashes)
        if (ordered[1:] == ordered[:-1]).any() or (found >= 0).any():
            return False
        self._insert(at, ordered, row_numbers[order])
        return True

    def _sorted_lookup(self, hashes: np.ndarray):
        """The hashes' sorting order and sorted values, where each would go among the seen
        hashes, and the position of each one seen before (-1 if it was not).

        One sort serves the in-chunk check, the lookup (sorted needles walk the seen hashes
        in order, instead of jumping about memory) and the insertion.
        """
        order = np.argsort(hashes)
        ordered = hashes[order]
        at = np.searchsorted(self.hashes, ordered)
        found = np.full(len(ordered), -1, dtype=np.int64)
        if len(self.hashes):
            position = np.minimum(at, len(self.hashes) - 1)
            hit = self.hashes[position] == ordered
            found[hit] = position[hit]
        return order, ordered, at, found

    def _insert(self, at: np.ndarray, hashes: np.ndarray, first_rows: np.ndarray) -> None:
        """Put new hashes and their first rows at their sorted places (`at`)."""
        self.hashes = np.insert(self.hashes, at, hashes)
        self.first_rows = np.insert(self.first_rows, at, first_rows)


def id_hashes(ids: pd.Series | pa.ChunkedArray | pa.Array) -> np.ndarray:
    """64-bit hashes of customer ids as written (pandas' hash of each id's text).

    Ids are nearly all distinct: hashing them directly beats factorising them first.
    """
    if isinstance(ids, pa.ChunkedArray | pa.Array):
        values = np.asarray(ids.to_numpy(zero_copy_only=False), dtype=object)
    else:
        values = ids.to_numpy(dtype=object)
    return pd.util.hash_array(values, categorize=False)
