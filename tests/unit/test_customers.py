"""Reading real-world customer files: spreadsheet exports just work or fail clearly."""

import pandas as pd
import pytest

from data import io as data_io
from data.customers import read_customer_file
from data.io import UnreadableFile

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"


def read(tmp_path, content: str | bytes, name="c.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return read_customer_file(path)


def test_semicolons_with_decimal_commas_as_a_french_or_german_spreadsheet_writes_them(tmp_path):
    content = HEADER.replace(",", ";") + "\nA;49,90;12;3,5;2;1\nB;1.234,50;7;0;0;0\n"
    valid = read(tmp_path, content).valid
    assert valid["monthly_revenue"].tolist() == [49.9, 1234.5]
    assert valid["outage_hours"].tolist() == [3.5, 0.0]


def test_tab_separated_files_read_like_semicolon_ones(tmp_path):
    content = HEADER.replace(",", "\t") + "\nA\t49,9\t12\t3\t2\t1\n"
    assert read(tmp_path, content).valid["monthly_revenue"].tolist() == [49.9]


def test_thousands_separators_in_quoted_comma_files_are_read(tmp_path):
    content = f'{HEADER}\nA,"1,234.50",12,3,2,1\nB,1 200,12,3,2,1\n'
    assert read(tmp_path, content).valid["monthly_revenue"].tolist() == [1234.5, 1200.0]


def test_excel_true_false_for_the_complaint_flag_and_a_bom(tmp_path):
    content = "\ufeff" + f"{HEADER},regulator_complaint\nA,1,1,1,1,1,TRUE\nB,1,1,1,1,1,False\n"
    valid = read(tmp_path, content).valid
    assert valid["regulator_complaint"].tolist() == [1, 0]


def test_windows_1252_files_are_read_and_accents_kept(tmp_path):
    content = f"{HEADER},city\nA,1,1,1,1,1,Besançon\n".encode("cp1252")
    assert read(tmp_path, content).valid["city"].tolist() == ["Besançon"]


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_with_its_value(tmp_path):
    content = f'{HEADER}\nA,"49,9",12,3,2,1\n'
    problems = read(tmp_path, content).rejected["problems"].tolist()
    assert problems == ['monthly_revenue: must be a number >= 0, got "49,9"']


def test_whole_file_reading_finds_duplicates_and_malformed_rows_across_chunks(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(data_io, "CHUNK_BYTES", 1024)
    rows = [f"C{i},1,1,1,1,1" for i in range(300)] + ["C5,1,1,1,1,1", "C999,1,1"]
    result = read(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    assert len(result.valid) == 300
    assert result.rejected["row_number"].tolist() == [301, 302]
    assert result.rejected["problems"].tolist() == [
        'customer_id: must be unique, "C5" is already in row 6',
        "row: has 3 fields, the header has 6",
    ]


def test_parquet_uploads_are_validated_like_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "monthly_revenue": [1.0, -1.0],
            "tenure_months": [1, 1],
            "outage_hours": [0.0, 0.0],
            "support_calls": [0, 0],
            "unresolved_promises": [0, 0],
        }
    )
    frame.to_parquet(tmp_path / "c.parquet")
    result = read_customer_file(tmp_path / "c.parquet")
    assert len(result.valid) == 1 and result.rejected["row_number"].tolist() == [2]


def test_a_file_that_is_not_parquet_but_named_so_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="not a readable Parquet file"):
        read(tmp_path, "a,b\n1,2\n", name="c.parquet")


def test_utf16_files_as_excel_saves_unicode_text_are_read(tmp_path):
    content = (HEADER.replace(",", "\t") + "\nA\t49,9\t12\t3\t2\t1\n").encode("utf-16")
    assert read(tmp_path, content).valid["monthly_revenue"].tolist() == [49.9]


def test_mac_line_ends_are_read(tmp_path):
    assert len(read(tmp_path, f"{HEADER}\rA,1,1,1,1,1\rB,1,1,1,1,1\r").valid) == 2


@pytest.mark.parametrize("content", ["<html><body>Sign in</body></html>\n", '[{"a": 1}]\n'])
def test_a_web_page_or_json_saved_as_csv_gets_a_plain_message(tmp_path, content):
    with pytest.raises(UnreadableFile, match="looks like a web page or JSON"):
        read(tmp_path, content)


def test_a_parquet_column_of_lists_is_refused_naming_the_column(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": ["A"],
            "monthly_revenue": [1.0],
            "tenure_months": [1],
            "outage_hours": [0.0],
            "support_calls": [0],
            "unresolved_promises": [0],
            "tags": [["x", "y"]],
        }
    )
    frame.to_parquet(tmp_path / "c.parquet")
    with pytest.raises(UnreadableFile, match=r"'tags' of c\.parquet holds lists or records"):
        read_customer_file(tmp_path / "c.parquet")
