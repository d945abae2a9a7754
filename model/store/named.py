"""Named, versioned documents of a workspace: assumption sets, scenarios, mappings.

Saving under a name already used is refused unless `replace` is asked for; a replacement is
a new version beside the old ones, which stay readable (`versions`, `version_history`) and
can be restored (`restore_version`: the old body saved again as the newest version). The
latest version is current. A save that says which version it started from (`based_on`) is
refused with `SavedMeanwhile` when someone else saved a newer one in between, so nobody's
save silently replaces another's: the dashboard always says. One assumption set is current
for the workspace: the one new periods are priced with (none: the default assumptions).
Saving needs an analyst; reading, any member (model/store/access.py). Each save is in the
audit trail, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
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
from model.store.access import ANALYST, VIEWER, acting, authorize
from model.store.audit import record
from model.store.database import Store, StoreError, now
from model.store.schema import assumption_sets, mappings, scenarios, workspaces
from model.store.workspaces import NameTaken, check_name

#: The kinds of named documents, and the words used for each in messages.
TABLES = {"assumptions": assumption_sets, "scenario": scenarios, "mapping": mappings}
WORDS = {"assumptions": "assumption set", "scenario": "scenario", "mapping": "mapping"}


class UnknownName(StoreError):
    """The workspace holds no document of that kind and name (or version)."""


class SavedMeanwhile(NameTaken):
    """Someone saved a newer version after the one this save started from."""


@dataclass(frozen=True)
class Version:
    """One saved version of a named document: its number, when and by whom."""

    version: int
    created_at: datetime
    #: Who saved it (None: saved before the store recorded who acts).
    created_by: str | None


def _latest(connection: Connection, table, workspace: int, name: str) -> int | None:
    query = select(func.max(table.c.version)).where(
        table.c.workspace_id == workspace, table.c.name == name
    )
    return connection.execute(query).scalar()


def _check_not_meanwhile(
    connection: Connection, table, workspace: int, kind: str, name: str, latest, based_on
) -> None:
    if based_on is None or latest is None or latest == based_on:
        return
    who = connection.execute(
        select(table.c.created_by, table.c.created_at).where(
            table.c.workspace_id == workspace, table.c.name == name, table.c.version == latest
        )
    ).first()
    raise SavedMeanwhile(
        f"The {WORDS[kind]} {name!r} was saved as version {latest} by {who.created_by or 'someone'}"
        f" at {who.created_at:%Y-%m-%d %H:%M} after you opened version {based_on}. Yours was "
        "not saved, and theirs is kept: open the latest version, or save yours under "
        "another name."
    )


def save_document(
    connection: Connection,
    store: Store,
    workspace: int,
    kind: str,
    name: str,
    body: str,
    replace: bool,
    based_on: int | None = None,
) -> int:
    """Store `body` as the next version of `name`, with who saved it, and its line in the
    audit trail; returns the version (1 for a new name). `based_on`: the version the saver
    opened (SavedMeanwhile when a newer one exists; None: no such check)."""
    check_name(name, f"A {WORDS[kind]}'s name")
    table = TABLES[kind]
    latest = _latest(connection, table, workspace, name)
    if latest is not None and not replace:
        raise NameTaken(
            f"The {WORDS[kind]} {name!r} already exists (version {latest}): save it under "
            "another name, or replace it (the old version is kept)."
        )
    _check_not_meanwhile(connection, table, workspace, kind, name, latest, based_on)
    version = (latest or 0) + 1
    try:
        connection.execute(
            insert(table).values(
                workspace_id=workspace,
                name=name,
                version=version,
                body=body,
                created_at=now(),
                created_by=acting(store).name,
            )
        )
    except IntegrityError:
        raise SavedMeanwhile(
            f"The {WORDS[kind]} {name!r} was saved by someone else at the same moment; yours "
            "was not saved: open the latest version and save again."
        ) from None
    record(connection, store, workspace, f"{WORDS[kind]} saved", f"{name!r} version {version}")
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
    return [found.version for found in version_history(store, workspace, kind, name)]


def version_history(store: Store, workspace: str, kind: str, name: str) -> list[Version]:
    """Every version of a named document with when and by whom, oldest first."""
    table = TABLES[kind]
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        query = select(table.c.version, table.c.created_at, table.c.created_by).where(
            table.c.workspace_id == ws, table.c.name == name
        )
        rows = connection.execute(query.order_by(table.c.version)).all()
    return [Version(row.version, row.created_at, row.created_by) for row in rows]


def restore_version(
    store: Store, workspace: str, kind: str, name: str, version: int, based_on: int | None = None
) -> int:
    """Save version `version` of `name` again as its newest version (nothing is removed);
    returns the new version. SavedMeanwhile as for a save when `based_on` is not the latest."""
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        _, body = read_document(connection, ws, kind, name, version)
        new = save_document(connection, store, ws, kind, name, body, True, based_on)
        record(
            connection,
            store,
            ws,
            f"{WORDS[kind]} restored",
            f"{name!r} version {version} restored as version {new}",
        )
    return new


def save_assumptions(
    store: Store,
    workspace: str,
    name: str,
    assumptions: Assumptions,
    *,
    replace: bool = False,
    make_current: bool = True,
    based_on: int | None = None,
) -> int:
    """Save an assumption set (a new version when `replace`); current unless told not."""
    body = assumptions_to_json(assumptions)
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        version = save_document(connection, store, ws, "assumptions", name, body, replace, based_on)
        if make_current:
            _make_current(connection, store, ws, name)
    return version


def _make_current(connection: Connection, store: Store, ws: int, name: str | None) -> None:
    connection.execute(
        update(workspaces).where(workspaces.c.id == ws).values(current_assumptions=name)
    )
    what = "the default assumptions" if name is None else f"the assumption set {name!r}"
    record(connection, store, ws, "assumptions in use", f"{what} in use for new periods")


def use_assumptions(store: Store, workspace: str, name: str | None) -> None:
    """Make the saved set `name` current (None: back to the default assumptions)."""
    with store.engine.begin() as connection:
        ws = authorize(connection, store, workspace, ANALYST)
        if name is not None:
            read_document(connection, ws, "assumptions", name)
        _make_current(connection, store, ws, name)


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
        return current_assumptions(connection, authorize(connection, store, workspace, VIEWER))


def load_assumptions(
    store: Store, workspace: str, name: str, version: int | None = None
) -> Assumptions:
    """A saved assumption set (its latest version unless one is asked for)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        _, body = read_document(connection, ws, "assumptions", name, version)
    return assumptions_from_json(body, f"The assumption set {name!r}")


def save_scenario(
    store: Store,
    workspace: str,
    name: str,
    scenario: Scenario,
    fix_cost: FixCost | None = None,
    *,
    replace: bool = False,
    based_on: int | None = None,
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
        ws = authorize(connection, store, workspace, ANALYST)
        return save_document(
            connection, store, ws, "scenario", name, json.dumps(body), replace, based_on
        )


def load_saved_scenario(
    store: Store, workspace: str, name: str, version: int | None = None
) -> tuple[Scenario, FixCost | None]:
    """A saved scenario's levers and fix cost (None when none was saved)."""
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
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
        ws = authorize(connection, store, workspace, ANALYST)
        return save_document(connection, store, ws, "mapping", name, json.dumps(mapping), replace)


def load_mapping(store: Store, workspace: str, name: str, version: int | None = None) -> dict:
    with store.engine.connect() as connection:
        ws = authorize(connection, store, workspace, VIEWER)
        return json.loads(read_document(connection, ws, "mapping", name, version)[1])
