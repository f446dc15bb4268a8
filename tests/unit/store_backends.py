"""Real databases for the store tests: a temporary SQLite file, or a fresh PostgreSQL schema."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used by the tests, or None when it can."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError as error:
        return f"PostgreSQL is not reachable on 127.0.0.1:5432 ({error})"
    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means: unusable
        return f"cannot connect to {POSTGRES_URL}: {error}"
    return None


@contextmanager
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped on exit."""
    reason = postgres_unavailable()
    if reason:  # a missing server is a failure, never a skip (`-m "not postgres"` leaves these tests out)
        pytest.fail(f"{reason}; make test starts it (deploy/ensure-services.sh)", pytrace=False)
    schema = f"store_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of the given backend ("sqlite" or "postgres")."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'store.sqlite3'}"
    else:
        with postgres_schema_url() as url:
            yield url


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """A migrated store on an empty database of each backend."""
    from registration.store import Store

    with database_url(request.param, tmp_path) as url:
        instance = Store(url)
        instance.migrate()
        try:
            yield instance
        finally:
            instance.dispose()
