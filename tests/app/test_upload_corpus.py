"""A corpus of broken and odd customer files (tests/app/corpus/), each uploaded through the
portfolio page (AppTest) with what the page must say about it.

The reader's rules themselves are tested file by file in tests/unit/ (test_validation.py,
test_customers.py, test_score_cli.py); here every kind of file goes through the page, so
what a user sees is checked: the counts that add up, each rejected row's column and reason,
the message of a file refused as a whole, and the values that reach the estimates.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data.bounded_read import read_bounded
from data.validation import PROBLEM_COLUMNS, problems_text
from model.display import labels
from model.display.format import count, plain
from tests.app.harness import download, metrics, open_app, portfolio_choice, record_downloads, rerun
from ui.portfolio.upload import (
    WHOLE_ROW,
    private_file_name,
    problem_table,
    read_uploaded_bytes,
    report_upload,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
PORTFOLIO = "app_pages/portfolio.py"
REPORT = ["Row", "Column", "Problem"]
HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"


@dataclass(frozen=True)
class Expected:
    """What the page shows for a file: a whole-file message, or counts and problems."""

    estimated: int = 0
    #: (row number, column, reason) of every broken rule, in the report's order.
    problems: tuple[tuple[int, str, str], ...] = ()
    rejected: int = 0
    #: Part of the message of a file refused as a whole.
    message: str | None = None
    #: Column -> its values in the estimates download (as read back from the CSV).
    values: dict[str, list] = field(default_factory=dict)


NUMBER = "must be a number >= 0, got"
CASES: dict[str, Expected] = {
    "missing-required-column.csv": Expected(message="Required column outage_hours missing"),
    "text-in-a-number-column.csv": Expected(
        estimated=1, rejected=1, problems=((1, "monthly_revenue", f'{NUMBER} "fifty"'),)
    ),
    "negative-hours.csv": Expected(
        estimated=1, rejected=1, problems=((1, "outage_hours", f'{NUMBER} "-5"'),)
    ),
    "duplicate-and-empty-ids.csv": Expected(
        estimated=2,
        rejected=2,
        problems=(
            (3, "customer_id", 'must be unique, "A" is already in row 1'),
            (4, "customer_id", "must not be empty"),
        ),
        values={"customer_id": ["A", "B"], "monthly_revenue": [50.0, 60.0]},
    ),
    "empty.csv": Expected(message="empty.csv is empty: there is no header row."),
    "header-only.csv": Expected(),
    "semicolons-decimal-commas.csv": Expected(
        estimated=2,
        values={"monthly_revenue": [49.9, 1234.5], "outage_hours": [3.5, 0.0]},
    ),
    "bom.csv": Expected(estimated=2, values={"customer_id": ["A", "B"]}),
    "quoted-newlines.csv": Expected(
        estimated=2, values={"note": ["called twice,\nthen wrote a letter", "fine"]}
    ),
    "nan-and-inf.csv": Expected(
        estimated=1,
        rejected=2,
        problems=(
            (1, "monthly_revenue", f'{NUMBER} "NaN"'),
            (2, "tenure_months", f'{NUMBER} "inf"'),
        ),
    ),
    "flag-holding-7.csv": Expected(
        estimated=1,
        rejected=1,
        problems=((1, "regulator_complaint", 'must be 0 or 1, got "7"'),),
        values={"regulator_complaint": [1]},
    ),
    "ragged-row.csv": Expected(
        estimated=2,
        rejected=2,
        problems=(
            (2, WHOLE_ROW, "has 5 fields, the header has 6"),
            (3, WHOLE_ROW, "has 7 fields, the header has 6"),
        ),
        values={"customer_id": ["A", "D"]},
    ),
    "excel-workbook-named-csv.csv": Expected(message="looks like an Excel workbook"),
    "thousands-separators.csv": Expected(estimated=2, values={"monthly_revenue": [1234.5, 2000.0]}),
    "true-false.csv": Expected(estimated=2, values={"regulator_complaint": [1, 0]}),
    "other-order-case-spaces.csv": Expected(
        estimated=2,
        values={"customer_id": ["A", "B"], "tenure_months": [12, 24], "monthly_revenue": [50, 60]},
    ),
    "windows-1252.csv": Expected(estimated=2, values={"city": ["Orléans", "Mâcon"]}),
    "formula-cells.csv": Expected(
        estimated=1,
        rejected=1,
        problems=((1, "outage_hours", f'{NUMBER} "-1"'),),
        values={"note": ["'+1-2"]},
    ),
}


def test_the_corpus_holds_exactly_the_files_described_here():
    assert sorted(path.name for path in CORPUS.iterdir()) == sorted(CASES)


def upload(app, name: str, content: bytes):
    uploader = next(u for u in app.file_uploader if u.label == labels.UPLOAD_CUSTOMERS)
    uploader.set_value((name, content, "application/octet-stream"))
    return rerun(app)


def literal(row: tuple) -> tuple:
    """A row of the report as the user reads it (st.table's markdown escapes undone)."""
    return tuple(re.sub(r"\\(.)", r"\1", cell) if isinstance(cell, str) else cell for cell in row)


def problem_rows(app) -> list[tuple[int, str, str]]:
    tables = [t.value for t in [*app.table, *app.dataframe] if list(t.value.columns) == REPORT]
    return [literal(row) for table in tables for row in table.itertuples(index=False, name=None)]


def check_page(app, name: str, expected: Expected) -> None:
    """What the page must show after uploading a file."""
    errors = "\n".join(e.value for e in app.error)
    if expected.message is not None:
        assert plain(expected.message) in errors
        assert not portfolio_choice(app), "the portfolio in use is unchanged"
        return
    shown = metrics(app)
    rows = expected.estimated + expected.rejected
    assert shown[labels.ROWS_IN_FILE] == count(rows)
    assert shown[labels.ROWS_ESTIMATED] == count(expected.estimated)
    assert shown[labels.ROWS_REJECTED] == count(expected.rejected)
    summary = "\n".join(m.value for m in app.markdown)
    assert f"{count(rows)} rows in the file = {count(expected.estimated)} estimated + " in summary
    assert problem_rows(app) == list(expected.problems)
    if expected.estimated:
        assert shown[labels.CUSTOMERS] == count(expected.estimated)
        assert portfolio_choice(app)[0].value == "uploaded"
    else:
        assert not portfolio_choice(app), (
            "a file with nothing to estimate does not replace the portfolio"
        )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_corpus_file_shows_on_the_page_what_it_should(monkeypatch, name):
    record_downloads(monkeypatch)
    expected = CASES[name]
    app = upload(open_app(PORTFOLIO), name, (CORPUS / name).read_bytes())
    check_page(app, name, expected)
    if expected.values:
        estimates = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_ESTIMATES)))
        for column, values in expected.values.items():
            assert estimates[column].tolist() == values, column
    if expected.rejected:
        rejected = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_REJECTED)), dtype=str)
        assert rejected["row_number"].astype(int).tolist() == sorted(
            {row for row, _, _ in expected.problems}
        )


def test_a_header_only_file_says_there_is_nothing_to_estimate():
    app = upload(open_app(PORTFOLIO), "header-only.csv", (CORPUS / "header-only.csv").read_bytes())
    assert "header but no customers" in "\n".join(w.value for w in app.warning)


def test_formula_cells_of_rejected_rows_are_neutralised_in_their_download(monkeypatch):
    record_downloads(monkeypatch)
    app = upload(open_app(PORTFOLIO), "f.csv", (CORPUS / "formula-cells.csv").read_bytes())
    rejected = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_REJECTED)), dtype=str)
    assert rejected.loc[0, "customer_id"] == '\'=HYPERLINK("http://example.com")'
    assert rejected.loc[0, "note"] == "'@SUM(A1)"


def test_a_parquet_upload_is_validated_like_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": ["P1", "P2", "P3"],
            "monthly_revenue": [50.0, -1.0, 70.0],
            "tenure_months": [12, 24, 36],
            "outage_hours": [3.0, 0.0, 1.5],
            "support_calls": [2, 0, 1],
            "unresolved_promises": [1, 0, 0],
            "regulator_complaint": [True, False, False],
        }
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow")
    app = upload(open_app(PORTFOLIO), "customers.parquet", buffer.getvalue())
    check_page(
        app,
        "customers.parquet",
        Expected(estimated=2, rejected=1, problems=((2, "monthly_revenue", f'{NUMBER} "-1.0"'),)),
    )


def test_a_file_named_parquet_that_is_not_parquet_is_refused_with_a_message():
    app = upload(open_app(PORTFOLIO), "customers.parquet", f"{HEADER}\nA,1,1,1,1,1\n".encode())
    assert plain("customers.parquet is not a readable Parquet file") in app.error[0].value


def test_a_parquet_column_of_lists_never_breaks_the_page():
    base = {
        "customer_id": ["A", "B"],
        "monthly_revenue": [50.0, 60.0],
        "tenure_months": [12, 24],
        "outage_hours": [[3.0], [0.0]],
        "support_calls": [2, 0],
        "unresolved_promises": [1, 0],
    }
    buffer = io.BytesIO()
    pq.write_table(pa.table(base), buffer)
    app = upload(open_app(PORTFOLIO), "nested.parquet", buffer.getvalue())
    assert "outage\\_hours' of nested\\.parquet holds lists or records" in app.error[0].value
    assert not portfolio_choice(app)
    next(b for b in app.button if b.label == labels.RESET_TO_SYNTHETIC).click()
    assert not rerun(app).error, "the app is usable again"


def test_messages_name_the_users_file_not_its_private_copy():
    with pytest.raises(ValueError, match=r"^Kunden März 2024\.csv is empty"):
        read_uploaded_bytes("Kunden März 2024.csv", b"")
    report, _ = report_upload("a [b] *c*.csv", "id", b"")
    assert report.error == "a [b] *c*.csv is empty: there is no header row."


@pytest.mark.parametrize(
    ("name", "private"),
    [
        ("customers.csv", "customers.csv"),
        ("Customers.CSV", "Customers.CSV"),
        ("export.parquet", "export.parquet"),
        ("../../etc/passwd", "passwd.csv"),
        ("C:\\Users\\me\\customers.csv", "customers.csv"),
        ("notes.txt", "notes.txt.csv"),
        ("", "upload.csv"),
        ("a\x00b\nc.csv", "a_b_c.csv"),
    ],
)
def test_the_private_copy_keeps_a_plain_name_and_a_csv_or_parquet_suffix(name, private):
    assert private_file_name(name) == private


def test_the_private_copy_is_read_by_the_bounded_reader_and_deleted_straight_after(monkeypatch):
    seen: list[Path] = []

    def spying(path, *args):
        seen.append(Path(path))
        assert Path(path).exists()
        return read_bounded(path, *args)

    monkeypatch.setattr("ui.portfolio.upload.read_bounded", spying)
    result = read_uploaded_bytes("mine.csv", (CORPUS / "bom.csv").read_bytes())
    assert len(result.valid) == 2
    assert seen and seen[0].name == "mine.csv"
    assert not seen[0].exists() and not seen[0].parent.exists()


def test_a_csv_with_carriage_returns_only_as_line_ends_just_works():
    content = f"{HEADER}\rA,50,12,3,2,1\rB,60,24,0,0,0\r".encode()
    result = read_uploaded_bytes("mac.csv", content)
    assert len(result.valid) == 2


def test_a_count_too_large_to_hold_is_rejected():
    content = f"{HEADER}\nA,50,12,3,99999999999999999999,1\n".encode()
    result = read_uploaded_bytes("huge.csv", content)
    assert len(result.rejected) == 1


@pytest.mark.parametrize(
    ("records", "problems", "parts"),
    [
        (
            [("outage_hours", "must be >= 0", '"-5"')],
            'outage_hours: must be >= 0, got "-5"',
            ['outage_hours: must be >= 0, got "-5"'],
        ),
        (
            [
                ("monthly_revenue", "must be a number >= 0", '"x"'),
                ("support_calls", "must be a whole number >= 0", '"1.5"'),
            ],
            'monthly_revenue: must be a number >= 0, got "x"; support_calls: must be a whole '
            'number >= 0, got "1.5"',
            [
                'monthly_revenue: must be a number >= 0, got "x"',
                'support_calls: must be a whole number >= 0, got "1.5"',
            ],
        ),
        (
            [
                (
                    "customer_id",
                    "must be unique, {value} is already in row 3",
                    '"a; outage_hours: b"',
                ),
                ("tenure_months", "must be a number >= 0", "an empty cell"),
            ],
            'customer_id: must be unique, "a; outage_hours: b" is already in row 3; '
            "tenure_months: must be a number >= 0, got an empty cell",
            [
                'customer_id: must be unique, "a; outage_hours: b" is already in row 3',
                "tenure_months: must be a number >= 0, got an empty cell",
            ],
        ),
    ],
)
def test_a_rows_problems_are_records_joined_for_the_file_and_listed_apart_on_the_page(
    records, problems, parts
):
    # The errors file's text and the page's lines come from the same records, so a value
    # holding "; column: " can never split a problem in two.
    frame = pd.DataFrame(
        [(7, column, rule, value) for column, rule, value in records], columns=PROBLEM_COLUMNS
    )
    assert problems_text(frame)[7] == problems
    table = problem_table(frame)
    assert [f"{c}: {p}" for c, p in zip(table["column"], table["problem"], strict=True)] == parts
    assert table["row"].tolist() == [7] * len(parts)
