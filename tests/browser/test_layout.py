"""One layout for every chart, wherever it is drawn: the board report downloaded from the
dashboard and written by the command line, and the dashboard's own pages, at a desktop's
width and at a 390 px phone's. No axis label may lie outside its chart or on top of its
axis title, and no report table header may be a code name. Each view is photographed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from model.commands.report import main as report_main
from model.display import labels
from model.reporting.report_page import PRINT_WIDTH
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    WINDOW,
    metric,
    open_page,
    wait_charts_drawn,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot

pytestmark = pytest.mark.browser

CUSTOMERS = "tests/fixtures/customers-for-excel.csv"
PHONE = {"width": 390, "height": 844}
REPORT_BUTTON = "Download the board report (HTML)"
#: A column name of the code (snake_case), which no reader should meet as a header.
CODE_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")

#: Every text of every chart that lies outside its chart's box, or overlaps an axis title.
_MISPLACED_LABELS = """() => {
    const inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1
        && r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
    const overlap = (a, b) => a.left < b.right && b.left < a.right
        && a.top < b.bottom && b.top < a.bottom;
    const found = [];
    document.querySelectorAll('.js-plotly-plot').forEach((plot, chart) => {
        const box = plot.getBoundingClientRect();
        const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0; };
        const texts = [...plot.querySelectorAll(
            '.xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .gtitle, .legendtext, '
            + '.point text, .annotation-text')].filter(shown);
        for (const text of texts) {
            if (!inside(text.getBoundingClientRect(), box)) {
                found.push(`chart ${chart}: "${text.textContent}" outside its chart`);
            }
        }
        const title = plot.querySelector('.gtitle');
        if (title && shown(title)) {
            for (const entry of [...plot.querySelectorAll('.legendtext')].filter(shown)) {
                if (overlap(title.getBoundingClientRect(), entry.getBoundingClientRect())) {
                    found.push(`chart ${chart}: legend "${entry.textContent}" on the title`);
                }
            }
        }
        for (const axis of ['x', 'y']) {
            const titles = [...plot.querySelectorAll(`.g-${axis}title text`)].filter(shown);
            const ticks = [...plot.querySelectorAll(`.${axis}tick text`)].filter(shown);
            for (const title of titles) for (const tick of ticks) {
                if (overlap(title.getBoundingClientRect(), tick.getBoundingClientRect())) {
                    found.push(`chart ${chart}: axis title "${title.textContent}" `
                        + `on tick "${tick.textContent}"`);
                }
            }
        }
    });
    return found;
}"""


def _misplaced(page: Page) -> list[str]:
    return page.evaluate(_MISPLACED_LABELS)


def _open_report(page: Page, report: Path, size: dict) -> None:
    page.set_viewport_size(size)
    page.goto(report.as_uri())
    charts = page.locator(".js-plotly-plot")
    expect(charts.first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    for index in range(charts.count()):
        expect(charts.nth(index).locator("g.trace").first).to_be_attached()
    wait_charts_drawn(page)  # responsive charts redraw at the window's width


#: Printable height of an A4 page at 96 px an inch, less report_style.css's margins.
PRINTABLE_HEIGHT = round((297 - 28) / 25.4 * 96)


def _check_print(page: Page) -> None:
    """As the browser prints: every chart redrawn to the paper's width, kept whole on a page
    (break-inside: avoid, and no taller than a page), with its labels inside it."""
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    wait_charts_drawn(page, PRINT_WIDTH)
    charts = page.evaluate(
        """() => [...document.querySelectorAll('.chart')].map((c) => [
            getComputedStyle(c).breakInside, c.getBoundingClientRect().height,
            c.querySelector('.main-svg').getBoundingClientRect().width])"""
    )
    assert charts and all(rule == "avoid" for rule, _, _ in charts)
    assert all(height < PRINTABLE_HEIGHT for _, height, _ in charts)
    assert all(width <= PRINT_WIDTH for _, _, width in charts)
    assert _misplaced(page) == []
    page.pdf(path=str(Path(page.url.removeprefix("file://")).with_suffix(".pdf")), format="A4")
    page.emulate_media(media="screen")


def _check_report(page: Page, report: Path, shots: Path, name: str) -> None:
    for size, suffix in ((WINDOW, ""), (PHONE, "-phone")):
        _open_report(page, report, size)
        assert _misplaced(page) == [], f"{name}{suffix}"
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}{suffix}: the page is {width} px wide"
        headers = [h.strip() for h in page.locator("table th").all_inner_texts()]
        assert headers and not [h for h in headers if CODE_NAME.match(h)], headers
        page.screenshot(path=shots / f"{name}{suffix}.png", full_page=True)
    page.set_viewport_size(WINDOW)
    _open_report(page, report, WINDOW)
    _check_print(page)


def test_the_report_from_the_command_line_draws_every_label_whole_at_both_widths(
    page: Page, tmp_path, screenshots
):
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"promises_kept": 1.0, "outage_hours_cut": 0.5}))
    report = tmp_path / "report.html"
    arguments = [CUSTOMERS, "-o", str(report), "--scenario", str(scenario)]
    assert report_main([*arguments, "--fix-one-off", "2000", "--fix-per-year", "500"]) == 0
    _check_report(page, report, screenshots, "report-from-command-line")


def test_the_report_downloaded_from_the_dashboard_draws_every_label_whole_at_both_widths(
    page: Page, tmp_path, screenshots
):
    open_page(
        page,
        f"{labels.WHAT_IF_PATH}?promises_kept=1&fix_one_off=250000&fix_per_year=50000",
        ready=metric(page, labels.TOTAL_SAVING),
    )
    with page.expect_download(timeout=PAGE_TIMEOUT_MS) as download:
        page.get_by_role("button", name=REPORT_BUTTON).click()
    report = tmp_path / "from-dashboard.html"
    download.value.save_as(report)
    text = report.read_text(encoding="utf-8")
    assert "The business case" in text and "A price for every failure" in text
    _check_report(page, report, screenshots, "report-from-dashboard")


@pytest.mark.parametrize("address", [labels.OVERVIEW_PATH, labels.MODEL_PATH])
def test_the_dashboards_charts_keep_their_labels_whole_on_a_phone(page: Page, address, screenshots):
    page.set_viewport_size(PHONE)
    open_page(page, address)
    wait_idle(page)
    charts = page.locator(".js-plotly-plot")
    expect(charts.first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        expect(charts.nth(index).locator("g.trace").first).to_be_attached()
    wait_charts_drawn(page)
    assert _misplaced(page) == []
    save_screenshot(page, screenshots / f"phone-{address or 'overview'}.png")
    page.set_viewport_size(WINDOW)


def test_the_what_if_page_at_rest_and_on_a_phone_is_photographed(page: Page, screenshots):
    open_page(page, labels.WHAT_IF_PATH, ready=metric(page, labels.TOTAL_SAVING))
    expect(page.get_by_text("Move a lever above").first).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(page.locator("[data-testid='stMetricDelta']")).to_have_count(0)
    expect(page.get_by_text("Spend $")).to_have_count(0)
    save_screenshot(page, screenshots / "what-if-at-rest.png")

    page.set_viewport_size(PHONE)
    open_page(page, f"{labels.WHAT_IF_PATH}?outage_hours_cut=0.3&promises_kept=1")
    wait_idle(page)
    assert _misplaced(page) == []
    save_screenshot(page, screenshots / "what-if-phone.png")
    page.set_viewport_size(WINDOW)
