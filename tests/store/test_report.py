"""The board report of a workspace: its latest period's report, with the trend, the bridge of
the last change and the fixes followed, in the report's own words and layout."""

from __future__ import annotations

import html

import pytest

from data.synthetic import generate
from model.display import money
from model.money import Scenario
from model.store import (
    NotAMember,
    command_line,
    create_workspace,
    mark_fix,
    open_store,
    save_scenario,
    snapshot_frame,
    trend,
    user,
    workspace_report_html,
)
from tests.store.test_commands import run

NAME = "Acme <b>&</b> Co"


@pytest.fixture
def workspace(store_url):
    store = open_store(store_url).acting(command_line())
    create_workspace(store, NAME)
    for month, factor in (("2026-01", 1.0), ("2026-02", 1.0), ("2026-03", 0.6)):
        frame = generate(300, seed=40).drop(columns=["true_churn_probability"])
        frame["outage_hours"] = frame["outage_hours"] * factor
        snapshot_frame(store, NAME, month, frame, f"month {month}")
    save_scenario(store, NAME, "Cut <outages>", Scenario(outage_hours_cut=0.4))
    mark_fix(store, NAME, "Cut <outages>", "2026-03")
    yield store
    store.dispose()


def test_the_workspace_report_adds_the_trend_the_last_bridge_and_the_fixes(
    workspace, store_url, tmp_path
):
    output = tmp_path / "report.html"
    assert run("report", "--workspace", NAME, "-o", str(output), url=store_url) == 0
    text = output.read_text()
    for heading in (
        "The trend, period by period",
        "What moved the total in the last change",
        "Fixes followed: forecast against realised",
        "What fixing it would save",  # the report's own sections stay
    ):
        assert f">{heading}</h2>" in text
    assert "From 2026-02 to 2026-03: what moved" in text  # the chart's title
    latest = trend(workspace, NAME).iloc[-1]["total_expected_cost"]
    assert html.escape(money(latest)) in text
    assert "Cut &lt;outages&gt;, started in 2026-03" in text
    assert "<b>&</b>" not in text and html.escape(NAME, quote=False) in text


def test_a_member_makes_it_and_a_stranger_is_refused(workspace):
    with pytest.raises(NotAMember):
        workspace_report_html(workspace.acting(user("eve@example.com")), NAME)
    assert run("report", "-o", "x.html", url="sqlite://") == 2  # neither a file nor a workspace


def test_the_workspace_report_lists_who_to_call_from_the_command_and_points_the_page_to_it(
    workspace, store_url, tmp_path
):
    output = tmp_path / "report.html"
    options = ("--call-cost", "20", "--save-rate", "0.3", "--calls", "5")
    assert run("report", "--workspace", NAME, "-o", str(output), *options, url=store_url) == 0
    text = output.read_text()
    section = text[text.index(">Who to call first</h2>") :]
    assert 'data-key="calls" data-value="5"' in section
    assert "a budget of 5 contacts" in section
    # from the Workspace page, without a cost and rate: where to give them, no option named
    page = workspace_report_html(workspace, NAME, origin="dashboard")
    asked = page[page.index(">Who to call first</h2>") :]
    asked = asked[: asked.index("<h2>")]
    assert "What-if page" in asked and "--" not in asked
