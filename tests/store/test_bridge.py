"""The bridge between two periods adds up exactly; a case worked by hand, then the store's."""

from __future__ import annotations

import pytest

from data.synthetic import generate
from model.batch import score_file
from model.money import Assumptions
from model.store import (
    Figures,
    bridge,
    bridge_from_figures,
    create_workspace,
    save_assumptions,
    snapshot_file,
)


def figures(customers, causes: dict[str, tuple[float, float]]) -> Figures:
    """A period's figures from its customers and, per root cause, (money, incidents)."""
    values = {("count", "customers"): float(customers)}
    values[("money", "total_expected_cost")] = sum(money for money, _ in causes.values())
    values[("money", "service_cost")] = 0.0
    for name, (money, count) in causes.items():
        values[("root_cause", name)] = money
        values[("incidents", name)] = count
    return Figures(values)


# January: 100 customers, 50 outage hours costing 1,000 (20 an hour), 30 calls costing 600
# (20 a call): 1,600. February: 120 customers, 60 outage hours costing 1,320 (22 an hour),
# 20 calls costing 400 (20 a call): 1,720.
JANUARY = figures(100, {"outage_hours": (1000.0, 50.0), "support_calls": (600.0, 30.0)})
FEBRUARY = figures(120, {"outage_hours": (1320.0, 60.0), "support_calls": (400.0, 20.0)})


def test_a_bridge_worked_by_hand_adds_up_to_the_change():
    made = bridge_from_figures("2026-01", JANUARY, "2026-02", FEBRUARY)
    assert made.bars == pytest.approx(
        {
            # 20 % more customers at January's incidents per customer and prices:
            # 0.2 * 1,000 + 0.2 * 600 = 320.
            "customers": 320.0,
            # Outage hours per customer unchanged (50/100 = 60/120): nothing.
            "incidents:outage_hours": 0.0,
            # Calls: 20 instead of 30 * 1.2 = 36, 16 fewer at 20 each: -320.
            "incidents:support_calls": -320.0,
            # Each of the 60 outage hours costs 22 instead of 20: +120; calls 20 as before.
            "customer_value": 120.0,
        }
    )
    assert (made.start, made.end) == (1600.0, 1720.0)
    assert made.gap == pytest.approx(0.0, abs=1e-9)  # to the last bits of a float


def test_changed_assumptions_and_model_get_their_own_bars_and_it_still_adds_up():
    # February's customers restated with January's assumptions and model are FEBRUARY
    # (1,720); with January's assumptions and February's model 1,750 (the model: +30);
    # as stored, with February's own assumptions, 1,800 (the assumptions: +50).
    stored = figures(120, {"outage_hours": (1400.0, 60.0), "support_calls": (400.0, 20.0)})
    made = bridge_from_figures("2026-01", JANUARY, "2026-02", stored, FEBRUARY, 1750.0)
    assert made.bars["model"] == pytest.approx(30.0)
    assert made.bars["assumptions"] == pytest.approx(50.0)
    assert made.bars["customers"] + made.bars["customer_value"] == pytest.approx(440.0)
    assert made.gap == pytest.approx(0.0, abs=1e-9)


def test_a_failure_new_in_the_later_period_is_all_volume():
    march = figures(100, {"outage_hours": (1000.0, 50.0), "escalations": (90.0, 3.0)})
    made = bridge_from_figures("2026-01", JANUARY, "2026-03", march)
    assert made.bars["incidents:escalations"] == pytest.approx(90.0)
    assert made.bars["incidents:support_calls"] == pytest.approx(-600.0)
    assert made.gap == pytest.approx(0.0, abs=1e-9)


def test_the_stored_bridge_adds_up_and_prices_changed_assumptions_apart(store, tmp_path):
    create_workspace(store, "Acme")
    january, february = tmp_path / "jan.csv", tmp_path / "feb.csv"
    generate(400, seed=1).to_csv(january, index=False)
    generate(450, seed=2).to_csv(february, index=False)
    snapshot_file(store, "Acme", "2026-01", january)
    snapshot_file(store, "Acme", "2026-02", february)
    same = bridge(store, "Acme", "2026-01", "2026-02")
    assert "assumptions" not in same.bars
    assert same.gap == pytest.approx(0.0, abs=1e-6)

    save_assumptions(store, "Acme", "dearer calls", Assumptions(cost_per_call=20.0))
    snapshot_file(store, "Acme", "2026-02", february)
    changed = bridge(store, "Acme", "2026-01", "2026-02")
    assert changed.gap == pytest.approx(0.0, abs=1e-6)
    at_january = score_file(february, tmp_path / "feb-at-jan.csv", Assumptions())
    assert changed.bars["assumptions"] == pytest.approx(
        changed.end - at_january.total_expected_cost, abs=0.005
    )
    assert changed.bars["model"] == pytest.approx(0.0, abs=1e-6)
    for step, amount in same.bars.items():
        assert changed.bars[step] == pytest.approx(amount, abs=0.005)
