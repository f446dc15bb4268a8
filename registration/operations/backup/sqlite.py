"""The embedded default's SQLite database: copied with SQLite's online backup API, never as a file.

Backing up: ``Connection.backup`` copies every page in one step, inside one read transaction of the source.
The store runs SQLite in WAL mode, where a reader never blocks a writer: candidates keep registering while
the copy runs, and the copy is the database as it was when the step began (a consistent snapshot, what a
file copy of a live database with its ``-wal`` file is not). Counts, revision and pieces are then read from
the copy itself, so the manifest describes exactly what was copied.

Restoring: the copy is checked (``PRAGMA quick_check``), then copied again with the backup API into
``<target>.restauration`` next to the target, synced, and renamed over the target (the old ``-wal`` and
``-shm`` files removed first: they belong to the old database). The assistant must be stopped: a process
that has the target open is found in ``/proc`` and the restore is refused.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from registration.operations.backup.contents import Contents, dossier_count, read_contents
from registration.operations.backup.messages import Refused

TOOL = "sqlite3 backup API"


def path_of(url: str) -> Path:
    database = make_url(url).database or ""
    if database in ("", ":memory:") or "mode=memory" in url:
        raise Refused("memory_database", target=url)
    return Path(database).expanduser().resolve()


def _read_only(path: Path) -> str:
    """A read-only URI for a self-contained file (journal mode DELETE: no -wal, no -shm)."""
    return path.resolve().as_uri() + "?mode=ro"


def server_version() -> str:
    return sqlite3.sqlite_version


def snapshot(source: Path, target: Path) -> Contents:
    """The database at ``source`` copied to ``target`` (a new file); what the copy holds."""
    if not source.is_file():
        raise Refused("no_database", target=source)
    # Opened read-write (a read-only connection cannot take part in WAL without the -shm file); only read.
    with contextlib.closing(sqlite3.connect(source, timeout=30)) as live:
        live.execute("PRAGMA busy_timeout = 30000")
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(descriptor)
        with contextlib.closing(sqlite3.connect(target)) as copy:
            live.backup(copy)  # pages=-1: the whole database in one step, one read transaction
            copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    return contents_of(target)


def contents_of(path: Path) -> Contents:
    with contextlib.closing(sqlite3.connect(_read_only(path), uri=True)) as connection:
        return read_contents(connection.cursor(), "sqlite")


def dossiers_in(path: Path) -> int:
    """Dossiers in the database at ``path``: 0 when there is none yet."""
    if not path.is_file():
        return 0
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as connection:  # it may be in WAL mode
        return dossier_count(connection.cursor(), "sqlite")


def users_of(path: Path) -> list[int]:
    """The processes (other than this one) that have the database or its WAL files open."""
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if links & names:
            found.append(int(entry.name))
    return sorted(found)


def check_target(target: Path, force: bool) -> None:
    """Refused when the assistant has the target open, or when it holds dossiers and ``force`` is not set."""
    pids = users_of(target)
    if pids:
        raise Refused("sqlite_in_use", target=target, pids=", ".join(map(str, pids)))
    count = dossiers_in(target)
    if count and not force:
        raise Refused("holds_dossiers", target=target, count=count)


def install(staged: Path, target: Path) -> None:
    """The checked copy ``staged`` becomes the database at ``target`` (backup API, temporary file, rename)."""
    with contextlib.closing(sqlite3.connect(_read_only(staged), uri=True)) as source:
        verdict = source.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise Refused("damaged", path=staged, why=f"la base copiée est incohérente ({verdict[:80]})")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".restauration")
        for leftover in (temporary, Path(f"{temporary}-journal")):
            leftover.unlink(missing_ok=True)
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            with contextlib.closing(sqlite3.connect(temporary)) as copy:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            with open(temporary, "rb+") as handle:
                os.fsync(handle.fileno())
            for old in (Path(f"{target}-wal"), Path(f"{target}-shm")):
                old.unlink(missing_ok=True)
            os.rename(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    descriptor = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
