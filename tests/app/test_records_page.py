"""The portfolio page's records import (AppTest): a customer file and a Zendesk ticket export
become the portfolio of every page, the mapping found is shown and can be changed, and the
totals follow the mapping as the command line's do."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from data.export import safe_csv_bytes
from data.records import mapping_from_dict, prepare_records
from data.records.describe import field_words
from data.synthetic import generate_records
from model.display import labels
from model.score import main as score_main
from tests.app.harness import (
    amount,
    download,
    metrics,
    open_app,
    portfolio_choice,
    record_downloads,
    rerun,
)
from ui.portfolio.mapping_editor import DATES_FOUND, DATES_LABEL, NOT_READ, mapping_key
from ui.portfolio.records import DOWNLOAD_MAPPING, UPLOAD_LABELS

PORTFOLIO = "app_pages/portfolio.py"
OVERVIEW = "app_pages/overview.py"
ZENDESK = {
    "ticket_id": "Id", "customer_id": "Requester id", "created_at": "Created at",
    "closed_at": "Solved at", "due_at": "Due date", "reopens": "Reopens", "agent": "Assignee",
    "category": "Tags", "channel": "Via", "handle_minutes": "Agent work time in minutes",
}  # fmt: skip
N = 400


@pytest.fixture(scope="module")
def records():
    made = generate_records(N, seed=21)
    tickets = made["tickets"].rename(columns=ZENDESK)
    return {
        "customers": safe_csv_bytes(made["customers"]),
        "tickets": safe_csv_bytes(tickets),
        "table": made["table"],
    }


def put(app, section: str, name: str, content: bytes):
    uploader = next(u for u in app.file_uploader if u.label == UPLOAD_LABELS[section])
    uploader.set_value((name, content, "text/csv"))
    return rerun(app)


def cli_total(tmp_path, records, mapping=None) -> float:
    """What python -m model.prepare then python -m model.score give for the same files."""
    paths = {}
    for section in ("customers", "tickets"):
        paths[section] = tmp_path / f"{section}.csv"
        paths[section].write_bytes(records[section])
    done = prepare_records(paths, mapping)
    prepared, estimates = tmp_path / "prepared.csv", tmp_path / "estimates.csv"
    done.write_customers(prepared)
    assert score_main([str(prepared), "-o", str(estimates)]) == 0
    return pd.read_csv(estimates)["total_expected_cost"].sum()


def selectbox(app, section: str, field: str):
    """The select box choosing the column of one field (labelled in words: "The agent who
    handled it")."""
    return next(box for box in app.selectbox if box.label == field_words(section, field))


def test_a_crm_file_and_a_zendesk_export_become_the_portfolio_and_a_remap_moves_the_total(
    tmp_path, records, monkeypatch
):
    record_downloads(monkeypatch)
    app = open_app(PORTFOLIO)
    app = put(app, "customers", "crm.csv", records["customers"])
    app = put(app, "tickets", "zendesk.csv", records["tickets"])
    found = app.dataframe[0].value
    tickets = found[found["input"] == "tickets"].set_index("field")
    assert tickets.loc["customer_id", "column"] == "Requester id"
    assert tickets.loc["created_at", "how found"] == "Zendesk export"
    assert tickets.loc["handle_minutes", "column"] == "Agent work time in minutes"
    counts = app.table[0].value
    tickets = counts.loc["ticket log"]
    assert tickets["rows read"] == (
        tickets[["used", "outside the window", "unknown customer", "rejected"]].sum()
    )
    assert metrics(app)[labels.CUSTOMERS] == f"{N:,}"
    before = amount(app, labels.TOTAL_EXPECTED_COST)
    assert before == pytest.approx(cli_total(tmp_path, records), abs=1)

    # The mapping downloaded is the JSON the command line reads.
    saved = mapping_from_dict(json.loads(download(app, DOWNLOAD_MAPPING)))
    assert saved.section("tickets").column("handle_minutes") == "Agent work time in minutes"

    # Handle minutes read from no column: no time on the phone, less service cost.
    selectbox(app, "tickets", "handle_minutes").select(NOT_READ)
    app = rerun(app)
    shown = app.dataframe[0].value.set_index(["input", "field"])
    assert shown.loc[("tickets", "handle_minutes"), ["column", "how found"]].tolist() == [
        "",
        "your choice",
    ]
    app.switch_page(OVERVIEW)
    app = rerun(app)
    after = amount(app, labels.TOTAL_EXPECTED_COST)
    assert after < before
    edited = saved.with_section(
        "tickets", saved.section("tickets").with_column("handle_minutes", None)
    )
    assert after == pytest.approx(cli_total(tmp_path, records, edited), abs=1)
    assert metrics(app)[labels.CUSTOMERS] == f"{N:,}"

    # Back on the portfolio page the files and the choice are still there, and kept.
    app.switch_page(PORTFOLIO)
    app = rerun(app)
    assert selectbox(app, "tickets", "handle_minutes").value == NOT_READ
    assert amount(app, labels.TOTAL_EXPECTED_COST) == after


def test_a_required_field_not_found_says_which_and_the_portfolio_stays_synthetic(records):
    app = open_app(PORTFOLIO)
    crm = pd.DataFrame({"who": ["A"], "revenue": ["5"], "tenure": ["3"]})
    app = put(app, "customers", "crm.csv", safe_csv_bytes(crm))
    app = put(app, "tickets", "zendesk.csv", records["tickets"])
    shown = "\n".join(str(e.value) for e in app.error).replace("\\", "")
    assert "no column found for customer_id" in shown
    assert not portfolio_choice(app)  # nothing uploaded is offered in the sidebar
    # Choosing the column in its select box prepares the one customer.
    selectbox(app, "customers", "customer_id").select("who")
    app = rerun(app)
    assert not app.error
    assert metrics(app)[labels.CUSTOMERS] == "1"


def test_mapping_keys_name_the_input_the_field_and_the_file():
    assert mapping_key("tickets", "agent", "f1") == "records.map.tickets.agent.f1"


def test_the_page_says_how_dates_were_read_and_warns_when_files_disagree(monkeypatch):
    # The ticket log's dates show their month first (7/20/2018); the three join dates of
    # the customer file read either way, so they are read day first: the page says so, and
    # what to do (6/11/2018 read as 6 November is after the window end: that customer is
    # rejected).
    record_downloads(monkeypatch)
    app = open_app(PORTFOLIO)
    crm = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "monthly_revenue": ["20", "10", "5"],
            "customer_since": ["2/2/2018 10:56", "6/11/2018 12:22", "10/8/2016 8:38"],
        }
    )
    tickets = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "created_at": ["7/20/2018 21:57", "2/2/2018 10:56", "8/24/2018 20:41"],
        }
    )
    app = put(app, "customers", "crm.csv", safe_csv_bytes(crm))
    app = put(app, "tickets", "tickets.csv", safe_csv_bytes(tickets))
    assert not app.error
    shown = "\n".join(str(c.value) for c in app.caption).replace("\\", "")
    assert "Dates read as customer file “customer_since”: day/month/year" in shown
    assert "ticket log “created_at”: month/day/year" in shown
    assert "The customer file dates are read day first, the ticket log dates month first" in shown
    assert "choose its format in “Dates in this file” under the mapping" in shown
    assert metrics(app)[labels.CUSTOMERS] == "2"  # B joined on 6 November: after the window

    # Choosing month first for the customer file reads B's 6/11/2018 as 11 June: B is kept,
    # the files agree and the warning goes; the mapping downloaded says so.
    customer_dates = next(
        box for box in app.selectbox if box.label == DATES_LABEL and box.value == DATES_FOUND
    )
    customer_dates.select("month/day/year")
    app = rerun(app)
    assert not app.error
    shown = "\n".join(str(c.value) for c in app.caption).replace("\\", "")
    assert "Dates read as customer file “customer_since”: month/day/year" in shown
    assert "read day first" not in shown
    assert metrics(app)[labels.CUSTOMERS] == "3"
    saved = json.loads(download(app, DOWNLOAD_MAPPING))
    assert saved["customers"]["dates"] == "month/day/year"
