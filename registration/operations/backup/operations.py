"""Taking a backup, restoring one, and checking one: the steps, in order, for both dialects."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from registration.operations.backup import archive, postgres, sqlite
from registration.operations.backup.contents import Contents, dialect_of, known_revisions
from registration.operations.backup.manifest import DATABASE_MEMBERS, Manifest
from registration.operations.backup.messages import DIALECTS, Refused
from registration.operations.backup.pieces import Added, add_pieces, install_pieces
from registration.settings import now

PREFIX = "bts-backup-"
SUFFIX = ".tar"


@dataclass(frozen=True)
class Created:
    path: Path
    manifest: Manifest
    added: Added
    seconds: float
    pruned: int


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    before: str | None  # the schema revision of the backup
    after: str | None  # after the migrations
    counts: dict[str, int]
    seconds: float


def _checked_dialect(url: str) -> str:
    dialect = dialect_of(url)
    if dialect not in DATABASE_MEMBERS:
        raise Refused("unsupported_url", target=url.split(":", 1)[0])
    return dialect


@contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A private folder inside ``folder`` (same file system: its files are renamed into place), removed after."""
    path = Path(tempfile.mkdtemp(prefix=".sauvegarde-", dir=folder))  # mode 0700
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def backup_path(output: Path, when_text: str) -> Path:
    """``output`` itself when it names a .tar file, else a new ``bts-backup-YYYYMMDD-HHMMSS.tar`` in it."""
    if output.suffix == SUFFIX:
        return output
    path = output / f"{PREFIX}{when_text}{SUFFIX}"
    index = 2
    while path.exists() or path.with_name(f".{path.name}.part").exists():
        path = output / f"{PREFIX}{when_text}-{index}{SUFFIX}"
        index += 1
    return path


def _private_folder(folder: Path) -> None:
    existed = folder.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not existed:
        os.chmod(folder, 0o700)  # whatever the umask


def create(url: str, var_dir: Path, output: Path, keep: int | None = None) -> Created:
    """Backs up the store at ``url`` and the pieces under ``var_dir`` into one new file."""
    started = time.monotonic()
    dialect = _checked_dialect(url)
    moment = now()
    path = backup_path(output, moment.strftime("%Y%m%d-%H%M%S"))
    _private_folder(path.parent)
    with _staging(path.parent) as staging:
        dump = staging / DATABASE_MEMBERS[dialect]
        contents: Contents
        if dialect == "sqlite":
            contents = sqlite.snapshot(sqlite.path_of(url), dump)
            server, tool = sqlite.server_version(), sqlite.TOOL
        else:
            contents, server, tool = postgres.snapshot(url, dump)
        manifest = Manifest(
            created_at=moment.isoformat(timespec="seconds"),
            dialect=dialect,
            alembic_revision=contents.revision,
            server_version=server,
            tool=tool,
            counts=contents.counts,
        )
        with archive.writing(path, moment.timestamp()) as writer, open(dump, "rb") as handle:
            writer.add_file(manifest.database_member, handle)
            added = add_pieces(writer, var_dir, contents.pieces)
            manifest.missing_pieces = added.missing
            archive.write_manifest(writer, manifest)
    pruned = prune(path, keep) if keep else 0
    return Created(path, manifest, added, time.monotonic() - started, pruned)


def prune(newest: Path, keep: int) -> int:
    """Erases the oldest backups of ``newest``'s folder beyond the ``keep`` newest (``newest`` always stays)."""
    others = [p for p in newest.parent.glob(f"{PREFIX}*{SUFFIX}") if p != newest]
    others.sort(key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    old = others[max(keep - 1, 0) :]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def inspect(path: Path) -> Manifest:
    """The manifest of a backup whose every checksum was verified (nothing is written)."""
    return archive.read(path, None)


def restore(path: Path, url: str, var_dir: Path, *, force: bool = False) -> Restored:
    """Checks the backup, then restores the database at ``url``, the pieces under ``var_dir``, and migrates."""
    started = time.monotonic()
    dialect = _checked_dialect(url)
    created_var_dir = not var_dir.exists()
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        with _staging(var_dir) as staging:
            manifest = archive.read(path, staging)
            _check_restorable(manifest, path, dialect, url, force)
            if dialect == "sqlite":
                sqlite.install(staging / manifest.database_member, sqlite.path_of(url))
            else:
                postgres.install(url, staging / manifest.database_member)
            install_pieces(staging, var_dir)
    except Refused:
        if created_var_dir:
            shutil.rmtree(var_dir, ignore_errors=True)
        raise
    counts, after = _migrate(url)
    return Restored(manifest, manifest.alembic_revision, after, counts, time.monotonic() - started)


def _check_restorable(manifest: Manifest, path: Path, dialect: str, url: str, force: bool) -> None:
    if manifest.dialect != dialect:
        raise Refused("other_dialect", found=DIALECTS[manifest.dialect], target=DIALECTS[dialect])
    if manifest.alembic_revision is not None and manifest.alembic_revision not in known_revisions():
        raise Refused("unknown_revision", path=path, revision=manifest.alembic_revision)
    if dialect == "sqlite":
        sqlite.check_target(sqlite.path_of(url), force)
        return
    postgres.check_restorable(manifest.tool_major)
    if not postgres.check_target(url, force):
        postgres.create_database(url)


def _migrate(url: str) -> tuple[dict[str, int], str | None]:
    """Brings the restored schema up to this version's (``python -m registration.store migrate``); the counts
    and the revision after."""
    from registration.operations.backup.contents import read_contents
    from registration.store import Store

    store = Store(url)
    try:
        store.migrate()
        with store.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert raw is not None
            contents = read_contents(raw.cursor(), store.dialect)
    finally:
        store.dispose()
    return contents.counts, contents.revision
