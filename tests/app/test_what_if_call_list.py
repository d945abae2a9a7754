"""The What-if page's call list: asks for the success rate, then lists who to call first
as the library chooses them within the budget."""

import re

from model.cases.synthetic_portfolios import synthetic_portfolio
from model.churn.loader import default_model
from model.display import money
from model.explain.call_list import call_list
from model.money import Assumptions, estimate
from tests.app.harness import SMALL, download, metrics, open_app, record_downloads, rerun
from ui.state.keys import CALL_BUDGET, CALL_BUDGET_KIND, CALL_COST, CALL_SAVE_RATE

WHAT_IF = "app_pages/what_if.py"


def test_without_a_success_rate_the_page_asks_for_one():
    app = open_app(WHAT_IF)
    assert any("success rate" in info.value for info in app.info)


def test_the_list_is_the_librarys_within_the_budget():
    app = open_app(WHAT_IF)
    app.number_input(key=CALL_COST).set_value(20.0)
    app.number_input(key=CALL_SAVE_RATE).set_value(30.0)
    app.number_input(key=CALL_BUDGET).set_value(500.0)
    rerun(app)
    today = estimate(synthetic_portfolio(int(SMALL)), default_model(), Assumptions())
    expected = call_list(today, 20.0, 0.3, budget=500.0)
    assert metrics(app)["Contacts"] == str(len(expected.calls))
    assert metrics(app)["Expected saving, net of the contacts"] == money(expected.net_saving)
    listed = next(frame.value for frame in app.dataframe if "Customer" in frame.value.columns)
    assert list(listed["Customer"]) == list(expected.calls["customer_id"])
    # each customer's failures in words, as the report says them, never column names
    why = listed["Failures behind the cost"]
    assert why.str.contains(r"outage hours|support calls|missed promises").any()
    assert not why.str.contains("_").any()


def test_the_report_downloaded_from_the_page_lists_the_pages_calls(monkeypatch):
    record_downloads(monkeypatch)
    app = open_app(WHAT_IF)
    app.number_input(key=CALL_COST).set_value(20.0)
    app.number_input(key=CALL_SAVE_RATE).set_value(30.0)
    app.radio(key=CALL_BUDGET_KIND).set_value("calls")
    rerun(app)
    app.number_input(key=CALL_BUDGET).set_value(7.0)
    rerun(app)
    report = download(app, "Download the board report (HTML)").decode("utf-8")

    today = estimate(synthetic_portfolio(int(SMALL)), default_model(), Assumptions())
    expected = call_list(today, 20.0, 0.3, calls=7)
    section = report[report.index("<h2>Who to call first</h2>") :]
    listed = re.findall(r"<tr>\s*<td>([^<]*)</td>", section[: section.index("</table>")])
    assert listed == list(expected.calls["customer_id"])
    assert "a budget of 7 contacts" in section
