"""Print slider latency with more visitors than cores, and the server's CPU per press.

    python benchmarks/load_latency.py [--clients protocol|browser|both] [--visitors 6]
                                      [--moves 12] [--size 10000] [--pause 0.3]
                                      [--upload] [--report]
                                      [--server-cpus 0] [--client-cpus 1]
                                      [--server-nice 0]

Starts `streamlit run app.py` on a free port (tests/browser/app_server.py) under
`taskset -c SERVER_CPUS`, and runs this process and every client it starts on CLIENT_CPUS
(its own affinity, which they inherit), so the clients never take the server's core
(empty strings: no pinning). It then drives at once:

- `--visitors` visitors on the What-if page (a synthetic portfolio of `--size` customers),
  each pressing its sliders in turn, `--moves` presses of each with `--pause` seconds after
  each: the sidebar's gross margin (a money slider: arithmetic only), one step up and down
  in turn, and the outage lever (re-scores the customers it changes), one step up each
  time. The visitor alone starts from a 60 % margin, the crowd's from 40, 42, ... %: no two
  visitors' settings coincide, so none is answered from another's cached figures (the
  lever's re-scored customers, cached by lever position alone, are shared, as on a real
  server);
- with `--upload`, one visitor uploading files on the Portfolio page over and over: a
  100,000-customer CSV (3.7 MB, read and scored) and the hostile workbook of thirty sheets
  pointing at one part;
- with `--report`, one visitor downloading the board report from the Overview over and over.

Which clients press the sliders (`--clients`, benchmarks/load_visitors.py):

- `protocol` (the default): light clients speaking Streamlit's own websocket protocol
  (benchmarks/stream_client.py), all on one thread, so the crowd costs the client core
  almost nothing and the latency is the server's. A press's latency runs from sending the
  rerun to the message that says the run ended; every press must change the headline
  figure it moves (counted as "headline unchanged" otherwise);
- `browser`: one headless chromium per visitor (the first version of this benchmark); the
  latency runs in the page from the keydown to the DOM change showing the new figure, so it
  includes the browsers' rendering, which six browsers queue on one core;
- `both`: the protocol clients, then the browsers, on the same server in one run.

A press not answered within 90 s counts as unanswered. The server's CPU time (user and
system, its children's included) is read before and after each phase and divided by the
presses of the phase; the clients' CPU (this process and its children but the server) the
same way. Its memory is its resident set plus its children's (the upload readers), sampled
four times a second. Prints median and worst latency per kind of press, the unanswered
presses, the server's and the clients' CPU per press, each core's busy share, the background
visitors' rounds and the server's memory before, at its peak and after; then whether the
crowd met the targets (median under 1 s, worst under 3 s, none unanswered, every headline
changed).

Measured 2026-12-07 (docs/benchmarks.md; two cores shared with other work, load average
12.7 to 35.8): six protocol clients at 10,000 customers, median 534 ms, worst 1.90 s, none
unanswered, every headline changed, the server 79 ms of CPU a press (79 ms the margin, 80
ms the lever, alone); at 100,000, median 725 ms, worst 1.31 s, 153 ms a press (135 and 192
ms); six browsers in the same run as the first, median 2.61 s, worst 6.44 s, their core
spending 891 ms of CPU a press against the protocol clients' 6 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import psutil
from playwright.sync_api import sync_playwright

from benchmarks.load_visitors import (
    ALONE_MARGIN,
    CROWD_MARGIN,
    PRESS_TIMEOUT_S,
    Tally,
    protocol_sliders,
    report_visitor,
    slider_visitor,
    upload_visitor,
    what_if_query,
)
from benchmarks.stream_client import Visitor
from model.display import labels
from tests.browser.app_server import LAUNCH_ARGS, WINDOW, metric, open_page, running_app


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


def _cpu_seconds(processes) -> float:
    """CPU seconds (user and system, their waited-for children's too) of these processes."""
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    return total


def server_cpu(server: psutil.Process) -> float:
    """CPU seconds of the server and its children so far."""
    return _cpu_seconds([server, *server.children(recursive=True)])


class ClientCpu:
    """CPU seconds (user and system) of this process and its children but the server (the
    clients), from samples taken during a phase: a browser that ends before the phase does
    keeps its last sample, taken at most a poll (0.25 s) before it ended."""

    def __init__(self, server: psutil.Process) -> None:
        self.server = server
        self.seen: dict[tuple[int, float], float] = {}
        self.start: dict[tuple[int, float], float] = {}
        self.lock = threading.Lock()

    def sample(self) -> None:
        skip = {self.server.pid}
        with contextlib.suppress(psutil.NoSuchProcess):
            skip |= {child.pid for child in self.server.children(recursive=True)}
        me = psutil.Process()
        for process in [me, *me.children(recursive=True)]:
            if process.pid in skip:
                continue
            with contextlib.suppress(psutil.NoSuchProcess):
                times = process.cpu_times()
                with self.lock:
                    self.seen[(process.pid, process.create_time())] = times.user + times.system

    def mark_start(self) -> None:
        self.sample()
        with self.lock:
            self.start = dict(self.seen)

    def since_start(self) -> float:
        self.sample()
        with self.lock:
            return sum(cpu - self.start.get(key, 0.0) for key, cpu in self.seen.items())


def busy_share(before, after) -> float:
    """A core's share of time not idle between two readings of psutil.cpu_times."""
    idle = (after.idle + after.iowait) - (before.idle + before.iowait)
    total = sum(after) - sum(before)
    return 1 - idle / total if total else 0.0


def summary(name: str, values: list[float], unit: str) -> str:
    return (
        f"  {name:<32} median {statistics.median(values):8.1f} {unit}   "
        f"worst {max(values):8.1f} {unit}   (n={len(values)})"
    )


def run_phase(
    url: str, clients: str, visitors: int, args, background: bool
) -> tuple[Tally, int, int, int]:
    """Drive `visitors` slider visitors of this kind of client ("protocol": one thread for
    them all; "browser": a chromium each) and, if `background`, the uploader and the report
    downloader, until the sliders are done; the tally and the server's memory before, at its
    peak and after."""
    tally, stop = Tally(), threading.Event()
    server = server_process()
    if visitors == 1 and not background:
        tally.server_clock = lambda: server_cpu(server)
    before = peak = server_memory(server)
    clients_cpu = ClientCpu(server)
    at_start: list[tuple] = []  # read once every visitor has opened its page
    kinds = []
    if background and args.upload:
        kinds.append(upload_visitor)
    if background and args.report:
        kinds.append(report_visitor)
    ready = threading.Barrier(
        (visitors if clients == "browser" else 1) + len(kinds),
        action=lambda: (
            clients_cpu.mark_start(),
            at_start.append(
                (server_cpu(server), time.perf_counter(), psutil.cpu_times(percpu=True))
            ),
        ),
    )
    others = [threading.Thread(target=kind, args=(url, tally, ready, stop)) for kind in kinds]
    first = ALONE_MARGIN if visitors == 1 else CROWD_MARGIN
    if clients == "browser":
        sliders = [
            threading.Thread(
                target=slider_visitor,
                args=(url, what_if_query(args.size, first + 0.02 * n), args.moves, tally, ready),
            )
            for n in range(visitors)
        ]
    else:
        crowd = (url, visitors, args.size, args.moves, args.pause, tally, ready)
        sliders = [threading.Thread(target=protocol_sliders, args=crowd)]
    for thread in sliders + others:
        thread.start()
    while any(thread.is_alive() for thread in sliders):
        peak = max(peak, server_memory(server))
        if at_start:
            clients_cpu.sample()
        time.sleep(0.25)
    stop.set()
    for thread in others:
        thread.join(timeout=300)
    server_s, wall_s, cores = at_start[0]
    tally.server_cpu_s = server_cpu(server) - server_s
    tally.client_cpu_s = clients_cpu.since_start()
    tally.phase_s = time.perf_counter() - wall_s
    tally.cores_busy = [
        busy_share(before, after)
        for before, after in zip(cores, psutil.cpu_times(percpu=True), strict=True)
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
    print(f"  unanswered within {PRESS_TIMEOUT_S:.0f} s: {tally.unanswered} of {pressed}")
    print(
        f"  answered with the headline unchanged: {tally.unchanged}; elements sent as "
        f"references to the clients' kept copies: {tally.references}"
    )
    if pressed:
        print(
            f"  server CPU: {tally.server_cpu_s:.1f} s in all, "
            f"{1000 * tally.server_cpu_s / pressed:.0f} ms per press; its core busy "
            f"{100 * tally.server_cpu_s / tally.phase_s:.0f} % of the {tally.phase_s:.0f} s"
        )
        for kind, used in sorted(tally.server_cpu_by_kind.items()):
            print(
                f"  server CPU per press, {kind} (read around each): "
                f"{1000 * sum(used) / len(used):.0f} ms (n={len(used)})"
            )
        print(
            f"  clients' CPU: {tally.client_cpu_s:.1f} s in all, "
            f"{1000 * tally.client_cpu_s / pressed:.0f} ms per press"
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


def _warm(url: str, size: int) -> None:
    """One protocol visitor opens the What-if page: the model and the portfolio are loaded
    and priced before any clock runs."""

    async def visit() -> None:
        visitor = Visitor(url)
        try:
            await visitor.open(labels.WHAT_IF_PATH, f"customers={size}", 300)
        finally:
            await visitor.close()

    asyncio.run(visit())


def _measure(url: str, clients: str, args, background: int) -> tuple[list[float], Tally]:
    """One visitor alone, then the crowd, with this kind of client; the crowd's presses."""
    if clients == "browser":  # a browser's first page load, outside the clocks
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**LAUNCH_ARGS)
            page = browser.new_context(viewport=WINDOW, base_url=url).new_page()
            address = f"{labels.WHAT_IF_PATH}?customers={args.size}"
            open_page(page, address, metric(page, labels.TOTAL_SAVING))
            browser.close()
    started = time.perf_counter()
    alone = run_phase(url, clients, 1, args, background=False)
    alone_presses = report(
        f"[{clients}] 1 visitor alone ({time.perf_counter() - started:.0f} s)",
        alone[0],
        alone[1:],
    )
    started = time.perf_counter()
    crowd = run_phase(url, clients, args.visitors, args, background=True)
    crowd_presses = report(
        f"[{clients}] {args.visitors} slider visitors + {background} background visitors "
        f"({time.perf_counter() - started:.0f} s; load average after {os.getloadavg()[0]:.1f})",
        crowd[0],
        crowd[1:],
    )
    if alone_presses and crowd_presses:
        median = statistics.median(crowd_presses) / statistics.median(alone_presses)
        worst = max(crowd_presses) / max(alone_presses)
        print(f"[{clients}] crowded / alone: median {median:.1f}x, worst {worst:.1f}x")
    if crowd_presses:
        met = (
            statistics.median(crowd_presses) < 1000
            and max(crowd_presses) < 3000
            and crowd[0].unanswered == 0
            and crowd[0].unchanged == 0
        )
        print(
            f"[{clients}] targets (the crowd: median under 1 s, worst under 3 s, none "
            "unanswered, every headline changed): " + ("met" if met else "not met")
        )
    return crowd_presses, crowd[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clients",
        choices=["protocol", "browser", "both"],
        default="protocol",
        help="who presses the sliders: websocket clients, headless browsers, or both in turn",
    )
    parser.add_argument("--visitors", type=int, default=6)
    parser.add_argument("--moves", type=int, default=12, help="presses of each slider")
    parser.add_argument("--size", type=int, default=10_000, help="synthetic customers")
    parser.add_argument(
        "--pause", type=float, default=0.3, help="protocol clients' seconds after a press"
    )
    parser.add_argument("--upload", action="store_true", help="add a visitor uploading")
    parser.add_argument("--report", action="store_true", help="add a report downloader")
    parser.add_argument("--server-cpus", default="0", help="taskset list for the server")
    parser.add_argument(
        "--client-cpus", "--browser-cpus", default="1", help="cores for the clients"
    )
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
    if args.client_cpus:  # inherited by every thread and process started from here on
        os.sched_setaffinity(0, _cpus(args.client_cpus))
    print(
        f"cores: {os.cpu_count()}; server on {args.server_cpus or 'any'} (niceness "
        f"{args.server_nice}), clients on {args.client_cpus or 'any'}; "
        f"{args.size:,} customers; load average before: {os.getloadavg()[0]:.1f} "
        "(the machine is shared: compare the phases, not only the absolute times)"
    )
    kinds = ["protocol", "browser"] if args.clients == "both" else [args.clients]
    results = {}
    with running_app(prefix=prefix) as url:
        _warm(url, args.size)
        for clients in kinds:
            results[clients] = _measure(url, clients, args, background)
    if len(results) == 2 and all(presses for presses, _ in results.values()):
        (protocol, by_protocol), (browser, by_browser) = results["protocol"], results["browser"]
        client_cpu_ratio = (by_browser.client_cpu_s / len(browser)) / max(
            by_protocol.client_cpu_s / len(protocol), 1e-6
        )
        print(
            "browser / protocol clients, the crowd: median "
            f"{statistics.median(browser) / statistics.median(protocol):.1f}x, worst "
            f"{max(browser) / max(protocol):.1f}x; clients' CPU per press "
            f"{client_cpu_ratio:.0f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
