"""A dataset of part files reads as one file: natural order, one row numbering across parts."""

from pathlib import Path

import pandas as pd
import pytest

from data.dataset import dataset_chunks, dataset_parts
from data.io import UnreadableFile
from model.batch import score_file

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    return path


def test_parts_are_read_in_natural_order_of_their_names(tmp_path):
    for index in (10, 2, 1):
        write(tmp_path / f"part.{index}.csv", f"C{index},1,1,0,0,0")
    names = [p.name for p in dataset_parts(tmp_path)]
    assert names == ["part.1.csv", "part.2.csv", "part.10.csv"]
    assert [p.name for p in dataset_parts(tmp_path / "part.*.csv")] == names


def test_row_numbers_run_on_across_parts_malformed_rows_included(tmp_path):
    write(tmp_path / "part-1.csv", "A,1,1,0,0,0", "B,1,1,0,0,0,extra", "C,1,1,0,0,0")
    write(tmp_path / "part-2.csv", "D,1,1,0,0,0", "E,1,1,0,0,0")
    chunks = list(dataset_chunks(tmp_path, row_by_row=True))
    numbers = [n for chunk in chunks for n in chunk.row_numbers]
    assert numbers == [1, 3, 4, 5]
    assert [n for chunk in chunks for n, _ in chunk.malformed] == [2]


def test_one_process_scores_parts_as_it_scores_the_whole_file(tmp_path):
    rows = [f"C{n},{10 + n},{n},{n % 3},{n % 2},0" for n in range(10)]
    rows[7] = "C2,5,5,5,5,5"  # repeats the id of row 3, in the second part
    whole = write(tmp_path / "whole.csv", *rows)
    (tmp_path / "parts").mkdir()
    write(tmp_path / "parts" / "part-0.csv", *rows[:5])
    write(tmp_path / "parts" / "part-1.csv", *rows[5:])
    one = score_file(whole, tmp_path / "one.csv", errors_path=tmp_path / "one-errors.csv")
    parts = score_file(
        tmp_path / "parts" / "*.csv", tmp_path / "parts.csv", errors_path=tmp_path / "errors.csv"
    )
    assert parts.summary() == one.summary()
    for ours, theirs in (("parts.csv", "one.csv"), ("errors.csv", "one-errors.csv")):
        pd.testing.assert_frame_equal(
            pd.read_csv(tmp_path / ours, dtype=str), pd.read_csv(tmp_path / theirs, dtype=str)
        )
    rejected = pd.read_csv(tmp_path / "errors.csv")
    assert rejected["row_number"].tolist() == [8]
    repeated = 'customer_id: must be unique, "C2" is already in row 3'
    assert rejected["problems"].tolist() == [repeated]


def test_a_pattern_matching_no_file_is_refused_plainly(tmp_path):
    with pytest.raises(UnreadableFile, match="holds no CSV or Parquet files"):
        dataset_parts(tmp_path / "part-*.csv")
