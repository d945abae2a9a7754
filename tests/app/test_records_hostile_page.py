"""Hostile records uploaded on the Portfolio page (AppTest, issue 33): the same refusals and
the same counts as the command line's (tests/unit/test_records_hostile.py)."""

from __future__ import annotations

from data.export import safe_csv_bytes
from data.records import INPUT_WORDS
from data.synthetic import generate
from model.display import labels
from model.display.format import count
from tests.app.harness import metrics, open_app, portfolio_choice, rerun
from ui.model_page.history import FIT_BUTTON, LEAK_CHOICE, LEAK_EXPANDER
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
    return table.loc[INPUT_WORDS["tickets"]].to_dict()  # the page names inputs in words


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


def leaky_history():
    """2,000 synthetic customers whose support calls are written from the outcome: a leak."""
    history = generate(2_000, 8_181).drop(columns=["true_churn_probability"])
    history["customer_id"] = [f"H-{i:05d}" for i in range(2_000)]
    history["support_calls"] = 3 * history["churned"]
    return history


def model_page_with(history):
    """The Model page after `history` was uploaded on the Portfolio page."""
    app = open_app(PORTFOLIO)
    uploader = next(u for u in app.file_uploader if u.label == labels.UPLOAD_CUSTOMERS)
    uploader.set_value(("history.csv", safe_csv_bytes(history), "text/csv"))
    rerun(app)
    app.switch_page("app_pages/model.py")
    return rerun(app)


def fit(app):
    next(b for b in app.button if b.label == FIT_BUTTON).click()
    return rerun(app)


def test_the_model_page_reads_churned_as_yes_no_and_refuses_a_leak_naming_it():
    history = leaky_history()
    left = int(history["churned"].sum())
    history["churned"] = history["churned"].map({1: "yes", 0: "no"})
    app = model_page_with(history)
    assert metrics(app)["Customers who left"] == count(left)
    app = fit(app)
    shown = "\n".join(str(e.value) for e in app.error)
    assert "support_calls tells leavers from stayers almost perfectly" in shown
    assert LEAK_EXPANDER in shown  # says where on the page to insist, no command-line option
    assert "--" not in shown


def test_the_model_page_fits_with_a_refused_column_the_user_insists_on_and_says_so():
    app = model_page_with(leaky_history())
    next(m for m in app.multiselect if m.label == LEAK_CHOICE).set_value(["support_calls"])
    app = fit(rerun(app))
    assert not [e for e in app.error if "No model was fitted" in str(e.value)]
    warned = "\n".join(str(w.value) for w in app.warning)
    assert "fitted with it because you insisted on keeping support_calls" in warned
