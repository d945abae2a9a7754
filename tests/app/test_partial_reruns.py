"""A rerun re-does only what its move changed (ui/state/cache.py; docs/adr/0003): a lever
prices only the portfolio under the fixes, and a rerun that changes nothing prices nothing
and draws no range. Each test opens the app with a gross margin no other test uses, so
nothing it counts was cached before it ran."""

import ui.state.cache as cache
from tests.app.harness import open_app, rerun
from ui.state.keys import LEVER_KEYS


def counted(monkeypatch, name: str) -> list[int]:
    """Calls of `name` in ui.state.cache from here on."""
    calls: list[int] = []
    original = getattr(cache, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(cache, name, counting)
    return calls


def test_a_lever_move_prices_only_the_fixes_and_a_quiet_rerun_prices_nothing(monkeypatch):
    priced = counted(monkeypatch, "estimate")
    app = open_app("app_pages/what_if.py", gross_margin="0.6131")
    assert len(priced) == 2  # today, and the levers at 0 (a scenario of its own)
    priced.clear()
    app.slider(key=LEVER_KEYS["outage_hours_cut"]).set_value(37.0)
    rerun(app)
    assert len(priced) == 1  # under the fixes; today's priced portfolio is reused
    priced.clear()
    rerun(app)
    assert priced == []


def test_a_quiet_rerun_of_the_overview_draws_no_range_and_prices_no_failure(monkeypatch):
    ranges = counted(monkeypatch, "total_range")
    prices = counted(monkeypatch, "failure_prices")
    app = open_app(gross_margin="0.6132")
    assert (len(ranges), len(prices)) == (1, 1)
    rerun(app)
    assert (len(ranges), len(prices)) == (1, 1)
