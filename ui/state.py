"""The view's state, in one home: every session key, and the `Settings` a page needs.

A page reads its settings with `settings()` and nothing else: the ONE Assumptions object
built from the sidebar's widgets, the ONE Scenario from the what-if levers, and the
portfolio in use. The run goes: app.py calls `init_session` (seeds the widgets on a
session's first run), ui/sidebar.py draws the widgets under the keys defined here,
`publish_settings` reads them back (ui/controls.py converts display units) into this run's
`Settings` and keeps them, `write_address` puts them in the page address, and the page calls
`settings()`.
Every key the session holds is defined in this module, whoever writes it.

The first run of a session seeds the widgets from the page address (ui/query.py); every
run after writes the settings back to the address, so a copied link reproduces the view.
The lever sliders live only on the what-if page (the case study's inputs only on theirs),
and Streamlit forgets the state of a widget that a run does not draw, so their values are
carried over on every run.

The portfolio in use is one key, `PORTFOLIO_SOURCE` ("synthetic" or "uploaded"). An
upload page registers a validated frame with `use_uploaded_portfolio`; the sidebar then
offers it beside the synthetic one, until `reset_to_synthetic` forgets it. The upload lives
in this session's state only, so no other browser session can see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
import streamlit as st

from data.digest import frame_digest
from model.cases import CASE_STUDY_CUSTOMER, CUSTOMER_PRESETS, DASHBOARD_SEED, TELCO
from model.churn import ChurnModel
from model.money import Assumptions, Scenario
from ui.controls import (
    CONTROLS,
    CONTROLS_BY_KEY,
    FIXED_RETENTION_OFFERED,
    LEVER_NAMES,
    assumptions_from_display,
    display_from_assumptions,
    display_from_scenario,
    scenario_from_display,
)
from ui.query import query_from_settings, settings_from_query

#: Widget keys, one per assumption and per lever; values in display units (percent).
ASSUMPTION_KEYS: dict[str, str] = {c.key: f"assumption.{c.key}" for c in CONTROLS}
LEVER_KEYS: dict[str, str] = {name: f"lever.{name}" for name in LEVER_NAMES}
#: Case study inputs, one per contract column of the preset customer (its id excepted).
CASE_KEYS: dict[str, str] = {
    name: f"case.{name}" for name in CASE_STUDY_CUSTOMER if name != "customer_id"
}
#: Where monthly retention comes from: "model" (each customer's own) or "fixed".
RETENTION_SOURCE_KEY = "assumption.monthly_retention.source"
PORTFOLIO_SIZE_KEY = "portfolio.size"
#: The portfolio in use: "synthetic" or "uploaded" (the one key an upload page sets).
PORTFOLIO_SOURCE = "portfolio.source"
#: An `UploadedPortfolio`, once an upload page has registered one.
UPLOADED_PORTFOLIO = "portfolio.uploaded"
#: What ui/cache.py computed from this session's upload (scores, root causes, scenarios):
#: kept in the session, never in a cache another session could reach.
UPLOADED_RESULTS = "portfolio.uploaded_results"
#: Widget key of the synthetic/uploaded choice, kept in step with PORTFOLIO_SOURCE.
SOURCE_WIDGET_KEY = "portfolio.source_widget"
#: A `ChurnModel` fitted on this session's uploaded history (the Model page), with the
#: digest of that upload; only this session can reach it.
SESSION_MODEL = "model.session"
#: Widget key of the Model page's switch: score the upload with the session's own model.
USE_SESSION_MODEL = "model.use_session"
#: Problems met reading the page address on the session's first run.
QUERY_PROBLEMS = "query.problems"
#: This run's Settings, kept by `publish_settings` for the page.
SETTINGS = "run.settings"
#: The portfolio page's upload (ui/upload.py): this session's report, and the uploader's
#: generation (a new key empties the widget).
UPLOAD_REPORT = "upload.report"
UPLOAD_GENERATION = "upload.generation"
#: The uploaded workbook's sheet to read, when it has several (a select box).
UPLOAD_SHEET = "upload.sheet"
#: The portfolio page's records import (ui/records_upload.py): the uploaders' generation,
#: the last preparation (its inputs' digest, counts, report, mapping) and the prefix of the
#: mapping's, window's and units' widget keys.
RECORDS_GENERATION = "records.generation"
RECORDS_RESULT = "records.result"
#: The uploaded records (kept across pages) and the last choice of each of its widgets.
RECORDS_FILES = "records.files"
RECORDS_CHOICES = "records.choices"
RECORDS_WIDGET = "records"
#: The sidebar's JSON files (ui/json_files.py): the uploaders' generation, the last message.
JSON_FILES_GENERATION = "settings_files.generation"
JSON_FILES_MESSAGE = "settings_files.message"
#: Why this customer costs this much (ui/customer_view.py): the chosen customer's id (the
#: search box; a click on the costliest table writes it), the table's selection, and this
#: session's remembering model (each of the customer's predictions made once).
CUSTOMER_SEARCH = "customer.search"
CUSTOMER_TABLE = "customer.table"
CUSTOMER_MODEL = "customer.model"
#: The segmentation shown on the overview (ui/segments_view.py).
SEGMENT_BY = "segments.by"
#: The what-if page's business case inputs (ui/business_case_view.py).
FIX_ONE_OFF = "fix.one_off"
FIX_PER_YEAR = "fix.per_year"
FIX_HORIZON = "fix.horizon_years"
#: The case study's preset (ui/presets_view.py).
CASE_PRESET = "case.preset"
_INITIALISED = "session.initialised"
#: Inputs of one page that other pages read (the report takes the fixes' cost): kept
#: across pages once set.
_KEPT_IF_SET = (FIX_ONE_OFF, FIX_PER_YEAR, FIX_HORIZON, CASE_PRESET)

SourceKind = Literal["synthetic", "uploaded"]
#: Which model scores a portfolio: the built-in one, or the one fitted on the session's history.
ModelKind = Literal["built-in", "history"]


@dataclass(frozen=True)
class PortfolioSource:
    """Which portfolio a page estimates: small and hashable, so caches key on it.

    A synthetic portfolio is named by its size and seed; an uploaded one by the digest
    of its values (its frame stays in session state, never in a cache key).
    """

    kind: SourceKind
    size: int
    seed: int = DASHBOARD_SEED
    digest: str = ""
    name: str = ""
    model: ModelKind = "built-in"

    @property
    def description(self) -> str:
        if self.kind == "uploaded":
            scored_with = ", the model fitted to your history" if self.model == "history" else ""
            return (
                f"{self.name} ({self.size:,} customer{'' if self.size == 1 else 's'}{scored_with})"
            )
        return f"synthetic, {self.size:,} customers (seed {self.seed})"


@dataclass(frozen=True)
class Settings:
    """Everything a page needs to know about the view: what to estimate and how."""

    assumptions: Assumptions
    scenario: Scenario
    source: PortfolioSource


@dataclass(frozen=True)
class UploadedPortfolio:
    """A validated upload: its file name, its digest and its customers (contract columns),
    and for the report the SHA-256 of the file's bytes and what its rows gave."""

    name: str
    digest: str
    customers: pd.DataFrame
    file_sha256: str = ""
    rows_read: int = 0
    rejected: int = 0
    blank: int = 0


def uploaded_portfolio(customers: pd.DataFrame, name: str) -> UploadedPortfolio:
    return UploadedPortfolio(name=name, digest=frame_digest(customers), customers=customers)


def use_uploaded_portfolio(customers: pd.DataFrame, name: str, **about_the_file) -> None:
    """Make a validated upload the portfolio in use on every page (from the next run on).

    `about_the_file`: the file's SHA-256 and row counts, which the board report quotes.
    """
    upload = uploaded_portfolio(customers, name)
    st.session_state[UPLOADED_PORTFOLIO] = replace(upload, **about_the_file)
    st.session_state[PORTFOLIO_SOURCE] = "uploaded"


def reset_to_synthetic() -> None:
    """Forget this session's upload and what was computed from it: every page goes back to
    the synthetic portfolio."""
    st.session_state.pop(UPLOADED_PORTFOLIO, None)
    st.session_state.pop(UPLOADED_RESULTS, None)
    st.session_state.pop(SESSION_MODEL, None)
    st.session_state[USE_SESSION_MODEL] = False
    st.session_state[PORTFOLIO_SOURCE] = "synthetic"


def assumption_widget_values(assumptions: Assumptions) -> dict[str, object]:
    """Widget key -> value showing these assumptions, the retention source included."""
    values: dict[str, object] = {
        ASSUMPTION_KEYS[key]: shown for key, shown in display_from_assumptions(assumptions).items()
    }
    from_model = assumptions.monthly_retention is None
    values[RETENTION_SOURCE_KEY] = "model" if from_model else "fixed"
    if from_model:  # the fixed rate offered if the user switches
        values[ASSUMPTION_KEYS["monthly_retention"]] = CONTROLS_BY_KEY[
            "monthly_retention"
        ].to_display(FIXED_RETENTION_OFFERED)
    return values


def _seed_widgets(assumptions: Assumptions, scenario: Scenario, size: int) -> None:
    for key, shown in assumption_widget_values(assumptions).items():
        st.session_state[key] = shown
    for name, shown in display_from_scenario(scenario).items():
        st.session_state[LEVER_KEYS[name]] = shown
    st.session_state[PORTFOLIO_SIZE_KEY] = size
    st.session_state.setdefault(PORTFOLIO_SOURCE, "synthetic")


def init_session() -> None:
    """Seed the widgets from the address on a session's first run; keep levers across pages."""
    if not st.session_state.get(_INITIALISED):
        wanted = settings_from_query(st.query_params.to_dict())
        _seed_widgets(wanted.assumptions, wanted.scenario, wanted.portfolio_size)
        st.session_state[QUERY_PROBLEMS] = list(wanted.problems)
        st.session_state[_INITIALISED] = True
    if CASE_KEYS["monthly_revenue"] not in st.session_state:
        reset_case()
    kept = [key for key in _KEPT_IF_SET if key in st.session_state]
    for key in (
        *LEVER_KEYS.values(),
        *CASE_KEYS.values(),
        ASSUMPTION_KEYS["monthly_retention"],
        *kept,
    ):
        # Re-assigning turns the slider's state into the session's own, so it survives
        # runs of pages that do not draw the slider (Streamlit's documented pattern); the
        # fixed retention is drawn only while chosen.
        st.session_state[key] = st.session_state[key]


def reset_assumptions() -> None:
    """Callback of the reset button: every assumption back to its default."""
    for key, shown in assumption_widget_values(Assumptions()).items():
        st.session_state[key] = shown


def reset_case() -> None:
    """The case study inputs back to the chosen preset customer (the telco case unless
    another is chosen); also the reset button's callback."""
    preset = CUSTOMER_PRESETS.get(st.session_state.get(CASE_PRESET), TELCO)
    customer = preset.customer()
    for name, key in CASE_KEYS.items():
        value = customer[name]
        st.session_state[key] = bool(value) if name == "regulator_complaint" else value


def current_case() -> dict[str, float | int]:
    """The case study customer's fields as the inputs show them (complaint as 0 or 1)."""
    values = _values(CASE_KEYS)
    values["regulator_complaint"] = int(bool(values["regulator_complaint"]))
    return values


def current_assumptions() -> Assumptions:
    """The one Assumptions object of this run, from the sidebar's widgets."""
    shown = _values(ASSUMPTION_KEYS)
    if st.session_state.get(RETENTION_SOURCE_KEY, "model") == "model":
        shown["monthly_retention"] = None
    return assumptions_from_display(shown)


def current_scenario() -> Scenario:
    """The one Scenario object of this run, from the what-if page's lever sliders."""
    return scenario_from_display(_values(LEVER_KEYS))


def _values(keys: Mapping[str, str]) -> dict[str, float | None]:
    return {name: st.session_state[key] for name, key in keys.items()}


def uploaded() -> UploadedPortfolio | None:
    return st.session_state.get(UPLOADED_PORTFOLIO)


def current_source() -> PortfolioSource:
    """The portfolio in use: the upload if chosen and present, else the synthetic one."""
    upload = uploaded()
    if st.session_state.get(PORTFOLIO_SOURCE) == "uploaded" and upload is not None:
        model = "history" if session_model() is not None and use_session_model() else "built-in"
        return PortfolioSource(
            "uploaded",
            size=len(upload.customers),
            digest=upload.digest,
            name=upload.name,
            model=model,
        )
    return PortfolioSource("synthetic", size=int(st.session_state[PORTFOLIO_SIZE_KEY]))


def sync_query_params(assumptions: Assumptions, scenario: Scenario, source: PortfolioSource):
    """Write the view's settings to the address (only when they changed, to spare messages)."""
    size = source.size if source.kind == "synthetic" else None
    wanted = query_from_settings(assumptions, scenario, size)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def publish_settings() -> Settings:
    """This run's settings from the widgets, kept for the page (app.py calls it once per
    run, after the sidebar has drawn the widgets)."""
    view = Settings(current_assumptions(), current_scenario(), current_source())
    st.session_state[SETTINGS] = view
    return view


def write_address(view: Settings) -> None:
    """The view's settings into the page address (app.py: once the sidebar is drawn whole)."""
    sync_query_params(view.assumptions, view.scenario, view.source)


def settings() -> Settings:
    """This run's settings, for a page; stops a page opened without app.py."""
    found = st.session_state.get(SETTINGS)
    if found is None:
        st.info("Open the dashboard through app.py (`streamlit run app.py`).")
        st.stop()
    return found


def query_problems() -> list[str]:
    """Problems met reading the address the session was opened with (empty if none)."""
    return list(st.session_state.get(QUERY_PROBLEMS, []))


@dataclass(frozen=True)
class SessionModel:
    """A model fitted on this session's uploaded history, and the digest of that upload."""

    model: ChurnModel
    history_digest: str


def keep_session_model(model: ChurnModel, history_digest: str) -> None:
    """Keep a model fitted on this session's upload, for this session only."""
    st.session_state[SESSION_MODEL] = SessionModel(model, history_digest)


def session_model() -> SessionModel | None:
    """The model fitted on this session's current upload, if any (dropped with the upload)."""
    kept = st.session_state.get(SESSION_MODEL)
    upload = uploaded()
    if kept is None or upload is None or kept.history_digest != upload.digest:
        return None
    return kept


def use_session_model() -> bool:
    return bool(st.session_state.get(USE_SESSION_MODEL, False))
