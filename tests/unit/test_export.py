"""Writing chunks on other threads: the same bytes as one Arrow write, in order, failures raised."""

import io

import pandas as pd
import pytest

from data.export import ArrowChunkWriter, BackgroundWriter, SafeCsvWriter, safe_csv_bytes


def chunks() -> list[pd.DataFrame]:
    return [
        pd.DataFrame({"customer_id": [f"C{i}", "=1+1"], "cost": [i * 1.5, 0.0]}) for i in range(5)
    ]


def test_writing_in_the_background_gives_the_same_csv_in_the_same_order():
    direct, background = io.BytesIO(), io.BytesIO()
    with SafeCsvWriter(direct) as writer:
        for chunk in chunks():
            writer.write(chunk)
    with BackgroundWriter(SafeCsvWriter(background), depth=1) as writer:
        for chunk in chunks():
            writer.write(chunk)
    assert background.getvalue() == direct.getvalue()
    assert direct.getvalue() == safe_csv_bytes(pd.concat(chunks(), ignore_index=True))
    assert b'"\'=1+1"' in background.getvalue()


def test_a_failure_while_writing_in_the_background_is_raised_to_the_caller():
    def disk_full(schema):
        raise OSError("No space left on device")

    writer = BackgroundWriter(ArrowChunkWriter(disk_full))
    writer.write(chunks()[0])
    with pytest.raises(OSError, match="No space left"):
        writer.close()


def test_header_cells_a_spreadsheet_would_run_are_neutralised_like_data_cells():
    formula = '=HYPERLINK("http://example.invalid","hdr")'
    frame = pd.DataFrame({"customer_id": ["A"], formula: ["x"], "@SUM(A1)": ["y"]})

    read_back = pd.read_csv(io.BytesIO(safe_csv_bytes(frame)))

    assert list(read_back.columns) == ["customer_id", f"'{formula}", "'@SUM(A1)"]


def test_the_rejected_rows_of_a_file_with_a_formula_header_download_it_neutralised(tmp_path):
    from data.customers import read_customer_file

    path = tmp_path / "hostile.csv"
    path.write_bytes(
        b"customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,"
        b'unresolved_promises,"=HYPERLINK(""http://example.invalid"",""hdr"")"\n'
        b"A,-5,12,3,2,1,x\n"
    )
    rejected = read_customer_file(path).rejected

    header = pd.read_csv(io.BytesIO(safe_csv_bytes(rejected))).columns
    assert header[-1] == '\'=HYPERLINK("http://example.invalid","hdr")'
