"""Alert rules: "the total, the departures' cost, or any root cause, up more than X % on the
previous period, or above an amount", kept per workspace and checked on a period's figures.

`churn-cost snapshot` prints the alerts of the period it stored and exits with code 3 when
any fires, so a scheduler (cron, Airflow) can notify; the Overview and Trend pages show them.
The previous period is the latest earlier one stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from model.display.format import money
from model.display.labels import ROOT_CAUSE_LABELS
from model.store.access import ANALYST, VIEWER, authorize
from model.store.audit import record
from model.store.database import Store, now
from model.store.figures import Figures
from model.store.periods import period_figures_of
from model.store.schema import alert_rules
from model.store.trend import previous_period
from model.store.workspaces import NameTaken, check_name

TOTAL, ANY_ROOT_CAUSE = "total", "any_root_cause"
#: The expected cost of the customers driven away, as the total prices it (departure_cost).
DEPARTURES = "departures"


@dataclass(frozen=True)
class AlertRule:
    """Fires when `target` rose more than `rise_percent` % on the previous period, or is
    above `above_amount` (either may be None, not both). `target`: "total", "departures"
    (the expected cost of departures), "any_root_cause", or one root cause's name (an
    incident type, e.g. outage_hours)."""

    name: str
    target: str = TOTAL
    rise_percent: float | None = None
    above_amount: float | None = None

    def __post_init__(self) -> None:
        check_name(self.name, "An alert rule's name")
        check_name(self.target, "An alert rule's target")
        if self.rise_percent is None and self.above_amount is None:
            raise ValueError("An alert rule needs a rise in percent, an amount, or both")
        for value in (self.rise_percent, self.above_amount):
            if value is not None and (not math.isfinite(value) or value < 0):
                raise ValueError(f"An alert rule's threshold is a number >= 0, got {value!r}")


@dataclass(frozen=True)
class Alert:
    rule: str
    period: str
    #: "total" or the root cause that crossed the line.
    what: str
    value: float
    previous: float | None
    reason: str


def _values(figures: Figures, target: str) -> dict[str, float]:
    if target == TOTAL:
        return {TOTAL: figures.total}
    if target == DEPARTURES:
        return {DEPARTURES: figures.departures}
    if target == ANY_ROOT_CAUSE:
        return figures.root_causes
    return {target: figures.root_causes.get(target, 0.0)}


def in_words(what: str) -> str:
    """ "total" or a root cause as people name it ("Outage hours"); a company's own incident
    column keeps its name."""
    return "The total" if what == TOTAL else ROOT_CAUSE_LABELS.get(what, what)


def _check(rule: AlertRule, what: str, value: float, previous: float | None) -> str | None:
    name = in_words(what)
    if rule.rise_percent is not None and previous is not None and previous > 0:
        rise = (value / previous - 1.0) * 100.0
        if rise > rule.rise_percent:
            return (
                f"{name} rose {rise:.1f} % on the previous period ({money(previous)} to "
                f"{money(value)}), more than {rule.rise_percent:g} %"
            )
    if rule.above_amount is not None and value > rule.above_amount:
        return f"{name} is {money(value)}, above {money(rule.above_amount)}"
    return None


def evaluate(rules: list[AlertRule], figures: dict[str, Figures], period: str) -> list[Alert]:
    """The alerts the rules raise on `period`, against the latest earlier period."""
    before = previous_period(figures, period)
    found = []
    for rule in rules:
        now_values = _values(figures[period], rule.target)
        then = _values(figures[before], rule.target) if before else {}
        for what, value in now_values.items():
            reason = _check(rule, what, value, then.get(what))
            if reason:
                found.append(Alert(rule.name, period, what, value, then.get(what), reason))
    return found


def save_alert_rule(store: Store, workspace: str, rule: AlertRule, *, replace: bool = False):
    """Keep `rule` in the workspace (an existing name only with `replace`)."""
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        taken = alert_rules.c.workspace_id == ws, alert_rules.c.name == rule.name
        if connection.execute(select(alert_rules.c.id).where(*taken)).first():
            if not replace:
                raise NameTaken(f"An alert rule named {rule.name!r} already exists.")
            connection.execute(delete(alert_rules).where(*taken))
        connection.execute(
            insert(alert_rules).values(
                workspace_id=ws,
                name=rule.name,
                target=rule.target,
                rise_percent=rule.rise_percent,
                above_amount=rule.above_amount,
                created_at=now(),
            )
        )
        record(connection, store, ws, "alert rule saved", f"alert rule {rule.name!r}")


def rules_of(store: Store, workspace: str) -> list[AlertRule]:
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        rows = connection.execute(
            select(alert_rules).where(alert_rules.c.workspace_id == ws).order_by(alert_rules.c.id)
        ).all()
    return [AlertRule(r.name, r.target, r.rise_percent, r.above_amount) for r in rows]


def alerts_for(store: Store, workspace: str, period: str | None = None) -> list[Alert]:
    """The alerts of `period` (the latest stored when None; none when there is no period)."""
    figures = period_figures_of(store, workspace)
    if not figures:
        return []
    return evaluate(rules_of(store, workspace), figures, period or max(figures))
