"""The audit trail: every change to a workspace, who made it, when and what.

`record` is called by each writing function of model.store inside its own transaction, so
a change and its line in the trail are committed together or not at all. Nothing updates
or deletes a line: the store has no function that could, and the dashboard only lists them
(`audit_trail`, for any member).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select

from model.store.access import VIEWER, acting, authorize
from model.store.database import Store, now
from model.store.schema import audit_trail as trail


@dataclass(frozen=True)
class AuditEvent:
    """One change: when, who (an e-mail address, or cli:/local: and a system user), what."""

    at: datetime
    actor: str
    action: str
    detail: str


def record(connection: Connection, store: Store, workspace: int, action: str, detail: str):
    """Write one line of the trail inside the caller's transaction."""
    connection.execute(
        insert(trail).values(
            workspace_id=workspace,
            at=now(),
            actor=acting(store).name,
            action=action,
            detail=detail,
        )
    )


def audit_trail(store: Store, workspace: str) -> list[AuditEvent]:
    """Every change to the workspace, the latest first (any member may read it)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        rows = connection.execute(
            select(trail).where(trail.c.workspace_id == ws).order_by(trail.c.id.desc())
        ).all()
    return [AuditEvent(row.at, row.actor, row.action, row.detail) for row in rows]
