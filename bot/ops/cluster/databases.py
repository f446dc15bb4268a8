"""The cluster's PostgreSQL databases (dossier store and Rasa trackers): created when missing, or made fresh."""

from __future__ import annotations

import re

import psycopg
from psycopg import sql

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def admin_dsn(host: str, port: int, user: str, password: str = "") -> str:
    """A libpq connection string to the maintenance database `postgres` of that server."""
    parts = [f"host={host}", f"port={port}", f"user={user}", "dbname=postgres", "connect_timeout=5"]
    if password:
        parts.append(f"password={password}")
    return " ".join(parts)


def ensure_database(dsn: str, name: str, *, fresh: bool = False) -> None:
    """Creates database `name` when it does not exist; with `fresh`, drops it first (connections closed)."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(dsn, autocommit=True) as connection:
        if fresh:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(dsn: str, name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
