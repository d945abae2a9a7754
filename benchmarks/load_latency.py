"""Print slider latency with more visitors than cores, and the server's CPU per press.

    python benchmarks/load_latency.py [--visitors 6] [--moves 12] [--size 10000]
                                      [--upload] [--report]
                                      [--server-cpus 0] [--browser-cpus 1]
                                      [--server-nice 0]

Starts `streamlit run app.py` on a free port (tests/browser/app_server.py) under
`taskset -c SERVER_CPUS`, and runs this process, the Playwright drivers and every headless
chromium on BROWSER_CPUS (its own affinity, which they inherit): the browsers never take
the server's core, so the latency is the server's, not theirs (empty strings: no pinning).
It then drives at once, each from its own headless chromium:

- `--visitors` visitors on the what-if page (a synthetic portfolio of `--size` customers),
  each pressing keys on its sliders: the sidebar's gross margin (a money slider:
  arithmetic only) and the outage lever (re-scores the customers it changes), in turn,
  `--moves` presses each;
- with `--upload`, one visitor uploading files on the Portfolio page over and over: a
  100,000-customer CSV (3.7 MB, read and scored) and the hostile workbook of thirty sheets
  pointing at one part;
- with `--report`, one visitor downloading the board report from the Overview over and over.

A press's latency runs in the page from the keydown to the DOM change that shows the new
figure (benchmarks/browser_latency.py's clock); a press not answered within 90 s counts
as unanswered. The server's CPU time (user and system, its children's included) is read
before and after each phase and divided by the presses of the phase. Its memory is its
resident set plus its children's (the upload readers), sampled four times a second.
Prints median and worst latency per kind of press, the unanswered presses, the server's
CPU per press, the background visitors' rounds, and the server's memory before, at its
peak and after; then whether the crowd met the targets (median under 1 s, worst under 3 s,
none unanswered).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import psutil
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from benchmarks.browser_latency import LEVER, MONEY_SLIDER, press_and_time
from data.export import safe_csv_bytes
from data.synthetic import generate
from model.display import labels
from tests.browser.app_server import (
    LAUNCH_ARGS,
    WINDOW,
    metric,
    open_page,
    running_app,
    wait_idle,
)
from tests.hostile import thirty_sheets_one_part

UPLOAD_INPUT = "[data-testid='stMain'] [data-testid='stFileUploader'] input[type=file]"


@dataclass
class Tally:
    """Latencies (ms) by kind of press, unanswered presses, background rounds (s)."""

    presses: dict[str, list[float]] = field(default_factory=dict)
    unanswered: int = 0
    rounds: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    server_cpu_s: float = 0.0
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


def server_process() -> psutil.Process:
    """The `streamlit run` child of this process."""
    for child in psutil.Process().children(recursive=True):
        if "streamlit" in " ".join(child.cmdline()):
            return child
    raise RuntimeError("no streamlit server among this process's children")


def server_memory(server: psutil.Process) -> int:
    """Resident bytes of the server and its children (the upload readers)."""
    total = 0
    for process in [server, *server.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def server_cpu(server: psutil.Process) -> float:
    """CPU seconds (user and system) of the server and its children so far."""
    total = 0.0
    for process in [server, *server.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def busy_share(before, after) -> float:
    """A core's share of time not idle between two readings of psutil.cpu_times."""
    idle = (after.idle + after.iowait) - (before.idle + before.iowait)
    total = sum(after) - sum(before)
    return 1 - idle / total if total else 0.0


def slider_visitor(url: str, size: int, moves: int, tally: Tally, ready: threading.Barrier):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            page = browser.new_context(viewport=WINDOW, base_url=url).new_page()
            open_page(
                page, f"{labels.WHAT_IF_PATH}?customers={size}", metric(page, labels.TOTAL_SAVING)
            )
            ready.wait()
            for move in range(moves):
                for kind, slider, key, shown in (
                    (
                        "money slider (arithmetic)",
                        MONEY_SLIDER,
                        ("ArrowRight", "ArrowLeft")[move % 2],
                        labels.TOTAL_EXPECTED_COST,
                    ),
                    ("lever (re-scores)", LEVER, "ArrowRight", labels.TOTAL_SAVING),
                ):
                    try:
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
                page.locator(UPLOAD_INPUT).set_input_files(
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


def summary(name: str, values: list[float], unit: str) -> str:
    return (
        f"  {name:<32} median {statistics.median(values):8.1f} {unit}   "
        f"worst {max(values):8.1f} {unit}   (n={len(values)})"
    )


def run_phase(url: str, visitors: int, args, background: bool) -> tuple[Tally, int, int, int]:
    """Drive `visitors` slider visitors (and, if `background`, the uploader and the report
    downloader) until the sliders are done; the tally and the server's memory before, at
    its peak and after."""
    tally, stop = Tally(), threading.Event()
    server = server_process()
    before = peak = server_memory(server)
    cpu_at_start: list[float] = []  # read once every visitor has opened its page
    wall_at_start: list[float] = []
    cores_at_start: list = []
    kinds = []
    if background and args.upload:
        kinds.append(upload_visitor)
    if background and args.report:
        kinds.append(report_visitor)
    ready = threading.Barrier(
        visitors + len(kinds),
        action=lambda: (
            cpu_at_start.append(server_cpu(server)),
            wall_at_start.append(time.perf_counter()),
            cores_at_start.append(psutil.cpu_times(percpu=True)),
        ),
    )
    others = [threading.Thread(target=kind, args=(url, tally, ready, stop)) for kind in kinds]
    sliders = [
        threading.Thread(target=slider_visitor, args=(url, args.size, args.moves, tally, ready))
        for _ in range(visitors)
    ]
    for thread in sliders + others:
        thread.start()
    while any(thread.is_alive() for thread in sliders):
        peak = max(peak, server_memory(server))
        time.sleep(0.25)
    stop.set()
    for thread in others:
        thread.join(timeout=300)
    tally.server_cpu_s = server_cpu(server) - cpu_at_start[0]
    tally.phase_s = time.perf_counter() - wall_at_start[0]
    tally.cores_busy = [
        busy_share(before, after)
        for before, after in zip(cores_at_start[0], psutil.cpu_times(percpu=True), strict=True)
    ]
    time.sleep(2)
    return tally, before, peak, server_memory(server)


def report(title: str, tally: Tally, memory: tuple[int, int, int]) -> list[float]:
    print(title)
    for kind, values in sorted(tally.presses.items()):
        print(summary(kind, values, "ms"))
    every = [v for values in tally.presses.values() for v in values]
    if every:
        print(summary("every press", every, "ms"))
    pressed = len(every) + tally.unanswered
    print(f"  unanswered within 90 s: {tally.unanswered} of {pressed}")
    if pressed:
        print(
            f"  server CPU: {tally.server_cpu_s:.1f} s in all, "
            f"{1000 * tally.server_cpu_s / pressed:.0f} ms per press; its core busy "
            f"{100 * tally.server_cpu_s / tally.phase_s:.0f} % of the {tally.phase_s:.0f} s"
        )
        shares = ", ".join(
            f"core {n} {100 * share:.0f} %" for n, share in enumerate(tally.cores_busy)
        )
        print(f"  cores busy (every process, other users' too): {shares}")
    for failure in tally.failures[:5]:
        print(f"    {failure}")
    for kind, values in sorted(tally.rounds.items()):
        print(summary(kind, values, "s"))
    before, peak, after = memory
    mib = 1 << 20
    print(
        f"  server memory (with its readers): before {before / mib:,.0f} MiB, "
        f"peak {peak / mib:,.0f} MiB ({peak / before:.2f}x), after {after / mib:,.0f} MiB"
    )
    return every


def _cpus(text: str) -> set[int]:
    """'0' or '0,1' or '0-1' as a set of core numbers (taskset's list form)."""
    cores: set[int] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        cores.update(range(int(first), int(last or first) + 1))
    return cores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=6)
    parser.add_argument("--moves", type=int, default=12, help="presses of each slider")
    parser.add_argument("--size", type=int, default=10_000, help="synthetic customers")
    parser.add_argument("--upload", action="store_true", help="add a visitor uploading")
    parser.add_argument("--report", action="store_true", help="add a report downloader")
    parser.add_argument("--server-cpus", default="0", help="taskset list for the server")
    parser.add_argument("--browser-cpus", default="1", help="cores for the browsers")
    parser.add_argument(
        "--server-nice",
        type=int,
        default=0,
        help="the server's niceness (below 0 needs root): on a machine shared with other "
        "work, -10 keeps that work from queueing ahead of the server on its core",
    )
    args = parser.parse_args(argv)
    background = args.upload + args.report
    prefix: tuple[str, ...] = ()
    if args.server_cpus:
        prefix = ("taskset", "-c", args.server_cpus)
    if args.server_nice:
        prefix = ("nice", "-n", str(args.server_nice), *prefix)
    if args.browser_cpus:  # inherited by every thread and process started from here on
        os.sched_setaffinity(0, _cpus(args.browser_cpus))
    print(
        f"cores: {os.cpu_count()}; server on {args.server_cpus or 'any'} (niceness "
        f"{args.server_nice}), browsers on "
        f"{args.browser_cpus or 'any'}; load average before: {os.getloadavg()[0]:.1f} "
        "(the machine is shared: compare the two phases, not only the absolute times)"
    )
    with running_app(prefix=prefix) as url:
        with sync_playwright() as playwright:  # warm the model and the portfolio first
            browser = playwright.chromium.launch(**LAUNCH_ARGS)
            page = browser.new_context(viewport=WINDOW, base_url=url).new_page()
            open_page(
                page,
                f"{labels.WHAT_IF_PATH}?customers={args.size}",
                metric(page, labels.TOTAL_SAVING),
            )
            browser.close()
        started = time.perf_counter()
        (*alone,) = run_phase(url, 1, args, background=False)
        alone_presses = report(
            f"1 visitor alone ({time.perf_counter() - started:.0f} s)", alone[0], alone[1:]
        )
        started = time.perf_counter()
        (*crowd,) = run_phase(url, args.visitors, args, background=True)
        crowd_presses = report(
            f"{args.visitors} slider visitors + {background} background visitors "
            f"({time.perf_counter() - started:.0f} s; load average after "
            f"{os.getloadavg()[0]:.1f})",
            crowd[0],
            crowd[1:],
        )
    if alone_presses and crowd_presses:
        median = statistics.median(crowd_presses) / statistics.median(alone_presses)
        worst = max(crowd_presses) / max(alone_presses)
        print(f"crowded / alone: median {median:.1f}x, worst {worst:.1f}x")
    if crowd_presses:
        met = (
            statistics.median(crowd_presses) < 1000
            and max(crowd_presses) < 3000
            and crowd[0].unanswered == 0
        )
        print(
            "targets (the crowd: median under 1 s, worst under 3 s, none unanswered): "
            + ("met" if met else "not met")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
