"""The staff command line: ``add EMAIL --academie CODE... [--responsable]``, ``list``, ``disable EMAIL``.

The password of ``add`` is read from standard input (typed twice, hidden, on a terminal; the first line
otherwise), never from the command line, where other users and the shell history would see it. The database
(``DATABASE_URL``, or ``--url``) is migrated first.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TextIO

from registration.settings import PARIS, Settings, now
from registration.staff.directory import MIN_PASSWORD_LENGTH, StaffError, StaffMember
from registration.staff.models import ROLE_CONSEILLER, ROLE_RESPONSABLE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m registration.staff", description="Comptes des conseillers du service des examens."
    )
    parser.add_argument(
        "--url", help="base de données (par défaut : DATABASE_URL, sinon le fichier SQLite de var/)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="commande")
    add = commands.add_parser(
        "add",
        help="crée un compte (mot de passe lu sur l'entrée standard)",
        description=f"Crée un compte ; le mot de passe ({MIN_PASSWORD_LENGTH} caractères au moins) est lu sur "
        "l'entrée standard.",
    )
    add.add_argument("email", help="adresse électronique du conseiller (identifiant de connexion)")
    add.add_argument(
        "--academie",
        action="append",
        default=[],
        metavar="CODE",
        help="code d'académie de referentials/academies.csv (01 : Paris...) ; répétable",
    )
    add.add_argument("--responsable", action="store_true", help="responsable : voit toutes les académies")
    commands.add_parser("list", help="liste les comptes")
    disable = commands.add_parser("disable", help="désactive un compte et ferme ses sessions")
    disable.add_argument("email", help="adresse électronique du compte")
    return parser


def read_password(stdin: TextIO) -> str:
    """The new password: typed twice without echo on a terminal, else the first line of standard input."""
    if stdin.isatty():
        first = getpass.getpass(f"Mot de passe ({MIN_PASSWORD_LENGTH} caractères au moins) : ")
        if getpass.getpass("Mot de passe, une seconde fois : ") != first:
            raise StaffError("Les deux mots de passe diffèrent.")
        return first
    return stdin.readline().rstrip("\r\n")


def _state(member: StaffMember) -> str:
    if not member.active:
        return "désactivé"
    if member.locked_until is not None and member.locked_until > now():
        return "verrouillé jusqu'à " + member.locked_until.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    return "actif"


def describe(member: StaffMember, names: dict[str, str]) -> str:
    """One line of ``list``: address, role, académies (``names``: code → name), state, last login (Paris time)."""
    academies = (
        "toutes"
        if member.is_responsable
        else ", ".join(f"{code} {names.get(code, '?')}" for code in member.academies)
    )
    last = "jamais connecté"
    if member.last_login_at is not None:
        last = "dernière connexion " + member.last_login_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
    return f"{member.email}\t{member.role_label}\t{academies}\t{_state(member)}\t{last}"


def main(argv: list[str] | None = None, stdin: TextIO | None = None) -> int:
    """Runs one command; 0 when done, 1 when refused (the French reason is on standard error)."""
    args = _parser().parse_args(argv)
    from registration.app import create_app  # the command line is an entry point: it builds the application

    settings = Settings.from_environment(**({"database_url": args.url} if args.url else {}))
    application = create_app(settings, seed=False)
    try:
        directory = application.staff
        names = directory.academies
        if args.command == "add":
            role = ROLE_RESPONSABLE if args.responsable else ROLE_CONSEILLER
            password = read_password(stdin or sys.stdin)
            member = directory.add(args.email, password, role, args.academie)
            print(f"Compte créé : {describe(member, names)}")
        elif args.command == "list":
            members = directory.list()
            for member in members:
                print(describe(member, names))
            if not members:
                print("Aucun compte.")
        elif not directory.disable(args.email):
            raise StaffError(f"Aucun compte pour {args.email}.")
        else:
            print(f"Compte désactivé : {args.email.strip().lower()}")
    except StaffError as error:
        print(f"Refusé : {error}", file=sys.stderr)
        return 1
    finally:
        application.dispose()
    return 0
