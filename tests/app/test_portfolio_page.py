"""The portfolio page and the sidebar's JSON files (AppTest): an upload becomes the portfolio
of every page, broken rows are reported with their reasons, whole-file problems say why, a
reset brings the synthetic customers back, and one session's upload stays its own."""

import io
import json
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from data.export import safe_csv_bytes
from data.template import column_guide_csv, template_csv
from model.cases.synthetic_portfolios import synthetic_portfolio
from model.display import labels
from model.display.format import count, plain
from model.money.assumptions import Assumptions, assumptions_from_dict, assumptions_to_json
from model.money.scenario import Scenario, scenario_from_dict, scenario_to_json
from tests.app.harness import download, metrics, open_app, portfolio_choice, record_downloads, rerun
from ui.state.keys import ASSUMPTION_KEYS, LEVER_KEYS, UPLOADED_PORTFOLIO, UPLOADED_RESULTS

PORTFOLIO = "app_pages/portfolio.py"
OVERVIEW = "app_pages/overview.py"
WHAT_IF = "app_pages/what_if.py"
HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"
REPORT = ["Row", "Column", "Problem"]
CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def upload(app, name: str, content: bytes, label: str = labels.UPLOAD_CUSTOMERS):
    """Put a file in the uploader with this label and run the page, as a user's drop does."""
    uploader = next(u for u in app.file_uploader if u.label == label)
    uploader.set_value((name, content, "application/octet-stream"))
    return rerun(app)


def go(app, page: str):
    app.switch_page(page)
    return rerun(app)


def literal(row: tuple) -> tuple:
    """A row of the report as the user reads it (st.table's markdown escapes undone)."""
    return tuple(re.sub(r"\\(.)", r"\1", cell) if isinstance(cell, str) else cell for cell in row)


def problem_rows(app) -> list[tuple[int, str, str]]:
    """The validation report's table: (row, column, problem) per broken rule."""
    report = [t.value for t in [*app.table, *app.dataframe] if list(t.value.columns) == REPORT]
    assert len(report) == 1, "one validation report on the page"
    return [literal(row) for row in report[0].itertuples(index=False, name=None)]


def texts(elements) -> str:
    return "\n".join(str(element.value) for element in elements)


def distinct_customers(n: int, prefix: str) -> bytes:
    customers = synthetic_portfolio(n, seed=11)
    customers["customer_id"] = [f"{prefix}-{i:04d}" for i in range(n)]
    return safe_csv_bytes(customers)


def test_the_upload_limit_is_set_in_the_config_and_said_on_the_page():
    config = tomllib.loads(CONFIG.read_text())
    assert config["server"]["maxUploadSize"] == 50
    assert config["client"]["toolbarMode"] == "viewer"
    app = open_app(PORTFOLIO)
    limit = st.get_option("server.maxUploadSize")
    assert f"Files up to {limit} MB and 1,500,000 rows, read within 60 s" in texts(app.caption)


def test_the_page_offers_the_template_and_the_column_guide_and_shows_the_guide(monkeypatch):
    record_downloads(monkeypatch)
    app = open_app(PORTFOLIO)
    assert download(app, labels.DOWNLOAD_TEMPLATE) == template_csv()
    assert download(app, labels.DOWNLOAD_COLUMN_GUIDE) == column_guide_csv()
    guide = app.table[0].value
    assert list(guide["column"])[:2] == ["customer_id", "monthly_revenue"]
    assert "column guide" in texts(app.markdown)


def test_uploading_the_template_estimates_its_three_customers_on_every_page():
    app = upload(open_app(PORTFOLIO), "customers-template.csv", template_csv())
    shown = metrics(app)
    assert shown[labels.ROWS_IN_FILE] == "3"
    assert shown[labels.ROWS_ESTIMATED] == "3"
    assert shown[labels.ROWS_REJECTED] == "0"
    assert shown[labels.CUSTOMERS] == "3"
    assert "3 rows in the file = 3 estimated + 0 rejected" in texts(app.markdown)
    assert portfolio_choice(app)[0].value == "uploaded"

    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "3"
    what_if = texts(go(app, WHAT_IF).caption)
    assert f"{plain('customers-template.csv')} (3 customers)" in what_if


def test_the_estimates_download_of_an_upload_holds_its_customers_with_their_estimates(
    monkeypatch,
):
    record_downloads(monkeypatch)
    app = upload(open_app(PORTFOLIO), "mine.csv", distinct_customers(25, "MINE"))
    table = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_ESTIMATES)))
    assert table["customer_id"].tolist() == [f"MINE-{i:04d}" for i in range(25)]
    assert table["total_expected_cost"].notna().all()


def test_a_broken_file_lists_each_rejected_row_with_its_column_and_reason(monkeypatch):
    record_downloads(monkeypatch)
    content = (
        f"{HEADER}\nA,50,12,-5,2,1\nB,60,24,0,0,0\nC,fifty,6,1,1.5,0\nD,1,1,1,1\nB,1,1,1,1,1\n"
    ).encode()
    app = upload(open_app(PORTFOLIO), "broken.csv", content)

    shown = metrics(app)
    assert (shown[labels.ROWS_IN_FILE], shown[labels.ROWS_ESTIMATED]) == ("5", "1")
    assert shown[labels.ROWS_REJECTED] == "4"
    assert "5 rows in the file = 1 estimated + 4 rejected" in texts(app.markdown)
    assert problem_rows(app) == [
        (1, "outage_hours", 'must be a number >= 0, got "-5"'),
        (3, "monthly_revenue", 'must be a number >= 0, got "fifty"'),
        (3, "support_calls", 'must be a whole number >= 0, got "1.5"'),
        (4, "(the whole row)", "has 5 fields, the header has 6"),
        (5, "customer_id", 'must be unique, "B" is already in row 2'),
    ]
    rejected = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_REJECTED)), dtype=str)
    assert rejected["row_number"].tolist() == ["1", "3", "4", "5"]
    assert list(rejected.columns[:3]) == ["row_number", "problems", "customer_id"]
    assert rejected.loc[1, "monthly_revenue"] == "fifty", "the fields as they were read"
    assert metrics(app)[labels.CUSTOMERS] == "1"


def test_after_a_broken_upload_the_app_keeps_working_on_every_page():
    app = upload(
        open_app(PORTFOLIO), "broken.csv", f"{HEADER}\nA,x,1,1,1,1\nB,1,1,1,1,1\n".encode()
    )
    for page in (OVERVIEW, WHAT_IF, "app_pages/case_study.py", PORTFOLIO):
        go(app, page)
    app.slider(key=ASSUMPTION_KEYS["gross_margin"]).set_value(40.0)
    assert metrics(rerun(app))[labels.CUSTOMERS] == "1"
    assert problem_rows(app) == [(1, "monthly_revenue", 'must be a number >= 0, got "x"')]


def test_a_file_missing_a_required_column_shows_why_and_changes_nothing():
    app = upload(open_app(PORTFOLIO), "mine.csv", template_csv())
    missing = (
        "customer_id,monthly_revenue,tenure_months,support_calls,unresolved_promises\nA,1,1,1,1\n"
    )
    upload(app, "no-outages.csv", missing.encode())
    assert plain("Required column outage_hours missing") in texts(app.error)
    assert "the portfolio in use is unchanged" in texts(app.caption)
    assert metrics(app)[labels.CUSTOMERS] == "3", "the earlier upload stays in use"
    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "3"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty.csv is empty"),
        (b"PK\x03\x04\x14\x00binary", "looks like an Excel workbook"),
        (f"{HEADER},outage_hours\n".encode(), "appears more than once in the header"),
    ],
)
def test_whole_file_problems_show_their_message_and_keep_the_synthetic_portfolio(content, message):
    app = upload(open_app(PORTFOLIO), "empty.csv", content)
    assert plain(message) in texts(app.error)
    assert not portfolio_choice(app), "no uploaded portfolio is offered"
    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "1,000"


def test_a_file_whose_every_row_is_rejected_leaves_the_portfolio_unchanged():
    app = upload(open_app(PORTFOLIO), "bad.csv", f"{HEADER}\nA,-1,1,1,1,1\n".encode())
    assert metrics(app)[labels.ROWS_ESTIMATED] == "0"
    assert "No row of the file could be estimated" in texts(app.error)
    assert problem_rows(app) == [(1, "monthly_revenue", 'must be a number >= 0, got "-1"')]
    assert not portfolio_choice(app)


def test_a_file_name_is_shown_literally_not_as_markdown():
    app = upload(open_app(PORTFOLIO), "**big** [x](mailto:e).csv", b"")
    assert plain("**big** [x](mailto:e).csv is empty") in texts(app.error)


def test_reset_forgets_the_upload_and_every_page_is_back_on_the_synthetic_portfolio():
    app = upload(open_app(PORTFOLIO), "mine.csv", template_csv())
    assert portfolio_choice(app)
    next(b for b in app.button if b.label == labels.RESET_TO_SYNTHETIC).click()
    rerun(app)
    assert not portfolio_choice(app)
    assert UPLOADED_PORTFOLIO not in app.session_state
    assert UPLOADED_RESULTS not in app.session_state
    assert all(u.value is None for u in app.file_uploader), "the uploader is empty again"
    assert labels.ROWS_IN_FILE not in metrics(app), "the report is gone"
    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "1,000"


def test_the_same_file_can_be_uploaded_again_after_a_reset():
    app = upload(open_app(PORTFOLIO), "mine.csv", template_csv())
    next(b for b in app.button if b.label == labels.RESET_TO_SYNTHETIC).click()
    rerun(app)
    upload(app, "mine.csv", template_csv())
    assert metrics(app)[labels.CUSTOMERS] == "3"


def test_an_upload_is_scored_in_its_session_and_another_session_never_sees_it(
    monkeypatch, predictions
):
    record_downloads(monkeypatch)
    content = distinct_customers(30, "PRIVATE")
    first = upload(open_app(PORTFOLIO), "private.csv", content)
    go(first, OVERVIEW)
    go(first, WHAT_IF).slider(key=LEVER_KEYS["outage_hours_cut"]).set_value(50.0)
    rerun(first)
    kept = first.session_state[UPLOADED_RESULTS]
    assert {"scored", "attribution"} <= set(kept) and len(kept["scenarios"]) == 1

    second = open_app()
    assert metrics(second)[labels.CUSTOMERS] == "1,000"
    assert not portfolio_choice(second)
    assert UPLOADED_PORTFOLIO not in second.session_state
    estimates = download(second, labels.DOWNLOAD_ESTIMATES).decode()
    assert "PRIVATE-" not in estimates

    predictions.clear()
    go(second, PORTFOLIO)
    upload(second, "same-file.csv", content)
    assert sum(predictions) >= 30, "the same file is scored again: no cache shared by sessions"
    assert metrics(second)[labels.CUSTOMERS] == "30"


def test_loading_an_assumptions_file_sets_the_sidebar_and_the_figures():
    app = open_app()
    before = metrics(app)[labels.SERVICE_COST]
    file = json.dumps({"cost_per_call": 20.0, "gross_margin": 0.5}).encode()
    upload(app, "assumptions.json", file, labels.LOAD_ASSUMPTIONS)
    assert app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).value == 20.0
    assert app.slider(key=ASSUMPTION_KEYS["gross_margin"]).value == 50.0
    assert app.number_input(key=ASSUMPTION_KEYS["people_told"]).value == 9.0, "default"
    assert f"Loaded {plain('assumptions.json')}" in texts(app.sidebar.success)
    assert metrics(app)[labels.SERVICE_COST] != before
    assert app.query_params["cost_per_call"] == "20", "the address follows"


def test_loading_a_scenario_file_sets_the_what_if_levers():
    app = open_app(WHAT_IF)
    file = json.dumps({"promises_kept": 0.5, "outage_hours_cut": 0.25}).encode()
    upload(app, "scenario.json", file, labels.LOAD_SCENARIO)
    assert app.slider(key=LEVER_KEYS["promises_kept"]).value == 50.0
    assert app.slider(key=LEVER_KEYS["outage_hours_cut"]).value == 25.0
    assert metrics(app)[labels.TOTAL_SAVING] != "$0"


@pytest.mark.parametrize(
    ("label", "content", "message"),
    [
        (labels.LOAD_ASSUMPTIONS, {"cost_per_cal": 9.5}, "Unknown assumption key 'cost_per_cal'"),
        (labels.LOAD_ASSUMPTIONS, {"gross_margin": 2}, "gross_margin: must be between 0 and 1"),
        (labels.LOAD_ASSUMPTIONS, {"people_told": "nine"}, "people_told: must be a number"),
        (
            labels.LOAD_ASSUMPTIONS,
            {"annual_discount_rate": 0.8},
            "annual_discount_rate: the dashboard offers 0 to 0.5",
        ),
        (labels.LOAD_ASSUMPTIONS, [1, 2], "must hold a JSON object of assumption keys"),
        (labels.LOAD_ASSUMPTIONS, "{not json", "is not valid JSON"),
        (labels.LOAD_ASSUMPTIONS, "[" * 100_000, "nests too deeply"),
        (labels.LOAD_ASSUMPTIONS, b"\xff\xfe{}", "not a UTF-8 text file"),
        (labels.LOAD_SCENARIO, {"promises_kept": 1.5}, "promises_kept: must be between 0 and 1"),
        (labels.LOAD_SCENARIO, {"fix_everything": 1}, "Unknown scenario lever 'fix_everything'"),
    ],
)
def test_a_bad_settings_file_names_the_key_and_changes_nothing(label, content, message):
    app = open_app(WHAT_IF, cost_per_call="9.5", promises_kept="0.2")
    before = {
        key: app.session_state[key] for key in [*ASSUMPTION_KEYS.values(), *LEVER_KEYS.values()]
    }
    if isinstance(content, bytes | str):
        raw = content.encode() if isinstance(content, str) else content
    else:
        raw = json.dumps(content).encode()
    upload(app, "settings.json", raw, label)
    assert plain(message) in texts(app.sidebar.error)
    after = {key: app.session_state[key] for key in before}
    assert after == before


def test_the_saved_files_are_the_command_lines_and_load_back_unchanged(monkeypatch):
    record_downloads(monkeypatch)
    app = open_app(WHAT_IF, cost_per_call="9.5", deterrence_rate="0.3", promises_kept="0.4")
    saved_assumptions = download(app, labels.SAVE_ASSUMPTIONS)
    saved_scenario = download(app, labels.SAVE_SCENARIO)
    assert saved_assumptions.decode() == assumptions_to_json(
        Assumptions(cost_per_call=9.5, deterrence_rate=0.3)
    )
    assert saved_scenario.decode() == scenario_to_json(Scenario(promises_kept=0.4))
    assert assumptions_from_dict(json.loads(saved_assumptions)).cost_per_call == 9.5
    assert scenario_from_dict(json.loads(saved_scenario)).promises_kept == 0.4

    fresh = open_app(WHAT_IF)
    upload(fresh, "assumptions.json", saved_assumptions, labels.LOAD_ASSUMPTIONS)
    upload(fresh, "scenario.json", saved_scenario, labels.LOAD_SCENARIO)
    assert metrics(fresh) == metrics(app)


def test_the_portfolio_page_shows_the_count_with_thousands_separators():
    app = upload(open_app(PORTFOLIO), "many.csv", distinct_customers(1200, "M"))
    assert metrics(app)[labels.ROWS_ESTIMATED] == count(1200) == "1,200"


def test_a_long_report_scrolls_shows_the_first_5000_rows_and_the_download_holds_all(monkeypatch):
    record_downloads(monkeypatch)
    rows = "".join(f"C{i},-{i},1,1,1,1\n" for i in range(1, 5011))
    app = upload(open_app(PORTFOLIO), "bad.csv", f"{HEADER}\nA,1,1,1,1,1\n{rows}".encode())
    assert metrics(app)[labels.ROWS_REJECTED] == "5,010"
    report = [d.value for d in app.dataframe if list(d.value.columns) == REPORT]
    assert len(report) == 1 and len(report[0]) == 5000, "a scrolling table, first 5,000 rows"
    assert "first 5,000 rejected rows" in texts(app.caption)
    rejected = pd.read_csv(io.BytesIO(download(app, labels.DOWNLOAD_REJECTED)))
    assert len(rejected) == 5010


def test_values_quoted_in_the_report_are_shown_as_written_not_as_markdown():
    content = f"{HEADER}\n**A**,1,1,1,1,1\n**A**,1,1,1,1,1\nB,[x](y),1,1,1,1\n".encode()
    app = upload(open_app(PORTFOLIO), "odd.csv", content)
    report = next(t.value for t in app.table if list(t.value.columns) == REPORT)
    assert report["Problem"].tolist() == [
        plain('must be unique, "**A**" is already in row 1'),
        plain('must be a number >= 0, got "[x](y)"'),
    ]


def test_a_second_upload_replaces_the_first_on_every_page():
    app = upload(open_app(PORTFOLIO), "first.csv", template_csv())
    upload(app, "second.csv", distinct_customers(12, "SECOND"))
    assert metrics(app)[labels.CUSTOMERS] == "12"
    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "12"
    assert plain("second.csv") in texts(app.caption)


def test_choosing_the_synthetic_portfolio_in_the_sidebar_keeps_the_upload_for_later():
    app = upload(open_app(PORTFOLIO), "mine.csv", template_csv())
    portfolio_choice(app)[0].set_value("synthetic")
    rerun(app)
    assert labels.CUSTOMERS not in metrics(app)
    assert labels.UPLOADED_SOURCE in texts(app.info)
    assert metrics(go(app, OVERVIEW))[labels.CUSTOMERS] == "1,000"
    portfolio_choice(app)[0].set_value("uploaded")
    assert metrics(rerun(app))[labels.CUSTOMERS] == "3"
