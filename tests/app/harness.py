"""Helpers of the AppTest tests: open the dashboard on a page, read metrics and downloads.

AppTest runs app.py's script in this process, so caches and the model are shared across
tests, and a small portfolio (1,000 customers) keeps each run fast.
"""

from __future__ import annotations

from typing import ClassVar

import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from model.display.format import parse_money

SMALL = "1000"


def open_app(page: str = "app_pages/overview.py", **query: str) -> AppTest:
    """A fresh session on `page`, opened with these query parameters (1,000 customers unless
    `customers` is given); fails the test if the page raised."""
    # A bound, not a wait: a run returns as soon as it ends. Fitting a model on the Model
    # page took over 120 s on a busy machine (load 12 on two cores).
    app = AppTest.from_file("../../app.py", default_timeout=600)
    app.query_params.update({"customers": SMALL, **query})
    app.run()
    if page != "app_pages/overview.py":
        app.switch_page(page)
        app.run()
    assert not app.exception, app.exception[0].value if app.exception else ""
    return app


def rerun(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, app.exception[0].value if app.exception else ""
    return app


def metrics(app: AppTest) -> dict[str, str]:
    """Every st.metric on the page, label -> value as shown."""
    return {metric.label: metric.value for metric in app.metric}


def amount(app: AppTest, label: str) -> float:
    """The number a metric shows ("$1,234" -> 1234.0)."""
    return parse_money(metrics(app)[label])


class RecordingMediaFileManager(MediaFileManager):
    """The media manager AppTest makes for each run, remembered so a test can read the files
    its download buttons serve (AppTest keeps no reference to it after the run)."""

    made: ClassVar[list[MediaFileManager]] = []

    def __init__(self, storage) -> None:
        super().__init__(storage)
        RecordingMediaFileManager.made.append(self)


def record_downloads(monkeypatch) -> None:
    """Make AppTest's runs use RecordingMediaFileManager (call before the run to inspect)."""
    RecordingMediaFileManager.made.clear()
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingMediaFileManager)


def download(app: AppTest, label: str) -> bytes:
    """The bytes the download button with this label serves, as a click would fetch them.

    Deferred buttons (data built on click) run their callable; others read the stored file.
    Uses the manager's private tables: AppTest offers no public way to fetch a download.
    """
    button = next(b for b in app.get("download_button") if b.proto.label == label)
    manager = RecordingMediaFileManager.made[-1]
    if button.proto.deferred_file_id:
        data = manager._deferred_callables[button.proto.deferred_file_id]["callable"]()
    else:
        file_id = button.proto.url.rsplit("/", 1)[-1].split(".", 1)[0]
        data = manager._storage.get_file(file_id).content
    return data.encode() if isinstance(data, str) else bytes(data)


def portfolio_choice(app: AppTest) -> list:
    """The sidebar's synthetic/uploaded choice (empty while no upload is offered)."""
    from ui.state.keys import SOURCE_WIDGET_KEY

    return [radio for radio in app.radio if radio.key == SOURCE_WIDGET_KEY]
