"""Backup and restore of generated stores: time and size at 10,000 and 100,000 dossiers, SQLite and PostgreSQL.

``python -m bench.backup [--sizes 10000 100000] [--dialects sqlite postgresql] [--runs 3] [--no-pdf]``; also
run by ``make bench`` (10,000 dossiers, SQLite and PostgreSQL, 3 runs). The dossiers are bench/export.py's
(académie 01, a realistic content), each revision with a confirmation PDF as the assistant makes them
(one rendered PDF, about 47 KiB, in every revision); no piece (documents sent are copied as they are: add
the size of ``var/pieces``). Each backup and each restore runs the operator's command line in its own
process (``python -m registration.operations.backup create`` then ``restore`` into a fresh SQLite file or a new
PostgreSQL database); the medians are printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.export import generate

ROOT = Path(__file__).resolve().parents[1]
PG_NAME = "bts_bench_backup"
BATCH = 2_000


def _pdf() -> bytes:
    from registration.documents import render_confirmation
    from tests.samples import paris_candidate

    return render_confirmation(
        paris_candidate(),
        label="175 – 0",
        validated_at=datetime.now(),
        return_deadline=None,
        service_address="SIEC",
    )


def attach_pdfs(url: str, pdf: bytes) -> None:
    """Every revision gets the PDF (in batches: one transaction holds at most BATCH of them)."""
    from sqlalchemy import func, select, update

    from registration.models import DossierRevision
    from registration.store import Store

    store = Store(url)
    top = store.transaction(lambda s: s.scalar(select(func.max(DossierRevision.id)))) or 0
    for first in range(1, top + 1, BATCH):
        statement = (
            update(DossierRevision)
            .where(DossierRevision.id.between(first, first + BATCH - 1), DossierRevision.pdf.is_(None))
            .values(pdf=pdf)
        )
        store.transaction(lambda s, statement=statement: s.execute(statement))
    store.dispose()


def _postgres_admin():
    from bot.ops.cluster import Backends
    from bot.ops.cluster.databases import admin_dsn

    backends = Backends.from_environment()
    return backends, admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)


def _command(args: list[str], url: str, var_dir: Path) -> float:
    env = {**os.environ, "DATABASE_URL": url, "BTS_VAR_DIR": str(var_dir), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "registration.operations.backup", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return time.perf_counter() - started


def _database_size(url: str) -> int:
    from sqlalchemy import text

    from registration.store import Store

    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    finally:
        store.dispose()


def measure(dialect: str, sizes: list[int], runs: int, with_pdf: bool) -> list[dict]:
    from bot.ops.cluster.databases import drop_database, ensure_database

    results = []
    pdf = _pdf() if with_pdf else b""
    folder = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    try:
        var_dir = folder / "var"
        var_dir.mkdir()
        if dialect == "sqlite":
            url = f"sqlite:///{var_dir / 'bts.sqlite3'}"
        else:
            backends, dsn = _postgres_admin()
            ensure_database(dsn, PG_NAME, fresh=True)
            url = backends.database_url.rsplit("/", 1)[0] + f"/{PG_NAME}"
        made = 0
        for size in sorted(sizes):
            started = time.perf_counter()
            generate(url, made, size)
            if with_pdf:
                attach_pdfs(url, pdf)
            made = size
            print(f"  generated {size:,} dossiers in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            creates, restores, file_size = [], [], 0
            for run in range(runs):
                output = folder / f"backups-{size}-{run}"
                creates.append(_command(["create", "--output", str(output)], url, var_dir))
                (backup,) = output.glob("*.tar")
                file_size = backup.stat().st_size
                target_var = folder / f"restored-{size}-{run}"
                if dialect == "sqlite":
                    target = f"sqlite:///{target_var / 'bts.sqlite3'}"
                else:
                    target = url.rsplit("/", 1)[0] + f"/{PG_NAME}_restored"
                    drop_database(dsn, f"{PG_NAME}_restored")
                restores.append(_command(["restore", str(backup)], target, target_var))
                shutil.rmtree(output)
                shutil.rmtree(target_var, ignore_errors=True)
            result = dict(
                dialect=dialect,
                dossiers=size,
                database=_database_size(url),
                backup_file=file_size,
                create=statistics.median(creates),
                restore=statistics.median(restores),
                runs=runs,
            )
            results.append(result)
            print(
                f"Backup {dialect:10} {size:>7,} dossiers: database {result['database'] / 1e6:7.0f} MB, "
                f"file {file_size / 1e6:7.0f} MB, backup {result['create']:6.1f} s, "
                f"restore {result['restore']:6.1f} s (medians of {runs})",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if dialect == "postgresql":
            for name in (PG_NAME, f"{PG_NAME}_restored"):
                drop_database(dsn, name)
    return results


def run(sizes: list[int], dialects: list[str], runs: int, with_pdf: bool = True) -> list[dict]:
    return [result for dialect in dialects for result in measure(dialect, sizes, runs, with_pdf)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.backup")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--dialects", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true", help="revisions without their PDF")
    args = parser.parse_args()
    run(args.sizes, args.dialects, args.runs, not args.no_pdf)


if __name__ == "__main__":
    main()
