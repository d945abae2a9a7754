"""Start the dashboard with `streamlit run` and read it in a real browser page.

Shared by the browser tests (tests/browser/conftest.py) and the latency benchmark
(benchmarks/browser_latency.py), so both drive the app in the same way.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]

#: Debian's chromium (scripts/test.sh installs it); Playwright's own browser download does not
#: work on the test machines. The CHROMIUM environment variable points elsewhere.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Launch options for `playwright.chromium.launch(**LAUNCH_ARGS)`.
LAUNCH_ARGS = {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
#: A desktop window, so pages show the wide layout users see.
WINDOW = {"width": 1400, "height": 1000}

APP = "[data-testid='stApp']"
IDLE = f"{APP}[data-test-script-state='notRunning']"
#: Generous: the first run of a page loads the model and scores the portfolio.
PAGE_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@contextlib.contextmanager
def running_app(
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    folder: Path = REPO,
    port: int | None = None,
    prefix: tuple[str, ...] = (),
) -> Iterator[str]:
    """Serve app.py on a free local port; yield its base URL (ending in "/"), then stop it.

    `env` adds to (or overrides) this process's environment for the server, e.g. the store's
    URL. `folder`: where the server starts, whose `.streamlit/` it reads (a test's own, for
    a secrets.toml with an `[auth]` section). `prefix`: words run before the server's
    command, e.g. `("taskset", "-c", "0")` to keep it on one core. The server's output goes
    to a temporary log that is shown if it fails to start.
    """
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        *prefix,
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "app.py"),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with tempfile.TemporaryFile(mode="w+") as log:
        server = subprocess.Popen(
            command,
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(url):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        f"streamlit did not answer on {url} within {timeout:.0f} s "
                        f"(exit code {server.poll()}):\n{log.read()}"
                    )
                time.sleep(0.25)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_idle(page: Page, timeout: float = PAGE_TIMEOUT_MS) -> None:
    """Wait until the page's script is not running."""
    page.locator(IDLE).wait_for(timeout=timeout)


#: True once every Plotly chart on the page is drawn at its box's width (or at `width`): a
#: responsive chart redraws a moment after its window or the print width changes.
_CHARTS_DRAWN = """(width) => [...document.querySelectorAll('.js-plotly-plot')].every((chart) => {
  const svg = chart.querySelector('.main-svg');
  const want = width === null ? chart.getBoundingClientRect().width : width;
  return svg !== null && Math.abs(svg.getBoundingClientRect().width - want) <= 1;
})"""


def wait_charts_drawn(page: Page, width: int | None = None) -> None:
    """Wait until every chart is drawn at its box's width, or at `width` when given."""
    page.wait_for_function(_CHARTS_DRAWN, arg=width, timeout=PAGE_TIMEOUT_MS)


def pick_option(page: Page, opener: Locator, option: str, attempts: int = 4) -> None:
    """Open a Streamlit select or multiselect by clicking `opener` and pick `option`.

    Under load a rerun that lands after the click replaces the widget and closes its list,
    so the option never shows: the list is then closed and opened again, once the page is
    idle, up to `attempts` times.
    """
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        wait_idle(page)
        opener.click(timeout=PAGE_TIMEOUT_MS)
        try:
            choice.click(timeout=PAGE_TIMEOUT_MS // attempts)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


#: Streamlit's tables (st.dataframe) draw the header and each row this tall, in CSS pixels.
ROW_HEIGHT = 35


def table_row(table: Locator, row: int) -> Locator:
    """Row `row` (0 the first under the header) of an st.dataframe. The table is drawn on a
    canvas; this is the row of the hidden copy it keeps for screen readers, which holds the
    row's cells as text and says whether the row is selected (`aria-selected`)."""
    return table.locator(f"tr[aria-rowindex='{row + 2}']")


def select_row(page: Page, table: Locator, row: int, attempts: int = 4) -> None:
    """Select row `row` (0 the first) of an st.dataframe by clicking its row marker, and wait
    until the table shows it selected.

    The click aims at a point of the table measured as the click is made, once the table has
    stopped moving, never at coordinates read earlier. Under load a rerun that lands with the
    click may replace the table before it took it: the click is then made again, once the
    page is idle, up to `attempts` times.
    """
    marker = {"x": 12, "y": ROW_HEIGHT * (row + 1) + ROW_HEIGHT // 2}
    selected = table_row(table, row)
    for attempt in range(attempts):
        wait_idle(page)
        table.click(position=marker, timeout=PAGE_TIMEOUT_MS)
        try:
            expect(selected).to_have_attribute(
                "aria-selected", "true", timeout=PAGE_TIMEOUT_MS // attempts
            )
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def open_page(page: Page, address: str, ready: Locator | None = None) -> None:
    """Go to an address (relative to the base URL) and wait until its first run has ended.

    The app reports "not running" for a moment before its first run starts, so this first
    waits for the page's title (or for `ready`, when given) to be drawn.
    """
    page.goto(address)
    (ready or page.locator("[data-testid='stMain'] h1").first).wait_for(timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)


def metric(page: Page, label: str) -> Locator:
    """The value element of the st.metric with this exact label."""
    container = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']").get_by_text(label, exact=True)
    )
    return container.locator("[data-testid='stMetricValue']")


def metric_text(page: Page, label: str) -> str:
    return metric(page, label).inner_text().strip()


def wait_for_change(page: Page, label: str, before: str, timeout: float = PAGE_TIMEOUT_MS) -> str:
    """Wait until the metric shows something other than `before` and the run has ended."""
    expect(metric(page, label)).not_to_have_text(before, timeout=timeout)
    wait_idle(page, timeout)
    return metric_text(page, label)
