"""The Overview shows the workspaces' alerts (AppTest), without ever making a first visit wait
for the demo year: on a store not yet there it shows none and creates nothing; once the Trend
page has chosen a workspace, the Overview shows that workspace's alerts; a company's own
workspace with an alert shows there from the first visit."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.display.format import unescape_markdown
from model.store import (
    DATABASE_URL_VARIABLE,
    DEMO_WORKSPACE,
    AlertRule,
    command_line,
    create_workspace,
    open_store,
    save_alert_rule,
    snapshot_frame,
)
from model.store.demo import demo_month
from tests.app.harness import open_app, rerun
from ui.trend import as_typed

HEADING = "Alerts from your workspaces"


def headings(app) -> list[str]:
    return [h.value for h in app.subheader]


@pytest.fixture
def own_store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "workspaces.sqlite"
    monkeypatch.setenv(DATABASE_URL_VARIABLE, f"sqlite:///{path}")
    return path


def test_a_first_visit_to_the_overview_creates_no_store_and_shows_no_alert(own_store):
    app = open_app()
    assert HEADING not in headings(app)
    assert not own_store.exists(), "the Overview made the store (and would make the demo)"


def test_after_the_trend_page_the_overview_shows_the_chosen_workspaces_alert(own_store):
    app = open_app("app_pages/trend.py")
    app.switch_page("app_pages/overview.py")
    rerun(app)
    assert HEADING in headings(app)
    shown = [w.value for w in app.warning if DEMO_WORKSPACE.split(":")[0] in w.value]
    assert shown and "up more than 5 %" in shown[0]


def test_a_companys_own_workspace_with_an_alert_shows_on_a_first_visit(own_store):
    store = open_store().acting(command_line())
    create_workspace(store, "Acme")
    save_alert_rule(store, "Acme", AlertRule("Total above one dollar", above_amount=1.0))
    snapshot_frame(store, "Acme", "2026-01", demo_month(1, 300), "three hundred customers")
    store.dispose()
    app = open_app()
    assert HEADING in headings(app)
    assert any("Acme" in w.value and "Total above one dollar" in w.value for w in app.warning)


ODD_WORKSPACE = 'Q3 "North"; **x** $1 and $2\nsecond line'
ODD_RULE = "Rule 'a'; DROP TABLE workspaces; **bold** $1 and $2"


def test_odd_workspace_and_rule_names_show_as_typed_never_as_markdown(own_store):
    store = open_store().acting(command_line())
    create_workspace(store, ODD_WORKSPACE)
    save_alert_rule(store, ODD_WORKSPACE, AlertRule(ODD_RULE, above_amount=1.0))
    snapshot_frame(store, ODD_WORKSPACE, "2026-01", demo_month(1, 200), "two hundred customers")
    store.dispose()
    app = open_app()
    shown = [w.value for w in app.warning if "second line" in w.value]
    assert len(shown) == 1
    # Every markdown character escaped: no bold, no maths; the newline a line break.
    assert shown[0].startswith(f"{as_typed(ODD_WORKSPACE)}: **{as_typed(ODD_RULE)}** (2026-01)")
    assert "\\*\\*x\\*\\*" in shown[0] and "\\$1 and \\$2" in shown[0]
    assert unescape_markdown(as_typed(ODD_WORKSPACE)) == ODD_WORKSPACE.replace("\n", "  \n")
