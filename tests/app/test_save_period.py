"""The Portfolio page keeps the portfolio in use as a month of a workspace (AppTest): a new
workspace is made and the month saved with the same figures a snapshot of those customers
gives; saved again, the month is replaced, not doubled; a month not written YYYY-MM saves
nothing and says why."""

from __future__ import annotations

import pytest

from model.cases import DASHBOARD_SEED
from model.cases.synthetic_portfolios import synthetic_portfolio
from model.display.format import unescape_markdown
from model.store import (
    DATABASE_URL_VARIABLE,
    command_line,
    create_workspace,
    open_store,
    period_figures_of,
    snapshot_frame,
    workspace_names,
)
from tests.app.harness import open_app, rerun
from ui.portfolio.period import NEW_WORKSPACE
from ui.state.keys import SAVE_NEW_WORKSPACE, SAVE_PERIOD, SAVE_WORKSPACE
from ui.trend import as_typed

PORTFOLIO = "app_pages/portfolio.py"
SAVE = "Save as a month of the workspace"


def save(app, workspace: str, period: str, *, new: bool):
    app.selectbox(key=SAVE_WORKSPACE).set_value(NEW_WORKSPACE if new else workspace)
    if new:
        app.text_input(key=SAVE_NEW_WORKSPACE).input(workspace)
    app.text_input(key=SAVE_PERIOD).input(period)
    next(b for b in app.button if b.label == SAVE).click()
    return rerun(app)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The Portfolio page on a store of its own, so the demo of the other tests' store
    (made only on an empty one) is not changed by the workspaces saved here."""
    url = f"sqlite:///{tmp_path_factory.mktemp('saving') / 'workspaces.sqlite'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DATABASE_URL_VARIABLE, url)
        yield open_app(PORTFOLIO)


def test_the_portfolio_is_saved_as_a_month_of_a_new_workspace(page, tmp_path):
    save(page, "Saved from the page", "2025-07", new=True)
    assert not page.error, page.error[0].value
    assert "Saved as 2025-07 of Saved from the page" in page.success[-1].value
    store = open_store().acting(command_line())
    assert "Saved from the page" in workspace_names(store)
    figures = period_figures_of(store, "Saved from the page")
    assert list(figures) == ["2025-07"]
    # The same 1,000 synthetic customers snapshotted in a store of their own: equal figures.
    alone = open_store(f"sqlite:///{tmp_path / 'alone.sqlite'}").acting(command_line())
    create_workspace(alone, "Alone")
    expected = snapshot_frame(
        alone, "Alone", "2025-07", synthetic_portfolio(1_000, DASHBOARD_SEED), "same"
    )
    assert figures["2025-07"].values == expected.figures.values
    assert round(figures["2025-07"].total, 2) == round(expected.figures.total, 2)


def test_a_month_saved_again_is_replaced_not_doubled(page):
    save(page, "Saved from the page", "2025-07", new=False)
    assert "replacing the one saved before" in page.success[-1].value
    figures = period_figures_of(open_store().acting(command_line()), "Saved from the page")
    assert list(figures) == ["2025-07"]


def test_a_month_not_written_year_month_saves_nothing_and_says_why(page):
    save(page, "Never made", "July 2025", new=True)
    shown = unescape_markdown(page.error[-1].value)
    assert shown.startswith("Nothing was saved: A period is a month written YYYY-MM")
    assert "Never made" not in workspace_names(open_store().acting(command_line()))


def test_a_workspace_named_with_quotes_markdown_and_a_newline_is_saved_and_shown_as_typed(page):
    odd = 'Q3 "North"; **x** $1 and $2\nsecond line'
    save(page, odd, "2025-08", new=True)
    assert odd in workspace_names(open_store().acting(command_line()))  # a name is data, never SQL
    message = page.success[-1].value
    assert message.startswith(f"Saved as 2025-08 of {as_typed(odd)}:")
    assert page.selectbox(key=SAVE_WORKSPACE).value == odd
