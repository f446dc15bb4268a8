"""``python -m registration.lists KIND COMMAND …``: the lists the exam service maintains, from the command line
(the same as the console's pages). KIND is ``epreuves`` (the exam tables), ``calendrier``, ``etablissements``,
``diplomes`` or ``anciens-candidats``; every kind has:

- ``import FILE [--source TEXT] [--dry-run]`` (and the kind's options, e.g. ``--specialite``): reads the file,
  prints every error with its line (exit code 2, nothing written) or what changes, then publishes it as the
  next version, in effect at once (the former candidates: imports it), unless ``--dry-run``;
- ``history [CODE]``: the published versions, newest first (CODE: the specialty, for the exam tables);
- ``revert [CODE] VERSION``: publishes a copy of an earlier version (0: the shipped file);
- its own commands: ``list`` (what is in effect), ``epreuves counts``, ``calendrier check`` (warns while
  académies still run on the shipped example dates; ``make run`` runs it at every start), ``anciens-candidats
  demo|count``.

``--url`` chooses the database (default ``DATABASE_URL``); the schema is brought up to date first.
``python -m registration.referentials …`` and ``python -m registration.former …`` are the same commands under
their former names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from registration.helpdesk import command_line_author
from registration.lists import service
from registration.lists.core import (
    SOURCE_OR_FILE_NAME,
    SOURCE_REQUIRED,
    Author,
    Context,
    ListKind,
    UnknownVersion,
    Upload,
)
from registration.lists.kinds import KINDS
from registration.lists.published import context
from registration.referentials import load_referentials
from registration.referentials.epreuve_tsv import decode_upload
from registration.settings import get_settings
from registration.store import Store

ERROR = 2


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return ERROR


def _parser(kinds: Sequence[ListKind[Any]]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m registration.lists",
        description="Listes tenues par le service des examens : "
        + ", ".join(kind.texts.title.lower() for kind in kinds)
        + ".",
    )
    parser.add_argument("--url", help="base de données (par défaut : DATABASE_URL)")
    words = parser.add_subparsers(dest="kind", required=True)
    for kind in kinds:
        texts = kind.texts
        commands = words.add_parser(kind.command, help=texts.help).add_subparsers(
            dest="command", required=True
        )
        imp = commands.add_parser("import", help=texts.import_help)
        imp.add_argument("file", type=Path)
        for option in kind.options:
            if option.flag:
                imp.add_argument(f"--{option.name}", action="store_true", help=option.help)
            else:
                imp.add_argument(f"--{option.name}", type=option.cli_type or str, help=option.help)
        imp.add_argument("--source", required=kind.source == SOURCE_REQUIRED, help=texts.source_help)
        imp.add_argument("--dry-run", action="store_true", help=texts.dry_run_help)
        for command in kind.commands:
            own = commands.add_parser(command.name, help=command.help)
            for argument in command.arguments:
                own.add_argument(*argument.flags, help=argument.help, type=argument.type or str)
        if kind.versioned:
            history = commands.add_parser("history", help=texts.history_help)
            revert = commands.add_parser("revert", help=texts.revert_help)
            if kind.keyed:
                history.add_argument("code")
                revert.add_argument("code")
            revert.add_argument("version", type=int)
    return parser


def main(
    argv: list[str] | None = None, store: Store | None = None, kinds: Sequence[ListKind[Any]] = KINDS
) -> int:
    args = _parser(kinds).parse_args(argv)
    kind = next(k for k in kinds if k.command == args.kind)
    own = store is None
    store = store or Store(args.url)
    try:
        store.migrate()
        return _run(kind, context(store, load_referentials(), get_settings().session), args)
    finally:
        if own:
            store.dispose()


def _run(kind: ListKind[Any], ctx: Context, args: argparse.Namespace) -> int:
    if args.command == "import":
        return _import(kind, ctx, args)
    if args.command not in ("history", "revert"):
        return next(c for c in kind.commands if c.name == args.command).run(ctx, args)
    key = ""
    if kind.keyed:
        found = kind.resolve_key(ctx, args.code)
        if found is None:
            return _fail(kind.texts.unknown_key_cli.format(key=args.code))
        key = found
    if args.command == "history":
        return _history(kind, ctx, key)
    try:
        done = service.revert(kind, ctx, args.version, author=Author(command_line_author()), key=key)
    except UnknownVersion:
        return _fail(
            f"{key} : pas de version {args.version}" if kind.keyed else f"pas de version {args.version}"
        )
    assert done.version is not None
    said = f"version {args.version} republiée comme version {done.version.version}"
    summary = kind.summary(done.version.value)
    line = (f"{key} : {said}" if kind.keyed else said[0].upper() + said[1:]) + (
        f" ({summary})." if summary else "."
    )
    print(line + (f" {done.outcome.sentence()}" if done.outcome is not None else ""))
    return 0


def _history(kind: ListKind[Any], ctx: Context, key: str) -> int:
    versions = service.history(kind, ctx, key)
    if not versions:
        print(kind.texts.no_history.format(key=key, title=kind.key_title(ctx, key) if kind.keyed else ""))
    for v in versions:
        restored = f" (retour à la version {v.restores})" if v.restores is not None else ""
        summary = kind.summary(v.value)
        print(
            f"v{v.version}{restored}  {v.published_at:%d/%m/%Y %H:%M}  {v.published_by}  "
            + (f"{summary}  " if summary else "")
            + v.source[:60]
        )
        for line in v.changes.splitlines():
            print(f"    {line}")
    return 0


def _import(kind: ListKind[Any], ctx: Context, args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        text = decode_upload(path.read_bytes())
    except OSError as error:
        return _fail(f"{path} : fichier illisible ({error.strerror})")
    if text is None:
        return _fail(f"{path} : ce n'est pas un fichier texte ({kind.texts.file_format} en UTF-8 attendu)")
    source = args.source or (path.name if kind.source == SOURCE_OR_FILE_NAME else "")
    options = {
        option.name: ("1" if getattr(args, option.name) else "")
        if option.flag
        else (getattr(args, option.name) or "")
        for option in kind.options
    }
    seen = service.read(kind, ctx, Upload(text, str(path), source, options, command_line=True))
    if not seen.ok:
        for problem in seen.errors:
            print(problem, file=sys.stderr)
        if kind.texts.refused_line:
            print(kind.texts.refused_line.format(count=len(seen.errors)), file=sys.stderr)
        return ERROR
    for line in kind.read_lines(seen) if kind.read_lines else seen.changes or ["Aucun changement."]:
        print(line)
    if args.dry_run:
        print(f"Vérification seulement (--dry-run) : rien n'a été {kind.texts.done_word}.")
        return 0
    done = service.publish(kind, ctx, seen, source=source, author=Author(command_line_author()))
    if kind.done_line is not None:
        print(kind.done_line(done))
    elif done.version is not None:
        print(f"Publié : version {done.version.version} {kind.texts.what}, en vigueur dès maintenant.")
    return 0
