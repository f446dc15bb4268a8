"""``python -m registration.referentials calendrier …``: the registration calendar from the command line.

- ``import FILE --source TEXT [--dry-run]``: reads rows in the columns of ``referentials/calendar.csv``, prints
  every error with its line (exit code 2, nothing written) or what changes, then publishes the calendar with
  those rows (each replaces the row of the same académie and session) as the next version, in effect at once;
- ``list [--session YEAR]``: the dates in effect, académie by académie;
- ``history``: the published versions, newest first;
- ``revert VERSION``: publishes a copy of an earlier version (0: the shipped file);
- ``check [--session YEAR]``: warns (on standard error, exit code 0) when académies still run on the shipped
  example dates (``sample=1``); ``make run`` runs it at every start.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from registration import calendar_admin
from registration.referentials import Referentials, list_cli
from registration.settings import get_settings
from registration.store import Store


def add_commands(kinds: Any) -> None:
    calendrier = kinds.add_parser("calendrier", help="calendrier des inscriptions (dates par académie)")
    commands = calendrier.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="lire des lignes de calendrier (CSV) et les publier")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", required=True, help="d'où viennent ces dates (décision, note de service…)")
    imp.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien publier")
    listing = commands.add_parser("list", help="les dates en vigueur")
    listing.add_argument("--session", type=int, help="une session seulement (par exemple 2027)")
    commands.add_parser("history", help="les versions publiées")
    revert = commands.add_parser("revert", help="revenir à une version antérieure (0 : fichier livré)")
    revert.add_argument("version", type=int)
    check = commands.add_parser("check", help="avertir si des académies ont encore les dates d'exemple")
    check.add_argument("--session", type=int, help="la session (par défaut BTS_SESSION)")


def run(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    if args.command == "check":
        warning = calendar_admin.sample_warning(store, base, args.session or get_settings().session)
        if warning:
            print(warning, file=sys.stderr)
        return 0
    if args.command == "import":
        return _import(args, store, base)
    if args.command == "list":
        current = calendar_admin.in_effect(store, base)
        print(
            f"Calendrier en vigueur : version {current.version}"
            + (" (fichier livré)" if not current.version else "")
        )
        for e in current.entries:
            if args.session and e.session != args.session:
                continue
            name = (
                base.academies[e.academie_code].name if e.academie_code in base.academies else e.academie_code
            )
            print(
                f"{e.session}  {e.academie_code}  {name[:28]:28}  du {e.opens:%d/%m/%Y %H:%M} au "
                f"{e.closes:%d/%m/%Y %H:%M}, retour avant le {e.return_deadline:%d/%m/%Y}"
            )
        return 0
    if args.command == "history":
        return list_cli.print_history(
            calendar_admin.history(store),
            "Aucune version publiée : le fichier livré (referentials/calendar.csv) est en vigueur.",
        )
    return list_cli.revert(
        lambda version, author: calendar_admin.revert(store, base, version, published_by=author), args.version
    )


def _import(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    return list_cli.import_file(
        args.file,
        preview=lambda text, label: calendar_admin.preview(text, store, base, label=label),
        publish=lambda seen, author: calendar_admin.publish(
            store, base, seen.merged, source=args.source, published_by=author
        ),
        dry_run=args.dry_run,
        what="du calendrier",
    )
