"""``python -m registration.operations.backup create|restore|inspect`` (``make backup``, ``make restore FILE=…``).

The database is the one the services use: ``DATABASE_URL`` (``make run-cluster``'s PostgreSQL store when
``scripts/backup.sh`` is run with ``TOPOLOGY=cluster``), else the SQLite file of the var dir; the pieces are
those of ``BTS_VAR_DIR`` (default ``var/``). Exit status: 0 done, 1 refused (the reason on standard error,
in French), 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from registration.operations.backup import operations
from registration.operations.backup.contents import shown_url
from registration.operations.backup.messages import (
    DIALECTS,
    TEXT,
    Refused,
    counts_text,
    seconds_text,
    size_text,
)
from registration.settings import PARIS, get_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m registration.operations.backup",
        description="Sauvegarde et restauration des dossiers (base de données et pièces jointes).",
    )
    parser.add_argument("--url", help="base de données (par défaut : DATABASE_URL, sinon le SQLite de var/)")
    parser.add_argument(
        "--var-dir", type=Path, help="dossier des données (par défaut : BTS_VAR_DIR, sinon var/)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    create = commands.add_parser("create", help="écrit une sauvegarde (fichier .tar, mode 0600)")
    create.add_argument(
        "--output", type=Path, help="dossier (créé en 0700) ou fichier .tar ; par défaut var/backups/"
    )
    create.add_argument(
        "--keep", type=int, metavar="N", help="garde les N sauvegardes les plus récentes du dossier"
    )
    restore = commands.add_parser("restore", help="restaure une sauvegarde (l'assistant arrêté)")
    restore.add_argument("file", type=Path, help="le fichier de sauvegarde")
    restore.add_argument(
        "--force", action="store_true", help="remplace une base qui contient déjà des dossiers"
    )
    inspect = commands.add_parser("inspect", help="vérifie une sauvegarde et dit ce qu'elle contient")
    inspect.add_argument("file", type=Path, help="le fichier de sauvegarde")
    return parser


def _when(manifest_created_at: str) -> str:
    moment = datetime.fromisoformat(manifest_created_at).astimezone(PARIS)
    return f"{moment:%d/%m/%Y à %H:%M:%S}"


def _say(line: str) -> None:
    print(line, flush=True)


def _checked(path: Path, manifest) -> str:
    return TEXT["checked"].format(
        path=path,
        when=_when(manifest.created_at),
        dialect=DIALECTS.get(manifest.dialect, manifest.dialect),
        revision=manifest.alembic_revision or "vide",
        members=len(manifest.members) + 1,
    )


def _apply_retention(url: str, var_dir: Path) -> dict[str, int]:
    """A backup holds what was erased after it was taken: the retention rule (dates only) erases it again."""
    from registration.operations.retention import end_of_life
    from registration.store import Store

    previous = os.environ.get("BTS_VAR_DIR")
    os.environ["BTS_VAR_DIR"] = str(var_dir)  # the restored pieces are those of this var dir
    store = Store(url)
    try:
        return end_of_life(store)
    finally:
        store.dispose()
        if previous is None:
            os.environ.pop("BTS_VAR_DIR", None)
        else:
            os.environ["BTS_VAR_DIR"] = previous


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = get_settings()
    var_dir = (args.var_dir or settings.var_dir).resolve()
    url = args.url or settings.database_url
    try:
        if args.command == "create":
            done = operations.create(url, var_dir, (args.output or var_dir / "backups").resolve(), args.keep)
            _say(
                TEXT["created"].format(
                    path=done.path,
                    size=size_text(done.path.stat().st_size),
                    seconds=seconds_text(done.seconds),
                )
            )
            _say(TEXT["contents"].format(counts=counts_text(done.manifest.counts)))
            missing = done.added.missing
            _say(
                TEXT["files"].format(
                    included=done.added.included,
                    missing=TEXT["files_missing"].format(count=len(missing)) if missing else "",
                )
            )
            if done.added.altered:
                _say(TEXT["files_differ"].format(count=done.added.altered))
            if done.pruned:
                _say(TEXT["pruned"].format(keep=args.keep, count=done.pruned))
        elif args.command == "inspect":
            manifest = operations.inspect(args.file)
            _say(_checked(args.file, manifest))
            _say(TEXT["contents"].format(counts=counts_text(manifest.counts)))
        else:
            restored = operations.restore(args.file, url, var_dir, force=args.force)
            _say(_checked(args.file, restored.manifest))
            _say(TEXT["restored_database"].format(target=shown_url(url)))
            if restored.before != restored.after:
                _say(TEXT["migrated"].format(before=restored.before, after=restored.after))
            _say(
                TEXT["restored"].format(
                    seconds=seconds_text(restored.seconds), counts=counts_text(restored.counts)
                )
            )
            _say(TEXT["retention"].format(**_apply_retention(url, var_dir)))
            _say(TEXT["restart"])
    except Refused as refused:
        print(refused.message, file=sys.stderr, flush=True)
        return 1
    return 0
