"""Excel in and out: workbooks read like CSV, refused when hostile; downloads hold user text as
text, our own money formulas over named assumptions the only formulas."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from data.customers import read_customer_file
from data.excel_read import WorkbookLimits, cell_text, sheet_names, workbook_chunks
from data.excel_write import ColumnFormats, frame_to_xlsx_bytes
from data.io import UnreadableFile
from model.batch import score_file
from model.explain import download_frame

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
#: Written by LibreOffice Calc 7 (`soffice --headless --convert-to xlsx`) from the CSV beside it.
LIBREOFFICE_XLSX = FIXTURES / "customers-for-excel.xlsx"
TWIN_CSV = FIXTURES / "customers-for-excel.csv"
#: Written by LibreOffice from customers-two-sheets.fods: a "Read me" sheet first, then the
#: customers, two of whose cells are formulas (=70+9.9, =2*7) and one row left empty.
TWO_SHEETS_XLSX = FIXTURES / "customers-two-sheets.xlsx"


def test_a_workbook_written_by_libreoffice_scores_like_the_same_rows_in_csv(tmp_path):
    from_csv = score_file(TWIN_CSV, tmp_path / "csv-estimates.csv")
    from_xlsx = score_file(LIBREOFFICE_XLSX, tmp_path / "xlsx-estimates.csv")

    assert from_xlsx.estimated == from_csv.estimated == 8
    assert from_xlsx.total_expected_cost == pytest.approx(from_csv.total_expected_cost, rel=1e-12)
    csv_rows = pd.read_csv(tmp_path / "csv-estimates.csv")
    xlsx_rows = pd.read_csv(tmp_path / "xlsx-estimates.csv")
    pd.testing.assert_frame_equal(xlsx_rows, csv_rows)


def test_blank_csv_lines_are_counted_as_blank_not_rejected(tmp_path):
    report = score_file(TWIN_CSV, tmp_path / "out.csv")

    assert (report.estimated, report.rejected, report.blank) == (8, 0, 2)
    assert report.rows_read == 10
    assert "2 blank skipped" in report.summary()


def test_the_sheet_holding_the_customers_is_chosen_by_name_and_formulas_give_cached_values():
    assert sheet_names(TWO_SHEETS_XLSX) == ["Read me", "Customers"]

    result = read_customer_file(TWO_SHEETS_XLSX, sheet="Customers")

    assert (len(result.valid), len(result.rejected), result.blank) == (8, 0, 1)
    second = result.valid.set_index("customer_id").loc["C-0002"]
    assert second["monthly_revenue"] == pytest.approx(79.9)  # cached value of =70+9.9
    assert second["tenure_months"] == 14  # cached value of =2*7
    # the rows after the empty one keep their own row numbers (row 5 was left empty)
    assert list(result.valid["customer_id"])[4] == "C-0005"


def test_the_first_sheet_is_read_when_none_is_named():
    with pytest.raises(ValueError, match=r"Required columns .* missing"):
        read_customer_file(TWO_SHEETS_XLSX)


def test_an_unknown_sheet_name_is_refused_with_the_sheets_there_are():
    with pytest.raises(UnreadableFile, match=r"no sheet named 'Clients'.*Read me, Customers"):
        read_customer_file(TWO_SHEETS_XLSX, sheet="Clients")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (22, "22"),
        (22.0, "22"),  # whole numbers as a CSV export writes them, not "22.0"
        (49.9, "49.9"),  # shortest exact form, not 49.899999999999999
        (True, "TRUE"),
        ("=1+1", "=1+1"),
    ],
)
def test_cells_become_the_text_a_csv_export_would_hold(value, text):
    assert cell_text(value) == text


def _zip(path: Path, parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_without_being_inflated(tmp_path):
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (64 << 20)})

    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(UnreadableFile, match="looks like a zip bomb"):
        list(workbook_chunks(bomb))


def test_a_workbook_inflating_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.xlsx"
    _write_workbook(path, {"Sheet1": pd.DataFrame({"customer_id": ["a"] * 10})})

    with pytest.raises(UnreadableFile, match=r"would inflate to 0\.\d+ MB of XML, more than the"):
        list(workbook_chunks(path, limits=WorkbookLimits(max_uncompressed_bytes=1000)))


@pytest.mark.parametrize(
    ("size", "limit", "shown"),
    [
        (1_180_000_000, 1 << 30, ("1,125 MB", "1,024 MB")),
        ((1 << 30) + 1, 1 << 30, ("1,024.000001 MB", "1,024.000000 MB")),
        (1_100_000, 1_000_000, ("1.05 MB", "0.95 MB")),
    ],
)
def test_a_size_over_its_limit_never_reads_the_same_as_the_limit(size, limit, shown):
    from data.xlsx_scan import sizes_apart

    assert sizes_apart(size, limit) == shown


def _write_workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    """A workbook written by XlsxWriter, another library than the reader's."""
    with xlsxwriter.Workbook(path) as workbook:
        for name, frame in sheets.items():
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, list(frame.columns))
            for row, values in enumerate(frame.itertuples(index=False), start=1):
                sheet.write_row(row, 0, list(values))


def _with_sheet_xml(source: Path, target: Path, rewrite) -> Path:
    with zipfile.ZipFile(source) as original:
        parts = {info.filename: original.read(info) for info in original.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = rewrite(parts[name].decode()).encode()
    return _zip(target, parts, zipfile.ZIP_STORED)


def test_a_row_of_a_million_empty_cells_is_read_for_what_it_holds(tmp_path):
    plain = tmp_path / "plain.xlsx"
    _write_workbook(plain, {"Sheet1": pd.read_csv(TWIN_CSV).dropna(how="all")})

    def widen(xml: str) -> str:  # cells without a reference, placed one after the other
        xml = re.sub(r'<dimension ref="[^"]*"/>', "", xml)
        return xml.replace("</row>", "<c/>" * 1_000_000 + "</row>", 1)

    wide = _with_sheet_xml(plain, tmp_path / "wide.xlsx", widen)

    assert len(read_customer_file(wide).valid) == len(read_customer_file(plain).valid) == 8


@pytest.mark.parametrize("claim", ["A1", "A1:F3", "A1:ZZZ2", "A1:BDWGN2", "A1:XFD1048576"])
def test_a_sheets_dimension_claim_is_ignored_and_its_rows_counted_from_the_data(tmp_path, claim):
    plain = tmp_path / "plain.xlsx"
    _write_workbook(plain, {"Sheet1": pd.read_csv(TWIN_CSV).dropna(how="all")})
    claimed = _with_sheet_xml(
        plain,
        tmp_path / "claimed.xlsx",
        lambda xml: re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{claim}"/>', xml),
    )

    result = read_customer_file(claimed)

    assert (len(result.valid), len(result.rejected), result.rows_read) == (8, 0, 8)
    assert list(result.valid.columns[:6]) == list(pd.read_csv(TWIN_CSV).columns[:6])


def test_a_file_that_is_not_a_zip_is_refused_plainly(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .xls")

    with pytest.raises(UnreadableFile, match=r"not an Excel workbook.*not a zip archive"):
        read_customer_file(path)


def test_a_damaged_workbook_is_refused_plainly(tmp_path):
    path = _zip(tmp_path / "damaged.xlsx", {"xl/workbook.xml": b"<not-closed"})

    with pytest.raises(UnreadableFile, match="could not be read as an Excel workbook"):
        read_customer_file(path)


def test_the_download_reopens_with_every_row_money_formatted_and_no_formula_cell():
    frame = pd.DataFrame(
        {
            "customer_id": ['=HYPERLINK("http://x")', "+44 20", "-1", "@SUM(A1)", "plain"],
            "total_expected_cost": [1234.5, 0.0, 17.25, 3.0, float("nan")],
            "churn_probability": [0.5, 0.1, 0.2, 0.3, 0.4],
        }
    )
    data = frame_to_xlsx_bytes(
        {"estimates": frame},
        ColumnFormats(money=("total_expected_cost",), shares=("churn_probability",)),
    )

    sheet = openpyxl.load_workbook(io.BytesIO(data))["estimates"]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == len(frame)
    assert [row[0].value for row in rows] == list(frame["customer_id"])
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[0][1].value == 1234.5 and rows[0][1].number_format == "#,##0.00"
    assert rows[0][2].number_format == "0.00%"
    assert rows[4][1].value is None  # a missing value is an empty cell, not "nan"


def test_the_estimates_workbook_reopens_with_every_row_and_the_segments_adding_up():
    from model.churn.loader import default_model
    from model.money.assumptions import Assumptions
    from model.money.estimate import estimate
    from model.reporting.workbook import estimates_workbook

    customers = read_customer_file(TWIN_CSV).valid
    customers.loc[0, "region"] = "=cmd|' /C calc'!A0"  # a formula-looking text cell
    estimates = estimate(customers, default_model(), Assumptions())
    data = estimates_workbook(estimates)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)

    assert book.sheetnames == [
        "Estimates",
        "Assumptions",
        "by Tenure",
        "by Monthly revenue",
        "by region",
        "by plan",
    ]
    sheet = book["Estimates"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(download_frame(estimates).columns)  # named as the CSV's
    rows = list(cached["Estimates"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(estimates)
    assert [row[0] for row in rows] == list(estimates["customer_id"])
    assert rows[0][header.index("region")] == "=cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=header.index("region") + 1).data_type == "s"
    formulas = {
        header[c.column - 1]
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if c.data_type == "f"
    }
    assert formulas == {*MONEY_FORMULA_COLUMNS}  # our own formulas, nothing else
    total = sum(row[header.index("total_expected_cost")] for row in rows)  # the cached values
    assert total == pytest.approx(estimates["total_expected_cost"].sum())
    money_cell = sheet.cell(row=2, column=header.index("total_expected_cost") + 1)
    assert money_cell.number_format == "#,##0.00"
    for name in book.sheetnames[2:]:
        by = book[name]
        titles = [cell.value for cell in by[1]]
        column = titles.index("total_expected_cost")
        assert sum(r[column] for r in by.iter_rows(min_row=2, values_only=True)) == pytest.approx(
            total
        )


MONEY_FORMULA_COLUMNS = (
    "attributable_churn_probability",
    "clv",
    "expected_lost_clv",
    "expected_departure_cost",
    "word_of_mouth_loss",
    "staff_turnover_cost",
    "service_cost",
    "total_expected_cost",
)


def two_scored_customers() -> pd.DataFrame:
    """Two customers as scoring leaves them, before the money is added."""
    return pd.DataFrame(
        {
            "customer_id": ["A", "B"],
            "monthly_revenue": [50.0, 70.0],
            "tenure_months": [3, 40],
            "outage_hours": [4.0, 0.0],
            "support_calls": [3, 0],
            "unresolved_promises": [1, 0],
            "churn_probability": [0.4, 0.1],
            "baseline_churn_probability": [0.1, 0.1],
        }
    )


def test_the_assumptions_sheet_names_each_value_cell_by_its_json_key():
    from model.money import ASSUMPTION_INFO, Assumptions
    from model.reporting.workbook import estimates_workbook

    estimates = two_scored_customers()
    from model.money import add_costs
    from model.reporting import WorkbookContents

    assumptions = Assumptions(people_told=12)
    priced = add_costs(estimates, assumptions)
    book = openpyxl.load_workbook(
        io.BytesIO(estimates_workbook(WorkbookContents(priced, assumptions)))
    )
    names = book.defined_names
    sheet = book["Assumptions"]
    for key in ASSUMPTION_INFO:
        destination = names[key].attr_text
        cell = sheet[destination.split("!")[1].replace("$", "")]
        assert sheet.cell(row=cell.row, column=1).value == key
    assert sheet[names["people_told"].attr_text.split("!")[1].replace("$", "")].value == 12
    assert sheet[names["prospect_value"].attr_text.split("!")[1].replace("$", "")].value is None


def test_past_the_formula_limit_the_estimates_are_values_with_a_note(monkeypatch):
    import model.batch.workbook as writer
    from model.money import Assumptions, add_costs

    monkeypatch.setattr(writer, "FORMULA_ROWS_MAX", 1)
    frame = two_scored_customers()
    book = openpyxl.load_workbook(
        io.BytesIO(writer.estimates_workbook(add_costs(frame, Assumptions())))
    )
    assert all(c.data_type != "f" for row in book["Estimates"].iter_rows() for c in row)
    notes = [r[1] for r in book["Assumptions"].iter_rows(values_only=True) if r[0] == "Note"]
    assert any("values, not formulas" in note for note in notes)


def test_sheet_names_are_made_valid_and_unique():
    from data.excel_write import sheet_name

    assert sheet_name("by region/zone: [north]?", set()) == "by region_zone_ _north__"
    assert sheet_name("Estimates", {"estimates"}) == "Estimates (2)"
    assert len(sheet_name("x" * 40, set())) == 31


def test_the_sheet_holding_the_customers_is_found_behind_a_notes_sheet():
    from data.excel_read import sheet_holding_customers

    assert sheet_holding_customers(TWO_SHEETS_XLSX) == "Customers"
    assert sheet_holding_customers(LIBREOFFICE_XLSX) == "customers-for-excel"
