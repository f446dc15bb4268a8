"""``python -m registration.referentials etablissements …``: the establishments the exam service adds.

- ``import FILE --source TEXT [--dry-run]``: reads rows in the columns of ``referentials/etablissements.csv``,
  prints every error with its line (exit code 2, nothing written) or what changes, then publishes the additions
  (a row replaces the added establishment of the same code) as the next version, in effect at once;
- ``list``: the establishments added, and those the session's candidates typed because they did not find them;
- ``history``: the published versions, newest first;
- ``revert VERSION``: publishes a copy of an earlier version (0: none added).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from registration import establishments_admin
from registration.exam_tables import command_line_author
from registration.referentials import Referentials
from registration.referentials.epreuve_tsv import decode_upload
from registration.settings import get_settings
from registration.store import Store
from registration.store.referential_versions import UnknownVersion

ERROR = 2


def add_commands(kinds: Any) -> None:
    parser = kinds.add_parser("etablissements", help="établissements ajoutés par le service des examens")
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="lire des établissements (CSV) et les publier")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", required=True, help="ce qui confirme ces établissements")
    imp.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien publier")
    commands.add_parser("list", help="les établissements ajoutés et ceux que les candidats ont tapés")
    commands.add_parser("history", help="les versions publiées")
    revert = commands.add_parser("revert", help="revenir à une version antérieure (0 : aucun ajout)")
    revert.add_argument("version", type=int)


def run(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    if args.command == "import":
        return _import(args, store, base)
    if args.command == "list":
        added = establishments_admin.added(store)
        print(f"{len(added)} établissement(s) ajouté(s) par le service des examens.")
        for e in added:
            print(f"  {e.code}  {e.name}, {e.city} (académie {e.academie_code}, {e.type})")
        typed = establishments_admin.unlisted(store, get_settings().session)
        print(f"{len(typed)} établissement(s) non répertorié(s) dans les dossiers, à confirmer.")
        for u in typed:
            print(f"  {u.name}, {u.city} (académie {u.academie_code}) : {u.dossiers} dossier(s)")
        return 0
    if args.command == "history":
        versions = establishments_admin.history(store)
        if not versions:
            print("Aucune version publiée : aucun établissement ajouté.")
        for v in versions:
            restored = f" (retour à la version {v.restores})" if v.restores is not None else ""
            print(
                f"v{v.version}{restored}  {v.published_at:%d/%m/%Y %H:%M}  {v.published_by}  {v.source[:60]}"
            )
            for line in v.changes.splitlines():
                print(f"    {line}")
        return 0
    try:
        done = establishments_admin.revert(store, args.version, published_by=command_line_author())
    except UnknownVersion:
        print(f"pas de version {args.version} de la liste", file=sys.stderr)
        return ERROR
    print(f"Version {args.version} republiée comme version {done.version}.")
    return 0


def _import(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    path: Path = args.file
    try:
        text = decode_upload(path.read_bytes())
    except OSError as error:
        print(f"{path} : fichier illisible ({error.strerror})", file=sys.stderr)
        return ERROR
    if text is None:
        print(f"{path} : ce n'est pas un fichier texte (CSV en UTF-8 attendu)", file=sys.stderr)
        return ERROR
    seen = establishments_admin.preview(text, store, base, label=str(path))
    if not seen.ok:
        for problem in seen.report.errors:
            print(str(problem), file=sys.stderr)
        return ERROR
    for line in seen.changes or ["Aucun changement."]:
        print(line)
    if args.dry_run:
        print("Vérification seulement (--dry-run) : rien n'a été publié.")
        return 0
    done = establishments_admin.publish(
        store, seen.merged, source=args.source, published_by=command_line_author()
    )
    print(
        f"Publié : version {done.version} de la liste des établissements ajoutés, en vigueur dès maintenant."
    )
    return 0
