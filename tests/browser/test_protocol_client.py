"""The load benchmark's protocol client (benchmarks/stream_client.py) against `streamlit run
app.py`: it opens the What-if page, presses the gross margin and the outage lever as their
arrow keys do, reads the headline each press changes, and reads what a browser shows.

Every step waits on the server's message that the run ended, never on a clock.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from benchmarks.browser_latency import LEVER, MONEY_SLIDER
from benchmarks.stream_client import Press, Visitor
from model.display import labels
from tests.browser.app_server import PAGE_TIMEOUT_MS, metric, open_page
from ui.state.keys import ASSUMPTION_KEYS, LEVER_KEYS

TIMEOUT_S = PAGE_TIMEOUT_MS / 1000


def run_apart(coroutine):
    """Run a coroutine to its end on its own thread: Playwright's sync page, once a test has
    used it, keeps an event loop running on this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def press_both(base_url: str) -> tuple[Visitor, Press, Press]:
    visitor = Visitor(base_url)
    try:
        await visitor.open(labels.WHAT_IF_PATH, "customers=1000", TIMEOUT_S)
        money = await visitor.press(MONEY_SLIDER, 1, labels.TOTAL_EXPECTED_COST, TIMEOUT_S)
        lever = await visitor.press(LEVER, 1, labels.TOTAL_SAVING, TIMEOUT_S)
    finally:
        await visitor.close()
    return visitor, money, lever


def test_the_protocol_client_presses_sliders_and_reads_what_a_browser_shows(
    page: Page, base_url: str
):
    visitor, money, lever = run_apart(press_both(base_url))
    state = visitor.state
    assert state.widget_id(MONEY_SLIDER).endswith(ASSUMPTION_KEYS["gross_margin"])
    assert state.widget_id(LEVER).endswith(LEVER_KEYS["outage_hours_cut"])
    assert money.changed, money
    assert lever.changed and lever.before == "$0", lever
    assert money.milliseconds > 0 and lever.milliseconds > 0
    assert state.errors == []
    # the server took the values pressed (one step up from each default: its address says
    # so), and that address opens the same figures in a browser
    assert "gross_margin=0.61" in state.query_string
    assert "outage_hours_cut=0.05" in state.query_string
    open_page(
        page, f"{labels.WHAT_IF_PATH}?{state.query_string}", metric(page, labels.TOTAL_SAVING)
    )
    expect(metric(page, labels.TOTAL_SAVING)).to_have_text(lever.after)
    expect(metric(page, labels.TOTAL_EXPECTED_COST)).to_have_text(
        state.metric(labels.TOTAL_EXPECTED_COST)
    )


async def margin_there_and_back(base_url: str) -> tuple[Visitor, Press, Press]:
    visitor = Visitor(base_url)
    try:
        await visitor.open(labels.OVERVIEW_PATH, "customers=1000", TIMEOUT_S)
        up = await visitor.press(MONEY_SLIDER, 1, labels.TOTAL_EXPECTED_COST, TIMEOUT_S)
        back = await visitor.press(MONEY_SLIDER, -1, labels.TOTAL_EXPECTED_COST, TIMEOUT_S)
    finally:
        await visitor.close()
    return visitor, up, back


def test_elements_the_server_sends_as_references_are_read_from_the_clients_copies(
    base_url: str,
):
    """The Overview's large chart and table are cacheable: when the margin comes back to a
    value seen before, the server sends references to the copies the client announced, and
    the client reads the page whole from them."""
    visitor, up, back = run_apart(margin_there_and_back(base_url))
    assert up.changed and back.changed
    assert back.after == up.before  # the same figures as before the first press
    assert visitor.state.references_resolved > 0
    kinds = {element.WhichOneof("type") for element in visitor.state.elements.values()}
    assert {"plotly_chart", "dataframe"} <= kinds
    assert visitor.state.errors == []
