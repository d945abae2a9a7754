"""The departure cost kept with each period: a `money` figure `expected_departure_cost`.

Issue 28 made the total price a departure as `departure_cost` says (the lost lifetime value,
the customer's replacement, or the cheaper of the two); the periods kept the lost lifetime
value (`expected_lost_clv`) but not the departure cost the total used. This revision adds it
to every period saved before it, in place:

- a period priced with departures as lost value (its assumptions say `lost_value`, or say
  nothing of `departure_cost`, having been saved before the key existed) gets its kept
  `expected_lost_clv`: under `lost_value` the two are the same sum, so it is exact;
- a period priced as `replacement` or `cheaper` (saved between issue 28 and this revision)
  gets its total less its word of mouth and handling, which is what its total priced
  departures at (total = departure cost + word of mouth + handling), to rounding.

Each workspace with periods so upgraded says so in its audit trail, naming the periods and
which rule gave each its departure cost. The schema's tables are unchanged (figures are rows
of `period_figures`), so there is nothing to undo but the rows: `downgrade` deletes them.

Revision ID: 0004
Revises: 0003
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NAME = "expected_departure_cost"
#: Who the audit trail says made the change: the upgrade itself, not a user.
ACTOR = "system:store-upgrade-0004"

_figures = sa.table(
    "period_figures",
    sa.column("period_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("name", sa.String),
    sa.column("value", sa.Float),
)
_periods = sa.table(
    "periods",
    sa.column("id", sa.Integer),
    sa.column("workspace_id", sa.Integer),
    sa.column("period", sa.String),
    sa.column("assumptions", sa.Text),
)
_trail = sa.table(
    "audit_trail",
    sa.column("workspace_id", sa.Integer),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("detail", sa.Text),
)


def _way(assumptions_json: str) -> str:
    """How the period priced a departure: its assumptions' `departure_cost` (absent before
    issue 28, when every departure was its lost lifetime value)."""
    try:
        return str(json.loads(assumptions_json).get("departure_cost", "lost_value"))
    except (ValueError, AttributeError):
        return "lost_value"


def _departure_cost(way: str, money: dict[str, float]) -> float:
    if way == "lost_value":
        return money.get("expected_lost_clv", 0.0)
    return (
        money.get("total_expected_cost", 0.0)
        - money.get("word_of_mouth_loss", 0.0)
        - money.get("service_cost", 0.0)
    )


def upgrade() -> None:
    connection = op.get_bind()
    money: dict[int, dict[str, float]] = {}
    for row in connection.execute(
        sa.select(_figures.c.period_id, _figures.c.name, _figures.c.value).where(
            _figures.c.kind == "money"
        )
    ):
        money.setdefault(row.period_id, {})[row.name] = row.value
    upgraded: dict[int, list[str]] = {}
    periods = connection.execute(
        sa.select(
            _periods.c.id, _periods.c.workspace_id, _periods.c.period, _periods.c.assumptions
        ).order_by(_periods.c.workspace_id, _periods.c.period)
    ).all()
    for period in periods:
        kept = money.get(period.id, {})
        if NAME in kept:
            continue
        way = _way(period.assumptions)
        connection.execute(
            sa.insert(_figures).values(
                period_id=period.id, kind="money", name=NAME, value=_departure_cost(way, kept)
            )
        )
        rule = (
            "its lost lifetime value (priced as lost value)"
            if way == "lost_value"
            else f"its total less word of mouth and handling (priced as {way})"
        )
        upgraded.setdefault(period.workspace_id, []).append(f"{period.period}: {rule}")
    for workspace, lines in upgraded.items():
        connection.execute(
            sa.insert(_trail).values(
                workspace_id=workspace,
                at=datetime.now(UTC),
                actor=ACTOR,
                action="store upgraded",
                detail=(
                    "The departure cost of each period is now kept; periods saved before it "
                    "was were given one: " + "; ".join(lines) + "."
                ),
            )
        )


def downgrade() -> None:
    op.execute(
        sa.delete(_figures).where(sa.and_(_figures.c.kind == "money", _figures.c.name == NAME))
    )
