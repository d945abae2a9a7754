"""The fast path of validation gives exactly what `validate` gives, or steps aside.

A clean chunk is checked on its Arrow columns (data.clean_chunks); every other chunk goes
through data.validation.validate. Here each file is validated both ways, chunk by chunk
with the ids of earlier chunks carried along, and the valid rows, the rejected rows and
the ids remembered must be identical, dtypes included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data import io as data_io
from data.clean_chunks import clean_chunk
from data.customers import validate_chunk
from data.io import read_chunks
from data.schema import declared_incident
from data.synthetic import generate
from data.validation import SeenCustomerIds, validate

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"


def both_ways(path, extra=()):
    """(fast results, slow results, fast ids, slow ids) of every chunk of the file."""
    fast_seen, slow_seen = SeenCustomerIds(), SeenCustomerIds()
    fast = [validate_chunk(chunk, fast_seen, extra) for chunk in read_chunks(path)]
    slow = []
    for chunk in read_chunks(path):
        rows = chunk.rows  # a DataFrame: validate itself, never the fast path
        slow.append(validate(rows, chunk.first_row_number, slow_seen, None, False, extra))
    return fast, slow, fast_seen, slow_seen


def assert_same(path, extra=(), all_clean=True):
    if all_clean:  # else the comparison would be of validate with itself
        seen = SeenCustomerIds()
        for chunk in read_chunks(path):
            assert clean_chunk(chunk.table, chunk.first_row_number, seen, extra) is not None
    fast, slow, fast_seen, slow_seen = both_ways(path, extra)
    assert len(fast) == len(slow)
    for mine, theirs in zip(fast, slow, strict=True):
        pd.testing.assert_frame_equal(mine.valid, theirs.valid, check_exact=True)
        pd.testing.assert_frame_equal(mine.rejected, theirs.rejected, check_exact=True)
        assert mine.problems["row_number"].tolist() == theirs.problems["row_number"].tolist()
    np.testing.assert_array_equal(fast_seen.hashes, slow_seen.hashes)
    np.testing.assert_array_equal(fast_seen.first_rows, slow_seen.first_rows)
    return fast


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(data_io, "CHUNK_BYTES", 4096)


def customers_csv(tmp_path, rows=600, **extra_columns):
    frame = generate(rows, 3).drop(columns=["true_churn_probability", "churned"])
    for name, values in extra_columns.items():
        frame[name] = values
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    return path


def test_clean_chunks_of_a_csv_come_out_as_validate_gives_them(tmp_path, small_chunks):
    path = customers_csv(tmp_path, plan=np.where(np.arange(600) % 2, "basic", "=plus"))
    fast = assert_same(path)
    assert len(fast) > 3  # several chunks, the ids of each checked against the others'
    assert sum(len(result.valid) for result in fast) == 600


def test_a_history_with_its_outcome_and_a_declared_incident_comes_out_the_same(tmp_path):
    rows = 300
    path = customers_csv(
        tmp_path,
        rows,
        churned=np.arange(rows) % 2,
        lost_parcels=np.arange(rows) % 4,
    )
    assert_same(path, (declared_incident("lost_parcels"),))


def test_optional_columns_absent_are_added_as_zero_the_same_way(tmp_path):
    path = tmp_path / "few.csv"
    path.write_text(f"{HEADER}\nA,50,12,3.5,1,0\nB,80,40,0,0,2\n")
    (result,) = assert_same(path)
    assert result.valid["escalations"].tolist() == [0, 0]


def test_typed_parquet_parts_come_out_the_same(tmp_path):
    frame = generate(400, 5).drop(columns=["true_churn_probability", "churned"])
    frame["regulator_complaint"] = frame["regulator_complaint"].astype(bool)
    path = tmp_path / "customers.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=150)
    assert_same(path)


@pytest.mark.parametrize(
    "bad_row",
    [
        "B,-5,12,3,1,0",  # a rule broken
        "B,50,12,3,1.5,0",  # a count that is not whole
        "B, 50,12,3,1,0",  # a cell the fast cast cannot read as written
        'B,"1,234.50",12,3,1,0',  # thousands separators, for the careful parser
        ",50,12,3,1,0",  # an empty id
        "A,50,12,3,1,0",  # an id repeated in the chunk
        "C0,50,12,3,1,0",  # an id first seen in an earlier chunk
        "B,50,12,3,1,",  # an empty optional cell, read as 0 by the careful parser
        "B,5e13,12,3,1,0",  # beyond any customer's figure
        ",,,,,",  # a spreadsheet's blank line
    ],
)
def test_a_chunk_with_any_problem_is_left_to_validate(tmp_path, bad_row):
    earlier = SeenCustomerIds()
    earlier.first_row_of_duplicates(pd.Series(["C0"]), np.array([1]))
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\nA,50,12,3,1,0\n{bad_row}\n")
    (chunk,) = read_chunks(path)
    before = earlier.hashes.copy()
    assert clean_chunk(chunk.table, 2, earlier) is None
    np.testing.assert_array_equal(earlier.hashes, before)  # nothing recorded
    fast_seen, slow_seen = SeenCustomerIds(), SeenCustomerIds()
    for seen in (fast_seen, slow_seen):
        seen.first_row_of_duplicates(pd.Series(["C0"]), np.array([1]))
    (again,) = read_chunks(path)
    mine = validate_chunk(again, fast_seen)
    (plain,) = read_chunks(path)
    theirs = validate_chunk_by_validate(plain, slow_seen)
    pd.testing.assert_frame_equal(mine.valid, theirs.valid, check_exact=True)
    pd.testing.assert_frame_equal(mine.rejected, theirs.rejected, check_exact=True)


def validate_chunk_by_validate(chunk, seen):
    """validate_chunk with the fast path closed: the chunk's cells made a DataFrame first."""
    chunk.rows  # noqa: B018 (turns the Arrow cells into a DataFrame)
    assert chunk.table is None
    return validate_chunk(chunk, seen)


def test_a_repeated_id_in_a_later_clean_looking_chunk_still_names_its_first_row(
    tmp_path, small_chunks
):
    path = customers_csv(tmp_path, 600)
    text = path.read_text().splitlines()
    first_id = text[1].split(",")[0]
    text[-1] = ",".join([first_id, *text[-1].split(",")[1:]])
    path.write_text("\n".join(text) + "\n")
    fast = assert_same(path, all_clean=False)
    rejected = pd.concat([result.rejected for result in fast])
    assert rejected["problems"].str.contains("is already in row 1").tolist() == [True]
