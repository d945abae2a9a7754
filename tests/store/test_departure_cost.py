"""The store keeps each period's departure cost (issue 28): the trend, the alerts and the
report read the departures as the total priced them, and a store written before it was kept
(schema 0003) is upgraded in place, each period given its departure cost and the audit trail
saying how."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from data.synthetic import generate
from model.churn import default_model
from model.money import Assumptions, estimate
from model.store import (
    AlertRule,
    alerts_for,
    audit_trail,
    command_line,
    create_workspace,
    head_revision,
    open_store,
    period_figures_of,
    save_alert_rule,
    save_assumptions,
    snapshot_frame,
    trend,
)
from model.store.alerts import DEPARTURES

REPLACED = Assumptions(departure_cost="replacement", acquisition_cost=300.0, months_to_replace=2.0)


def _customers(seed: int):
    return generate(300, seed=seed).drop(columns=["true_churn_probability", "churned"])


def _two_periods(store) -> dict[str, float]:
    """Acme's January priced with departures as lost value, February as replacements;
    returns each period's departure cost as the front door for estimates prices it."""
    create_workspace(store, "Acme")
    save_assumptions(store, "Acme", "board", Assumptions())
    snapshot_frame(store, "Acme", "2026-01", _customers(1), "january.csv")
    save_assumptions(store, "Acme", "board", REPLACED, replace=True, based_on=1)
    snapshot_frame(store, "Acme", "2026-02", _customers(2), "february.csv")
    model = default_model()
    return {
        "2026-01": float(
            estimate(_customers(1), model, Assumptions())["expected_departure_cost"].sum()
        ),
        "2026-02": float(estimate(_customers(2), model, REPLACED)["expected_departure_cost"].sum()),
    }


def test_the_trend_shows_the_departures_as_the_total_priced_them(store):
    expected = _two_periods(store)
    rows = trend(store, "Acme").set_index("period")
    figures = period_figures_of(store, "Acme")

    for period, departures in expected.items():
        assert rows.loc[period, "expected_departure_cost"] == pytest.approx(departures, rel=1e-9)
        assert rows.loc[period, "expected_departure_cost"] + rows.loc[
            period, "word_of_mouth_loss"
        ] == pytest.approx(rows.loc[period, "expected_lost"], rel=1e-9)
    # priced as replacements, February's departures are not its lost lifetime value
    february = figures["2026-02"]
    assert february.departures != pytest.approx(february.values[("money", "expected_lost_clv")])


def test_an_alert_on_the_departures_reads_the_departure_cost(store):
    expected = _two_periods(store)
    save_alert_rule(
        store,
        "Acme",
        AlertRule("departures high", target=DEPARTURES, above_amount=expected["2026-02"] - 1.0),
    )
    fired = alerts_for(store, "Acme", "2026-02")

    assert [(alert.what, round(alert.value, 6)) for alert in fired] == [
        (DEPARTURES, round(expected["2026-02"], 6))
    ]


def test_a_store_at_0003_with_periods_is_upgraded_giving_each_period_its_departure_cost(
    store_url,
):
    store = open_store(store_url).acting(command_line())
    expected = _two_periods(store)
    # What a store written at schema 0003 holds: the same tables (0004 adds rows, not
    # columns), every figure but the departure cost.
    with store.engine.begin() as connection:
        connection.execute(
            text("DELETE FROM period_figures WHERE name = 'expected_departure_cost'")
        )
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    store.dispose()

    upgraded = open_store(store_url).acting(command_line())
    with upgraded.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    figures = period_figures_of(upgraded, "Acme")
    rows = trend(upgraded, "Acme").set_index("period")
    said = [event for event in audit_trail(upgraded, "Acme") if event.action == "store upgraded"]
    upgraded.dispose()

    assert version == head_revision() == "0004"
    # January was priced as lost value: its departure cost is its lost lifetime value, exactly
    january = figures["2026-01"]
    assert january.departures == january.values[("money", "expected_lost_clv")]
    assert january.departures == pytest.approx(expected["2026-01"], rel=1e-9)
    # February was priced as replacements: its total less word of mouth and handling
    assert figures["2026-02"].departures == pytest.approx(expected["2026-02"], rel=1e-9)
    assert rows.loc["2026-02", "expected_departure_cost"] == pytest.approx(
        expected["2026-02"], rel=1e-9
    )
    assert len(said) == 1
    assert "2026-01: its lost lifetime value (priced as lost value)" in said[0].detail
    assert "2026-02: its total less word of mouth and handling (priced as replacement)" in (
        said[0].detail
    )


def test_a_store_already_keeping_the_departure_cost_is_left_as_it_is(store_url):
    store = open_store(store_url).acting(command_line())
    _two_periods(store)
    before = period_figures_of(store, "Acme")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    store.dispose()

    again = open_store(store_url).acting(command_line())
    after = period_figures_of(again, "Acme")
    said = [event for event in audit_trail(again, "Acme") if event.action == "store upgraded"]
    again.dispose()

    assert {p: f.departures for p, f in after.items()} == {
        p: f.departures for p, f in before.items()
    }
    assert said == []
