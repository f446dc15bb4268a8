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
from pathlib import Path
from typing import Any

from registration import establishments_admin
from registration.referentials import Referentials, list_cli
from registration.settings import get_settings
from registration.store import Store


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
        return list_cli.print_history(
            establishments_admin.history(store), "Aucune version publiée : aucun établissement ajouté."
        )
    return list_cli.revert(
        lambda version, author: establishments_admin.revert(store, version, published_by=author), args.version
    )


def _import(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    return list_cli.import_file(
        args.file,
        preview=lambda text, label: establishments_admin.preview(text, store, base, label=label),
        publish=lambda seen, author: establishments_admin.publish(
            store, seen.merged, source=args.source, published_by=author
        ),
        dry_run=args.dry_run,
        what="de la liste des établissements ajoutés",
    )
