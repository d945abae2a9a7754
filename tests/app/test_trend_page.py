"""The Trend page on a first start: the demo workspace's twelve months, its alert, and a
bridge that adds up to the change between the two periods chosen (AppTest)."""

from __future__ import annotations

import pandas as pd
import pytest

from model.display.format import money
from model.store import DEMO_WORKSPACE, bridge, command_line, open_store, trend
from tests.app.harness import open_app, rerun
from ui.state.keys import TREND_FROM, TREND_TO


@pytest.fixture(scope="module")
def page():
    return open_app("app_pages/trend.py")


def test_the_demo_workspace_opens_with_twelve_months_and_its_alert(page):
    assert page.selectbox[0].value == DEMO_WORKSPACE
    table = page.dataframe[0].value
    assert list(table["period"]) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert any("up more than 5 %" in w.value for w in page.warning)


def test_the_bridge_adds_up_to_the_change_between_two_chosen_periods(page):
    page.selectbox(key=TREND_TO).set_value("2026-09")
    page.selectbox(key=TREND_FROM).set_value("2026-03")
    rerun(page)
    store = open_store().acting(command_line())
    made = bridge(store, DEMO_WORKSPACE, "2026-03", "2026-09")
    totals = trend(store, DEMO_WORKSPACE).set_index("period")["total_expected_cost"]
    assert made.start == totals["2026-03"] and made.end == totals["2026-09"]
    assert made.gap == pytest.approx(0.0, abs=1e-6)
    caption = " ".join(c.value for c in page.caption)
    assert f"{money(made.start)} + the bars = {money(made.end)}" in caption
    shown = page.dataframe[1].value
    assert isinstance(shown, pd.DataFrame) and len(shown) == len(made.bars)


def test_the_trend_table_is_titled_in_words_and_shows_whole_dollars(page):
    """The page's table reads as the board would (the CSV keeps the command's names)."""
    import json

    from ui.shared.tables import WHOLE_DOLLARS

    config = json.loads(page.dataframe[0].proto.columns)
    table = page.dataframe[0].value
    for name in table.columns:  # every column has a title in words, none a code name
        assert "_" not in config[name]["label"], name
    assert config["cost_from_unresolved_promises"]["label"] == "From missed promises"
    money = [n for n in table.columns if n not in ("period", "customers")]
    assert {config[n]["type_config"]["format"] for n in money} == {WHOLE_DOLLARS}
