"""``python -m registration.former``: the former candidates from the command line.

- ``import FICHIER --source TEXTE [--dry-run]``: reads the exam service's file (docs/anciens-candidats.md);
  errors: exit code 2 and every one with its line on standard error, nothing written; else prints what
  changes and imports (recorded in the journal), unless ``--dry-run``.
- ``demo``: adds the three invented former candidates of the demonstration (never in production).
- ``count``: how many former candidates are stored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registration import former
from registration.app import Application, create_app
from registration.exam_tables import command_line_author
from registration.referentials.epreuve_tsv import decode_upload

ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m registration.former",
        description=__doc__,
        formatter_class=argparse.RawTextHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="importer le fichier des anciens candidats (CSV)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--source", default="", help="d'où vient le fichier (sinon son nom)")
    imp.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien enregistrer")
    commands.add_parser("demo", help="ajouter les trois anciens candidats de démonstration")
    commands.add_parser("count", help="nombre d'anciens candidats enregistrés")
    return parser


def _import(args: argparse.Namespace, application: Application) -> int:
    store = application.store
    path: Path = args.file
    try:
        text = decode_upload(path.read_bytes())
    except OSError as error:
        print(f"{path} : fichier illisible ({error.strerror})", file=sys.stderr)
        return ERROR
    if text is None:
        print(f"{path} : ce n'est pas un fichier texte (CSV en UTF-8 attendu)", file=sys.stderr)
        return ERROR
    seen = former.preview(text, store, application.current_refs(), application.session, label=str(path))
    if not seen.ok:
        for problem in seen.report.errors:
            print(str(problem), file=sys.stderr)
        print(f"{len(seen.report.errors)} erreur(s) : rien n'a été importé.", file=sys.stderr)
        return ERROR
    for line in seen.changes:
        print(line)
    if args.dry_run:
        print("Vérification seulement (--dry-run) : rien n'a été importé.")
        return 0
    added, replaced = former.import_records(
        store, seen, source=args.source or path.name, staff_email=command_line_author()
    )
    print(f"Importé : {added} ajouté(s), {replaced} remplacé(s).")
    return 0


def main(argv: list[str] | None = None, application: Application | None = None) -> int:
    args = _parser().parse_args(argv)
    application = application or create_app()
    store = application.store
    if args.command == "import":
        return _import(args, application)
    if args.command == "demo":
        store.seed_former_candidates()
        print("Anciens candidats de démonstration ajoutés (ceux qui manquaient).")
    print(f"{store.count_former_candidates()} ancien(s) candidat(s) enregistré(s).")
    return 0
