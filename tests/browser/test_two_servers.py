"""Two app servers on one PostgreSQL store (issue 26): nothing shared lives in one process's
memory, so a company can run several behind a load balancer.

Two `streamlit run app.py` servers are started with CHURN_COST_DATABASE_URL naming one new
database on the test PostgreSQL server (tests/store/conftest.py starts it). The first to open
the Trend page makes the demo year; the other shows the same workspace and the same twelve
months. A month saved through the first server's Portfolio page then shows in the second's
Trend page on reload, and the second lists the workspace made through the first.
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Browser, Page, expect

from model.display import labels
from model.store import DATABASE_URL_VARIABLE, DEMO_WORKSPACE
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    WINDOW,
    open_page,
    pick_option,
    running_app,
    wait_idle,
)
from tests.store.conftest import postgres_server, postgres_url  # noqa: F401 (fixtures)
from ui.portfolio.period import NEW_WORKSPACE

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
#: The Trend page opens on its last run once its bridge's table is drawn.
BRIDGE = "The bridge between two periods"


@pytest.fixture
def two_servers(postgres_url):  # noqa: F811 (the fixture imported above)
    store = {DATABASE_URL_VARIABLE: postgres_url}
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(running_app(env=store))
        second = stack.enter_context(running_app(env=store))
        yield first, second


def expect_months_offered(page: Page, months: list[str]) -> None:
    """The bridge's "To" box offers exactly `months`: every period the workspace holds.

    A rerun landing as the list opens can close it or draw it empty, so the list's texts are
    awaited with a retrying assertion, and the list is opened again if it closed.
    """
    box, options = page.get_by_label("To", exact=True), page.get_by_role("option")
    for attempt in range(4):
        wait_idle(page)
        box.click(timeout=PAGE_TIMEOUT_MS)
        try:
            expect(options).to_have_text(months, timeout=PAGE_TIMEOUT_MS // 4)
            return
        except AssertionError:
            if attempt == 3:
                raise
        finally:
            page.keyboard.press("Escape")


def open_trend(page: Page, base: str) -> None:
    page.bring_to_front()  # a page in the background may not open its lists
    open_page(page, f"{base}{labels.TREND_PATH}", ready=page.get_by_text(BRIDGE))


def save_month(page: Page, base: str, workspace: str, month: str, *, new: bool) -> None:
    page.bring_to_front()
    open_page(page, f"{base}{labels.PORTFOLIO_PATH}?customers=1000")
    box = page.get_by_label("Workspace", exact=True)
    pick_option(page, box, NEW_WORKSPACE if new else workspace)
    if new:
        page.get_by_label("New workspace's name", exact=True).fill(workspace)
    page.get_by_label("Month (year-month)", exact=True).fill(month)
    page.get_by_role("button", name="Save as a month of the workspace").click()
    expect(page.get_by_text(f"Saved as {month} of")).to_be_visible(timeout=PAGE_TIMEOUT_MS)


def test_two_servers_on_one_postgresql_store_show_the_same_and_see_each_others_saves(
    two_servers, browser: Browser
):
    first, second = two_servers
    one = browser.new_page(viewport=WINDOW)
    two = browser.new_page(viewport=WINDOW)

    # The first opening makes the demo year in the shared store; the other server sees it.
    for page, base in ((one, first), (two, second)):
        open_trend(page, base)
        expect(page.get_by_label("Workspace", exact=True)).to_have_value(DEMO_WORKSPACE)
        expect_months_offered(page, MONTHS)

    save_month(one, first, DEMO_WORKSPACE, "2027-01", new=False)
    save_month(one, first, "Made on the first server", "2027-02", new=True)

    open_trend(two, second)  # a reload: every figure is read from the store again
    expect(two.get_by_label("To", exact=True)).to_have_value("2027-01")
    expect_months_offered(two, [*MONTHS, "2027-01"])
    pick_option(two, two.get_by_label("Workspace", exact=True), "Made on the first server")
    expect(two.get_by_label("To", exact=True)).to_have_value("2027-02", timeout=PAGE_TIMEOUT_MS)
    one.close()
    two.close()
