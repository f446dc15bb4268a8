"""``python -m registration.backoffice``: the back office from the command line.

``export``: the dossiers as CSV or JSON lines (docs/export.md), recorded in the journal.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from registration.backoffice import export
from registration.backoffice.search import DossierQuery
from registration.helpdesk import AuditLog, command_line_author
from registration.rules.confirmation import STATUSES
from registration.settings import now
from registration.store import Store


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m registration.backoffice", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="exporter les dossiers (CSV ou JSON lines)")
    out.add_argument("--format", choices=sorted(export.FORMATS), default="csv")
    out.add_argument("--academie", action="append", default=[], help="code d'académie (plusieurs possibles)")
    out.add_argument("--etat", choices=STATUSES)
    out.add_argument("--specialite", default="")
    out.add_argument("--etablissement", default="")
    out.add_argument("--categorie", default="")
    out.add_argument("--canal", default="")
    out.add_argument("--du", type=date.fromisoformat)
    out.add_argument("--au", type=date.fromisoformat)
    out.add_argument("--session", type=int)
    out.add_argument("--sortie", help="fichier écrit (sinon la sortie standard)")
    return parser


def main(argv: list[str] | None = None, store: Store | None = None) -> int:
    args = _parser().parse_args(argv)
    store = store or Store()
    store.migrate()
    query = DossierQuery(
        specialite=args.specialite,
        etablissement=args.etablissement.upper(),
        categorie=args.categorie,
        channel=args.canal,
        status=args.etat or "",
        date_from=args.du,
        date_to=args.au,
        session=args.session,
        sort="numero",
    )
    academies = tuple(args.academie) or None
    AuditLog(store).record(
        staff_id=None,
        staff_email=command_line_author(),
        action="export des dossiers",
        subject="dossiers",
        field=args.format,
        after=export.describe_query(query) + (f" ; académies {', '.join(academies)}" if academies else ""),
    )
    target = open(args.sortie, "wb") if args.sortie else sys.stdout.buffer  # noqa: SIM115
    try:
        for chunk in export.stream(store, query, academies, args.format):
            target.write(chunk)
    finally:
        if args.sortie:
            target.close()
    if args.sortie:
        print(f"Export écrit dans {args.sortie} ({now():%d/%m/%Y %H:%M}).", file=sys.stderr)
    return 0
