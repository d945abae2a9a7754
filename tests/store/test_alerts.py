"""Alert rules: a rise on the previous period or an amount, on the total or a root cause."""

from __future__ import annotations

import pytest

from model.store import (
    ANY_ROOT_CAUSE,
    AlertRule,
    Figures,
    alerts_for,
    create_workspace,
    save_alert_rule,
)
from model.store.alerts import evaluate, rules_of


def month(total: float, outages: float, calls: float) -> Figures:
    return Figures(
        {
            ("count", "customers"): 100.0,
            ("money", "total_expected_cost"): total,
            ("money", "service_cost"): 0.0,
            ("root_cause", "outage_hours"): outages,
            ("root_cause", "support_calls"): calls,
        }
    )


FIGURES = {
    "2026-01": month(1000.0, 600.0, 400.0),
    # The total rises 5 %, outages 25 % (600 to 750), calls fall.
    "2026-03": month(1050.0, 750.0, 300.0),
}


def test_a_rise_on_the_previous_period_fires_only_past_its_threshold():
    rules = [AlertRule("total up 10 %", rise_percent=10.0)]
    assert evaluate(rules, FIGURES, "2026-03") == []
    rules = [AlertRule("any cause up 20 %", target=ANY_ROOT_CAUSE, rise_percent=20.0)]
    (alert,) = evaluate(rules, FIGURES, "2026-03")
    assert (alert.what, alert.value, alert.previous) == ("outage_hours", 750.0, 600.0)
    # in words: the root cause as people name it, the amounts as money
    assert alert.reason == (
        "Outage hours rose 25.0 % on the previous period ($600 to $750), more than 20 %"
    )


def test_an_amount_fires_without_a_previous_period():
    rules = [AlertRule("over 900", above_amount=900.0), AlertRule("up", rise_percent=1.0)]
    alerts = evaluate(rules, FIGURES, "2026-01")
    assert [a.rule for a in alerts] == ["over 900"]


def test_a_rule_needs_a_threshold():
    with pytest.raises(ValueError, match="a rise in percent, an amount, or both"):
        AlertRule("empty")


def test_rules_are_kept_per_workspace_with_names_as_data(store):
    create_workspace(store, "Acme")
    rule = AlertRule("it's up; 10 %\nsay so", target="outage_hours", rise_percent=10.0)
    save_alert_rule(store, "Acme", rule)
    assert rules_of(store, "Acme") == [rule]
    assert alerts_for(store, "Acme") == []
