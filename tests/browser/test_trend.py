"""The Trend page in a real browser, on a store of its own (issue 26): the demo workspace shows
twelve months, its bridge between two chosen months adds up to the change between their
totals, and its alert is visible; pictures at desktop and phone width. A workspace and an
alert rule named with quotes, a semicolon, markdown and a newline show as typed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from model.display import labels
from model.display.format import money
from model.store import (
    DATABASE_URL_VARIABLE,
    DEMO_WORKSPACE,
    AlertRule,
    command_line,
    create_workspace,
    ensure_demo,
    open_store,
    save_alert_rule,
    snapshot_frame,
    trend,
)
from model.store.demo import demo_month
from tests.browser.app_server import (
    PAGE_TIMEOUT_MS,
    WINDOW,
    open_page,
    pick_option,
    running_app,
    wait_idle,
)
from tests.browser.screenshots import save_screenshot

PHONE = {"width": 390, "height": 844}
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
BRIDGE = "The bridge between two periods"
#: A name a user may type: quotes, a semicolon, bold, two dollar amounts, a newline.
ODD_NAME = 'Q3 "North"; **x** $1 and $2\nsecond line'
ODD_RULE = "Rule 'a'; **bold** $1 and $2"

#: The drawn Plotly figures: each one's title (line breaks as spaces, no tags) and its
#: traces' x, y and measure as drawn (`_fullData`: arrays decoded).
_FIGURES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => ({
    title: ((plot.layout && plot.layout.title && plot.layout.title.text) || '')
        .replace(/<br>/g, ' ').replace(/<[^>]*>/g, ''),
    traces: plot._fullData.map(t => ({
        x: Array.from(t.x || []), y: Array.from(t.y || []), measure: Array.from(t.measure || []),
    })),
}))"""


@pytest.fixture(scope="module")
def store_url():
    """A store of this module's own, holding the demo year (as a first start makes it) and a
    workspace with an odd name whose rule fires."""
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='trend-browser-')) / 'workspaces.sqlite'}"
    store = open_store(url).acting(command_line())
    ensure_demo(store)
    create_workspace(store, ODD_NAME)
    save_alert_rule(store, ODD_NAME, AlertRule(ODD_RULE, above_amount=1.0))
    snapshot_frame(store, ODD_NAME, "2026-01", demo_month(1, 200), "two hundred customers")
    store.dispose()
    return url


@pytest.fixture(scope="module")
def server(store_url):
    with running_app(env={DATABASE_URL_VARIABLE: store_url}) as url:
        yield url


@pytest.fixture
def trend_page(server, browser: Browser) -> Page:
    page = browser.new_page(viewport=WINDOW)
    open_page(page, f"{server}{labels.TREND_PATH}", ready=page.get_by_text(BRIDGE))
    yield page
    page.close()


def figures(page: Page) -> list[dict]:
    """The page's three charts (the money, the scorecard, the bridge), once drawn."""
    wait_idle(page)
    expect(page.locator(".js-plotly-plot .main-svg >> nth=0")).to_be_attached()
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=PAGE_TIMEOUT_MS
    )
    return page.evaluate(_FIGURES)


def bridge_figure(page: Page, starts: str) -> dict:
    """The bridge chart once Plotly has redrawn it with a title that starts so: the script
    can finish before the browser redraws, so waiting for the page's idle state is not enough."""
    figures(page)
    page.wait_for_function(
        f"""prefix => ({_FIGURES})().some(
            f => f.title.includes('what moved the total') && f.title.startsWith(prefix))""",
        arg=starts,
        timeout=PAGE_TIMEOUT_MS,
    )
    return next(f for f in page.evaluate(_FIGURES) if "what moved the total" in f["title"])


def choose(page: Page, label: str, month: str) -> None:
    pick_option(page, page.get_by_label(label, exact=True), month)
    expect(page.get_by_label(label, exact=True)).to_have_value(month, timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)


def test_the_demo_trend_shows_twelve_months_an_alert_and_a_bridge_that_adds_up(
    trend_page: Page, store_url, screenshots
):
    page = trend_page
    expect(page.get_by_label("Workspace", exact=True)).to_have_value(DEMO_WORKSPACE)
    money_chart = figures(page)[0]
    months = sorted({x for trace in money_chart["traces"] for x in trace["x"]})
    assert months == MONTHS
    alert = page.locator("[data-testid='stAlertContentWarning']").first
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("up more than 5 %")

    choose(page, "To", "2026-09")
    choose(page, "From", "2026-03")
    drawn = bridge_figure(page, "From 2026-03 to 2026-09")
    bars = drawn["traces"][0]
    totals = trend(open_store(store_url).acting(command_line()), DEMO_WORKSPACE).set_index("period")
    start, end = (totals.loc[m, "total_expected_cost"] for m in ("2026-03", "2026-09"))
    assert bars["measure"][0] == "absolute" and bars["measure"][-1] == "total"
    assert bars["y"][0] == pytest.approx(start, abs=0.005)
    steps = [y for y, m in zip(bars["y"], bars["measure"], strict=True) if m == "relative"]
    assert sum(steps) == pytest.approx(end - start, abs=0.01)  # the bars add up to the change
    expect(page.get_by_text(f"{money(start)} + the bars = {money(end)}")).to_be_visible()

    save_screenshot(page, screenshots / "trend.png")
    page.set_viewport_size(PHONE)
    try:
        save_screenshot(page, screenshots / "trend-phone.png")
    finally:
        page.set_viewport_size(WINDOW)


def test_an_odd_workspace_and_rule_name_show_as_typed(trend_page: Page):
    page = trend_page
    shown = ODD_NAME.replace("\n", " ")  # an option's accessible name: the newline a space
    pick_option(page, page.get_by_label("Workspace", exact=True), shown)
    wait_idle(page)
    alert = page.locator("[data-testid='stAlertContentWarning']").first
    expect(alert).to_contain_text(ODD_RULE, timeout=PAGE_TIMEOUT_MS)  # no bold, no maths
    expect(alert.locator("strong")).to_have_text(ODD_RULE)
    expect(page.locator("[data-testid='stMain'] .katex")).to_have_count(0)
