"""The production topology's store on PostgreSQL: ``pg_dump -Fc`` to back up, ``pg_restore`` to restore.

Backing up: a read-only REPEATABLE READ transaction exports its snapshot (``pg_export_snapshot()``); the
counts, the schema revision and the pieces are read in that transaction, and ``pg_dump --snapshot`` dumps
that very snapshot, so the manifest describes exactly what was dumped. pg_dump takes no lock that stops
candidates from registering. The client must be at least the server's major version (checked first).

Restoring: ``pg_restore`` turns the archive into SQL, piped into ``psql --single-transaction`` after a
prelude that drops what the public schema holds now (so an older backup restores over a newer schema, and
the migrations then bring it up to date). One transaction: a restore that fails leaves the database as it
was. The database is created when it does not exist (a fresh machine). ``--no-owner --no-privileges``:
the objects belong to the role that restores, whatever role owned them on the old server.

Connection settings come from the store's ``DATABASE_URL`` (``postgresql+psycopg://user:password@host:port/db``)
and reach the PostgreSQL tools as libpq variables (``PGPASSWORD`` in their environment, never on a command line).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from registration.operations.backup.contents import Contents, dossier_count, read_contents, shown_url
from registration.operations.backup.messages import Refused

CHUNK = 1024 * 1024
# zlib level 1: the PDFs of the revisions (most of the bytes) are compressed already; level 1 dumps 3 times
# faster than the default (6) for a file 3 % larger (bench/backup.py, 2,000 dossiers: 3.1 s and 109 MB
# against 9.3 s and 105 MB; without compression, 0.7 s but 199 MB: COPY writes bytea in hexadecimal).
COMPRESSION = 1
# Objects of the public schema dropped before a restore, in this order (CASCADE takes indexes, constraints,
# owned sequences and dependent views with them).
DROPPED_KINDS = {
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "f": "FOREIGN TABLE",
    "r": "TABLE",
    "p": "TABLE",
    "S": "SEQUENCE",
}


def libpq_env(url: str, database: str | None = None) -> dict[str, str]:
    """The libpq variables of ``url`` (``database`` instead of its own, e.g. ``postgres``)."""
    parsed = make_url(url)
    env = {
        "PGHOST": parsed.host or "127.0.0.1",
        "PGPORT": str(parsed.port or 5432),
        "PGUSER": parsed.username or "postgres",
        "PGDATABASE": database or parsed.database or "",
        "PGCONNECT_TIMEOUT": "10",
        "PGAPPNAME": "bts-sauvegarde",
    }
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        value = parsed.query.get(option)
        if isinstance(value, str):
            env[variable] = value
    return env


def _conninfo(url: str, database: str | None = None) -> str:
    names = {
        "PGHOST": "host",
        "PGPORT": "port",
        "PGUSER": "user",
        "PGDATABASE": "dbname",
        "PGPASSWORD": "password",
        "PGCONNECT_TIMEOUT": "connect_timeout",
        "PGAPPNAME": "application_name",
        "PGSSLMODE": "sslmode",
        "PGSSLROOTCERT": "sslrootcert",
    }
    return psycopg.conninfo.make_conninfo(
        **{names[k]: v for k, v in libpq_env(url, database).items() if k in names}
    )


def connect(url: str, database: str | None = None, **options) -> psycopg.Connection:
    try:
        return psycopg.connect(_conninfo(url, database), **options)
    except psycopg.Error as error:
        raise Refused("postgres_unreachable", target=shown_url(url), error=_first_line(error)) from None


def _first_line(error: BaseException | str) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise Refused("missing_tool", tool=name)
    return found


def tool_version(name: str) -> tuple[int, str]:
    """(major, full) of a PostgreSQL client program: ``pg_dump (PostgreSQL) 15.20 (Debian …)`` → (15, "15.20")."""
    done = subprocess.run([_tool(name), "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+)(?:\.(\d+))?", done.stdout)
    if match is None:
        raise Refused("missing_tool", tool=name)
    return int(match[1]), match[0]


def _server_version(connection: psycopg.Connection) -> tuple[int, str]:
    number = int(connection.execute("SHOW server_version_num").fetchone()[0])  # type: ignore[index]
    version = str(connection.execute("SHOW server_version").fetchone()[0]).split()[0]  # type: ignore[index]
    return number // 10000, version


def snapshot(url: str, target: Path) -> tuple[Contents, str, str]:
    """The store dumped to ``target`` (custom format); what it holds, the server's version, the tool's."""
    client_major, client = tool_version("pg_dump")
    with connect(url, autocommit=True) as connection:  # transaction() below: BEGIN with these settings
        server_major, server = _server_version(connection)
        if client_major < server_major:
            raise Refused("old_pg_dump", client=client_major, server=server_major)
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.transaction():
            exported = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
            contents = read_contents(connection.cursor(), "postgresql")
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(descriptor)
            done = subprocess.run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--compress={COMPRESSION}",
                    f"--snapshot={exported}",
                    "--no-password",
                    f"--file={target}",
                ],
                env={**os.environ, **libpq_env(url)},
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise Refused("pg_dump_failed", code=done.returncode, error=_errors(done.stderr))
    return contents, server, f"pg_dump {client}"


def _errors(stderr: str) -> str:
    """The error lines of a PostgreSQL tool, without their DETAIL lines (which may quote a row's values)."""
    lines = [line for line in stderr.splitlines() if "error" in line.lower() or "erreur" in line.lower()]
    return " / ".join(line.strip()[:300] for line in (lines or stderr.splitlines())[:3])


def _database_exists(url: str) -> bool:
    name = make_url(url).database
    with connect(url, "postgres", autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def check_target(url: str, force: bool) -> bool:
    """Refused when another connection uses the database, or when it holds dossiers and ``force`` is not set;
    whether the database exists."""
    if not _database_exists(url):
        return False
    with connect(url, autocommit=True) as connection:
        others = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]  # type: ignore[index]
        if others:
            raise Refused("postgres_in_use", target=shown_url(url), count=others)
        count = dossier_count(connection.cursor(), "postgresql")
    if count and not force:
        raise Refused("holds_dossiers", target=shown_url(url), count=count)
    return True


def check_restorable(dumped_major: int | None) -> None:
    """Refused when this pg_restore cannot read an archive of that pg_dump."""
    client_major, _ = tool_version("pg_restore")
    _tool("psql")
    if dumped_major is not None and client_major < dumped_major:
        raise Refused("old_pg_restore", dumped=dumped_major, client=client_major)


def create_database(url: str) -> None:
    name = make_url(url).database or ""
    try:
        with connect(url, "postgres", autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise Refused("cannot_create_database", target=shown_url(url), error=_first_line(error)) from None


def _prelude(url: str) -> bytes:
    """SQL dropping every table, view and sequence of the public schema as it is now."""
    with connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = ANY(%s)",
            (list(DROPPED_KINDS),),
        ).fetchall()
    statements = ["SET client_min_messages = warning;"]
    for kind, keyword in DROPPED_KINDS.items():
        for name, relkind in rows:
            if relkind == kind:
                statements.append(f"DROP {keyword} IF EXISTS public.{_identifier(name)} CASCADE;")
    return ("\n".join(statements) + "\n").encode("utf-8")


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def install(url: str, dump: Path) -> None:
    """Replaces what the database holds with the dump, in one transaction."""
    env = {**os.environ, **libpq_env(url)}
    prelude = _prelude(url)
    with tempfile.TemporaryFile() as restore_log, tempfile.TemporaryFile() as psql_log:
        restore = subprocess.Popen(
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_log,
            env=env,
        )
        psql = subprocess.Popen(
            [
                _tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--no-password",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                "--file=-",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_log,
            env=env,
        )
        assert restore.stdout is not None and psql.stdin is not None
        try:
            psql.stdin.write(prelude)
            while chunk := restore.stdout.read(CHUNK):
                psql.stdin.write(chunk)
        except BrokenPipeError:
            pass  # psql stopped on an error: said below
        restore.stdout.close()
        if restore.wait() != 0:
            # psql would commit what it got so far when its input ends: it is stopped first, and the server
            # rolls back the transaction of a connection that went away.
            psql.kill()
        with contextlib.suppress(BrokenPipeError):
            psql.stdin.close()
        psql_status = psql.wait()
        if restore.returncode != 0 or psql_status != 0:
            restore_log.seek(0)
            psql_log.seek(0)
            errors = psql_log.read().decode("utf-8", "replace") or restore_log.read().decode(
                "utf-8", "replace"
            )
            raise Refused("pg_restore_failed", error=_errors(errors) or "erreur inconnue")
