"""The store's tables, as SQLAlchemy Core: what the code reads and writes.

The migrations (model/store/migrations/versions/) create and change the same tables step by
step and never import this module: a migration is history, this is today. A test
(tests/store/test_database.py) checks that a store migrated to the head has exactly these
tables and columns.

Names of workspaces, assumption sets, scenarios and mappings are data in `name` columns,
always bound as parameters, never part of SQL text. Money is a double (8-byte float on both
databases), so a figure read back is the very float written.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from model.store.actor import ACTOR_LENGTH

metadata = MetaData()

#: Longest name of a workspace, an assumption set, a scenario, a mapping or an alert rule.
NAME_LENGTH = 200

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_LENGTH), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    #: The assumption set in use (its latest version); None: the default assumptions.
    Column("current_assumptions", String(NAME_LENGTH)),
)


def _versioned(name: str) -> Table:
    """A table of named, versioned documents of a workspace (JSON text): a new version is a
    new row, so nothing saved is ever overwritten."""
    return Table(
        name,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
        Column("name", String(NAME_LENGTH), nullable=False),
        Column("version", Integer, nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        #: Who saved the version (None: saved before the store knew who acts).
        Column("created_by", String(ACTOR_LENGTH)),
        UniqueConstraint("workspace_id", "name", "version"),
    )


assumption_sets = _versioned("assumption_sets")
scenarios = _versioned("scenarios")
mappings = _versioned("mappings")

models = Table(
    "models",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
    Column("version", Integer, nullable=False),
    #: The artefact's bytes exactly as written (model/churn/artefact.py), and its card.
    Column("artefact", LargeBinary, nullable=False),
    Column("card", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(ACTOR_LENGTH)),
    UniqueConstraint("workspace_id", "version"),
)

periods = Table(
    "periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
    Column("period", String(7), nullable=False),
    Column("customers", Integer, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rejected", Integer, nullable=False),
    #: The assumptions the period was priced with, in full, and the set they came from.
    Column("assumptions", Text, nullable=False),
    Column("assumption_set", String(NAME_LENGTH)),
    Column("assumption_version", Integer),
    #: The model: the SHA-256 of its artefact; its version in the workspace (None: built-in).
    Column("model_sha256", String(64), nullable=False),
    Column("model_version", Integer),
    Column("prospect_value", Float, nullable=False),
    Column("source", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "period"),
)

#: The figures the trend, the bridge and the alerts need, one number a row (figures.py).
period_figures = Table(
    "period_figures",
    metadata,
    Column("period_id", Integer, ForeignKey("periods.id"), primary_key=True),
    Column("kind", String(40), primary_key=True),
    Column("name", String(NAME_LENGTH), primary_key=True),
    Column("value", Float, nullable=False),
)

#: Each customer's estimates, as Parquet parts (docs/adr/0019-workspace-store.md says why).
period_parts = Table(
    "period_parts",
    metadata,
    Column("period_id", Integer, ForeignKey("periods.id"), primary_key=True),
    Column("part", Integer, primary_key=True),
    Column("rows", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
    Column("name", String(NAME_LENGTH), nullable=False),
    #: "total", "any_root_cause", or one root cause's name.
    Column("target", String(NAME_LENGTH), nullable=False),
    Column("rise_percent", Float),
    Column("above_amount", Float),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "name"),
)

#: Who may do what in a workspace (model.store.access): one role per member.
members = Table(
    "members",
    metadata,
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), primary_key=True),
    Column("email", String(ACTOR_LENGTH), primary_key=True),
    #: "owner", "analyst" or "viewer".
    Column("role", String(20), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("granted_by", String(ACTOR_LENGTH), nullable=False),
)

#: Every change to a workspace: who, when, what. Only ever inserted (model.store.audit).
audit_trail = Table(
    "audit_trail",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(ACTOR_LENGTH), nullable=False),
    #: A short verb phrase, e.g. "period saved", "member granted".
    Column("action", String(60), nullable=False),
    #: What changed, in words (names are data, quoted as given).
    Column("detail", Text, nullable=False),
)

#: Fixes followed: a saved scenario started in a period, with its forecast (model.store.fixes).
fixes = Table(
    "fixes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", Integer, ForeignKey("workspaces.id"), nullable=False),
    Column("scenario", String(NAME_LENGTH), nullable=False),
    Column("scenario_version", Integer, nullable=False),
    Column("started_in", String(7), nullable=False),
    #: The forecast as the business case gave it when the fix was marked (JSON).
    Column("forecast", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(ACTOR_LENGTH), nullable=False),
    UniqueConstraint("workspace_id", "scenario"),
)
