"""Streamlit caches around the packages' expensive calls.

What is cached, and why (docs/adr/0003-dashboard-caching.md):

- the model, once per server process (st.cache_resource);
- the scored portfolio (model inference: churn and baseline per customer), keyed by the
  small `PortfolioSource`, so a money slider re-does only `add_costs` arithmetic;
- the model's part of the root-cause split of the money (exact Shapley values of churn,
  once per portfolio; the money is re-weighted per slider by arithmetic);
- the model's refits and their predictions for the portfolio (the model's own range);
- the portfolio under a scenario, keyed by (source, scenario): a lever re-predicts only the
  customers it changes, once per lever position;
- a synthetic portfolio priced, keyed by (source, assumptions, scenario): a lever move
  reuses today's priced portfolio, so it prices only the portfolio under the fixes; and
  the figures the Overview draws from it by arithmetic alone (the total's range, the
  price of every failure), keyed by (source, assumptions).

Cached functions take small hashable arguments; the frames they need from the caller are
passed as `_`-prefixed arguments, which Streamlit leaves out of the cache key because the
source already names them.

An uploaded portfolio is never put in these process-wide caches: its scores, root causes
and scenarios are kept in its own session's state (`UPLOADED_RESULTS`), so no other
browser session can reach them, not even by uploading the same file, and a visitor cannot
learn from a fast answer that someone else uploaded it (docs/adr/0005-uploads.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

import ui.state.session as session
from data.synthetic import generate
from model.cases import case_customer, scored_fixes, synthetic_portfolio
from model.churn import (
    ChurnModel,
    ChurnShapley,
    ModelDraws,
    churn_attribution,
    churn_shapley,
    generator_truth,
    incident_effects,
    load_model,
    model_draws,
    root_cause_table,
    scored_customers,
)
from model.explain import (
    TotalRange,
    bumped_scores,
    calibration_curve,
    failure_prices,
    total_range,
)
from model.money import Assumptions, Scenario, estimate, scored_scenario
from ui.state.keys import UPLOADED_RESULTS
from ui.state.settings import PortfolioSource, Settings, session_model, uploaded


@st.cache_resource(show_spinner="Loading the churn model…")
def churn_model() -> ChurnModel:
    """The verified churn model, loaded once per server process and shared by every session."""
    return load_model()


def portfolio_customers(source: PortfolioSource) -> pd.DataFrame:
    """The customers of a source, in the contract's columns (the upload from session state)."""
    if source.kind == "uploaded":
        upload = uploaded()
        if upload is None or upload.digest != source.digest:
            raise LookupError("The uploaded portfolio is no longer in this session.")
        return upload.customers
    return synthetic_portfolio(source.size, source.seed)


_SCORING = "Scoring the customers' churn…"
_SPLITTING = "Splitting churn over its root causes…"
_REFITS = "Predicting with the model's refits…"
_RESCORING = "Re-scoring the customers the fixes change…"
_PRICING = "Pricing one more unit of each failure…"
_RANGING = "Measuring how sure the root causes are (the model and its refits)…"
#: Scenarios of an upload kept in its session (about 11 MB each at 100,000 customers).
SESSION_SCENARIOS = 4

Result = TypeVar("Result")


def _session_results(source: PortfolioSource) -> dict[Any, Any]:
    """This session's results computed from its upload, emptied when the upload (or the
    model scoring it) changes."""
    store = session.get(UPLOADED_RESULTS)
    if store is None or store.get("source") != source:
        store = {"source": source, "scenarios": {}}
        session.put(UPLOADED_RESULTS, store)
    return store


def per_source(
    name: str, spinner: str, compute: Callable[[PortfolioSource], Result]
) -> Callable[[PortfolioSource], Result]:
    """`compute` cached where its source allows: a synthetic portfolio's result in one
    cache for the server (the same for every visitor), an upload's in its own session only
    (under `name`), each computed once with `spinner` shown."""
    shared = st.cache_data(max_entries=4, show_spinner=spinner)(compute)

    def cached(source: PortfolioSource) -> Result:
        if source.kind != "uploaded":
            return shared(source)
        store = _session_results(source)
        if name not in store:
            with st.spinner(spinner):
                store[name] = compute(source)
        return store[name]

    cached.__doc__ = compute.__doc__
    return cached


def model_for(source: PortfolioSource) -> ChurnModel:
    """The model that scores a portfolio: the session's own for an upload that asks for it
    (never for a synthetic portfolio, whose results are shared between sessions)."""
    kept = session_model()
    if source.kind == "uploaded" and source.model == "history" and kept is not None:
        return kept.model
    return churn_model()


def _score(source: PortfolioSource) -> pd.DataFrame:
    """The portfolio with `churn_probability` and `baseline_churn_probability` per customer."""
    return scored_customers(portfolio_customers(source), model_for(source))


def _split(source: PortfolioSource) -> pd.DataFrame:
    """Each customer's attributable churn split over the incident features (exact Shapley)."""
    return churn_attribution(scored_portfolio(source), model_for(source))


def _root_causes(source: PortfolioSource) -> pd.DataFrame:
    """Each root cause's share of attributable churn, with its range over the model's refits."""
    attribution = portfolio_attribution(source)
    return root_cause_table(scored_portfolio(source), model_for(source), attribution)


def _shapley(source: PortfolioSource) -> ChurnShapley:
    """The model's part of the money split over incidents (exact Shapley), per customer."""
    return churn_shapley(scored_portfolio(source), model_for(source))


def _model_draws(source: PortfolioSource) -> ModelDraws | None:
    """Each refit's churn and baseline for the portfolio (the model's own uncertainty)."""
    return model_draws(scored_portfolio(source), model_for(source).variants)


def _failure_bumps(source: PortfolioSource) -> dict[str, pd.DataFrame]:
    """The model's part of the price of every failure: the customers who have each failure,
    scored with one unit more (model.explain.failure_prices); priced afterwards by arithmetic."""
    return bumped_scores(scored_portfolio(source), model_for(source))


scored_portfolio = per_source("scored", _SCORING, _score)
portfolio_attribution = per_source("attribution", _SPLITTING, _split)
portfolio_root_causes = per_source("root_causes", _RANGING, _root_causes)
portfolio_shapley = per_source("shapley", _SPLITTING, _shapley)
portfolio_model_draws = per_source("model_draws", _REFITS, _model_draws)
portfolio_failure_bumps = per_source("failure_bumps", _PRICING, _failure_bumps)


def scenario_portfolio(source: PortfolioSource, scenario: Scenario) -> pd.DataFrame:
    """The scored portfolio as it would be under `scenario`; only changed customers predicted."""
    if source.kind != "uploaded":
        return _scenario_synthetic(source, scenario)
    scenarios: dict[Scenario, pd.DataFrame] = _session_results(source)["scenarios"]
    if scenario in scenarios:
        scenarios[scenario] = scenarios.pop(scenario)  # most recently used goes last
    else:
        with st.spinner(_RESCORING):
            scored = scored_scenario(scored_portfolio(source), scenario, model_for(source))
        scenarios[scenario] = scored
        while len(scenarios) > SESSION_SCENARIOS:
            scenarios.pop(next(iter(scenarios)))
    return scenarios[scenario]


def portfolio_estimates(settings: Settings, scenario: Scenario | None = None) -> pd.DataFrame:
    """The estimates of the portfolio in use, today or under `scenario`, priced with the
    settings' assumptions: the model's part comes from the caches above, so a money slider
    re-does only the arithmetic. A synthetic portfolio's estimates are also cached by
    (source, assumptions, scenario): a lever move reuses today's, and a lever position or a
    money setting seen before is a cache hit."""
    if settings.source.kind != "uploaded":
        return _estimates_synthetic(settings.source, settings.assumptions, scenario)
    if scenario is None or scenario.is_today:
        scored = scored_portfolio(settings.source)
    else:
        scored = scenario_portfolio(settings.source, scenario)
    model = model_for(settings.source)
    return estimate(scored, model, settings.assumptions, scenario, already_scored=True)


#: Priced portfolios kept per server (about 17 MB each at 100,000 customers).
ESTIMATES_KEPT = 8


@st.cache_data(max_entries=ESTIMATES_KEPT, show_spinner=False)
def _estimates_synthetic(
    source: PortfolioSource, assumptions: Assumptions, scenario: Scenario | None
) -> pd.DataFrame:
    if scenario is None or scenario.is_today:
        scored = scored_portfolio(source)
    else:
        scored = _scenario_synthetic(source, scenario)
    return estimate(scored, churn_model(), assumptions, scenario, already_scored=True)


def portfolio_range(settings: Settings) -> TotalRange:
    """P10, P50 and P90 of today's total from the three sources (model.explain.total_range)
    for the portfolio in use and the sidebar's assumptions: about a second of arithmetic
    over the draws at 10,000 customers, so a synthetic portfolio's is cached by (source,
    assumptions) and a rerun that changes neither (a row clicked, a page visited again)
    draws nothing."""
    if settings.source.kind != "uploaded":
        return _range_synthetic(settings.source, settings.assumptions)
    return total_range(
        portfolio_estimates(settings),
        settings.assumptions,
        portfolio_model_draws(settings.source),
    )


def portfolio_failure_prices(settings: Settings) -> pd.DataFrame:
    """The price of one more unit of each failure (model.explain.failure_prices) for the
    portfolio in use and the sidebar's assumptions; a synthetic portfolio's cached by
    (source, assumptions), as `portfolio_range`."""
    if settings.source.kind != "uploaded":
        return _failure_prices_synthetic(settings.source, settings.assumptions)
    return failure_prices(
        scored_portfolio(settings.source),
        portfolio_failure_bumps(settings.source),
        settings.assumptions,
    )


@st.cache_data(max_entries=ESTIMATES_KEPT, show_spinner=False)
def _range_synthetic(source: PortfolioSource, assumptions: Assumptions) -> TotalRange:
    estimates = _estimates_synthetic(source, assumptions, None)
    return total_range(estimates, assumptions, portfolio_model_draws(source))


@st.cache_data(max_entries=ESTIMATES_KEPT, show_spinner=False)
def _failure_prices_synthetic(source: PortfolioSource, assumptions: Assumptions) -> pd.DataFrame:
    return failure_prices(scored_portfolio(source), portfolio_failure_bumps(source), assumptions)


@st.cache_data(max_entries=12, show_spinner=_RESCORING)
def _scenario_synthetic(source: PortfolioSource, scenario: Scenario) -> pd.DataFrame:
    return scored_scenario(scored_portfolio(source), scenario, churn_model())


@st.cache_data(max_entries=1, show_spinner="Checking calibration on held-out customers…")
def held_out_calibration(size: int, seed: int) -> pd.DataFrame:
    """Predicted against observed churn on `size` synthetic customers drawn with `seed`."""
    customers = generate(size, seed)
    probability = churn_model().predict(customers)
    return calibration_curve(customers["churned"].to_numpy(), probability)


@st.cache_data(max_entries=1, show_spinner=False)
def typical_incident_effects() -> pd.DataFrame:
    """A typical customer's churn as each incident rises alone (model.churn.effects), beside the
    generator's truth (the built-in model is trained on the generator)."""
    return incident_effects(churn_model(), generator_truth())


@dataclass(frozen=True)
class CaseScoring:
    """The model's part of the case study: the customer scored today and under each fix,
    the Shapley split of their churn and the refits' predictions. Assumptions are applied
    afterwards, by arithmetic."""

    scored: pd.DataFrame
    fixes: dict[str, pd.DataFrame]
    attribution: ChurnShapley
    model_draws: ModelDraws | None


@st.cache_data(max_entries=32, show_spinner=False)
def case_scoring(fields: tuple[tuple[str, float | int | str], ...]) -> CaseScoring:
    """Scores of the case study customer with these (field, value) pairs."""
    model = churn_model()
    scored = scored_customers(case_customer(dict(fields)), model)
    draws = model_draws(scored, model.variants)
    return CaseScoring(scored, scored_fixes(scored, model), churn_shapley(scored, model), draws)
