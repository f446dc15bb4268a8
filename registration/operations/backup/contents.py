"""What a database holds, read through a DB-API cursor of either dialect inside one snapshot: the rows of every
table, the Alembic revision of its schema, and the pieces (files on disk) its rows refer to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy.engine import make_url

from registration.store.engine import MIGRATIONS_DIR

ALEMBIC_TABLE = "alembic_version"
TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
}


@dataclass(frozen=True)
class Piece:
    """A row of ``dossier_file``: the file ``pieces/<dossier_id>/<stored_name>`` and its SHA-256."""

    dossier_id: int
    stored_name: str
    sha256: str

    @property
    def member(self) -> str:
        return f"pieces/{self.dossier_id}/{self.stored_name}"


@dataclass(frozen=True)
class Contents:
    counts: dict[str, int]
    revision: str | None
    pieces: list[Piece]


def dialect_of(url: str) -> str:
    return make_url(url).get_backend_name()


def shown_url(url: str) -> str:
    """The URL as the operator may read it: never the password."""
    return make_url(url).render_as_string(hide_password=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_contents(cursor: Any, dialect: str) -> Contents:
    """Counts, revision and pieces, read with ``cursor`` (one transaction, so they agree with each other)."""
    cursor.execute(TABLES_SQL[dialect])
    tables = [row[0] for row in cursor.fetchall()]
    counts: dict[str, int] = {}
    for table in tables:
        if table == ALEMBIC_TABLE:
            continue
        cursor.execute(f"SELECT count(*) FROM {_quoted(table)}")  # noqa: S608 (a name from the catalogue)
        counts[table] = int(cursor.fetchone()[0])
    revision = None
    if ALEMBIC_TABLE in tables:
        cursor.execute(f"SELECT version_num FROM {ALEMBIC_TABLE}")
        row = cursor.fetchone()
        revision = row[0] if row else None
    pieces: list[Piece] = []
    if "dossier_file" in tables:
        cursor.execute("SELECT dossier_id, stored_name, sha256 FROM dossier_file ORDER BY id")
        pieces = [Piece(int(d), str(n), str(s)) for d, n, s in cursor.fetchall()]
    return Contents(counts, revision, pieces)


def dossier_count(cursor: Any, dialect: str) -> int:
    """How many dossiers the database holds (0 when it has no schema yet)."""
    cursor.execute(TABLES_SQL[dialect])
    if "dossier" not in {row[0] for row in cursor.fetchall()}:
        return 0
    cursor.execute("SELECT count(*) FROM dossier")
    return int(cursor.fetchone()[0])


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision of this version of the application (migrations/versions)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return frozenset(script.revision for script in ScriptDirectory.from_config(config).walk_revisions())
