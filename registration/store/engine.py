"""The database under the store: engine creation, SQLite pragmas, retried short transactions, migrations."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Engine, Executable, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from registration import settings as settings_module

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = ROOT / "migrations"

SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK_KEY = 0x42_54_53_01  # PostgreSQL advisory lock held while migrating
RETRIES = 8

T = TypeVar("T")

# Alembic keeps its running context in module globals: one migration at a time in a process.
_MIGRATE_LOCK = threading.Lock()


def utc(value: datetime | None) -> datetime:
    """A timezone-aware time in UTC, as stored; None is :func:`registration.settings.now`."""
    if value is None:
        value = settings_module.now()
    if value.tzinfo is None:
        raise ValueError("naive datetime given where a timezone-aware one is required")
    return value.astimezone(UTC)


def affected_rows(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE statement; the number of rows it matched."""
    # Session.execute() is typed as returning a Result; for a DML statement it is a CursorResult.
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def _is_retryable(error: DBAPIError) -> bool:
    message = str(error.orig if error.orig is not None else error).lower()
    if "database is locked" in message or "database is busy" in message or "table is locked" in message:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01")  # serialization failure, deadlock


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or (parsed.query.get("mode") == "memory")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock at the start: no deadlock between two readers that both want to write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """One engine and one short transaction per call: the base every part of the store is built on."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.engine = _make_engine(self.database_url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision (safe when several processes start together)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        config.attributes["database_url"] = self.database_url
        with _MIGRATE_LOCK, self.engine.begin() as connection:
            if self.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises migrations
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retried when the database is busy or a deadlock was detected."""
        delay = 0.02
        for attempt in range(RETRIES):
            try:
                with self._sessions() as session, session.begin():
                    return work(session)
            except DBAPIError as error:
                if not _is_retryable(error) or attempt == RETRIES - 1:
                    raise
            time.sleep(delay + secrets.randbelow(20) / 1000)
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _run_numbering(self, work: Callable[[Session], T]) -> T:
        """:meth:`_run` for a transaction that takes the next number of a sequence (a version): when another
        server took the same number first (a unique constraint), the whole transaction is run again."""
        for attempt in range(RETRIES):
            try:
                return self._run(work)
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _insert(self):
        """The dialect's INSERT construct, which has ON CONFLICT (both SQLite and PostgreSQL)."""
        return postgresql.insert if self.dialect == "postgresql" else sqlite.insert

    def transaction(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one short transaction (retried when busy), for the modules built on the store."""
        return self._run(work)

    def insert_construct(self):
        """The dialect's INSERT construct with ON CONFLICT, for the modules built on the store."""
        return self._insert()
