"""Print the browser time from a key press on a what-if slider to the updated number.

    python benchmarks/browser_latency.py [--repeats 5] [--sizes 10000 100000]

Starts `streamlit run app.py` on a free port (as the browser tests do), opens the what-if
page in Debian's headless chromium with a synthetic portfolio of each size (the address's
`customers` parameter, which seeds the sidebar's "Synthetic customers" choice), and times:

- a lever: ArrowRight on "Cut outage hours by" until the "Total saving" metric changes. Each
  press moves the lever to a position not seen before, so the customers it changes are
  re-scored; pressing ArrowLeft back over the same positions then times the cached case;
- a money slider: ArrowRight then ArrowLeft on "Gross margin (%)" until the "Total expected
  cost" metric changes (arithmetic only, no model inference).

The clock runs in the page: from the keydown event to the DOM mutation that shows the new
value, so it includes the slider's own debounce, the websocket round trip, the server's
rerun and React's update, but not Playwright's messaging. Each figure is one press.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from playwright.sync_api import Page, sync_playwright

from model.display import labels
from tests.browser.app_server import (
    LAUNCH_ARGS,
    PAGE_TIMEOUT_MS,
    WINDOW,
    metric,
    open_page,
    running_app,
    wait_idle,
)

LEVER = labels.LEVERS["outage_hours_cut"]
MONEY_SLIDER = labels.ASSUMPTION_LABELS["gross_margin"]

#: Starts a clock at the next keydown and stops it when the metric's text changes.
_WATCH = """label => {
    const value = () => {
        for (const box of document.querySelectorAll("[data-testid='stMetric']")) {
            const name = box.querySelector("[data-testid='stMetricLabel']");
            if (name && name.innerText.trim() === label) {
                return box.querySelector("[data-testid='stMetricValue']").innerText.trim();
            }
        }
        return null;
    };
    const before = value();
    let started = null;
    window.__latency = null;
    document.addEventListener("keydown", () => { started = performance.now(); },
                              {capture: true, once: true});
    const watcher = new MutationObserver(() => {
        if (started !== null && value() !== before) {
            window.__latency = performance.now() - started;
            watcher.disconnect();
        }
    });
    watcher.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def press_and_time(page: Page, slider: str, key: str, metric_label: str) -> float:
    """Milliseconds from pressing `key` on the slider to the metric showing a new value."""
    page.get_by_role("slider", name=slider).focus()
    page.evaluate(_WATCH, metric_label)
    page.keyboard.press(key)
    page.wait_for_function("() => window.__latency !== null", timeout=PAGE_TIMEOUT_MS)
    elapsed = page.evaluate("window.__latency")
    wait_idle(page)
    page.wait_for_timeout(300)  # let the run's last messages land before the next press
    wait_idle(page)
    return elapsed


def summary(name: str, times: list[float]) -> str:
    return (
        f"  {name:<44} median {statistics.median(times):6.0f} ms   "
        f"max {max(times):6.0f} ms   (n={len(times)})"
    )


def measure(page: Page, size: int, repeats: int) -> None:
    started = time.perf_counter()
    open_page(
        page,
        f"{labels.WHAT_IF_PATH}?customers={size}",
        ready=metric(page, labels.TOTAL_SAVING),
    )
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first
    shown = f"{size:,} customers"
    if shown not in caption.inner_text():
        raise RuntimeError(f"the what-if page does not say {shown!r}: {caption.inner_text()!r}")
    print(f"{shown}: page opened in {time.perf_counter() - started:.1f} s")

    new_positions = [
        press_and_time(page, LEVER, "ArrowRight", labels.TOTAL_SAVING) for _ in range(repeats)
    ]
    seen_positions = [
        press_and_time(page, LEVER, "ArrowLeft", labels.TOTAL_SAVING) for _ in range(repeats)
    ]
    money = [
        press_and_time(page, MONEY_SLIDER, key, labels.TOTAL_EXPECTED_COST)
        for key in ["ArrowRight"] * repeats + ["ArrowLeft"] * repeats
    ]
    print(summary("lever, new position (re-scores customers)", new_positions))
    print(summary("lever, position seen before (cached)", seen_positions))
    print(summary("money slider (arithmetic only)", money))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="presses per kind (default 5)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    print(f"cores available: {os.cpu_count()}; chromium: {LAUNCH_ARGS['executable_path']}")
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        try:
            for size in args.sizes:
                context = browser.new_context(viewport=WINDOW, base_url=url)
                try:
                    measure(context.new_page(), size, args.repeats)
                finally:
                    context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
