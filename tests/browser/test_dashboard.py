"""The dashboard in a real browser: headless Chromium against `streamlit run`."""

import pytest
from playwright.sync_api import Page

from tests.browser.app_server import metric_text, open_page
from ui import labels

pytestmark = pytest.mark.browser


def test_model_page_shows_its_card_metrics(page: Page, screenshots):
    open_page(page, labels.MODEL_PATH)
    assert 0.5 < float(metric_text(page, "ROC AUC")) <= 1
    page.screenshot(path=screenshots / "model.png", full_page=True)
