"""The exam tables' command line, for the exam service (the same as the console's « Règlements d'examen »).

``python -m registration.referentials epreuves …``:

- ``import FILE [--specialite CODE] [--source TEXT] [--date AAAA-MM-JJ] [--verifie] [--dry-run]``: reads a
  TSV table (format in ``referentials/README.md``), prints every error with its line number (exit code 2,
  nothing written) or the épreuves read, then publishes it as the specialty's next version, in effect at
  once, and e-mails the candidates whose dossiers are to complete. The specialty is the file name
  (``<code>.tsv``) when ``--specialite`` is not given; the source is line 1's text when ``--source`` is not;
- ``list``: every specialty with its state (vérifié, à vérifier, partiel, absent), source, date, version,
  then the counts;
- ``counts``: the counts only (``make referentials`` prints them);
- ``history CODE``: the published versions of a specialty, newest first;
- ``revert CODE VERSION``: publishes a copy of an earlier version (0: the shipped file).

``python -m registration.referentials calendrier …``: the registration calendar (``calendar_cli.py``);
``… etablissements …``: the establishments the exam service adds (``etablissements_cli.py``); ``… diplomes …``:
the diploma lists giving bénéfices and dispenses (``diplomas_cli.py``).

``--url`` chooses the database (default ``DATABASE_URL``); the schema is brought up to date first.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from registration import exam_tables
from registration.referentials import (
    Referentials,
    calendar_cli,
    diplomas_cli,
    etablissements_cli,
)
from registration.referentials.epreuve_tsv import decode_upload, parse_epreuve_tsv
from registration.referentials.records import LEVEL_LABELS
from registration.settings import Settings
from registration.store import Store
from registration.store.epreuve_tables import UnknownTableVersion

ERROR = 2


def _fail(messages: list[str]) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return ERROR


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date (AAAA-MM-JJ)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m registration.referentials",
        description="Tables d'épreuves, calendrier des inscriptions, établissements ajoutés, listes de diplômes.",
    )
    parser.add_argument("--url", help="base de données (par défaut : DATABASE_URL)")
    kinds = parser.add_subparsers(dest="kind", required=True)
    epreuves = kinds.add_parser("epreuves", help="règlements d'examen (tables d'épreuves)")
    commands = epreuves.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="lire une table TSV et la publier")
    imp.add_argument("file", type=Path)
    imp.add_argument("--specialite", help="code de la spécialité (par défaut : le nom du fichier)")
    imp.add_argument("--source", help="texte d'où vient la table (par défaut : celui de la ligne 1)")
    imp.add_argument("--date", type=_date, help="date de ce texte, AAAA-MM-JJ")
    imp.add_argument("--verifie", action="store_true", help="table vérifiée sur le règlement en vigueur")
    imp.add_argument("--dry-run", action="store_true", help="vérifier seulement, ne rien publier")
    commands.add_parser("list", help="l'état de chaque spécialité")
    commands.add_parser("counts", help="combien de spécialités vérifiées, à vérifier, partielles, absentes")
    history = commands.add_parser("history", help="les versions publiées d'une spécialité")
    history.add_argument("code")
    revert = commands.add_parser("revert", help="revenir à une version antérieure (0 : fichier livré)")
    revert.add_argument("code")
    revert.add_argument("version", type=int)
    calendar_cli.add_commands(kinds)
    etablissements_cli.add_commands(kinds)
    diplomas_cli.add_commands(kinds)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from registration.app import create_app  # the command line is an entry point: it builds the application

    application = create_app(
        Settings.from_environment(**({"database_url": args.url} if args.url else {})), seed=False
    )
    try:
        return _run(args, application.store, application.refs)
    finally:
        application.dispose()


def _run(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    if args.kind == "calendrier":
        return calendar_cli.run(args, store, base)
    if args.kind == "etablissements":
        return etablissements_cli.run(args, store, base)
    if args.kind == "diplomes":
        return diplomas_cli.run(args, store, base)
    if args.command == "import":
        return _import(args, store, base)
    if args.command in ("list", "counts"):
        states = exam_tables.table_states(store, base)
        if args.command == "list":
            for s in states:
                when = f"{s.source_date:%d/%m/%Y}" if s.source_date else "—"
                print(
                    f"{s.specialite.code}  {s.specialite.title[:50]:50}  {s.level_label:10}  "
                    f"v{s.version}  {when:10}  {s.source[:70] or '—'}"
                )
        print(exam_tables.counts_sentence(states))
        return 0
    resolved = base.specialite_for_code(args.code)
    if resolved is None:
        return _fail([f"spécialité inconnue « {args.code} » (absente de specialites.csv)"])
    spec = resolved[0]
    if args.command == "history":
        versions = store.epreuve_table_history(spec.code)
        if not versions:
            print(f"{spec.code} {spec.title} : aucune version publiée (fichier livré en vigueur).")
        for p in versions:
            restored = f" (retour à la version {p.restores})" if p.restores is not None else ""
            print(
                f"v{p.version}{restored}  {p.published_at:%d/%m/%Y %H:%M}  {p.published_by}  "
                f"{LEVEL_LABELS[p.level]}  {p.source[:60]}\n    {p.changes}"
            )
        return 0
    try:
        done = exam_tables.revert(
            store, base, spec.code, args.version, published_by=exam_tables.command_line_author()
        )
    except UnknownTableVersion:
        return _fail([f"{spec.code} : pas de version {args.version}"])
    print(
        f"{spec.code} : version {args.version} republiée comme version {done.published.version} "
        f"({done.published.level_label}). {done.notices.sentence()}"
    )
    return 0


def _import(args: argparse.Namespace, store: Store, base: Referentials) -> int:
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as error:
        return _fail([f"{path} : fichier illisible ({error.strerror})"])
    text = decode_upload(data)
    if text is None:
        return _fail([f"{path} : ce n'est pas un fichier texte (TSV en UTF-8 attendu)"])
    code = args.specialite or path.stem
    resolved = base.specialite_for_code(code)
    if resolved is None:
        return _fail(
            [f"{path} : spécialité inconnue « {code} » (donnez --specialite CODE, code de specialites.csv)"]
        )
    spec = resolved[0]
    report = parse_epreuve_tsv(text, spec, source=args.source, source_date=args.date, verified=args.verifie)
    if report.table is None:
        return _fail([f"{path}, {m}" for m in report.messages()])
    table = report.table
    print(f"{spec.code} {spec.title} : {len(table.epreuves)} épreuve(s), {LEVEL_LABELS[table.level]}.")
    for e in table.epreuves:
        coefficient = f"{e.coefficient:g}".replace(".", ",") if e.coefficient is not None else "—"
        option = f" [option {e.option_code}]" if e.option_code else ""
        print(f"  {e.code:5} {e.unit or '—':5} coef. {coefficient:5} {e.title}{option}")
    if args.dry_run:
        print("Vérification seulement (--dry-run) : rien n'a été publié.")
        return 0
    done = exam_tables.publish(store, base, table, published_by=exam_tables.command_line_author())
    print(f"Publié : version {done.published.version} ({done.published.changes}) {done.notices.sentence()}")
    return 0
