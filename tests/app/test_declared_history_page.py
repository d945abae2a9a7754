"""The dashboard with a company's own columns and a history the built-in model misses
(AppTest, issue 18): the Model page's choice of declared incidents and covariates, the
fitted model's checks in words, its levers and unit costs on the What-if page, and the
misfit warning on the Overview and the Model page."""

from data.export import safe_csv_bytes
from model.display import labels
from tests.app.harness import open_app, rerun
from tests.unit.history_laws import history
from tests.unit.test_misfit_warning import other_company
from ui.model_page.history import COVARIATES_CHOICE, FIT_BUTTON, INCIDENTS_CHOICE
from ui.state.keys import (
    ACCEPT_FAILED_CHECKS,
    DECLARED_LEVER_PREFIX,
    SESSION_MODEL,
    USE_SESSION_MODEL,
)

MODEL, PORTFOLIO = "app_pages/model.py", "app_pages/portfolio.py"
OVERVIEW, WHAT_IF = "app_pages/overview.py", "app_pages/what_if.py"


def upload(frame, page: str):
    app = open_app(PORTFOLIO)
    uploader = next(u for u in app.file_uploader if u.label == labels.UPLOAD_CUSTOMERS)
    uploader.set_value(("history.csv", safe_csv_bytes(frame), "text/csv"))
    rerun(app)
    app.switch_page(page)
    return rerun(app)


def misfit_warnings(app) -> list[str]:
    return [w.value for w in app.warning if "does not fit this history" in w.value]


def test_the_model_page_fits_declared_incidents_and_covariates_and_what_if_offers_them():
    app = upload(history(1_500, 61), MODEL)
    incidents = next(m for m in app.multiselect if m.label == INCIDENTS_CHOICE)
    assert "dropped_calls" in incidents.options and "plan" not in incidents.options
    incidents.set_value(["dropped_calls"])
    rerun(app)
    next(m for m in app.multiselect if m.label == COVARIATES_CHOICE).set_value(["plan"])
    rerun(app)
    next(b for b in app.button if b.label == FIT_BUTTON).click()
    rerun(app)
    card = app.session_state[SESSION_MODEL].model.card
    assert card["declared_incidents"] == ["dropped_calls"] and card["covariates"] == ["plan"]
    shown = " ".join(m.value for m in app.markdown)
    assert "churn never falls as a failure rises" in shown and "Passed" in shown

    for box in [c for c in app.checkbox if c.key == ACCEPT_FAILED_CHECKS]:
        box.check()  # a history this small fails a check of its own: accept it
        rerun(app)
    app.toggle(key=USE_SESSION_MODEL).set_value(True)
    rerun(app)
    for page in (OVERVIEW, PORTFOLIO, MODEL, "app_pages/methodology.py"):
        app.switch_page(page)
        rerun(app)  # every page draws with the fitted model's own incidents
    app.switch_page(OVERVIEW)
    rerun(app)
    assert misfit_warnings(app) == []  # the model fitted to this history is in use
    app.switch_page(WHAT_IF)
    rerun(app)

    def saving():
        table = next(d.value for d in app.dataframe if "Saving" in d.value.columns)
        return float(table["Saving"].iloc[-1])  # the total

    assert saving() == 0  # no lever moved yet
    app.slider(key=f"{DECLARED_LEVER_PREFIX}dropped_calls").set_value(100.0)
    rerun(app)
    assert saving() > 0  # fixing every dropped call saves the churn they cause


def test_the_overview_and_the_model_page_warn_when_the_built_in_model_misses_an_upload():
    app = upload(other_company(2_000, 62), OVERVIEW)
    assert len(misfit_warnings(app)) == 1
    assert "Fit the model to this history" in misfit_warnings(app)[0]
    app.switch_page(MODEL)
    rerun(app)
    assert len(misfit_warnings(app)) == 1


def test_there_is_no_misfit_warning_on_the_synthetic_portfolio():
    app = open_app(OVERVIEW)
    assert misfit_warnings(app) == []


def test_settings_files_carry_the_declared_incidents_levers_and_unit_costs_to_the_widgets():
    from ui.sidebar.json_files import widget_values
    from ui.state.keys import DECLARED_COST_PREFIX

    levers = widget_values(
        "scenario", b'{"promises_kept": 0.2, "declared_incidents_cut": {"dropped_calls": 0.35}}'
    )
    assert levers[f"{DECLARED_LEVER_PREFIX}dropped_calls"] == 35.0
    costs = widget_values("assumptions", b'{"cost_per_declared_incident": {"dropped_calls": 2.5}}')
    assert costs[f"{DECLARED_COST_PREFIX}dropped_calls"] == 2.5
