"""A fix followed from forecast to realised, on a constructed history whose truth is known:
from period P outages are halved, and each month's churn is drawn from the generator's own
law with the halved outages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.synthetic import generate, true_churn_probability
from model.churn import default_model
from model.money import Assumptions, Scenario, compare, estimate
from model.store import (
    VIEWER,
    NotPermitted,
    audit_trail,
    create_workspace,
    fixes_followed,
    grant,
    mark_fix,
    period_estimates,
    save_scenario,
    snapshot_frame,
    stored_periods,
    user,
)

MONTHS = [f"2025-{m:02d}" for m in range(1, 8)]
START = "2025-04"
CUSTOMERS = 3_000


def month(period: str) -> pd.DataFrame:
    """A month's customers: new draws each month; from START on, every outage halved and
    `churned` drawn again from the generator's law for the halved outages."""
    index = MONTHS.index(period)
    frame = generate(CUSTOMERS, seed=500 + index)
    if period >= START:
        frame["outage_hours"] = frame["outage_hours"] * 0.5
        truth = true_churn_probability(frame)
        draw = np.random.default_rng(900 + index).random(len(frame))
        frame["churned"] = (draw < truth).astype("int64")
    return frame.drop(columns=["true_churn_probability"])


@pytest.fixture
def followed(store):
    create_workspace(store, "Acme")
    for period in MONTHS:
        snapshot_frame(store, "Acme", period, month(period), f"constructed {period}")
    save_scenario(store, "Acme", "halve outages", Scenario(outage_hours_cut=0.5))
    forecast = mark_fix(store, "Acme", "halve outages", START)
    return forecast, fixes_followed(store, "Acme")[0]


def test_the_forecast_is_the_business_cases_year_saving_on_the_baseline(store, followed):
    forecast, _ = followed
    assert forecast.baseline_period == "2025-03"
    customers = period_estimates(store, "Acme", "2025-03")
    inputs = month("2025-03")
    pv = stored_periods(store, "Acme")[2].prospect_value
    today = estimate(inputs, default_model(), Assumptions(), prospect_value=pv)
    fixed = estimate(
        inputs, default_model(), Assumptions(), Scenario(outage_hours_cut=0.5), prospect_value=pv
    )
    assert forecast.yearly_saving == pytest.approx(
        compare(today, fixed).loc["total_expected_cost", "saving"], rel=1e-9
    )
    assert list(forecast.avoided) == ["outage_hours"]
    assert forecast.avoided["outage_hours"] == pytest.approx(
        customers["outage_hours"].sum() * 0.5, rel=1e-6
    )


def test_the_realised_saving_is_within_the_range_and_churn_follows_the_law(followed):
    forecast, fix = followed
    assert [p.period for p in fix.periods] == MONTHS[3:]
    for period in fix.periods:  # outages per 1,000 customers about halved, as forecast
        realised = period.realised_per_thousand["outage_hours"]
        planned = period.forecast_per_thousand["outage_hours"]
        assert realised == pytest.approx(planned, rel=0.15)
    assert fix.low is not None and fix.low <= fix.saving_so_far <= fix.high
    assert fix.low <= forecast.yearly_saving <= fix.high
    assert fix.saving_so_far == pytest.approx(forecast.yearly_saving, rel=0.25)
    assert "between" in fix.words
    for period in fix.periods:  # the churned column, drawn from the generator's own law
        assert period.churn_source == "churned column"
        spread = 3 * np.sqrt(
            period.expected_churn * (1 - period.expected_churn) / period.customers_with
        )
        assert abs(period.realised_churn - period.expected_churn) < spread + 0.02


def test_too_few_periods_say_so_and_marking_needs_an_analyst(store):
    create_workspace(store, "Acme")
    for period in MONTHS[2:5]:
        snapshot_frame(store, "Acme", period, month(period), f"constructed {period}")
    save_scenario(store, "Acme", "halve outages", Scenario(outage_hours_cut=0.5))
    grant(store, "Acme", "bob@example.com", VIEWER)
    with pytest.raises(NotPermitted):
        mark_fix(store.acting(user("bob@example.com")), "Acme", "halve outages", START)
    mark_fix(store, "Acme", "halve outages", START)
    fix = fixes_followed(store, "Acme")[0]
    assert fix.low is None and fix.high is None
    assert fix.words.startswith("Too few periods to tell: 1 before the start and 2 since")
    assert audit_trail(store, "Acme")[0].action == "fix started"


def test_without_a_churned_column_a_customer_absent_from_the_next_period_has_left(store):
    create_workspace(store, "Acme")
    base = generate(400, seed=7).drop(columns=["true_churn_probability", "churned"])
    had = base[base["outage_hours"] > 0]
    leavers = set(had["customer_id"][:30])
    snapshot_frame(store, "Acme", "2025-01", base, "January")
    snapshot_frame(store, "Acme", "2025-02", base, "February")
    snapshot_frame(store, "Acme", "2025-04", base[~base["customer_id"].isin(leavers)], "April")
    save_scenario(store, "Acme", "halve outages", Scenario(outage_hours_cut=0.5))
    mark_fix(store, "Acme", "halve outages", "2025-02")
    february, april = fixes_followed(store, "Acme")[0].periods
    assert february.churn_source == "absent from the next period"
    assert february.customers_with == len(had)
    assert february.realised_churn == pytest.approx(30 / len(had))
    estimates = period_estimates(store, "Acme", "2025-02")
    p = estimates.loc[estimates["outage_hours"] > 0, "churn_probability"]
    assert february.expected_churn == pytest.approx(float((1 - (1 - p) ** (2 / 12)).mean()))
    assert april.realised_churn is None  # no later period yet: not known
