"""The store behind one URL: created, migrated, upgraded in place, a newer one refused."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from model.store import StoreTooNew, database_url, head_revision, open_store
from model.store.database import MIGRATIONS, _config, make_engine
from model.store.schema import metadata


def test_an_empty_store_is_created_with_every_table_of_this_version(store):
    found = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {column["name"] for column in found.get_columns(table.name)}
        assert columns == {column.name for column in table.columns}, table.name
    with store.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == head_revision()


def test_a_store_of_an_older_version_is_upgraded_in_place_keeping_its_workspaces(store_url):
    from alembic import command

    engine = make_engine(store_url)
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0001")
        connection.execute(
            text("INSERT INTO workspaces (name, created_at) VALUES (:name, CURRENT_TIMESTAMP)"),
            {"name": "Acme"},
        )
    engine.dispose()
    store = open_store(store_url)
    with store.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM workspaces")).scalars().all()
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    store.dispose()
    assert names == ["Acme"]
    assert version == head_revision()
    assert "alert_rules" in inspect(make_engine(store_url)).get_table_names()


def test_a_store_of_a_newer_version_is_refused_saying_so_and_left_untouched(store_url):
    open_store(store_url).dispose()
    engine = make_engine(store_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreTooNew, match=r"newer version of churn-cost.*'9999'"):
        open_store(store_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999"
        )
    engine.dispose()


def test_the_url_comes_from_the_option_then_the_environment_then_the_default(monkeypatch):
    monkeypatch.delenv("CHURN_COST_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/data/home")
    assert database_url() == "sqlite:////data/home/churn-cost/workspaces.sqlite"
    monkeypatch.setenv("CHURN_COST_DATABASE_URL", "postgresql://u@db/churn")
    assert database_url() == "postgresql+psycopg://u@db/churn"
    assert database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_the_migrations_ship_inside_the_package():
    assert (MIGRATIONS / "env.py").is_file()
    assert sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("0*.py")) == [
        "0001",
        "0002",
        "0003",
        "0004",
    ]
