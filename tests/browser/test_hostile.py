"""Hostile input in a real browser: a page address that is markdown, a file of ten million
rows, names that are HTML, and a visitor who leaves while their upload is read."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_server import PAGE_TIMEOUT_MS, open_page, wait_idle
from tests.browser.screenshots import save_screenshot
from tests.browser.test_upload import alerts, main_uploader, open_portfolio, upload
from tests.hostile import (
    customer_rows,
    markdown_in_names,
    sheet_xml,
    ten_million_rows_parquet,
    workbook,
)

pytestmark = pytest.mark.browser

ELSEWHERE = "example.invalid"


def _elsewhere(url: str) -> bool:
    """Whether a request goes to the attacker's host (not ours with it in its query)."""
    return (urlsplit(url).hostname or "").endswith(ELSEWHERE)


def _readers() -> list[psutil.Process]:
    """Upload readers (data/bounded_read.py) running under this test session's server."""
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            if "data.bounded_read" in " ".join(process.cmdline()):
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def test_markdown_in_the_page_address_shows_as_text_and_fetches_nothing(page: Page, screenshots):
    asked_elsewhere = []
    page.on("request", lambda r: asked_elsewhere.append(r.url) if _elsewhere(r.url) else None)
    link = f"[Session expired: sign in again](http://{ELSEWHERE})"
    image = f"![x](http://{ELSEWHERE}/pixel.png)"

    open_page(page, f"?customers=1000&gross_margin={link}&people_told={image}")

    sidebar = page.locator("[data-testid='stSidebar']")
    warning = sidebar.locator("[data-testid='stAlert']").filter(has_text="gross_margin")
    expect(warning).to_contain_text(link)  # the text itself, brackets and address shown
    expect(
        sidebar.locator("[data-testid='stAlert']").filter(has_text="people_told")
    ).to_contain_text(image)
    assert page.locator(f"a[href*='{ELSEWHERE}']").count() == 0
    assert page.locator(f"img[src*='{ELSEWHERE}']").count() == 0
    save_screenshot(page, screenshots / "hostile-page-address.png")
    assert asked_elsewhere == []


def test_ten_million_rows_in_a_small_parquet_file_are_refused_before_they_are_read(
    page: Page, screenshots
):
    open_portfolio(page)
    started = time.monotonic()
    main_uploader(page).set_input_files(
        files=[
            {
                "name": "ten-million.parquet",
                "mimeType": "application/octet-stream",
                "buffer": ten_million_rows_parquet(),
            }
        ]
    )
    refusal = alerts(page).filter(has_text="holds 10,000,000 rows")
    expect(refusal).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(refusal).to_contain_text("the Methodology page says how")  # no command on a page
    wait_idle(page)
    assert time.monotonic() - started < 30  # the footer is read, not the rows
    save_screenshot(page, screenshots / "hostile-ten-million-rows.png")


def test_names_and_cells_that_are_html_show_as_text_in_the_page_and_its_charts(
    page: Page, screenshots
):
    asked_elsewhere = []
    page.on("request", lambda r: asked_elsewhere.append(r.url) if _elsewhere(r.url) else None)
    open_portfolio(page)
    upload(page, ("[name](http://example.invalid).csv", markdown_in_names()))
    expect(page.get_by_text("Every row is estimated.")).to_be_visible()
    expect(
        page.get_by_text("[name](http://example.invalid).csv", exact=False).first
    ).to_be_visible()
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Overview").click()
    segments = page.get_by_text("Segment by")
    segments.wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)
    choices = page.locator("[data-testid='stButtonGroup'] button")  # the segment chooser
    choices.filter(has_text="[Session expired: sign in again](http").click()
    wait_idle(page)
    chart = page.locator(".js-plotly-plot").filter(has_text="Expected cost by")
    expect(chart.get_by_text("<b>bold</b>").first).to_be_visible()  # the segment, as text
    assert page.locator(f"a[href*='{ELSEWHERE}']").count() == 0
    assert page.locator(f"img[src*='{ELSEWHERE}'], image[href*='{ELSEWHERE}']").count() == 0
    save_screenshot(page, screenshots / "hostile-names-on-the-overview.png")
    assert asked_elsewhere == []


def test_an_upload_whose_visitor_leaves_is_stopped_with_its_reader(page: Page):
    big = workbook([("Customers", sheet_xml(customer_rows(300_000)))])
    open_portfolio(page)
    main_uploader(page).set_input_files(
        files=[{"name": "slow.xlsx", "mimeType": "application/octet-stream", "buffer": big}]
    )
    deadline = time.monotonic() + 30
    while not _readers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _readers(), "the upload is being read in a child process"

    page.close()  # the visitor leaves while it is read

    deadline = time.monotonic() + 10
    while _readers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _readers(), "the reader was stopped when its visitor left"
