"""What the command lines of the lists the exam service maintains share (``calendar_cli.py``,
``etablissements_cli.py``, ``diplomas_cli.py``): reading a file (every error with its line, exit code 2, nothing written), the
history, going back."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from registration.exam_tables import command_line_author
from registration.referentials.epreuve_tsv import decode_upload
from registration.store.referential_versions import PublishedList, UnknownVersion

ERROR = 2


def import_file(
    path: Path,
    *,
    preview: Callable[[str, str], Any],
    publish: Callable[[Any, str], PublishedList],
    dry_run: bool,
    what: str,
) -> int:
    """Reads ``path``: every error (exit 2) or what changes; then publishes unless ``dry_run``."""
    try:
        text = decode_upload(path.read_bytes())
    except OSError as error:
        print(f"{path} : fichier illisible ({error.strerror})", file=sys.stderr)
        return ERROR
    if text is None:
        print(f"{path} : ce n'est pas un fichier texte (CSV en UTF-8 attendu)", file=sys.stderr)
        return ERROR
    seen = preview(text, str(path))
    if not seen.ok:
        for problem in seen.report.errors:
            print(str(problem), file=sys.stderr)
        return ERROR
    for line in seen.changes or ["Aucun changement."]:
        print(line)
    if dry_run:
        print("Vérification seulement (--dry-run) : rien n'a été publié.")
        return 0
    done = publish(seen, command_line_author())
    print(f"Publié : version {done.version} {what}, en vigueur dès maintenant.")
    return 0


def print_history(versions: list[PublishedList], empty: str) -> int:
    if not versions:
        print(empty)
    for v in versions:
        restored = f" (retour à la version {v.restores})" if v.restores is not None else ""
        print(f"v{v.version}{restored}  {v.published_at:%d/%m/%Y %H:%M}  {v.published_by}  {v.source[:60]}")
        for line in v.changes.splitlines():
            print(f"    {line}")
    return 0


def revert(restore: Callable[[int, str], PublishedList], version: int) -> int:
    try:
        done = restore(version, command_line_author())
    except UnknownVersion:
        print(f"pas de version {version}", file=sys.stderr)
        return ERROR
    print(f"Version {version} republiée comme version {done.version}.")
    return 0
