"""The dashboard in a real browser: headless Chromium against `streamlit run app.py`.

Widgets and metrics are found by the words of model/display/labels.py, as a user finds them; every
test waits for the app's run to end before it reads a number.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from data.export import FORMULA_PREFIXES
from data.schema import INPUT_COLUMNS, OUTPUT_COLUMNS
from model.display import labels
from model.display.format import parse_money
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    metric,
    metric_text,
    open_page,
    wait_for_change,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot

pytestmark = pytest.mark.browser

MONEY = re.compile(r"^\$\d{1,3}(,\d{3})*$")  # "$1,302,972", as model.display.format.money writes it
COUNT = re.compile(r"^\d{1,3}(,\d{3})*$")  # "10,000"
PERCENT = re.compile(r"^\d{1,3}\.\d%$")  # "23.4%"
CHARTS = ".js-plotly-plot"

HEADLINE_MONEY = (
    labels.EXPECTED_LOST_CLV,
    labels.WORD_OF_MOUTH_LOSS,
    labels.SERVICE_COST,
    labels.TOTAL_EXPECTED_COST,
)
OUTAGE_LEVER = labels.LEVERS["outage_hours_cut"]
PROMISES_LEVER = labels.LEVERS["promises_kept"]


def open_overview(page: Page) -> None:
    open_page(page, labels.OVERVIEW_PATH, ready=metric(page, labels.CUSTOMERS))


def open_what_if(page: Page, query: str = "") -> None:
    open_page(page, labels.WHAT_IF_PATH + query, ready=metric(page, labels.TOTAL_SAVING))


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# First in the file on purpose: it makes the session server's first run, as the recipient of
# a shared link does after a restart (Streamlit treats a server's first run differently).
def test_a_shared_what_if_address_restores_its_scenario_even_for_the_first_visitor(page: Page):
    open_what_if(page, "?outage_hours_cut=0.3&promises_kept=0.5&cost_per_call=9.5")

    expect(page.get_by_role("slider", name=OUTAGE_LEVER)).to_have_value("30")
    expect(page.get_by_role("slider", name=PROMISES_LEVER)).to_have_value("50")
    for name in set(labels.LEVERS) - {"outage_hours_cut", "promises_kept"}:
        expect(page.get_by_role("slider", name=labels.LEVERS[name])).to_have_value("0")
    cost_per_call = page.get_by_label(labels.ASSUMPTION_LABELS["cost_per_call"], exact=True)
    expect(cost_per_call).to_have_value("9.50")
    saving = metric_text(page, labels.TOTAL_SAVING)
    assert MONEY.match(saving)
    assert parse_money(saving) > 0
    query = query_of(page)
    assert query["outage_hours_cut"] == ["0.3"]
    assert query["promises_kept"] == ["0.5"]
    assert query["cost_per_call"] == ["9.5"]
    # A folder named pages/ beside app.py would make Streamlit do a server's first run by
    # its old folder navigation, find no page "what-if" there and show this dialog, which
    # takes the keyboard focus (the page itself is drawn behind it).
    expect(page.get_by_role("dialog").filter(has_text="Page not found")).to_have_count(0)


def test_overview_shows_six_headline_figures_formatted_for_people_and_its_charts(page: Page):
    open_overview(page)

    assert COUNT.match(metric_text(page, labels.CUSTOMERS))
    assert parse_money(metric_text(page, labels.CUSTOMERS)) > 0
    assert COUNT.match(metric_text(page, labels.EXPECTED_CHURNERS))
    for label in HEADLINE_MONEY:
        assert MONEY.match(metric_text(page, label)), f"{label}: {metric_text(page, label)!r}"
    parts = sum(parse_money(metric_text(page, label)) for label in HEADLINE_MONEY[:3])
    total = parse_money(metric_text(page, labels.TOTAL_EXPECTED_COST))
    assert total > 0
    assert abs(parts - total) <= 2, "the three components, each rounded, add up to the total"
    expect(page.locator(CHARTS).nth(1)).to_be_visible()
    for chart in page.locator(CHARTS).all():
        assert (chart.locator(".gtitle").text_content() or "").strip(), "every chart has a title"


def test_pressing_arrow_right_on_a_lever_turns_the_zero_saving_into_a_positive_one(page: Page):
    open_what_if(page)
    assert metric_text(page, labels.TOTAL_SAVING) == "$0"
    lever = page.get_by_role("slider", name=OUTAGE_LEVER)

    for presses in range(1, 4):  # one press a run: a rerun replacing the slider drops a key
        lever.focus()
        page.keyboard.press("ArrowRight")
        expect(lever).to_have_value(str(5 * presses))
        share = f"{5 * presses / 100:g}".replace(".", r"\.")
        expect(page).to_have_url(re.compile(rf"[?&]outage_hours_cut={share}(&|$)"))  # its run
        wait_idle(page)

    wait_for_change(page, labels.TOTAL_SAVING, "$0")
    expect(lever).to_have_value("15")
    expect(page).to_have_url(re.compile(r"[?&]outage_hours_cut=0\.15(&|$)"))
    wait_idle(page)
    saving = metric_text(page, labels.TOTAL_SAVING)
    assert MONEY.match(saving)
    assert parse_money(saving) > 0


def test_estimates_csv_has_every_customer_the_contract_columns_and_no_formula_cells(
    page: Page,
):
    open_overview(page)
    customers = int(parse_money(metric_text(page, labels.CUSTOMERS)))
    total = parse_money(metric_text(page, labels.TOTAL_EXPECTED_COST))

    with page.expect_download(timeout=PAGE_TIMEOUT_MS) as arrival:
        page.get_by_role("button", name=labels.DOWNLOAD_ESTIMATES).click()
    download = arrival.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8")

    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert len(body) == customers
    for name in [column.name for column in INPUT_COLUMNS] + list(OUTPUT_COLUMNS):
        assert name in header, f"{name} missing from the download's columns {header}"
    ids = [row[header.index("customer_id")] for row in body]
    assert len(set(ids)) == customers, "one row per customer"
    risky = [cell for row in body for cell in row if _runs_as_formula(cell)]
    assert not risky, f"cells a spreadsheet would run as formulas: {risky[:5]}"
    column = header.index("total_expected_cost")
    assert abs(sum(float(row[column]) for row in body) - total) <= 1, "sums to the shown total"


def _runs_as_formula(cell: str) -> bool:
    """A cell a spreadsheet would evaluate: a formula prefix on something that is no number."""
    if not cell.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def test_case_study_shows_the_preset_customers_churn_and_costs(page: Page):
    open_page(page, labels.CASE_STUDY_PATH, ready=metric(page, labels.CHURN_PROBABILITY))
    for label in (labels.CHURN_PROBABILITY, labels.BASELINE_CHURN_PROBABILITY):
        expect(metric(page, label)).to_have_text(PERCENT, timeout=PAGE_TIMEOUT_MS)
    for label in HEADLINE_MONEY:
        expect(metric(page, label)).to_have_text(MONEY, timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)

    churn = metric_text(page, labels.CHURN_PROBABILITY)
    baseline = metric_text(page, labels.BASELINE_CHURN_PROBABILITY)
    assert PERCENT.match(churn) and PERCENT.match(baseline)
    assert parse_money(churn) > parse_money(baseline), "the incidents raise the churn"
    costs = {label: metric_text(page, label) for label in HEADLINE_MONEY}
    for label, shown in costs.items():
        assert MONEY.match(shown), f"{label}: {shown!r}"
    parts = sum(parse_money(costs[label]) for label in HEADLINE_MONEY[:3])
    total = parse_money(costs[labels.TOTAL_EXPECTED_COST])
    assert total > 0
    assert abs(parts - total) <= 2
    # Plotly draws after the run has ended, once its script has loaded: in a page of its own
    # that can take longer than expect's 5 s default on a busy machine
    expect(page.locator(CHARTS).nth(1)).to_be_visible(timeout=PAGE_TIMEOUT_MS)


PAGES = {
    "overview": labels.OVERVIEW_PATH,
    "what-if": f"{labels.WHAT_IF_PATH}?outage_hours_cut=0.3&promises_kept=0.5",
    "case-study": labels.CASE_STUDY_PATH,
    "model": labels.MODEL_PATH,
    "methodology": labels.METHODOLOGY_PATH,
    "portfolio": labels.PORTFOLIO_PATH,
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_renders_without_an_error_and_is_photographed(page: Page, screenshots, name):
    open_page(page, PAGES[name])
    expect(page.locator("[data-testid='stMain'] h1").first).not_to_be_empty()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    charts = page.locator(CHARTS)
    for index in range(charts.count()):
        expect(charts.nth(index)).to_be_visible()  # drawn before the picture is taken
    path = save_screenshot(page, screenshots / f"{name}.png")
    assert path.stat().st_size > 10_000
