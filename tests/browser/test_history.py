"""A history in a real browser: upload customers with `churned`, see expected against
realised on the Model page, fit a model to them with progress, and look at the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from data.export import safe_csv_bytes
from data.synthetic import generate
from model.display.format import count
from tests.browser.app_server import PAGE_TIMEOUT_MS, metric_text, wait_idle
from tests.browser.screenshots import save_screenshot
from tests.browser.test_upload import go_to, open_portfolio, upload
from ui.model_page.history import FIT_BUTTON, USE_SWITCH

pytestmark = pytest.mark.browser

#: Fitting a model and its four refits on 3,000 customers, on a shared test machine.
FIT_TIMEOUT_MS = 240_000


def test_a_history_is_compared_with_what_happened_and_a_model_is_fitted_to_it(
    page: Page, screenshots
):
    history = generate(3_000, 8_282).drop(columns=["true_churn_probability"])
    open_portfolio(page)
    upload(page, ("history.csv", safe_csv_bytes(history)))
    go_to(page, "Model")
    assert metric_text(page, "Customers who left") == count(history["churned"].sum())

    page.get_by_role("button", name=FIT_BUTTON).click()
    fitted = page.get_by_text(USE_SWITCH).first  # drawn once the fitted model is kept
    expect(fitted).to_be_visible(timeout=FIT_TIMEOUT_MS)
    wait_idle(page, FIT_TIMEOUT_MS)
    # what the fit leaned on: its own data or public evidence, per incident (issue 32)
    expect(page.get_by_text("Where each effect comes from", exact=False).first).to_be_visible(
        timeout=PAGE_TIMEOUT_MS
    )
    save_screenshot(page, screenshots / "model-history.png")
