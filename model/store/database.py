"""Where the store is, and opening it: one SQLAlchemy URL, migrated to this version.

`CHURN_COST_DATABASE_URL` (or a command's `--database URL`) names the store; unset, it is an
embedded SQLite file in the user's data folder (`default_database_path`, and
docs/adr/0019-workspace-store.md says why there). A PostgreSQL URL (`postgresql://...`)
is opened with psycopg 3.

`open_store` brings a store written by an older version up to this one in place (Alembic,
model/store/migrations/), in one transaction, and refuses one written by a newer version
with `StoreTooNew`, before reading anything from it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from model.store.actor import Actor

#: The environment variable naming the store.
DATABASE_URL_VARIABLE = "CHURN_COST_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE_FILE = "workspaces.sqlite"


def now() -> datetime:
    """The time a row is written: timezone-aware, UTC."""
    return datetime.now(UTC)


class StoreError(Exception):
    """The store cannot be used as asked; the message says why in plain words."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of the product than this one."""


def default_database_path() -> Path:
    """The embedded store's file: `churn-cost/workspaces.sqlite` in the user's data folder.

    $XDG_DATA_HOME (else ~/.local/share) on Linux and other Unix systems, %LOCALAPPDATA% on
    Windows, ~/Library/Application Support on macOS: per user, outside any checkout, the same
    for the dashboard and the command line wherever they are started.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "churn-cost" / DATABASE_FILE


def database_url(explicit: str | None = None) -> str:
    """The store's URL: `explicit` (a `--database` option), else the environment variable,
    else the default SQLite file. `postgresql://` and `postgres://` mean psycopg 3."""
    url = explicit or os.environ.get(DATABASE_URL_VARIABLE) or ""
    if not url.strip():
        return f"sqlite:///{default_database_path()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url.removeprefix(plain)
    return url


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers go on while a period is written
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The schema version this code writes."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _check_not_newer(connection, script: ScriptDirectory) -> str | None:
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        return None
    try:
        script.get_revision(current)
    except CommandError:
        raise StoreTooNew(
            f"This store was written by a newer version of churn-cost (schema {current!r}; "
            f"this version knows up to {script.get_current_head()!r}). Nothing was read or "
            "changed: upgrade churn-cost, or point CHURN_COST_DATABASE_URL at another store."
        ) from None
    return current


def migrate(engine: Engine) -> str:
    """Bring the store up to this version's schema in one transaction; returns the revision
    found before (None for an empty store). Raises StoreTooNew for a newer store."""
    script = ScriptDirectory(str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # two servers starting at once
            connection.execute(text("SELECT pg_advisory_xact_lock(7401266)"))
        before = _check_not_newer(connection, script)
        if before != script.get_current_head():
            command.upgrade(_config(connection), "head")
    return before


@dataclass(frozen=True)
class Store:
    """An open, migrated store, and who acts through this handle. Every function of
    model.store takes it first and checks the actor's role (model.store.access); a handle
    with no actor reads and writes nothing. One engine serves every user of a server:
    `acting` makes a handle for each, sharing the engine's connections."""

    engine: Engine
    url: str
    actor: Actor | None = None

    def acting(self, actor: Actor) -> Store:
        """This store, acting for `actor`."""
        return replace(self, actor=actor)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close its connections (a test's or a command's end)."""
        self.engine.dispose()


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """The store at `url` (see `database_url`), migrated to this version unless `upgrade` is
    False. Raises StoreTooNew for a store written by a newer version, StoreError when the
    database cannot be reached."""
    resolved = database_url(url)
    engine = make_engine(resolved)
    try:
        if upgrade:
            migrate(engine)
    except StoreTooNew:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        if isinstance(error, StoreError):
            raise
        where = make_url(resolved).render_as_string(hide_password=True)
        raise StoreError(f"The store at {where} cannot be opened: {error}") from error
    return Store(engine, resolved)
