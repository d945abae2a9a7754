"""The board report: same total as the command line, dated, hashed, escaped, offline."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from model.batch import score_file
from model.commands.report import main
from model.display import labels
from model.money.assumptions import Assumptions
from model.money.scenario import Scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CUSTOMERS = FIXTURES / "customers-for-excel.csv"


def _figure(text: str, key: str) -> float:
    found = re.search(rf'data-key="{key}" data-value="([^"]+)"', text)
    assert found, f"no {key} in the report"
    return float(found.group(1))


def test_the_reports_total_equals_the_command_lines_on_the_same_file_and_settings(tmp_path):
    assumptions = {"people_told": 12, "cost_per_call": 5.0}
    (tmp_path / "a.json").write_text(json.dumps(assumptions))
    status = main(
        [str(CUSTOMERS), "-o", str(tmp_path / "r.html"), "--assumptions", str(tmp_path / "a.json")]
    )
    scored = score_file(CUSTOMERS, tmp_path / "e.csv", Assumptions(**assumptions), Scenario())

    assert status == 0
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert _figure(report, "total_expected_cost") == pytest.approx(
        scored.total_expected_cost, rel=1e-12
    )
    # the two kinds of money, apart, beside their sum, as the command line's summary has them
    assert _figure(report, "service_cost") == pytest.approx(scored.service_cost, rel=1e-12)
    assert _figure(report, "expected_to_be_lost") == pytest.approx(scored.expected_loss, rel=1e-9)
    assert "Expected to be lost" in report and labels.SERVICE_COST in report


def test_the_report_is_dated_carries_the_inputs_sha256_and_counts_its_rows(tmp_path):
    main([str(CUSTOMERS), "-o", str(tmp_path / "r.html")])
    report = (tmp_path / "r.html").read_text(encoding="utf-8")

    assert hashlib.sha256(CUSTOMERS.read_bytes()).hexdigest() in report
    assert re.search(r"Made \d{4}-\d\d-\d\d \d\d:\d\d UTC", report)
    assert "10 rows read: 8 estimated, 0 rejected, 2 blank skipped." in report
    assert "<script src=" not in report  # plotly.js is inside, nothing fetched


def test_the_report_of_an_excel_file_with_a_business_case(tmp_path, capsys):
    (tmp_path / "s.json").write_text(json.dumps({"promises_kept": 1.0}))
    status = main(
        [
            str(FIXTURES / "customers-two-sheets.xlsx"),
            "--sheet",
            "Customers",
            "-o",
            str(tmp_path / "r.html"),
            "--scenario",
            str(tmp_path / "s.json"),
            "--fix-one-off",
            "1000",
            "--fix-per-year",
            "100",
        ]
    )
    report = (tmp_path / "r.html").read_text(encoding="utf-8")

    assert status == 0
    assert "8 customers estimated" in capsys.readouterr().out
    assert "Spend $1,300, save " in report
    assert 'data-key="npv"' in report


def test_text_from_the_users_file_is_escaped(tmp_path):
    rows = pd.read_csv(CUSTOMERS).dropna(how="all")
    rows.loc[0, "customer_id"] = "<script>alert(1)</script>"
    rows.loc[1, "region"] = "<b>North</b>"
    path = tmp_path / "hostile.csv"
    rows.to_csv(path, index=False)
    main([str(path), "-o", str(tmp_path / "r.html")])
    report = (tmp_path / "r.html").read_text(encoding="utf-8")

    assert "<script>alert(1)</script>" not in report
    assert "&lt;b&gt;North&lt;/b&gt;" in report


def test_an_unreadable_input_writes_nothing_and_says_why(tmp_path, capsys):
    status = main([str(tmp_path / "missing.csv"), "-o", str(tmp_path / "r.html")])

    assert status == 2
    assert "No report was written" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_a_model_folder_that_fails_its_checks_is_refused(tmp_path, capsys):
    (tmp_path / "model").mkdir()
    status = main(
        [str(CUSTOMERS), "-o", str(tmp_path / "r.html"), "--model", str(tmp_path / "model")]
    )

    assert status == 2
    assert "No report was written" in capsys.readouterr().err


def test_expected_and_realised_churn_are_reported_when_the_file_says_who_left(tmp_path):
    rows = pd.read_csv(CUSTOMERS).dropna(how="all")
    rows["churned"] = [1, 0, 1, 0, 0, 1, 0, 0]
    path = tmp_path / "history.csv"
    rows.to_csv(path, index=False)
    main([str(path), "-o", str(tmp_path / "r.html")])
    report = (tmp_path / "r.html").read_text(encoding="utf-8")

    assert "Expected against realised churn" in report
    assert "customers to leave and 3 did" in report


def test_without_churned_there_is_no_realised_section(tmp_path):
    main([str(CUSTOMERS), "-o", str(tmp_path / "r.html")])
    assert "Expected against realised" not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_report_module_does_not_import_streamlit():
    import subprocess

    code = "import sys, model.report; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_report_prices_every_failure_in_the_users_words(tmp_path):
    main([str(CUSTOMERS), "-o", str(tmp_path / "r.html")])
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "A price for every failure" in report
    assert "Price of one more unit" in report and "One unit" in report


def test_the_assumptions_table_says_what_retention_and_prospect_value_are_set_or_unset(tmp_path):
    main([str(CUSTOMERS), "-o", str(tmp_path / "unset.html")])
    unset = (tmp_path / "unset.html").read_text(encoding="utf-8")
    assert "each customer's own, from the model" in unset
    assert "the portfolio's median lifetime value" in unset

    (tmp_path / "a.json").write_text(json.dumps({"monthly_retention": 0.985}))
    main(
        [
            str(CUSTOMERS),
            "-o",
            str(tmp_path / "set.html"),
            "--assumptions",
            str(tmp_path / "a.json"),
        ]
    )
    fixed = (tmp_path / "set.html").read_text(encoding="utf-8")
    assert "98.50%" in fixed and "Set for this report" in fixed
    # the retention row no longer borrows the prospect value's words
    row = fixed.split("Monthly retention")[1].split("</tr>")[0]
    assert "mean lifetime value" not in row
