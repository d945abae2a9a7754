"""The store of workspaces: a company's periods, model, assumptions and scenarios, kept.

Behind one SQLAlchemy URL (`database`: `CHURN_COST_DATABASE_URL`, by default an embedded
SQLite file; PostgreSQL with psycopg 3), its tables (`schema`) migrated by Alembic
(`migrations/`, shipped in the package). `workspaces` creates, lists and shows workspaces;
`access` says who acts (`Actor`; the handle `Store.acting(actor)`) and checks their role in
each workspace on every read and write; `members` grants and revokes roles; `audit` keeps
the trail of every change.
`named` keeps their assumption sets (one current), scenarios and mappings, versioned;
`models` the model in use as its hash-checked JSON artefact. `snapshot` scores a customer
file as a period through `model.money.estimate` and writes its customers' estimates
(`periods`: Parquet parts) and figures (`figures`) in one transaction; `trend`, `bridge` and
`alerts` read the figures only. `demo` fills an empty store with a year of synthetic months.
Above model.batch (whose scoring it runs) and model.explain; the commands and the dashboard
sit above it.
"""

from model.store.access import (
    ANALYST,
    EVERYONE,
    OWNER,
    ROLES,
    VIEWER,
    Actor,
    NoActor,
    NotAMember,
    NotPermitted,
    UnknownWorkspace,
    command_line,
    local_user,
    user,
)
from model.store.alerts import ANY_ROOT_CAUSE, TOTAL, Alert, AlertRule, alerts_for, save_alert_rule
from model.store.audit import AuditEvent, audit_trail
from model.store.bridge import Bridge, bridge, bridge_from_figures
from model.store.database import (
    DATABASE_URL_VARIABLE,
    Store,
    StoreError,
    StoreTooNew,
    database_url,
    default_database_path,
    head_revision,
    open_store,
)
from model.store.demo import DEMO_WORKSPACE, ensure_demo
from model.store.figures import ROOT_CAUSE_PREFIX, Figures
from model.store.fixes import FixFollowed, Forecast, PeriodFollowed, fixes_followed, mark_fix
from model.store.members import (
    LastOwner,
    Member,
    UnknownMember,
    grant,
    members_of,
    my_role,
    revoke,
)
from model.store.models import save_model_directory, workspace_model
from model.store.named import (
    SavedMeanwhile,
    UnknownName,
    Version,
    assumptions_in_use,
    load_assumptions,
    load_mapping,
    load_saved_scenario,
    restore_version,
    save_assumptions,
    save_mapping,
    save_scenario,
    use_assumptions,
    version_history,
    versions,
)
from model.store.periods import period_estimates, period_figures_of, stored_periods
from model.store.report import workspace_report_html
from model.store.snapshot import Snapshot, snapshot_file, snapshot_frame
from model.store.trend import previous_period, scorecard_table, trend, trend_table
from model.store.workspaces import (
    NameTaken,
    UnknownPeriod,
    WorkspaceInfo,
    check_period,
    create_workspace,
    drop_period,
    workspace_info,
    workspace_names,
)

__all__ = [
    "ANALYST",
    "ANY_ROOT_CAUSE",
    "DATABASE_URL_VARIABLE",
    "DEMO_WORKSPACE",
    "EVERYONE",
    "OWNER",
    "ROLES",
    "ROOT_CAUSE_PREFIX",
    "TOTAL",
    "VIEWER",
    "Actor",
    "Alert",
    "AlertRule",
    "AuditEvent",
    "Bridge",
    "Figures",
    "FixFollowed",
    "Forecast",
    "LastOwner",
    "Member",
    "NameTaken",
    "NoActor",
    "NotAMember",
    "NotPermitted",
    "PeriodFollowed",
    "SavedMeanwhile",
    "Snapshot",
    "Store",
    "StoreError",
    "StoreTooNew",
    "UnknownMember",
    "UnknownName",
    "UnknownPeriod",
    "UnknownWorkspace",
    "Version",
    "WorkspaceInfo",
    "alerts_for",
    "assumptions_in_use",
    "audit_trail",
    "bridge",
    "bridge_from_figures",
    "check_period",
    "command_line",
    "create_workspace",
    "database_url",
    "default_database_path",
    "drop_period",
    "ensure_demo",
    "fixes_followed",
    "grant",
    "head_revision",
    "load_assumptions",
    "load_mapping",
    "load_saved_scenario",
    "local_user",
    "mark_fix",
    "members_of",
    "my_role",
    "open_store",
    "period_estimates",
    "period_figures_of",
    "previous_period",
    "restore_version",
    "revoke",
    "save_alert_rule",
    "save_assumptions",
    "save_mapping",
    "save_model_directory",
    "save_scenario",
    "scorecard_table",
    "snapshot_file",
    "snapshot_frame",
    "stored_periods",
    "trend",
    "trend_table",
    "use_assumptions",
    "user",
    "version_history",
    "versions",
    "workspace_info",
    "workspace_model",
    "workspace_names",
    "workspace_report_html",
]
