"""Workspaces: created, listed, shown, and a period dropped; the names are data.

A workspace is found by its name exactly as it was given (quotes, semicolons, a newline,
any script), always bound as a parameter, and only by an actor allowed in it
(model/store/access.py). A new workspace starts on the built-in model and the default
assumptions: it holds no assumption set and no model of its own until one is saved
(model/store/named.py, model/store/models.py). Its creator is its first owner, unless an
administrator made it (the command line), who then grants it to its owners.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from model.store.access import (
    EVERYONE,
    OWNER,
    VIEWER,
    acting,
    authorize,
)
from model.store.audit import record
from model.store.database import Store, StoreError, now
from model.store.schema import (
    NAME_LENGTH,
    assumption_sets,
    mappings,
    members,
    models,
    period_figures,
    period_parts,
    periods,
    scenarios,
    workspaces,
)

PERIOD_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class NameTaken(StoreError):
    """A workspace, or a named set in one, already has that name."""


class UnknownPeriod(StoreError):
    """The workspace holds no such period."""


def check_name(name: str, what: str = "A workspace name") -> str:
    """The name unchanged, or ValueError saying what is wrong with it."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what} must have at least one visible character")
    if len(name) > NAME_LENGTH:
        raise ValueError(f"{what} is at most {NAME_LENGTH} characters, got {len(name)}")
    if "\x00" in name:
        raise ValueError(f"{what} cannot hold a NUL character")
    return name


def check_period(period: str) -> str:
    """`period` if it is a month as YYYY-MM, else ValueError."""
    if not isinstance(period, str) or not PERIOD_PATTERN.fullmatch(period):
        raise ValueError(f"A period is a month written YYYY-MM (e.g. 2026-03), got {period!r}")
    return period


def create_workspace(store: Store, name: str) -> None:
    """A new, empty workspace: the built-in model, the default assumptions, no periods; its
    creator its owner (an administrator creates it with no member)."""
    check_name(name)
    actor = acting(store)
    try:
        with store.engine.begin() as connection:
            ws = connection.execute(
                insert(workspaces).values(name=name, created_at=now()).returning(workspaces.c.id)
            ).scalar()
            if not actor.administrator:
                connection.execute(
                    insert(members).values(
                        workspace_id=ws,
                        email=actor.name,
                        role=OWNER,
                        granted_at=now(),
                        granted_by=actor.name,
                    )
                )
            record(connection, store, ws, "workspace created", f"workspace {name!r} created")
    except IntegrityError:
        raise NameTaken(f"A workspace named {name!r} already exists.") from None


def workspace_names(store: Store) -> list[str]:
    """The names, as given, of the workspaces the actor may open (every one for an
    administrator), oldest first."""
    actor = acting(store)
    query = select(workspaces.c.name).order_by(workspaces.c.id)
    if not actor.administrator:  # a member by name, or as everyone signed in
        theirs = select(members.c.workspace_id).where(members.c.email.in_((actor.name, EVERYONE)))
        query = query.where(workspaces.c.id.in_(theirs))
    with store.engine.connect() as connection:
        return list(connection.execute(query).scalars())


def period_names(connection: Connection, workspace: int) -> list[str]:
    query = select(periods.c.period).where(periods.c.workspace_id == workspace)
    return sorted(connection.execute(query.order_by(periods.c.period)).scalars())


@dataclass(frozen=True)
class WorkspaceInfo:
    """What a workspace holds, by name (the documents themselves are read on demand)."""

    name: str
    created_at: datetime
    #: The assumption set in use; None: the default assumptions.
    current_assumptions: str | None
    assumption_sets: tuple[str, ...]
    scenarios: tuple[str, ...]
    mappings: tuple[str, ...]
    #: The version of the workspace's own model in use; None: the built-in model.
    model_version: int | None
    periods: tuple[str, ...]

    def lines(self) -> list[str]:
        """The workspace in words, one fact a line (`churn-cost workspace show`)."""
        model = "built-in" if self.model_version is None else f"own, version {self.model_version}"
        return [
            f"workspace: {self.name}",
            f"created: {self.created_at:%Y-%m-%d %H:%M}",
            f"model: {model}",
            f"assumptions in use: {self.current_assumptions or 'the defaults'}",
            f"assumption sets: {', '.join(self.assumption_sets) or 'none'}",
            f"scenarios: {', '.join(self.scenarios) or 'none'}",
            f"mappings: {', '.join(self.mappings) or 'none'}",
            f"periods: {', '.join(self.periods) or 'none'}",
        ]


def _names_in(connection: Connection, table, workspace: int) -> tuple[str, ...]:
    query = (
        select(table.c.name)
        .where(table.c.workspace_id == workspace)
        .group_by(table.c.name)
        .order_by(func.min(table.c.id))
    )
    return tuple(connection.execute(query).scalars())


def workspace_info(store: Store, name: str) -> WorkspaceInfo:
    """What the workspace `name` holds; UnknownWorkspace when there is none (or it is not
    the actor's)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, name, VIEWER)
        row = connection.execute(select(workspaces).where(workspaces.c.id == ws)).one()
        model_version = connection.execute(
            select(func.max(models.c.version)).where(models.c.workspace_id == row.id)
        ).scalar()
        return WorkspaceInfo(
            name=row.name,
            created_at=row.created_at,
            current_assumptions=row.current_assumptions,
            assumption_sets=_names_in(connection, assumption_sets, row.id),
            scenarios=_names_in(connection, scenarios, row.id),
            mappings=_names_in(connection, mappings, row.id),
            model_version=model_version,
            periods=tuple(period_names(connection, row.id)),
        )


def delete_period(connection: Connection, workspace: int, period: str) -> bool:
    """Delete a period with its figures and rows, inside the caller's transaction."""
    found = connection.execute(
        select(periods.c.id).where(periods.c.workspace_id == workspace, periods.c.period == period)
    ).scalar()
    if found is None:
        return False
    connection.execute(delete(period_parts).where(period_parts.c.period_id == found))
    connection.execute(delete(period_figures).where(period_figures.c.period_id == found))
    connection.execute(delete(periods).where(periods.c.id == found))
    return True


def drop_period(store: Store, name: str, period: str) -> None:
    """Remove one period of a workspace, whole, in one transaction (owners only)."""
    check_period(period)
    with store.engine.begin() as connection:
        ws = authorize(connection, store, name, OWNER)
        if not delete_period(connection, ws, period):
            raise UnknownPeriod(f"Workspace {name!r} holds no period {period}.")
        record(connection, store, ws, "period dropped", f"period {period} dropped")
