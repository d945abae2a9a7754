"""The store of workspaces: a company's periods, model, assumptions and scenarios, kept.

Behind one SQLAlchemy URL (`database`: `CHURN_COST_DATABASE_URL`, by default an embedded
SQLite file; PostgreSQL with psycopg 3), its tables (`schema`) migrated by Alembic
(`migrations/`).
"""

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

__all__ = [
    "DATABASE_URL_VARIABLE",
    "Store",
    "StoreError",
    "StoreTooNew",
    "database_url",
    "default_database_path",
    "head_revision",
    "open_store",
]
