"""Hostile records uploaded on the Portfolio page (AppTest, issue 33): the same refusals and
the same counts as the command line's (tests/unit/test_records_hostile.py)."""

from __future__ import annotations

from tests.app.harness import open_app, portfolio_choice, rerun
from ui.portfolio.records import UPLOAD_LABELS

PORTFOLIO = "app_pages/portfolio.py"
CRM = b"customer_id,monthly_revenue,tenure_months\nA,50,12\nB,60,24\n"


def put(app, section: str, name: str, content: bytes):
    uploader = next(u for u in app.file_uploader if u.label == UPLOAD_LABELS[section])
    uploader.set_value((name, content, "text/csv"))
    return rerun(app)


def upload(tickets: bytes):
    app = open_app(PORTFOLIO)
    app = put(app, "customers", "crm.csv", CRM)
    return put(app, "tickets", "tickets.csv", tickets)


def counts(app):
    table = app.table[0].value
    return table.loc["tickets"].to_dict()


def test_an_uploaded_log_with_an_unclosed_quote_is_refused_naming_its_line():
    rows = "".join(f"T{i},A,2024-05-01\n" for i in range(1, 200))
    app = upload(b'ticket_id,customer_id,created_at\nT0,A,"2024-05-01\n' + rows.encode())
    shown = "\n".join(str(e.value) for e in app.error).replace("\\", "")
    assert 'the quote (") that opens a field on line 2 (row 1 under the header)' in shown
    assert not portfolio_choice(app)  # nothing prepared, nothing offered


def test_uploaded_two_digit_years_are_this_century_and_the_window_says_what_set_its_end():
    app = upload(b"ticket_id,customer_id,created_at\nT1,A,31/03/24\nT2,B,15/06/24\nT3,A,1/12/24\n")
    got = counts(app)
    assert (got["rows read"], got["used"], got["outside the window"]) == (3, 3, 0)
    shown = "\n".join(str(m.value) for m in app.markdown)
    assert "the latest event, tickets row 3 (created_at)" in shown


def test_an_uploaded_log_with_columns_named_like_internal_ones_counts_as_without_them():
    app = upload(
        b"ticket_id,customer_id,created_at,__f_customer_id,__t_created_at,__row\n"
        b"T1,A,2024-05-01,B,yesterday,7\nT2,B,2024-05-02,A,x,1\n#1,A,2024-05-03,,,\n"
    )
    got = counts(app)
    assert (got["rows read"], got["used"], got["rejected"]) == (3, 3, 0)
