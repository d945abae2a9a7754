"""What a first visit reads at a desktop's width (issue 31): no text cut short. Streamlit
ends a metric's label or value that does not fit with "…"; every page, with the business
case's payback among them, is read at 1,400 px for text wider than its box."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from model.display import labels
from tests.browser.app_server import metric, open_page, wait_charts_drawn, wait_idle

pytestmark = pytest.mark.browser

#: Every text element cut by its box: its own text overflows where the style hides it.
_CUT = """() => {
    // charts, tables and formulas lay out their own text; code scrolls
    const SKIPPED = '.js-plotly-plot, [data-testid="stDataFrame"], .katex, pre';
    const found = [];
    const main = document.querySelector("[data-testid='stMain']");
    for (const el of main.querySelectorAll('*')) {
        if (!el.textContent.trim() || el.closest(SKIPPED)) continue;
        const style = getComputedStyle(el);
        const hides = style.textOverflow === 'ellipsis' || style.overflow === 'hidden'
            || style.overflowX === 'hidden';
        if (hides && el.scrollWidth > el.clientWidth && el.clientWidth > 0)
            found.push(el.textContent.trim().slice(0, 80));
    }
    return [...new Set(found)];
}"""

#: Each page, and the metric whose drawing says the page is whole (None: its title).
ADDRESSES = [
    (labels.OVERVIEW_PATH, labels.SERVICE_COST),
    (f"{labels.WHAT_IF_PATH}?promises_kept=0.2&fix_one_off=90000000", "Payback"),
    (f"{labels.WHAT_IF_PATH}?promises_kept=1&fix_one_off=250000&fix_per_year=50000", "Payback"),
    (labels.PORTFOLIO_PATH, None),
    (labels.CASE_STUDY_PATH, labels.CLV),
    (labels.MODEL_PATH, None),
    (labels.METHODOLOGY_PATH, None),
]


@pytest.mark.parametrize(("address", "ready"), ADDRESSES)
def test_no_text_is_cut_at_a_desktops_width(page: Page, address, ready):
    open_page(page, address, ready=metric(page, ready) if ready else None)
    wait_idle(page)
    wait_charts_drawn(page)
    assert page.evaluate(_CUT) == []
