"""ExactSum: the correctly rounded sum of its values, however they were split, for
fractional values and for whole numbers (which take an integer shortcut)."""

from fractions import Fraction

import numpy as np
import pytest

from model.money import ExactSum


def _true_sum(values) -> float:
    return float(sum((Fraction(float(v)) for v in values), Fraction(0)))


@pytest.mark.parametrize(
    "values",
    [
        np.array([1e16, 1.0, -1e16, 0.5, 3.25]),  # float64 summation loses the 1.0 and 0.5
        np.array([0.1] * 10 + [1e-300, -0.3]),
        np.array([3.0, 0.0, 7.0, 2.0**30, -5.0]),  # whole numbers
        np.array([2.0**31, 1.0, 1.0]),  # whole, at the shortcut's limit: the general way
        np.array([4.0, 2.5, 1.0]),  # whole and not
    ],
)
def test_the_sum_is_exact_and_does_not_depend_on_the_split(values):
    whole = float(ExactSum().add(values))
    assert whole == _true_sum(values)
    split = ExactSum().add(values[:2]).add(values[2:])
    merged = ExactSum().add(values[3:]).merge(ExactSum().add(values[:3]))
    assert float(split) == float(merged) == whole


def test_whole_numbers_sum_exactly_past_what_a_float_holds():
    values = np.array([2.0**31 - 1] * 5_000_000 + [1.0])
    assert float(ExactSum().add(values)) == float((2**31 - 1) * 5_000_000 + 1)


def test_a_non_finite_value_is_refused():
    with pytest.raises(ValueError, match="finite"):
        ExactSum().add(np.array([1.0, np.nan]))
