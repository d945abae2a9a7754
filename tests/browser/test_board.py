"""The board's views in a real browser: a customer explained by a click, the business case,
every case of the sources; each photographed for the issue's note."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from model.display import labels
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    metric,
    metric_text,
    open_page,
    select_row,
    table_row,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot

pytestmark = pytest.mark.browser


def test_clicking_a_costly_customer_explains_that_customer(page: Page, screenshots):
    open_page(page, labels.OVERVIEW_PATH, ready=metric(page, labels.CUSTOMERS))
    search = page.get_by_role("textbox", name="Customer id")
    expect(search).not_to_have_value("", timeout=PAGE_TIMEOUT_MS)
    first = search.input_value()

    grid = page.locator("[data-testid='stDataFrame']").first
    second = table_row(grid, 1).locator("td").first.text_content(timeout=PAGE_TIMEOUT_MS)
    assert second and second != first
    select_row(page, grid, 1)  # the 2nd row
    expect(search).not_to_have_value(first, timeout=PAGE_TIMEOUT_MS)
    expect(search).to_have_value(second, timeout=PAGE_TIMEOUT_MS)  # the rerun it started
    wait_idle(page)

    chosen = search.input_value()
    explained = page.get_by_text("is expected to cost").first
    expect(explained).to_contain_text(chosen, timeout=PAGE_TIMEOUT_MS)
    expect(page.get_by_text("of this customer's expected cost").first).to_be_visible(
        timeout=PAGE_TIMEOUT_MS
    )
    save_screenshot(page, screenshots / "overview-customer-and-segments.png")


def test_the_business_case_says_spend_save_and_payback(page: Page, screenshots):
    open_page(
        page,
        f"{labels.WHAT_IF_PATH}?promises_kept=1&outage_hours_cut=0.3",
        ready=metric(page, labels.TOTAL_SAVING),
    )
    one_off = page.get_by_role("spinbutton", name="One-off cost of the fixes ($)")
    one_off.fill("250000")
    one_off.press("Enter")
    wait_idle(page)
    per_year = page.get_by_role("spinbutton", name="Cost of the fixes per year ($)")
    per_year.fill("50000")
    per_year.press("Enter")
    wait_idle(page)

    expect(page.get_by_text("Spend $400,000, save").first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    assert metric_text(page, "Payback").startswith(("month", "> "))
    save_screenshot(page, screenshots / "what-if-business-case.png")


def test_a_copied_what_if_address_with_fix_costs_reopens_with_the_same_npv(page: Page, new_context):
    open_page(
        page, f"{labels.WHAT_IF_PATH}?promises_kept=1", ready=metric(page, labels.TOTAL_SAVING)
    )
    for name, value in (
        ("One-off cost of the fixes ($)", "150000"),
        ("Cost of the fixes per year ($)", "20000"),
        ("Horizon (years)", "5"),
    ):
        box = page.get_by_role("spinbutton", name=name)
        box.fill(value)
        box.press("Enter")
        wait_idle(page)
    # the address is written at the end of the run that saw the last input
    expect(page).to_have_url(re.compile(r"fix_horizon_years=5"), timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)
    npv = metric_text(page, "Net present value")
    copied = page.url
    assert "fix_one_off=150000" in copied and "fix_per_year=20000" in copied

    other = new_context().new_page()  # another visitor: a fresh session, only the address
    open_page(other, copied, ready=metric(other, "Net present value"))
    assert metric_text(other, "Net present value") == npv
    assert other.get_by_role("spinbutton", name="Horizon (years)").input_value() == "5"


@pytest.mark.parametrize(
    ("case", "shows"),
    [
        ("The neighbour's account", "husband died"),
        ("The school-supplies distributor", "at least 1.5 million dollars a year"),
    ],
)
def test_each_case_of_the_sources_opens_with_its_story(page: Page, screenshots, case, shows):
    open_page(page, labels.CASE_STUDY_PATH, ready=metric(page, labels.CHURN_PROBABILITY))
    page.get_by_role("radio", name=case).click()
    wait_idle(page)

    expect(page.get_by_text(shows).first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    name = "case-neighbour" if "neighbour" in case else "case-school-supplies"
    save_screenshot(page, screenshots / f"{name}.png")
