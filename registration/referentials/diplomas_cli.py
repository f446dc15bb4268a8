"""``python -m registration.referentials diplomes …``: the diploma lists from the command line.

- ``import FILE --source TEXT [--dry-run]``: reads rows in the columns of ``diploma_csv.py`` (one row per diploma
  and épreuve), prints every error with its line (exit code 2, nothing written) or what changes, then publishes
  (each specialty of the file gets the file's diplomas as its whole list) as the next version, in effect at once;
- ``list [--specialite CODE]``: the lists in effect in the upload format (to edit and load again), the
  specialties with no list (their candidates declare their acquis in words) on the error output;
- ``history``: the published versions, newest first;
- ``revert VERSION``: publishes a copy of an earlier version (0: the shipped lists).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from registration import diplomas_admin
from registration.referentials import Referentials, list_cli
from registration.referentials.diploma_csv import diplomas_as_csv
from registration.store import Store


def add_commands(kinds: Any) -> None:
    parser = kinds.add_parser("diplomes", help="listes de diplômes donnant bénéfices et dispenses")
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="lire des listes de diplômes (CSV) et les publier")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", required=True, help="d'où viennent ces diplômes (arrêté, note de service…)")
    imp.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien publier")
    listing = commands.add_parser("list", help="les listes en vigueur, au format d'import")
    listing.add_argument("--specialite", help="une spécialité seulement (son code)")
    commands.add_parser("history", help="les versions publiées")
    revert = commands.add_parser("revert", help="revenir à une version antérieure (0 : listes livrées)")
    revert.add_argument("version", type=int)


def run(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    if args.command == "import":
        return list_cli.import_file(
            args.file,
            preview=lambda text, label: diplomas_admin.preview(text, store, base, label=label),
            publish=lambda seen, author: diplomas_admin.publish(
                store, base, seen.merged, source=args.source, published_by=author
            ),
            dry_run=args.dry_run,
            what="des listes de diplômes",
        )
    if args.command == "list":
        lists = [s for s in diplomas_admin.in_effect(store, base) if args.specialite in (None, s.code)]
        print(diplomas_as_csv({s.code: s.diplomas for s in lists if s.diplomas}), end="")
        empty = [s for s in lists if not s.diplomas]
        if empty:
            print(
                f"{len(empty)} spécialité(s) sans liste (acquis déclarés en texte libre) :", file=sys.stderr
            )
            for s in empty:
                print(f"  {s.code}  {s.title}", file=sys.stderr)
        return 0
    if args.command == "history":
        return list_cli.print_history(
            diplomas_admin.history(store),
            "Aucune version publiée : les listes livrées (referentials/diplomas.yaml) sont en vigueur.",
        )
    return list_cli.revert(
        lambda version, author: diplomas_admin.revert(store, base, version, published_by=author), args.version
    )
