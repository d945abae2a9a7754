"""The visitors of the load benchmark (benchmarks/load_latency.py) and their tally.

Two kinds of slider visitor press the What-if page's sidebar gross margin (a money slider:
arithmetic only) and its outage lever (re-scores the customers it changes), in turn:

- `protocol_sliders`: light clients speaking Streamlit's websocket protocol
  (benchmarks/stream_client.py), every one of them on one asyncio loop in one thread, so a
  crowd costs the client's core almost nothing. A press's latency runs from sending the
  rerun to the message that says the run ended, and each press must change the headline
  figure it moves (the total expected cost for the margin, the total saving for the lever);
- `slider_visitor`: one headless chromium per visitor, pressing the arrow keys; a press's
  latency runs in the page from the keydown to the DOM change that shows the new figure
  (benchmarks/browser_latency.py's clock), so it includes the browser's rendering.

The background visitors (uploading files, downloading the board report) are browsers.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import websockets
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from benchmarks.browser_latency import LEVER, MONEY_SLIDER, press_and_time
from benchmarks.stream_client import ProtocolError, Visitor
from data.export import safe_csv_bytes
from data.synthetic import generate
from model.display import labels
from tests.browser.app_server import LAUNCH_ARGS, WINDOW, metric, open_page, wait_idle
from tests.hostile import thirty_sheets_one_part

UPLOADER = "[data-testid='stMain'] [data-testid='stFileUploader']"
#: A press not answered within this many seconds counts as unanswered.
PRESS_TIMEOUT_S = 90.0
#: The gross margin (a share) the one visitor alone starts from, and the first of the crowd's:
#: each visitor of the crowd starts two points above the one before, so no two visitors'
#: settings coincide and none is answered from another's cached figures.
ALONE_MARGIN, CROWD_MARGIN = 0.60, 0.40
MONEY_KIND = "money slider (arithmetic)"
LEVER_KIND = "lever (re-scores)"


@dataclass
class Tally:
    """Latencies (ms) by kind of press, unanswered presses, background rounds (s)."""

    presses: dict[str, list[float]] = field(default_factory=dict)
    unanswered: int = 0
    rounds: dict[str, list[float]] = field(default_factory=dict)
    #: The server's CPU seconds so far, read around each press when one visitor presses
    #: alone (its runs then overlap no other), and what each press cost it, by kind.
    server_clock: Callable[[], float] | None = None
    server_cpu_by_kind: dict[str, list[float]] = field(default_factory=dict)
    #: Presses answered without the headline figure they move changing.
    unchanged: int = 0
    #: Elements the server sent as references to the protocol clients' kept copies.
    references: int = 0
    failures: list[str] = field(default_factory=list)
    server_cpu_s: float = 0.0
    #: CPU seconds of this process and its children but the server's (the clients').
    client_cpu_s: float = 0.0
    phase_s: float = 0.0
    #: Each core's busy share over the phase (every process's work, other users' too).
    cores_busy: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def press(self, kind: str, ms: float) -> None:
        with self.lock:
            self.presses.setdefault(kind, []).append(ms)

    def round(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.rounds.setdefault(kind, []).append(seconds)

    @contextlib.contextmanager
    def server_cpu_of(self, kind: str) -> Iterator[None]:
        """Read the server's CPU around a press of this kind (with a clock: one visitor)."""
        if self.server_clock is None:
            yield
            return
        started = self.server_clock()
        yield
        used = self.server_clock() - started
        with self.lock:
            self.server_cpu_by_kind.setdefault(kind, []).append(used)

    def fail(self, message: str, answered: bool = False) -> None:
        with self.lock:
            self.unanswered += not answered
            self.failures.append(message)


def what_if_query(size: int, margin: float) -> str:
    """The What-if page's address query at `size` customers and this gross margin."""
    return f"customers={size}&gross_margin={margin:.2f}"


def protocol_sliders(
    url: str, visitors: int, size: int, moves: int, pause: float, tally: Tally, ready
) -> None:
    """`visitors` protocol clients on the What-if page at `size` customers, each pressing
    the money slider and the lever in turn `moves` times, `pause` seconds apart (the browser
    visitors' pause after a press); all on one asyncio loop in this thread."""
    asyncio.run(_protocol_crowd(url, visitors, size, moves, pause, tally, ready))


async def _protocol_crowd(url, visitors, size, moves, pause, tally, ready) -> None:
    crowd = [Visitor(url) for _ in range(visitors)]
    first = ALONE_MARGIN if visitors == 1 else CROWD_MARGIN
    try:
        await asyncio.gather(
            *(
                v.open(labels.WHAT_IF_PATH, what_if_query(size, first + 0.02 * n), PRESS_TIMEOUT_S)
                for n, v in enumerate(crowd)
            )
        )
        for visitor in crowd:  # the page says which portfolio it priced
            _check_portfolio(visitor, size)
        # every visitor has its page: the phase's clocks start once the others' have theirs
        # (waited for on a worker thread, so this loop keeps answering the server's pings)
        await asyncio.to_thread(ready.wait)
        await asyncio.gather(*(_press_in_turn(v, moves, pause, tally) for v in crowd))
    finally:
        await asyncio.gather(*(v.close() for v in crowd), return_exceptions=True)
        tally.references = sum(v.state.references_resolved for v in crowd)


def _check_portfolio(visitor: Visitor, size: int) -> None:
    shown = f"{size:,} customers"
    captions = [e.markdown.body for e in visitor.state.elements.values() if e.HasField("markdown")]
    if not any(shown in caption for caption in captions):
        raise ProtocolError(f"the what-if page does not say {shown!r}")


async def _press_in_turn(visitor: Visitor, moves: int, pause: float, tally: Tally) -> None:
    """The money slider one step up and down in turn (as ArrowRight, ArrowLeft), the lever
    one step up each time (down from its top). A visitor whose press goes unanswered stops:
    its presses left count as unanswered."""
    for move in range(moves):
        lever = visitor.state.element("slider", LEVER).slider
        up = visitor.state.slider_value(LEVER) < lever.max
        for done, (kind, slider, steps, headline) in enumerate(
            (
                (MONEY_KIND, MONEY_SLIDER, (1, -1)[move % 2], labels.TOTAL_EXPECTED_COST),
                (LEVER_KIND, LEVER, 1 if up else -1, labels.TOTAL_SAVING),
            )
        ):
            try:
                with tally.server_cpu_of(kind):
                    press = await visitor.press(slider, steps, headline, PRESS_TIMEOUT_S)
            except (TimeoutError, ProtocolError, websockets.ConnectionClosed) as error:
                tally.fail(f"{kind}: {error}")
                with tally.lock:
                    tally.unanswered += 2 * (moves - move) - done - 1
                return
            tally.press(kind, press.milliseconds)
            if not press.changed:
                with tally.lock:
                    tally.unchanged += 1
                tally.fail(f"{kind}: the headline stayed at {press.before}", answered=True)
            await asyncio.sleep(pause)


def slider_visitor(url: str, query: str, moves: int, tally: Tally, ready: threading.Barrier):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            page = browser.new_context(viewport=WINDOW, base_url=url).new_page()
            open_page(page, f"{labels.WHAT_IF_PATH}?{query}", metric(page, labels.TOTAL_SAVING))
            ready.wait()
            for move in range(moves):
                for kind, slider, key, shown in (
                    (
                        MONEY_KIND,
                        MONEY_SLIDER,
                        ("ArrowRight", "ArrowLeft")[move % 2],
                        labels.TOTAL_EXPECTED_COST,
                    ),
                    (LEVER_KIND, LEVER, "ArrowRight", labels.TOTAL_SAVING),
                ):
                    try:
                        with tally.server_cpu_of(kind):
                            tally.press(kind, press_and_time(page, slider, key, shown))
                    except PlaywrightError as error:
                        with tally.lock:
                            tally.unanswered += 1
                            tally.failures.append(f"{kind}: {str(error).splitlines()[0]}")
                        wait_idle(page)
        finally:
            browser.close()


def upload_visitor(url: str, tally: Tally, ready: threading.Barrier, stop: threading.Event):
    big = safe_csv_bytes(
        generate(100_000, seed=3).drop(columns=["true_churn_probability", "churned"])
    )
    files = [
        ("customers-100k.csv", "text/csv", big, labels.ROWS_ESTIMATED),
        ("thirty-sheets.xlsx", "application/vnd.ms-excel", thirty_sheets_one_part(), None),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            page = browser.new_context(viewport=WINDOW, base_url=url).new_page()
            open_page(page, labels.PORTFOLIO_PATH)
            ready.wait()
            turn = 0
            while not stop.is_set():
                name, mime, content, wanted = files[turn % 2]
                if turn:  # forget the last file first, as a visitor starting again would
                    page.get_by_role("button", name=labels.RESET_TO_SYNTHETIC).click()
                    report = page.get_by_role("heading", name="What your file gave")
                    expect(report).to_have_count(0, timeout=120_000)
                    wait_idle(page, 120_000)
                started = time.perf_counter()
                # the customer file's uploader: the records import beside it has its own
                uploader = page.locator(UPLOADER).filter(has_text=labels.UPLOAD_CUSTOMERS)
                uploader.locator("input[type=file]").set_input_files(
                    files=[{"name": name, "mimeType": mime, "buffer": content}]
                )
                if wanted is not None:
                    metric(page, wanted).wait_for(timeout=120_000)
                else:
                    page.get_by_text("one and the same part").wait_for(timeout=120_000)
                wait_idle(page, 120_000)
                tally.round(f"upload {name}", time.perf_counter() - started)
                turn += 1
        finally:
            browser.close()


def report_visitor(url: str, tally: Tally, ready: threading.Barrier, stop: threading.Event):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            page = browser.new_context(
                viewport=WINDOW, base_url=url, accept_downloads=True
            ).new_page()
            open_page(page, "?customers=10000")
            ready.wait()
            button = page.get_by_role("button", name="Download the board report (HTML)").first
            while not stop.is_set():
                started = time.perf_counter()
                try:
                    with page.expect_download(timeout=180_000) as download:
                        button.click()
                    download.value.path()
                except PlaywrightError as error:  # e.g. cancelled as the run ends
                    if not stop.is_set():
                        tally.failures.append(f"board report: {str(error).splitlines()[0]}")
                    break
                tally.round("board report", time.perf_counter() - started)
        finally:
            browser.close()
