"""The upload page's reader in a child process: within its budget of rows, time and memory,
stopped when its visitor leaves, and the same answer as reading in this process."""

from __future__ import annotations

import psutil
import pytest

from data.bounded_read import ReadBudget, ReadStopped, RefusedFile, read_bounded
from data.customers import read_customer_file
from tests.hostile import HEADER_LINE, customers_csv, ten_million_rows_parquet


def _children_reading() -> list[psutil.Process]:
    children = psutil.Process().children(recursive=True)
    return [c for c in children if "data.bounded_read" in " ".join(c.cmdline())]


def _file(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_the_child_gives_the_same_rows_and_problems_as_reading_here(tmp_path):
    content = f"{HEADER_LINE}\n{customers_csv(50)}X,-5,12,3,2,1\n\n".encode()
    path = _file(tmp_path, "customers.csv", content)

    here = read_customer_file(path)
    there = read_bounded(path).result

    assert (len(there.valid), len(there.rejected), there.blank) == (50, 1, 0)
    assert there.valid.equals(here.valid)
    assert there.rejected.astype(str).equals(here.rejected.astype(str))
    assert list(there.problems["rule"]) == list(here.problems["rule"])


def test_a_parquet_file_over_the_row_limit_is_refused_from_its_footer(tmp_path):
    path = _file(tmp_path, "many.parquet", ten_million_rows_parquet(2_000_000))

    with pytest.raises(
        RefusedFile, match=r"holds 2,000,000 rows; this page reads at most 1,500,000"
    ):
        read_bounded(path)


def test_a_csv_over_the_row_limit_is_refused_as_soon_as_the_count_passes_it(tmp_path):
    path = _file(tmp_path, "many.csv", f"{HEADER_LINE}\n{customers_csv(300)}".encode())

    with pytest.raises(RefusedFile, match=r"holds at least 300 rows; this page reads at most 100"):
        read_bounded(path, budget=ReadBudget(max_rows=100))


def test_a_read_that_outlives_its_time_budget_is_stopped_and_its_child_ended(tmp_path):
    path = _file(tmp_path, "slow.csv", f"{HEADER_LINE}\n{customers_csv(10)}".encode())

    with pytest.raises(ReadStopped, match=r"took longer than 0 s, so it was stopped"):
        read_bounded(path, budget=ReadBudget(seconds=0.0))
    assert not _children_reading()


def test_a_read_whose_visitor_has_gone_is_stopped_and_its_child_ended(tmp_path):
    path = _file(tmp_path, "left.csv", f"{HEADER_LINE}\n{customers_csv(10)}".encode())
    asked = []

    def still_wanted() -> bool:
        asked.append(True)
        return len(asked) < 2  # the visitor leaves while the child is still starting

    with pytest.raises(ReadStopped, match="its visitor left the page"):
        read_bounded(path, still_wanted=still_wanted)
    assert not _children_reading()


def test_a_read_needing_more_memory_than_its_budget_is_stopped_with_a_plain_message(tmp_path):
    path = _file(tmp_path, "big.csv", f"{HEADER_LINE}\n{customers_csv(200_000)}".encode())

    with pytest.raises(ReadStopped, match=r"needed more than the 0\.3 GB an upload may use"):
        read_bounded(path, budget=ReadBudget(memory_bytes=300 << 20))
