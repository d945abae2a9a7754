"""The members of a workspace and their roles: listed by any member, changed by an owner.

`grant` adds a member or changes their role; `revoke` removes one. A member is an e-mail
address, or EVERYONE (every signed-in user, viewer only). The last owner can be
neither revoked nor made analyst or viewer, so a workspace never loses the one who manages
it (the command line, as administrator, can always grant a new owner). Each change is in
the audit trail, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from model.store.access import (
    EVERYONE,
    OWNER,
    ROLES,
    VIEWER,
    acting,
    authorize,
    member_name,
    role_of,
)
from model.store.audit import record
from model.store.database import Store, StoreError, now
from model.store.schema import members


class LastOwner(StoreError):
    """The change would leave the workspace without an owner."""


class UnknownMember(StoreError):
    """The workspace has no member with that e-mail address."""


@dataclass(frozen=True)
class Member:
    email: str
    role: str
    granted_at: datetime
    granted_by: str


def members_of(store: Store, workspace: str) -> list[Member]:
    """The workspace's members, owners first, then by e-mail address."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        rows = connection.execute(select(members).where(members.c.workspace_id == ws)).all()
    found = [Member(r.email, r.role, r.granted_at, r.granted_by) for r in rows]
    return sorted(found, key=lambda m: (-ROLES.index(m.role), m.email))


def my_role(store: Store, workspace: str) -> str:
    """The acting user's role in the workspace (owner for an administrator)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        return role_of(connection, ws, acting(store))


def _role(connection: Connection, ws: int, email: str) -> str | None:
    query = select(members.c.role).where(members.c.workspace_id == ws, members.c.email == email)
    return connection.execute(query).scalar()


def _check_not_last_owner(connection: Connection, ws: int, email: str, what: str) -> None:
    if _role(connection, ws, email) != OWNER:
        return
    owners = connection.execute(
        select(func.count())
        .select_from(members)
        .where(members.c.workspace_id == ws, members.c.role == OWNER)
    ).scalar()
    if owners <= 1:
        raise LastOwner(
            f"{email} is the workspace's last owner and cannot be {what}: grant another "
            "owner first."
        )


def grant(store: Store, workspace: str, email: str, role: str) -> None:
    """Make `email` a member with `role` (owners only); a member's role is changed.
    `email` may be EVERYONE (every signed-in user), as viewer only."""
    email = member_name(email)
    if role not in ROLES:
        raise ValueError(f"A role is one of {', '.join(ROLES)}, got {role!r}")
    if email == EVERYONE and role != VIEWER:
        raise ValueError(
            f"Everyone signed in can be made {VIEWER} only: name each analyst and owner "
            "by their e-mail address."
        )
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, OWNER)
        before = _role(connection, ws, email)
        if before == role:
            return
        if before is None:
            connection.execute(
                insert(members).values(
                    workspace_id=ws,
                    email=email,
                    role=role,
                    granted_at=now(),
                    granted_by=acting(store).name,
                )
            )
            detail = f"{email} made {role}"
        else:
            if role != OWNER:
                _check_not_last_owner(connection, ws, email, f"made {role}")
            connection.execute(
                update(members)
                .where(members.c.workspace_id == ws, members.c.email == email)
                .values(role=role, granted_at=now(), granted_by=acting(store).name)
            )
            detail = f"{email} changed from {before} to {role}"
        record(connection, store, ws, "member granted", detail)


def revoke(store: Store, workspace: str, email: str) -> None:
    """Remove `email` (or EVERYONE) from the workspace's members (owners only; never the
    last owner)."""
    email = member_name(email)
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, OWNER)
        before = _role(connection, ws, email)
        if before is None:
            raise UnknownMember(f"{email} is not a member of this workspace.")
        _check_not_last_owner(connection, ws, email, "revoked")
        connection.execute(
            delete(members).where(members.c.workspace_id == ws, members.c.email == email)
        )
        record(connection, store, ws, "member revoked", f"{email} ({before}) revoked")
