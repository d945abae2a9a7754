"""Named, versioned documents of a workspace: assumption sets, scenarios, mappings.

Saving under a name already used is refused unless `replace` is asked for; a replacement is
a new version beside the old ones, which stay readable (`versions`). One assumption set is
current: the one new periods are priced with (none: the default assumptions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from model.money import (
    Assumptions,
    FixCost,
    Scenario,
    assumptions_from_json,
    assumptions_to_json,
    scenario_from_json,
)
from model.store.database import Store, StoreError
from model.store.schema import assumption_sets, mappings, scenarios, workspaces
from model.store.workspaces import NameTaken, check_name, now, workspace_id

#: The kinds of named documents, and the words used for each in messages.
TABLES = {"assumptions": assumption_sets, "scenario": scenarios, "mapping": mappings}
WORDS = {"assumptions": "assumption set", "scenario": "scenario", "mapping": "mapping"}


class UnknownName(StoreError):
    """The workspace holds no document of that kind and name (or version)."""


def _latest(connection: Connection, table, workspace: int, name: str) -> int | None:
    query = select(func.max(table.c.version)).where(
        table.c.workspace_id == workspace, table.c.name == name
    )
    return connection.execute(query).scalar()


def save_document(
    connection: Connection, workspace: int, kind: str, name: str, body: str, replace: bool
) -> int:
    """Store `body` as the next version of `name`; returns the version (1 for a new name)."""
    check_name(name, f"A {WORDS[kind]}'s name")
    table = TABLES[kind]
    latest = _latest(connection, table, workspace, name)
    if latest is not None and not replace:
        raise NameTaken(
            f"The {WORDS[kind]} {name!r} already exists (version {latest}): save it under "
            "another name, or replace it (the old version is kept)."
        )
    version = (latest or 0) + 1
    try:
        connection.execute(
            insert(table).values(
                workspace_id=workspace, name=name, version=version, body=body, created_at=now()
            )
        )
    except IntegrityError:
        raise NameTaken(f"The {WORDS[kind]} {name!r} was saved meanwhile; try again.") from None
    return version


def read_document(
    connection: Connection, workspace: int, kind: str, name: str, version: int | None = None
) -> tuple[int, str]:
    """(version, body) of `name`: the latest version unless one is asked for."""
    table = TABLES[kind]
    version = version or _latest(connection, table, workspace, name)
    body = connection.execute(
        select(table.c.body).where(
            table.c.workspace_id == workspace, table.c.name == name, table.c.version == version
        )
    ).scalar()
    if body is None:
        raise UnknownName(f"The workspace holds no {WORDS[kind]} {name!r}.")
    return version, body


def versions(store: Store, workspace: str, kind: str, name: str) -> list[int]:
    """Every version of a named document, oldest first."""
    table = TABLES[kind]
    with store.engine.connect() as connection:
        query = select(table.c.version).where(
            table.c.workspace_id == workspace_id(connection, workspace), table.c.name == name
        )
        return sorted(connection.execute(query).scalars())


def save_assumptions(
    store: Store,
    workspace: str,
    name: str,
    assumptions: Assumptions,
    *,
    replace: bool = False,
    make_current: bool = True,
) -> int:
    """Save an assumption set (a new version when `replace`); current unless told not."""
    with store.engine.begin() as connection:
        ws = workspace_id(connection, workspace)
        version = save_document(
            connection, ws, "assumptions", name, assumptions_to_json(assumptions), replace
        )
        if make_current:
            connection.execute(
                update(workspaces).where(workspaces.c.id == ws).values(current_assumptions=name)
            )
    return version


def use_assumptions(store: Store, workspace: str, name: str | None) -> None:
    """Make the saved set `name` current (None: back to the default assumptions)."""
    with store.engine.begin() as connection:
        ws = workspace_id(connection, workspace)
        if name is not None:
            read_document(connection, ws, "assumptions", name)
        connection.execute(
            update(workspaces).where(workspaces.c.id == ws).values(current_assumptions=name)
        )


@dataclass(frozen=True)
class InUse:
    """The assumptions new periods are priced with, and where they come from."""

    assumptions: Assumptions
    #: The saved set and its version; None for the default assumptions.
    name: str | None = None
    version: int | None = None


def current_assumptions(connection: Connection, workspace: int) -> InUse:
    name = connection.execute(
        select(workspaces.c.current_assumptions).where(workspaces.c.id == workspace)
    ).scalar()
    if name is None:
        return InUse(Assumptions())
    version, body = read_document(connection, workspace, "assumptions", name)
    return InUse(assumptions_from_json(body, f"The assumption set {name!r}"), name, version)


def assumptions_in_use(store: Store, workspace: str) -> InUse:
    """The workspace's current assumptions (the defaults when none is saved)."""
    with store.engine.connect() as connection:
        return current_assumptions(connection, workspace_id(connection, workspace))


def save_scenario(
    store: Store,
    workspace: str,
    name: str,
    scenario: Scenario,
    fix_cost: FixCost | None = None,
    *,
    replace: bool = False,
) -> int:
    """Save a named scenario: its levers and, when known, what the fixes cost."""
    body: dict[str, Any] = {"levers": scenario.to_dict()}
    if fix_cost is not None:
        body["fix_cost"] = {
            "one_off": fix_cost.one_off,
            "per_year": fix_cost.per_year,
            "horizon_years": fix_cost.horizon_years,
        }
    with store.engine.begin() as connection:
        ws = workspace_id(connection, workspace)
        return save_document(connection, ws, "scenario", name, json.dumps(body), replace)


def load_saved_scenario(
    store: Store, workspace: str, name: str, version: int | None = None
) -> tuple[Scenario, FixCost | None]:
    """A saved scenario's levers and fix cost (None when none was saved)."""
    with store.engine.connect() as connection:
        ws = workspace_id(connection, workspace)
        _, body = read_document(connection, ws, "scenario", name, version)
    values = json.loads(body)
    fix = values.get("fix_cost")
    levers = scenario_from_json(json.dumps(values["levers"]), f"The scenario {name!r}")
    return levers, FixCost(**fix) if fix else None


def save_mapping(
    store: Store, workspace: str, name: str, mapping: dict, *, replace: bool = False
) -> int:
    """Save a records mapping (model.prepare's JSON) under `name`."""
    with store.engine.begin() as connection:
        ws = workspace_id(connection, workspace)
        return save_document(connection, ws, "mapping", name, json.dumps(mapping), replace)


def load_mapping(store: Store, workspace: str, name: str, version: int | None = None) -> dict:
    with store.engine.connect() as connection:
        ws = workspace_id(connection, workspace)
        return json.loads(read_document(connection, ws, "mapping", name, version)[1])
