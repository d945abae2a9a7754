"""Uploads in a real browser: headless Chromium puts files in the portfolio page's uploader.

A page reload starts a new Streamlit session (and forgets the upload), so these tests move
between pages with the sidebar's navigation links, as a user does.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from data.export import safe_csv_bytes
from data.synthetic import generate
from data.template import template_csv
from model.display import labels
from model.display.format import parse_money
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    metric,
    metric_text,
    open_page,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot

pytestmark = pytest.mark.browser

HEADER = "customer_id,monthly_revenue,tenure_months,outage_hours,support_calls,unresolved_promises"
BROKEN = (
    f"{HEADER}\nA-1,50,12,-5,2,1\nA-2,60,24,0,0,0\nA-3,fifty,6,1,1.5,0\nA-4,1,1,1,1\n"
    "A-2,1,1,1,1,1\nA-5,80,36,2,1,0\n"
)
BROKEN_REASONS = [
    ("1", "outage_hours", 'must be a number >= 0, got "-5"'),
    ("3", "monthly_revenue", 'must be a number >= 0, got "fifty"'),
    ("3", "support_calls", 'must be a whole number >= 0, got "1.5"'),
    ("4", "(the whole row)", "has 5 fields, the header has 6"),
    ("5", "customer_id", 'must be unique, "A-2" is already in row 2'),
]
#: The heading above the report of an upload (and of nothing else).
REPORT_HEADING = "What your file gave"
#: Reading, validating and scoring 100,000 customers, on a shared test machine.
LARGE_UPLOAD_TIMEOUT_MS = 180_000


UPLOADER = "[data-testid='stMain'] [data-testid='stFileUploader']"


def customer_uploader(page: Page) -> Locator:
    """The portfolio page's uploader of a contract file (the records import has its own)."""
    return page.locator(UPLOADER).filter(has_text=labels.UPLOAD_CUSTOMERS)


def main_uploader(page: Page) -> Locator:
    """The portfolio page's file input (hidden behind its drop zone, as browsers do)."""
    return customer_uploader(page).locator("input[type=file]")


def drop_zone(page: Page) -> Locator:
    return customer_uploader(page).locator("[data-testid='stFileUploaderDropzone']")


def alerts(page: Page) -> Locator:
    """st.error, st.warning, st.info and st.success boxes."""
    return page.locator("[data-testid='stMain'] [data-testid='stAlert']")


def open_portfolio(page: Page) -> None:
    open_page(page, labels.PORTFOLIO_PATH, ready=drop_zone(page))


def upload(page: Page, file: Path | tuple[str, bytes], timeout: float = PAGE_TIMEOUT_MS) -> None:
    """Put a file in the portfolio page's uploader and wait until its report is drawn."""
    if isinstance(file, tuple):
        name, content = file
        main_uploader(page).set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
        )
    else:
        main_uploader(page).set_input_files(file)
    report = page.get_by_role("heading", name=REPORT_HEADING)
    expect(report).to_be_visible(timeout=timeout)  # the page had none before
    wait_idle(page, timeout)


def go_to(page: Page, title: str, ready: Locator | None = None) -> None:
    """Follow the sidebar's link to a page (same session) and wait until it is drawn.

    Waits for the address to change first: `ready` may also be on the page being left.
    """
    link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title)
    path = urlsplit(link.get_attribute("href") or "").path
    link.click()
    expect(page).to_have_url(re.compile(rf"^[^?]*{re.escape(path)}(\?.*)?$"))
    (ready or page.locator("[data-testid='stMain'] h1").first).wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)


def downloaded_csv(page: Page, label: str) -> list[dict[str, str]]:
    with page.expect_download(timeout=PAGE_TIMEOUT_MS) as arrival:
        page.get_by_role("button", name=label).click()
    text = arrival.value.path().read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def json_file(name: str, content: bytes) -> dict:
    return {"name": name, "mimeType": "application/json", "buffer": content}


def customers_file(n: int, seed: int, prefix: str | None = None) -> bytes:
    """`n` synthetic customers as an upload holds them: the contract's columns only."""
    customers = generate(n, seed).drop(columns=["true_churn_probability", "churned"])
    if prefix is not None:
        customers["customer_id"] = [f"{prefix}-{i:05d}" for i in range(n)]
    return safe_csv_bytes(customers)


def test_uploading_the_template_estimates_its_three_customers_on_every_page(
    page: Page, screenshots: Path
):
    open_portfolio(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    save_screenshot(page, screenshots / "portfolio.png")
    upload(page, ("customers-template.csv", template_csv()))

    assert metric_text(page, labels.ROWS_IN_FILE) == "3"
    assert metric_text(page, labels.ROWS_ESTIMATED) == "3"
    assert metric_text(page, labels.ROWS_REJECTED) == "0"
    expect(page.get_by_text("3 rows in the file = 3 estimated + 0 rejected")).to_be_visible()
    assert metric_text(page, labels.CUSTOMERS) == "3"
    assert parse_money(metric_text(page, labels.TOTAL_EXPECTED_COST)) > 0

    go_to(page, "Overview", ready=metric(page, labels.CUSTOMERS))
    assert metric_text(page, labels.CUSTOMERS) == "3"
    expect(page.get_by_text("customers-template.csv (3 customers)")).to_be_visible()
    expect(page.get_by_role("radio", name=labels.UPLOADED_SOURCE)).to_be_checked()


def test_a_broken_upload_shows_each_rejected_row_with_its_reason_and_the_app_stays_usable(
    page: Page, screenshots: Path
):
    open_portfolio(page)
    upload(page, ("broken.csv", BROKEN.encode()))

    assert metric_text(page, labels.ROWS_IN_FILE) == "6"
    assert metric_text(page, labels.ROWS_ESTIMATED) == "2"
    assert metric_text(page, labels.ROWS_REJECTED) == "4"
    expect(page.get_by_text("6 rows in the file = 2 estimated + 4 rejected")).to_be_visible()
    report = page.locator("[data-testid='stTable']").filter(has_text="Problem")
    rows = report.locator("tbody tr")
    expect(rows).to_have_count(len(BROKEN_REASONS))
    for index, cells in enumerate(BROKEN_REASONS):
        shown = [cell.replace(" >= ", " ≥ ") for cell in cells]  # Streamlit's typography
        expect(rows.nth(index).locator("td, th")).to_have_text(shown)
    expect(page.get_by_role("button", name=labels.DOWNLOAD_REJECTED)).to_be_visible()
    save_screenshot(page, screenshots / "portfolio-broken-upload.png")

    rejected = downloaded_csv(page, labels.DOWNLOAD_REJECTED)
    assert [row["row_number"] for row in rejected] == ["1", "3", "4", "5"]

    go_to(page, "Overview", ready=metric(page, labels.CUSTOMERS))
    assert metric_text(page, labels.CUSTOMERS) == "2"
    go_to(page, "What-if", ready=metric(page, labels.TOTAL_SAVING))
    lever = page.get_by_role("slider", name=labels.LEVERS["outage_hours_cut"])
    lever.focus()
    page.keyboard.press("End")
    expect(metric(page, labels.TOTAL_SAVING)).not_to_have_text("$0", timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


def test_a_file_missing_a_column_says_so_and_the_synthetic_portfolio_stays(page: Page):
    open_portfolio(page)
    missing = HEADER.replace(",outage_hours", "") + "\nA,1,1,1,1\n"
    upload(page, ("no-outages.csv", missing.encode()))

    expect(alerts(page).filter(has_text="Required column outage_hours missing")).to_be_visible()
    expect(page.get_by_role("radio", name=labels.UPLOADED_SOURCE)).to_have_count(0)
    go_to(page, "Overview", ready=metric(page, labels.CUSTOMERS))
    assert metric_text(page, labels.CUSTOMERS) == "10,000"


def test_a_100000_row_upload_is_estimated_and_its_download_holds_every_row(
    page: Page, tmp_path: Path
):
    path = tmp_path / "customers-100k.csv"
    path.write_bytes(customers_file(100_000, seed=2024, prefix="BIG"))
    open_portfolio(page)

    started = time.perf_counter()
    upload(page, path, timeout=LARGE_UPLOAD_TIMEOUT_MS)
    expect(metric(page, labels.CUSTOMERS)).to_have_text("100,000", timeout=PAGE_TIMEOUT_MS)
    wait_idle(page, LARGE_UPLOAD_TIMEOUT_MS)
    seconds = time.perf_counter() - started
    print(f"\nUpload, validation and scoring of 100,000 rows in the browser: {seconds:.1f} s")

    assert metric_text(page, labels.ROWS_IN_FILE) == "100,000"
    assert metric_text(page, labels.ROWS_ESTIMATED) == "100,000"
    assert metric_text(page, labels.ROWS_REJECTED) == "0"
    started = time.perf_counter()
    rows = downloaded_csv(page, labels.DOWNLOAD_ESTIMATES)
    print(f"Estimates download of 100,000 rows: {time.perf_counter() - started:.1f} s")
    assert len(rows) == 100_000
    assert [row["customer_id"] for row in rows[:2]] == ["BIG-00000", "BIG-00001"]
    assert len({row["customer_id"] for row in rows}) == 100_000
    total = sum(float(row["total_expected_cost"]) for row in rows)
    assert abs(total - parse_money(metric_text(page, labels.TOTAL_EXPECTED_COST))) <= 1


def test_one_sessions_upload_is_never_shown_to_another_browser_session(new_context):
    mine, theirs = new_context().new_page(), new_context().new_page()
    open_portfolio(mine)
    upload(mine, ("private.csv", customers_file(37, seed=7, prefix="SECRET")))
    go_to(mine, "Overview", ready=metric(mine, labels.CUSTOMERS))
    assert metric_text(mine, labels.CUSTOMERS) == "37"
    assert all(
        row["customer_id"].startswith("SECRET-")
        for row in downloaded_csv(mine, labels.DOWNLOAD_ESTIMATES)
    )

    open_page(theirs, labels.OVERVIEW_PATH, ready=metric(theirs, labels.CUSTOMERS))
    assert metric_text(theirs, labels.CUSTOMERS) == "10,000"
    expect(theirs.get_by_text(labels.UPLOADED_SOURCE)).to_have_count(0)
    expect(theirs.get_by_text("private.csv")).to_have_count(0)
    assert not any(
        row["customer_id"].startswith("SECRET-")
        for row in downloaded_csv(theirs, labels.DOWNLOAD_ESTIMATES)
    )
    go_to(theirs, "Portfolio", ready=drop_zone(theirs))
    expect(metric(theirs, labels.ROWS_IN_FILE)).to_have_count(0)
    expect(theirs.get_by_text("SECRET")).to_have_count(0)
    expect(theirs.get_by_text("private.csv")).to_have_count(0)

    mine.reload()  # a reload is a new session: the upload is gone for it too
    mine.locator("[data-testid='stMain'] h1").first.wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_idle(mine)
    expect(metric(mine, labels.CUSTOMERS)).to_have_text("10,000", timeout=PAGE_TIMEOUT_MS)


def test_an_assumptions_file_loaded_in_the_sidebar_sets_the_values_and_a_bad_one_says_why(
    page: Page,
):
    open_page(page, labels.OVERVIEW_PATH, ready=metric(page, labels.CUSTOMERS))
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(labels.SETTINGS_FILES).click()
    loader = sidebar.locator("[data-testid='stFileUploader']").filter(
        has_text=labels.LOAD_ASSUMPTIONS
    )
    cost_per_call = page.get_by_label(labels.ASSUMPTION_LABELS["cost_per_call"], exact=True)
    service_cost = metric_text(page, labels.SERVICE_COST)

    loader.locator("input[type=file]").set_input_files(
        files=[json_file("mine.json", b'{"cost_per_call": 20}')]
    )
    expect(cost_per_call).to_have_value("20.00", timeout=PAGE_TIMEOUT_MS)
    expect(sidebar.get_by_text("Loaded mine.json into the sidebar.")).to_be_visible()
    expect(metric(page, labels.SERVICE_COST)).not_to_have_text(service_cost)
    expect(page).to_have_url(re.compile(r"[?&]cost_per_call=20(&|$)"))
    wait_idle(page)  # the used uploader is replaced by a fresh one: wait until it is gone
    expect(
        sidebar.locator("[data-testid='stFileUploader']").filter(has_text=labels.LOAD_ASSUMPTIONS)
    ).to_have_count(1, timeout=PAGE_TIMEOUT_MS)

    loader = sidebar.locator("[data-testid='stFileUploader']").filter(
        has_text=labels.LOAD_ASSUMPTIONS
    )
    loader.locator("input[type=file]").set_input_files(
        files=[json_file("bad.json", b'{"cost_per_cal": 9}')]
    )
    expect(sidebar.get_by_text("Unknown assumption key 'cost_per_cal'")).to_be_visible(
        timeout=PAGE_TIMEOUT_MS
    )
    wait_idle(page)
    expect(cost_per_call).to_have_value("20.00")
