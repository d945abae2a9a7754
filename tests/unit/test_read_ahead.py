"""Chunks read on another thread arrive in order, with the reader's failures in their place."""

from __future__ import annotations

import threading

import pytest

from data.read_ahead import read_ahead


class Halfway(Exception):
    pass


def test_items_arrive_in_order_and_all_of_them():
    assert list(read_ahead(range(1000), depth=2)) == list(range(1000))


def test_a_failure_of_the_reader_comes_after_the_items_read_before_it():
    def reader():
        yield from (1, 2, 3)
        raise Halfway("row 4 has too many fields")

    got = []
    with pytest.raises(Halfway, match="row 4"):
        for item in read_ahead(reader()):
            got.append(item)
    assert got == [1, 2, 3]


def test_stopping_early_stops_the_reading_thread():
    read = []

    def reader():
        for number in range(10_000):
            read.append(number)
            yield number

    for item in read_ahead(reader(), depth=2):
        if item == 5:
            break
    assert not any(t.name == "read-ahead" and t.is_alive() for t in threading.enumerate())
    assert len(read) < 20  # at most a few chunks beyond the last one used
