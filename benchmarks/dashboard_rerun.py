"""Server-side rerun time of the dashboard after a lever and after a money slider move.

Drives app.py with Streamlit's AppTest (the script run the server would do, without the
browser), for portfolios of 10,000 and 100,000 customers:

- first run: a new session's first overview run on that size, with empty data caches
  (generation, scoring, Shapley root causes; the first size also loads the model);
- warm: the same page run again with nothing changed (cache hits only);
- lever: the what-if page after a lever moves to a position not seen before (re-predicts
  the customers that lever changes);
- money: the what-if and overview pages after a money slider moves (arithmetic only);
  the sidebar's gross margin is the money slider the load benchmark presses.

Each warm figure is the median of several moves: the wall time of the script run and the
CPU time the process spent on it (`time.process_time`, every thread: AppTest runs the
script in a thread of this process, as the server does, so this is the server's CPU time
per move). Ratios are against the 150 ms target and against the warm rerun. Run from the
repository root:

    .venv/bin/python benchmarks/dashboard_rerun.py [--sizes 10000 100000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.state.keys import ASSUMPTION_KEYS, LEVER_KEYS, PORTFOLIO_SIZE_KEY  # noqa: E402

TARGET_MS = 150.0
APP = str(REPO / "app.py")


#: CPU milliseconds of each timed run, in the order run (read by `cpu_of`).
CPU_MS: list[float] = []


def timed_run(app: AppTest) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    app.run()
    elapsed = (time.perf_counter() - start) * 1000
    CPU_MS.append((time.process_time() - cpu) * 1000)
    if app.exception:
        raise RuntimeError(app.exception[0].value)
    return elapsed


def moves(app: AppTest, move, repeats: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `repeats` runs, each after `move(app, step)`."""
    wall, first = [], len(CPU_MS)
    for step in range(repeats):
        move(app, step)
        wall.append(timed_run(app))
    return statistics.median(wall), statistics.median(CPU_MS[first:])


def on_page(size: int, page: str) -> tuple[AppTest, float]:
    """A fresh session on `page` with a portfolio of `size`; returns it and the cold time."""
    app = AppTest.from_file(APP, default_timeout=600)
    app.query_params["customers"] = str(size)
    cold = timed_run(app)
    if page != "app_pages/overview.py":
        app.switch_page(page)
        cold += timed_run(app)
    return app, cold


def _lever(app: AppTest, step: int) -> None:
    app.slider(key=LEVER_KEYS["outage_hours_cut"]).set_value(5.0 * (step + 1))


def _margin(app: AppTest, step: int) -> None:
    app.slider(key=ASSUMPTION_KEYS["gross_margin"]).set_value(40.0 + step)


def measure(size: int, repeats: int) -> dict[str, tuple[float, float]]:
    """{what: (median wall ms, median CPU ms)}; a first run's figures are single runs."""
    results: dict[str, tuple[float, float]] = {}
    app, cold = on_page(size, "app_pages/overview.py")
    results["first run: overview, empty caches"] = (cold, float("nan"))
    results["warm: overview, nothing changed"] = moves(app, lambda app, step: None, repeats)
    results["money slider: overview"] = moves(
        app,
        lambda app, step: app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).set_value(
            8.0 + step
        ),
        repeats,
    )
    app.switch_page("app_pages/what_if.py")
    timed_run(app)
    results["warm: what-if, nothing changed"] = moves(app, lambda app, step: None, repeats)
    results["lever: what-if, new position"] = moves(app, _lever, repeats)
    results["lever: what-if, position seen before"] = moves(app, _lever, repeats)
    results["money slider (gross margin): what-if"] = moves(app, _margin, repeats)
    results["money slider (cost per call): what-if"] = moves(
        app,
        lambda app, step: app.number_input(key=ASSUMPTION_KEYS["cost_per_call"]).set_value(
            20.0 + step
        ),
        repeats,
    )
    results["money slider (deterrence): what-if"] = moves(
        app,
        lambda app, step: app.slider(key=ASSUMPTION_KEYS["deterrence_rate"]).set_value(20.0 + step),
        repeats,
    )
    assert app.session_state[PORTFOLIO_SIZE_KEY] == size
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    print(
        f"Server-side rerun time (AppTest script run), median of {args.repeats} moves; "
        f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"{'customers':>10}  {'what':<40} {'wall ms':>9} {'CPU ms':>8} "
        f"{'/ target':>9} {'/ warm':>7}"
    )
    for size in args.sizes:
        results = measure(size, args.repeats)
        warm = results["warm: what-if, nothing changed"][0]
        for what, (ms, cpu) in results.items():
            print(
                f"{size:>10,}  {what:<40} {ms:>9.1f} {cpu:>8.1f} "
                f"{ms / TARGET_MS:>8.2f}x {ms / warm:>6.1f}x"
            )
    print(f"target: {TARGET_MS:.0f} ms after warm-up at 100,000 customers")


if __name__ == "__main__":
    main()
