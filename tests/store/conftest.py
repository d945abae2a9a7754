"""The store's tests run twice: on an embedded SQLite file and on a real PostgreSQL server.

The server is started once per test session by `postgres_server`: Debian's `initdb` and
`pg_ctl` (package `postgresql`, which scripts/test.sh installs beside chromium) on a temporary
data folder and a free loopback port, trusting local connections, stopped at the end. As root
they run as the `postgres` user (initdb refuses root). Without the binaries the PostgreSQL
half is skipped, saying so; nothing else is ever skipped. Each test gets a new database of
its own on that server, so tests never see each other's workspaces.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from model.store import command_line, open_store


def _postgres_binaries() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(arguments: list[str]) -> list[str]:
    """The command as the `postgres` user when this process is root (initdb refuses root)."""
    if os.geteuid() != 0:
        return arguments
    return ["runuser", "-u", "postgres", "--", *arguments]


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server's maintenance database, the server started for this
    session and stopped after it."""
    binaries = _postgres_binaries()
    if binaries is None or not (binaries / "pg_ctl").exists():
        pytest.skip(
            "PostgreSQL's initdb and pg_ctl are not installed (Debian package `postgresql`, "
            "which scripts/test.sh installs): the store's PostgreSQL half did not run"
        )
    folder = Path(tempfile.mkdtemp(prefix="churn-cost-postgres-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    for _attempt in range(5):  # another process on this machine may take the port first
        port = _free_port()
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        started = subprocess.run(
            _as_postgres(
                [
                    str(binaries / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(folder / "server.log"),
                    "start",
                ]
            ),
            capture_output=True,
        )
        if started.returncode == 0:
            break
    else:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stdout!r} {started.stderr!r}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the session's server."""
    name = f"store_test_{os.getpid()}_{next(_numbers)}"
    admin = create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # the test's own name, not data
    admin.dispose()
    yield f"{postgres_server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty store's URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):
    """An open, migrated, empty store on each database."""
    opened = open_store(store_url).acting(command_line())
    yield opened
    opened.dispose()
