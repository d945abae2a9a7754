"""`python -m model.score`: every row estimated or rejected with a reason, at any size."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import io as data_io
from data.schema import CUSTOMER_FEATURES, INCIDENT_FEATURES, INPUT_COLUMNS, OUTPUT_COLUMNS
from data.synthetic import generate
from model.batch import score_file
from model.churn.churn_model import ChurnModel
from model.churn.shapley import default_players
from model.commands.score import main
from model.money.assumptions import load_assumptions
from tests.golden import GOLDEN_CASES

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"
GOOD = "A,50,12,3,2,1\nB,60,24,0,0,0\n"


def run(tmp_path: Path, content: bytes | str, name="in.csv", *extra: str):
    source = tmp_path / name
    source.write_bytes(content.encode() if isinstance(content, str) else content)
    out, errors = tmp_path / "out.csv", tmp_path / "errors.csv"
    code = main([str(source), "-o", str(out), "--errors", str(errors), *extra])
    read = lambda p: pd.read_csv(p, keep_default_na=False) if p.exists() else None  # noqa: E731
    return code, read(out), read(errors)


def data_records(content: str, separator=",") -> int:
    """Rows in a CSV as a spreadsheet counts them: records under the header, blank lines aside."""
    rows = [r for r in csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=separator) if r]
    return len(rows) - 1


BROKEN_FILES = {
    "text in a number column": (
        f"{HEADER}\nZ,fifty,12,3,2,1\n{GOOD}",
        'monthly_revenue: must be a number >= 0, got "fifty"',
    ),
    "negative hours": (
        f"{HEADER}\nA,50,12,-5,2,1\n{GOOD.replace('A,', 'Z,')}",
        'outage_hours: must be a number >= 0, got "-5"',
    ),
    "duplicate customer_id": (
        f"{HEADER}\n{GOOD}A,1,1,1,1,1\n",
        'customer_id: must be unique, "A" is already in row 1',
    ),
    "empty customer_id": (f"{HEADER}\n{GOOD},1,1,1,1,1\n", "customer_id: must not be empty"),
    "NaN": (
        f"{HEADER}\n{GOOD}C,NaN,1,1,1,1\n",
        'monthly_revenue: must be a number >= 0, got "NaN"',
    ),
    "inf": (f"{HEADER}\n{GOOD}C,1,inf,1,1,1\n", 'tenure_months: must be a number >= 0, got "inf"'),
    "a 0/1 column holding 7": (
        f"{HEADER},regulator_complaint\nA,1,1,1,1,1,7\nB,1,1,1,1,1,0\n",
        'regulator_complaint: must be 0 or 1, got "7"',
    ),
    "a row with too many fields": (
        f"{HEADER}\n{GOOD}C,1,1,1,1,1,9\n",
        "row: has 7 fields, the header has 6",
    ),
    "a fractional call count": (
        f"{HEADER}\n{GOOD}C,1,1,1,2.5,1\n",
        'support_calls: must be a whole number >= 0, got "2.5"',
    ),
}


@pytest.mark.parametrize("name", BROKEN_FILES)
def test_broken_rows_are_rejected_with_their_reason_and_the_rest_estimated(tmp_path, name, capsys):
    content, message = BROKEN_FILES[name]
    code, out, errors = run(tmp_path, content)
    assert code == 1
    assert message in errors["problems"].tolist()
    assert len(out) + len(errors) == data_records(content)
    assert "1 rejected" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "missing column",
            "customer_id,monthly_revenue,tenure_months,support_calls,"
            "unresolved_promises\nA,1,1,1,1\n",
            "Required column outage_hours missing",
        ),
        ("empty file", "", "is empty"),
        ("blank lines only", "\n\n", "is empty"),
        ("not a CSV", b"PK\x03\x04\x14\x00\x06\x00binary", "looks like an Excel workbook"),
        ("binary", b"\x00\x01\x02\x03", "not a text file"),
        ("repeated header", f"{HEADER},outage_hours\nA,1,1,1,1,1,1\n", "appears more than once"),
    ],
)
def test_files_that_cannot_be_read_exit_2_with_a_plain_message(
    tmp_path, capsys, name, content, message
):
    code, _, _ = run(tmp_path, content)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and "Traceback" not in err


def test_a_missing_input_file_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "there is no such file" in capsys.readouterr().err


def test_a_header_only_file_writes_an_empty_estimate_and_exits_0(tmp_path, capsys):
    code, out, errors = run(tmp_path, HEADER + "\n")
    assert code == 0 and len(out) == 0 and len(errors) == 0
    assert "Read 0 rows" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("semicolons", f"{HEADER.replace(',', ';')}\nA;50;12;3;2;1\nB;60;24;0;0;0\n"),
        ("UTF-8 BOM", "\ufeff" + f"{HEADER}\n{GOOD}"),
        ("CRLF line ends", f"{HEADER}\n{GOOD}".replace("\n", "\r\n")),
        (
            "columns in another order and case",
            "Tenure_Months,CUSTOMER_ID,outage_hours,"
            "support_calls,unresolved_promises,monthly_revenue\n12,A,3,2,1,50\n24,B,0,0,0,60\n",
        ),
    ],
)
def test_common_csv_variants_are_read(tmp_path, name, content):
    code, out, errors = run(tmp_path, content)
    assert code == 0, errors
    assert out["customer_id"].tolist() == ["A", "B"]


def test_quoted_newlines_stay_in_their_field_and_row_numbers_count_records(tmp_path):
    content = f'{HEADER},note\nA,50,12,3,2,1,"two\nlines"\nB,-1,1,1,1,1,"x, y"\nC,1,1,1,1,1,z\n'
    code, out, errors = run(tmp_path, content)
    assert code == 1
    assert out["note"].tolist() == ["two\nlines", "z"]
    assert errors["row_number"].tolist() == [2]
    assert errors["note"].tolist() == ["x, y"]


def test_the_estimate_has_the_contract_columns_and_formula_cells_are_neutralised(tmp_path):
    content = f'{HEADER},note\nA,50,12,3,2,1,=1+2\nB,60,24,0,0,0,"@SUM(A1)"\nC,1,1,0,0,0,-3\n'
    code, out, _ = run(tmp_path, content)
    assert code == 0
    expected = [c.name for c in INPUT_COLUMNS] + ["note", *OUTPUT_COLUMNS]
    assert list(out.columns) == expected
    assert out["note"].tolist() == ["'=1+2", "'@SUM(A1)", "'-3"]
    assert pd.api.types.is_float_dtype(out["total_expected_cost"])
    assert pd.api.types.is_integer_dtype(out["support_calls"])


def test_rejected_fields_that_look_like_formulas_are_neutralised_too(tmp_path):
    _, _, errors = run(tmp_path, f"{HEADER}\n=cmd(),1,1,1,1,x\n{GOOD}")
    assert errors["customer_id"].tolist() == ["'=cmd()"]


def test_parquet_input_and_output_work_like_csv(tmp_path):
    customers = generate(300, 4).drop(columns=["true_churn_probability", "churned"])
    source = tmp_path / "in.parquet"
    customers.to_parquet(source)
    out = tmp_path / "out.parquet"
    assert main([str(source), "-o", str(out)]) == 0
    estimates = pd.read_parquet(out)
    assert estimates["customer_id"].tolist() == customers["customer_id"].tolist()
    assert (estimates["total_expected_cost"] >= 0).all()


class _GoldenEstimator:
    """Returns a golden case's churn for a customer with incidents, its baseline without."""

    def __init__(self, churn: float, baseline: float):
        self.churn, self.baseline = churn, baseline

    def predict_proba(self, matrix):
        incidents = (matrix[:, len(CUSTOMER_FEATURES) :] != 0).any(axis=1)
        p = np.where(incidents, self.churn, self.baseline)
        return np.column_stack([1 - p, p])


@pytest.mark.parametrize("case", GOLDEN_CASES, ids=[c["name"][:40] for c in GOLDEN_CASES])
def test_the_command_line_prices_golden_customers_like_the_hand_worked_cases(tmp_path, case):
    """The case's two probabilities come from a model that returns them; the money is the CLI's."""
    (tmp_path / "a.json").write_text(json.dumps(case["assumptions"]))
    (tmp_path / "in.csv").write_text(pd.DataFrame([case["customer"]]).to_csv(index=False))
    model = ChurnModel(
        _GoldenEstimator(case["churn_probability"], case["baseline_churn_probability"]), card={}
    )
    report = score_file(
        tmp_path / "in.csv",
        tmp_path / "out.csv",
        load_assumptions(tmp_path / "a.json"),
        model=model,
        explain=True,
    )
    assert report.estimated == 1
    row = pd.read_csv(tmp_path / "out.csv").iloc[0]
    for column, expected in case["expected"].items():
        assert row[column] == pytest.approx(expected, abs=0.005), column
    explained = [c for c in row.index if c.startswith("cost_from_")]
    assert sum(row[c] for c in explained) == pytest.approx(row["total_expected_cost"], abs=0.01)


def test_explain_adds_one_cost_column_per_incident_summing_to_the_total(tmp_path):
    customers = generate(200, 9).drop(columns=["true_churn_probability", "churned"])
    (tmp_path / "in.csv").write_text(customers.to_csv(index=False))
    assert main([str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv"), "--explain"]) == 0
    out = pd.read_csv(tmp_path / "out.csv")
    explained = [c for c in out.columns if c.startswith("cost_from_")]
    assert explained == [f"cost_from_{name}" for name in default_players()]
    assert not any(c.startswith("__") for c in out.columns)
    assert (out[explained].sum(axis=1) - out["total_expected_cost"]).abs().max() < 0.01
    for feature in INCIDENT_FEATURES:
        assert (out.loc[out[feature] == 0, f"cost_from_{feature}"] == 0).all()


def test_bad_assumption_or_scenario_files_exit_2_naming_the_key(tmp_path, capsys):
    (tmp_path / "a.json").write_text('{"gross_margn": 0.5}')
    code, _, _ = run(
        tmp_path, f"{HEADER}\n{GOOD}", "in.csv", "--assumptions", str(tmp_path / "a.json")
    )
    assert code == 2 and "Unknown assumption key 'gross_margn'" in capsys.readouterr().err
    (tmp_path / "s.json").write_text('{"promises_kept": 2}')
    code, _, _ = run(
        tmp_path, f"{HEADER}\n{GOOD}", "in.csv", "--scenario", str(tmp_path / "s.json")
    )
    assert code == 2 and "promises_kept: must be between 0 and 1" in capsys.readouterr().err


def test_a_scenario_file_lowers_the_total(tmp_path, capsys):
    customers = generate(2_000, 8).drop(columns=["true_churn_probability", "churned"])
    content = customers.to_csv(index=False)
    run(tmp_path, content)
    today = capsys.readouterr().out
    (tmp_path / "s.json").write_text('{"outage_hours_cut": 0.5, "promises_kept": 1}')
    run(tmp_path, content, "in.csv", "--scenario", str(tmp_path / "s.json"))
    fixed = capsys.readouterr().out
    assert total_of(fixed) < total_of(today)


def total_of(summary: str) -> float:
    return float(summary.split("Total expected cost: ")[1].split()[0].replace(",", ""))


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(data_io, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(data_io, "CHUNK_ROWS", 50)


def test_chunked_files_keep_input_order_find_duplicates_across_chunks_and_lose_nothing(
    tmp_path, small_chunks
):
    customers = generate(1_000, 2).drop(columns=["true_churn_probability", "churned"])
    customers.loc[900, "customer_id"] = customers.loc[3, "customer_id"]
    customers.loc[500, "outage_hours"] = -1
    content = customers.to_csv(index=False)
    content += "C9999999,1,1,1,1,1,1,1,1,1,1,extra\n"  # malformed, after many chunks
    code, out, errors = run(tmp_path, content)
    assert code == 1
    assert errors["row_number"].tolist() == [501, 901, 1001]
    assert "already in row 4" in errors["problems"].iloc[1]
    expected_ids = customers.drop(index=[500, 900])["customer_id"].tolist()
    assert out["customer_id"].tolist() == expected_ids
    assert len(out) + len(errors) == data_records(content)


def test_chunked_and_whole_file_estimates_are_identical(tmp_path, monkeypatch):
    customers = generate(600, 6).drop(columns=["true_churn_probability", "churned"])
    content = customers.to_csv(index=False)
    _, whole, _ = run(tmp_path, content)
    monkeypatch.setattr(data_io, "CHUNK_BYTES", 2048)
    _, chunked, _ = run(tmp_path, content)
    pd.testing.assert_frame_equal(whole, chunked)


def test_a_fresh_process_prints_one_summary_line_and_no_traceback(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"{HEADER}\n{GOOD}C,x,1,1,1,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "model.score", str(source), "-o", str(tmp_path / "o.csv")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "Read 3 rows: 2 estimated, 1 rejected. Total expected cost: "
        + done.stdout.split("Total expected cost: ")[1].strip()
    )
    assert "Traceback" not in done.stderr and 'got "x"' in done.stderr


cell = st.one_of(
    st.sampled_from(["0", "1", "2.5", "-1", "", "x", "nan", "1e3", " 7 ", "TRUE", "=1", '"q,"']),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=4
    ),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(cell, min_size=5, max_size=8), max_size=12))
def test_for_any_file_rows_estimated_plus_rows_rejected_equals_rows_read(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADER.split(","), "regulator_complaint"])
    writer.writerows(rows)
    content = buffer.getvalue()
    code, out, errors = run(tmp_path, content)
    assert code in (0, 1)
    assert len(out) + len(errors) == data_records(content)
    assert sorted(errors["row_number"]) == sorted(set(errors["row_number"]))


def test_the_summary_shows_money_already_spent_and_money_expected_to_be_lost_beside_their_sum(
    tmp_path, capsys
):
    customers = generate(50, 4).drop(columns=["true_churn_probability", "churned"])
    code, out, _ = run(tmp_path, customers.to_csv(index=False))
    summary = capsys.readouterr().out
    assert code == 0
    handling, total = out["service_cost"].sum(), out["total_expected_cost"].sum()
    assert f"Total expected cost: {total:,.2f} US dollars" in summary
    assert f"{total - handling:,.2f} expected to be lost" in summary
    assert f"+ {handling:,.2f} already spent handling the failures." in summary


def test_an_xlsx_output_is_the_dashboards_workbook_and_opens_as_a_spreadsheet(tmp_path):
    import openpyxl

    from model.reporting import estimates_workbook

    customers = generate(40, 8).drop(columns=["true_churn_probability", "churned"])
    source = tmp_path / "in.csv"
    source.write_text(customers.to_csv(index=False))
    assert main([str(source), "-o", str(tmp_path / "estimates.xlsx")]) == 0
    assert main([str(source), "-o", str(tmp_path / "estimates.csv")]) == 0

    book = openpyxl.load_workbook(tmp_path / "estimates.xlsx", read_only=True)
    assert book.sheetnames[:2] == ["Estimates", "Assumptions"] and "by Tenure" in book.sheetnames
    from_xlsx = pd.read_excel(
        tmp_path / "estimates.xlsx", sheet_name="Estimates", engine="openpyxl"
    )
    from_csv = pd.read_csv(tmp_path / "estimates.csv", keep_default_na=False)
    assert from_xlsx["customer_id"].astype(str).tolist() == from_csv["customer_id"].tolist()
    assert from_xlsx["total_expected_cost"].sum() == pytest.approx(
        from_csv["total_expected_cost"].sum(), rel=1e-9
    )
    dashboard = openpyxl.load_workbook(io.BytesIO(estimates_workbook(from_csv)), read_only=True)
    assert book.sheetnames == dashboard.sheetnames


@pytest.mark.parametrize("name", ["estimates.txt", "estimates.xls", "estimates"])
def test_an_output_suffix_the_command_does_not_write_stops_with_exit_2_and_writes_nothing(
    tmp_path, capsys, name
):
    source = tmp_path / "in.csv"
    source.write_text(f"{HEADER}\n{GOOD}")
    assert main([str(source), "-o", str(tmp_path / name)]) == 2
    assert not (tmp_path / name).exists()
    assert ".csv, .parquet, .xlsx" in capsys.readouterr().err


def test_the_scenarios_estimates_keep_the_customers_own_incidents_and_add_the_scenarios(
    tmp_path,
):
    customers = generate(200, 9).drop(columns=["true_churn_probability", "churned"])
    (tmp_path / "s.json").write_text('{"outage_hours_cut": 1, "promises_kept": 1}')
    code, out, _ = run(
        tmp_path, customers.to_csv(index=False), "in.csv", "--scenario", str(tmp_path / "s.json")
    )
    assert code == 0
    assert out["outage_hours"].tolist() == pytest.approx(customers["outage_hours"].tolist())
    assert out["unresolved_promises"].tolist() == customers["unresolved_promises"].tolist()
    assert (out["outage_hours_with_fixes"] == 0).all()
    assert (out["unresolved_promises_with_fixes"] == 0).all()
    assert not any(column.startswith("own__") for column in out.columns)


def test_the_dask_engine_refuses_an_xlsx_output_with_exit_2(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text(f"{HEADER}\n{GOOD}")
    assert main([str(source), "-o", str(tmp_path / "o.xlsx"), "--engine", "dask"]) == 2
    assert "not an .xlsx workbook" in capsys.readouterr().err
    assert not (tmp_path / "o.xlsx").exists()
