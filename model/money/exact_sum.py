"""A sum of floats that does not depend on how the values were split or ordered.

The default prospect value is the portfolio's mean revenue, and every customer's word
of mouth loss is multiplied by it. Summed chunk by chunk in floating point, that mean
changes in its last bits with the chunk boundaries, so one machine and a cluster (whose
partitions split the file elsewhere) would price the same customer a hair apart. Kept
exact, the sum is the same for any split, and the float made from it at the end is the
correctly rounded one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

_MANTISSA_BITS = 53
_HALF = 26  # each 53-bit mantissa is summed as two halves of at most 27 bits
_SLICE = 1 << 25
#: Whole numbers below this add exactly as 64-bit integers, a slice at a time (2**25 * 2**31
#: stays below 2**63).
_WHOLE_LIMIT = float(1 << 31)


@dataclass
class ExactSum:
    """Finite floats added exactly: an integer per binary exponent."""

    by_exponent: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, values: np.ndarray) -> ExactSum:
        """Add every value of the array (NaN and infinities are not allowed); returns self."""
        values = np.asarray(values, dtype=np.float64)
        values = values[values != 0]
        if not len(values):
            return self
        if not np.isfinite(values).all():
            raise ValueError("ExactSum adds finite values only")
        for start in range(0, len(values), _SLICE):
            self._add_slice(values[start : start + _SLICE])
        return self

    def _add_slice(self, values: np.ndarray) -> None:
        if np.abs(values).max() < _WHOLE_LIMIT and (values == np.rint(values)).all():
            # whole numbers (counts, yes or no): their integer sum is exact, and cheaper
            self.by_exponent[0] += int(values.astype(np.int64).sum())
            return
        mantissa, exponent = np.frexp(values)  # value = mantissa * 2**exponent, exactly
        whole = (mantissa * 2.0**_MANTISSA_BITS).astype(np.int64)  # exact: 53 bits
        lowest = int(exponent.min())
        slot = exponent - lowest
        # float64 sums of halves below 2**27 stay exact while fewer than 2**26 are added
        high = np.bincount(slot, weights=(whole >> _HALF).astype(np.float64))
        low = np.bincount(slot, weights=(whole & ((1 << _HALF) - 1)).astype(np.float64))
        for offset in np.flatnonzero((high != 0) | (low != 0)).tolist():
            power = lowest + offset - _MANTISSA_BITS
            self.by_exponent[power] += (int(high[offset]) << _HALF) + int(low[offset])

    def merge(self, other: ExactSum) -> ExactSum:
        """Add another exact sum into this one; returns self."""
        for power, whole in other.by_exponent.items():
            self.by_exponent[power] += whole
        return self

    def __float__(self) -> float:
        total = sum(
            (Fraction(whole) * Fraction(2) ** power for power, whole in self.by_exponent.items()),
            Fraction(0),
        )
        return float(total)
