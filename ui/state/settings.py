"""The run's `Settings`: the one object a page reads to know what to estimate and how.

A page calls `current_settings()` and nothing else: the ONE Assumptions object built from the
sidebar's widgets, the ONE Scenario from the what-if levers, and the portfolio in use
(`PortfolioSource`). The route of a value: a panel draws a widget under its key
(ui/state/keys.py), Streamlit keeps the value in the session, and `current_settings()` reads it back
here, converting display units once (ui/state/controls.py).

The portfolio in use is one key, `PORTFOLIO_SOURCE` ("synthetic" or "uploaded"). An upload
page registers a validated frame with `use_uploaded_portfolio`; the sidebar then offers it
beside the synthetic one, until `reset_to_synthetic` forgets it. The upload lives in this
session's state only, so no other browser session can see it; so does a model fitted on it
(`keep_session_model`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

import pandas as pd
import streamlit as st

import ui.state.session as session
from data.digest import frame_digest
from model.cases import DASHBOARD_SEED
from model.churn import ChurnModel, failed_checks
from model.explain import BANDS
from model.money import Assumptions, Scenario
from ui.state.controls import assumptions_from_display, scenario_from_display
from ui.state.keys import (
    ACCEPT_FAILED_CHECKS,
    ASSUMPTION_KEYS,
    DECLARED_COST_PREFIX,
    DECLARED_LEVER_PREFIX,
    INITIALISED,
    LEVER_KEYS,
    PORTFOLIO_SIZE_KEY,
    PORTFOLIO_SOURCE,
    RETENTION_SOURCE_KEY,
    SESSION_MODEL,
    UPLOAD_NOT_HERE,
    UPLOADED_PORTFOLIO,
    UPLOADED_RESULTS,
    USE_SESSION_MODEL,
)

#: The overview's first segmentation, which a plain address means.
DEFAULT_SEGMENTATION = next(iter(BANDS))

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


@dataclass(frozen=True)
class SessionModel:
    """A model fitted on this session's uploaded history, and the digest of that upload."""

    model: ChurnModel
    history_digest: str


def current_settings() -> Settings:
    """This run's settings, for a page; stops a page opened without app.py."""
    if not session.get(INITIALISED):
        st.info("Open the dashboard through app.py (`streamlit run app.py`).")
        st.stop()
    return Settings(current_assumptions(), current_scenario(), current_source())


def current_assumptions() -> Assumptions:
    """The one Assumptions object of this run, from the sidebar's widgets (and the unit
    costs of a history's declared incidents, from the What-if page)."""
    shown = _values(ASSUMPTION_KEYS)
    if session.get(RETENTION_SOURCE_KEY, "model") == "model":
        shown["monthly_retention"] = None
    assumptions = assumptions_from_display(shown)
    declared = session.by_suffix(DECLARED_COST_PREFIX)
    costs = {name: float(cost) for name, cost in declared.items() if cost}
    return assumptions.with_changes(cost_per_declared_incident=costs) if costs else assumptions


def current_scenario() -> Scenario:
    """The one Scenario object of this run, from the what-if page's lever sliders."""
    scenario = scenario_from_display(_values(LEVER_KEYS))
    declared = session.by_suffix(DECLARED_LEVER_PREFIX)
    cuts = {name: round(float(share) / 100, 12) for name, share in declared.items() if share}
    if not cuts:
        return scenario
    return Scenario(**(scenario.to_dict() | {"declared_incidents_cut": cuts}))


def _values(keys: Mapping[str, str]) -> dict[str, float | None]:
    return {name: session.get(key) for name, key in keys.items()}


def uploaded_portfolio(customers: pd.DataFrame, name: str) -> UploadedPortfolio:
    return UploadedPortfolio(name=name, digest=frame_digest(customers), customers=customers)


def use_uploaded_portfolio(customers: pd.DataFrame, name: str, **about_the_file) -> None:
    """Make a validated upload the portfolio in use on every page (from the next run on).

    `about_the_file`: the file's SHA-256 and row counts, which the board report quotes.
    """
    upload = uploaded_portfolio(customers, name)
    session.put(UPLOADED_PORTFOLIO, replace(upload, **about_the_file))
    session.put(PORTFOLIO_SOURCE, "uploaded")
    session.drop(UPLOAD_NOT_HERE)  # the upload the address spoke of is back (or another)


def reset_to_synthetic() -> None:
    """Forget this session's upload and what was computed from it: every page goes back to
    the synthetic portfolio."""
    session.drop(UPLOADED_PORTFOLIO)
    session.drop(UPLOADED_RESULTS)
    session.drop(SESSION_MODEL)
    session.put(USE_SESSION_MODEL, False)
    session.put(PORTFOLIO_SOURCE, "synthetic")


def uploaded() -> UploadedPortfolio | None:
    return session.get(UPLOADED_PORTFOLIO)


def current_source() -> PortfolioSource:
    """The portfolio in use: the upload if chosen and present, else the synthetic one."""
    upload = uploaded()
    if session.get(PORTFOLIO_SOURCE) == "uploaded" and upload is not None:
        model = "history" if session_model() is not None and use_session_model() else "built-in"
        return PortfolioSource(
            "uploaded",
            size=len(upload.customers),
            digest=upload.digest,
            name=upload.name,
            model=model,
        )
    return PortfolioSource("synthetic", size=int(session.get(PORTFOLIO_SIZE_KEY)))


def keep_session_model(model: ChurnModel, history_digest: str) -> None:
    """Keep a model fitted on this session's upload, for this session only."""
    session.put(SESSION_MODEL, SessionModel(model, history_digest))


def session_model() -> SessionModel | None:
    """The model fitted on this session's current upload, if any (dropped with the upload)."""
    kept = session.get(SESSION_MODEL)
    upload = uploaded()
    if kept is None or upload is None or kept.history_digest != upload.digest:
        return None
    return kept


def use_session_model() -> bool:
    """Whether the upload is scored with the model fitted to it: switched on, and, when the
    model failed checks of its own, those acknowledged (model.churn.checks)."""
    if not session.get(USE_SESSION_MODEL, False):
        return False
    kept = session_model()
    if kept is None or not failed_checks(kept.model.card):
        return True
    return bool(session.get(ACCEPT_FAILED_CHECKS, False))
