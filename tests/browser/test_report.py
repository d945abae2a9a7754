"""The board report opens offline in headless Chromium with every chart drawn."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from model.commands.report import main as report_main
from tests.browser.app_server import PAGE_TIMEOUT_MS

pytestmark = pytest.mark.browser

CUSTOMERS = "tests/fixtures/customers-for-excel.csv"


def test_the_report_draws_every_chart_without_a_network(page: Page, tmp_path, screenshots):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"promises_kept": 1.0, "outage_hours_cut": 0.5}))
    report = tmp_path / "report.html"
    status = report_main(
        [
            CUSTOMERS,
            "-o",
            str(report),
            "--scenario",
            str(scenario),
            "--fix-one-off",
            "2000",
            "--fix-per-year",
            "500",
        ]
    )
    assert status == 0

    requested = []

    def offline(route):
        requested.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", offline)
    page.goto(report.as_uri())

    charts = page.locator(".plotly-graph-div")
    expect(charts.first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    total = charts.count()
    # components, root causes, a chart per segmentation (tenure, revenue, region, plan),
    # the saving and the business case's cash flow
    assert total == 8
    for index in range(total):
        expect(charts.nth(index).locator(".main-svg").first).to_be_attached()
        expect(charts.nth(index).locator("g.trace").first).to_be_attached()
    assert [url for url in requested if not url.startswith("file:")] == []
    page.screenshot(path=screenshots / "report.png", full_page=True)
