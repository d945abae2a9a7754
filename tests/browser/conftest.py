"""Fixtures of the browser tests: one `streamlit run` server and Debian's chromium per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.app_server import LAUNCH_ARGS, PAGE_TIMEOUT_MS, WINDOW, running_app

# Every expect(...) waits for the page's state up to the page's timeout, not 5 s: on a busy
# machine a chart or a rerun's text comes later, never wrongly. A passing check waits no longer.
expect.set_options(timeout=PAGE_TIMEOUT_MS)

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, with Debian's chromium and its headless flags."""
    return {**browser_type_launch_args, **LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A desktop-sized window, so the screenshots show the wide layout users see."""
    return {**browser_context_args, "viewport": WINDOW}


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The dashboard served by `streamlit run app.py` on a free port for the whole session.

    Overrides pytest-playwright's `base_url`, so `page.goto("what-if")` opens that page.
    """
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """tests/screenshots/ (gitignored), where every page's picture is saved."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
