"""Every file of the hostile corpus (tests/hostile.py) uploaded on the Portfolio page
(AppTest): the page never breaks, a refused file says why and leaves the portfolio as it
was, and a read file's counts add up (rows in the file = estimated + rejected + blank).
Also what a hostile page address and hostile names do to the page: they show as text."""

from __future__ import annotations

import pytest

from model.display import labels
from model.display.format import count, plain
from tests.app.harness import metrics, open_app, portfolio_choice, rerun
from tests.hostile import CASES, HostileCase

PORTFOLIO = "app_pages/portfolio.py"


def upload(app, name: str, content: bytes):
    uploader = next(u for u in app.file_uploader if u.label == labels.UPLOAD_CUSTOMERS)
    uploader.set_value((name, content, "application/octet-stream"))
    return rerun(app)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_hostile_file_on_the_page_is_refused_plainly_or_counted_in_full(case: HostileCase):
    # the uploader offers .xlsx only: a macro workbook arrives renamed, its macros inside
    name = case.name.replace(".xlsm", ".xlsx")
    app = upload(open_app(PORTFOLIO), name, case.build())

    assert not app.exception
    refusal = case.page_message or case.message
    errors = "\n".join(error.value for error in app.error)
    if refusal is not None:
        assert plain(refusal) in errors
        assert not portfolio_choice(app), "the portfolio in use is unchanged"
        return
    shown = metrics(app)
    assert shown[labels.ROWS_IN_FILE] == count(case.rows_read)
    assert shown[labels.ROWS_ESTIMATED] == count(case.estimated)
    assert shown[labels.ROWS_REJECTED] == count(case.rejected)


def test_markdown_in_the_page_address_is_shown_as_text_not_as_a_link_or_an_image():
    link = "[Session expired: sign in again](http://example.invalid)"
    image = "![x](http://example.invalid/pixel.png)"
    app = open_app(gross_margin=link, people_told=image)

    warnings = [w.value for w in app.sidebar.warning]
    assert len(warnings) == 2
    for value, text in zip(warnings, (link, image), strict=True):
        assert plain(repr(text)) in value  # every markdown character escaped
        assert "](http" not in value


def test_a_workbooks_sheets_come_from_its_one_read_and_reruns_read_nothing(monkeypatch):
    from tests.hostile import customer_rows, sheet_xml, workbook

    notes = sheet_xml([["Read me"], ["Customers are on the next sheet"]])
    book = workbook([("Notes", notes), ("Customers", sheet_xml(customer_rows(4)))])
    import ui.portfolio.upload as upload_panel

    reads = []
    real = upload_panel.read_bounded

    def counting(*args, **kwargs):
        reads.append(args[1] if len(args) > 1 else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(upload_panel, "read_bounded", counting)
    app = upload(open_app(PORTFOLIO), "two-sheets.xlsx", book)
    assert metrics(app)[labels.ROWS_ESTIMATED] == "4"  # the customers' sheet, found first
    assert app.selectbox(key="upload.sheet").value == "Customers"
    rerun(rerun(app))
    assert reads == [None], "one read for the file; reruns and the chooser read nothing"
    app.selectbox(key="upload.sheet").set_value("Notes")
    rerun(app)
    assert reads == [None, "Notes"]
    assert "Required columns" in "\n".join(e.value for e in app.error)
