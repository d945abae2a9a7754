"""Records in a real browser: a customer file and a Zendesk ticket export uploaded on the
portfolio page, the mapping shown, one column remapped, and the Overview's total follows
(the same as `churn-cost prepare` then `churn-cost score` with that mapping)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from data.export import safe_csv_bytes
from data.records import prepare_records
from data.records.describe import field_words
from data.synthetic import generate_records
from model.display import labels
from model.display.format import parse_money
from model.score import main as score_main
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    metric,
    metric_text,
    pick_option,
    wait_for_change,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot
from tests.browser.test_upload import go_to, open_portfolio
from ui.portfolio.mapping_editor import NOT_READ
from ui.portfolio.records import UPLOAD_LABELS

pytestmark = pytest.mark.browser

ZENDESK = {
    "ticket_id": "Id", "customer_id": "Requester id", "created_at": "Created at",
    "closed_at": "Solved at", "due_at": "Due date", "reopens": "Reopens", "agent": "Assignee",
    "category": "Tags", "channel": "Via", "handle_minutes": "Agent work time in minutes",
}  # fmt: skip
N = 300
PHONE = {"width": 390, "height": 844}


def records_files(folder: Path) -> dict[str, Path]:
    made = generate_records(N, seed=33)
    files = {"customers": folder / "crm.csv", "tickets": folder / "zendesk-tickets.csv"}
    files["customers"].write_bytes(safe_csv_bytes(made["customers"]))
    files["tickets"].write_bytes(safe_csv_bytes(made["tickets"].rename(columns=ZENDESK)))
    return files


def cli_total(files: dict[str, Path], folder: Path, drop_handle: bool) -> float:
    done = prepare_records(files)
    if drop_handle:
        tickets = done.mapping.section("tickets").with_column("handle_minutes", None)
        done = prepare_records(files, done.mapping.with_section("tickets", tickets))
    prepared, estimates = folder / "prepared.csv", folder / "estimates.csv"
    done.write_customers(prepared)
    assert score_main([str(prepared), "-o", str(estimates)]) == 0
    return pd.read_csv(estimates)["total_expected_cost"].sum()


def upload(page: Page, section: str, path: Path) -> None:
    uploader = page.locator("[data-testid='stFileUploader']").filter(
        has_text=UPLOAD_LABELS[section]
    )
    uploader.locator("input[type=file]").set_input_files(path)
    expect(page.get_by_text(f"In use: {path.name}").or_(page.get_by_text(path.name)).first)
    wait_idle(page)


def mapping_box(page: Page, section: str, field: str):
    """The select box of one field: a combobox whose value is the column chosen."""
    return page.get_by_role("combobox", name=field_words(section, field), exact=True)


def test_records_uploaded_mapping_shown_one_column_remapped_and_the_total_follows(
    page: Page, screenshots: Path, tmp_path: Path
):
    files = records_files(tmp_path)
    open_portfolio(page)
    upload(page, "customers", files["customers"])
    upload(page, "tickets", files["tickets"])
    expect(page.get_by_text(f"{N} customers prepared")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(page.get_by_text("The mapping in use")).to_be_visible()
    counts = page.locator("[data-testid='stTable']").filter(has_text="outside the window")
    expect(counts.locator("tbody tr")).to_have_count(2)  # customers, tickets
    page.get_by_text("Edit the mapping of the ticket log").click()
    box = mapping_box(page, "tickets", "handle_minutes")
    expect(box).to_have_value("Agent work time in minutes")
    expect(mapping_box(page, "tickets", "customer_id")).to_have_value("Requester id")

    go_to(page, "Overview", ready=metric(page, labels.CUSTOMERS))
    assert metric_text(page, labels.CUSTOMERS) == f"{N:,}"
    before = metric_text(page, labels.TOTAL_EXPECTED_COST)
    assert parse_money(before) == pytest.approx(cli_total(files, tmp_path, False), abs=1)

    go_to(page, "Portfolio")
    page.get_by_text("Edit the mapping of the ticket log").click()
    box = mapping_box(page, "tickets", "handle_minutes")
    expect(box).to_have_value("Agent work time in minutes")  # kept across pages
    pick_option(page, box, NOT_READ)
    wait_idle(page)
    expect(mapping_box(page, "tickets", "handle_minutes")).to_have_value(NOT_READ)
    expect(page.get_by_text(f"{N} customers prepared")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    save_screenshot(page, screenshots / "records-portfolio.png")
    page.set_viewport_size(PHONE)
    try:
        save_screenshot(page, screenshots / "records-portfolio-phone.png")
    finally:
        page.set_viewport_size({"width": 1400, "height": 1000})

    go_to(page, "Overview", ready=metric(page, labels.CUSTOMERS))
    after = wait_for_change(page, labels.TOTAL_EXPECTED_COST, before)
    # No handle minutes: no time on the phone, so less handling cost and less churn.
    assert parse_money(after) < parse_money(before)
    assert parse_money(after) == pytest.approx(cli_total(files, tmp_path, True), abs=1)
    save_screenshot(page, screenshots / "records-overview.png")
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
