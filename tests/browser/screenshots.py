"""Whole-page screenshots of a Streamlit page.

Streamlit scrolls its main area and its sidebar inside the window, so Playwright's
`full_page=True` only sees one window's height. Here the window is stretched to the taller
of the two for the picture, then put back, so a screenshot shows everything a user would
scroll through. Charts draw themselves again after the window changes size (a grey
placeholder first), so the picture waits until every placeholder is gone and every chart
has its drawing."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.app_server import PAGE_TIMEOUT_MS, WINDOW, wait_idle

#: The tallest picture taken, in CSS pixels; a longer page is cut here.
MAX_HEIGHT = 8000

_CONTENT_HEIGHT = """() => {
    const main = document.querySelector("[data-testid='stMain']");
    const block = document.querySelector("[data-testid='stMainBlockContainer']");
    if (!main || !block) return document.documentElement.scrollHeight;
    const sidebar = document.querySelector("[data-testid='stSidebarContent']");
    const style = getComputedStyle(block);
    const content = block.getBoundingClientRect().top + main.scrollTop + block.scrollHeight
        + parseFloat(style.marginBottom || "0");
    return Math.max(content, sidebar ? sidebar.scrollHeight : 0);
}"""

#: Resolves once the browser has drawn two more frames: what was laid out is on the screen.
_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _wait_until_drawn(page: Page) -> None:
    wait_idle(page)
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0, timeout=PAGE_TIMEOUT_MS)
    charts = page.locator(".js-plotly-plot")
    for index in range(charts.count()):
        expect(charts.nth(index).locator(".main-svg").first).to_be_attached(timeout=PAGE_TIMEOUT_MS)
    page.evaluate(_TWO_FRAMES)  # canvases (tables) paint on the next frame


def save_screenshot(page: Page, path: Path) -> Path:
    """Save a picture of the whole page (up to MAX_HEIGHT pixels tall) at `path`."""
    window = page.viewport_size or WINDOW
    _wait_until_drawn(page)
    height = window["height"]
    try:
        for _ in range(3):  # the page may grow once charts are drawn at the new size
            wanted = min(max(round(page.evaluate(_CONTENT_HEIGHT)), window["height"]), MAX_HEIGHT)
            if wanted <= height:
                break
            height = wanted
            page.set_viewport_size({"width": window["width"], "height": height})
            _wait_until_drawn(page)
        page.screenshot(path=path, animations="disabled", timeout=PAGE_TIMEOUT_MS)
    finally:
        page.set_viewport_size(window)
    return path
