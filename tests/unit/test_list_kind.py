"""A new list is one declaration: a list of exam rooms (« salles d'examen »), declared here only, with its CSV
parser, is read with every error and its line, previewed with its changes, published, listed, followed in its
history and restored, through the lists' service and their command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import csv
import io
from dataclasses import dataclass

import pytest

from registration.helpdesk import AuditLog
from registration.lists import cli, service
from registration.lists.core import Author, Command, Context, ListKind, Reading, Texts, UnknownVersion, Upload
from registration.lists.published import context
from registration.referentials import load_referentials


@dataclass(frozen=True)
class Room:
    code: str
    name: str
    seats: int


Rooms = tuple[Room, ...]
COLUMNS = ["code", "nom", "places"]


def read_rooms(ctx: Context, upload: Upload) -> Reading[Rooms]:
    """``code;nom;places``, one room per line; every error with its line."""
    rows = list(csv.reader(io.StringIO(upload.text or ""), delimiter=";"))
    if not rows or rows[0] != COLUMNS:
        return Reading(None, (f"{upload.label}, ligne 1 : colonnes attendues : {';'.join(COLUMNS)}",))
    rooms, errors, seen = [], [], set()
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != 3 or not row[0].strip():
            errors.append(f"{upload.label}, ligne {line} : trois valeurs attendues, un code d'abord")
        elif not row[2].strip().isdigit():
            errors.append(f"{upload.label}, ligne {line} : places « {row[2]} » : un nombre est attendu")
        elif row[0] in seen:
            errors.append(f"{upload.label}, ligne {line} : salle {row[0]} en double")
        else:
            seen.add(row[0])
            rooms.append(Room(row[0].strip(), row[1].strip(), int(row[2])))
    return Reading(None if errors else tuple(rooms), tuple(errors), len(rooms))


def room_changes(ctx: Context, before: Rooms | None, after: Rooms) -> list[str]:
    old, new = {r.code: r for r in before or ()}, {r.code: r for r in after}
    lines = []
    for code in sorted(set(old) | set(new)):
        if code not in old:
            lines.append(f"{code} ajoutée : {new[code].name}, {new[code].seats} places")
        elif code not in new:
            lines.append(f"{code} retirée")
        elif old[code] != new[code]:
            lines.append(f"{code} modifiée : {new[code].name}, {new[code].seats} places")
    return lines


def list_rooms(ctx: Context, args: argparse.Namespace) -> int:
    current = service.in_effect(ROOMS, ctx)
    print(f"Salles en vigueur : version {current.version}")
    for room in current.value or ():
        print(f"  {room.code}  {room.name}  {room.seats} places")
    return 0


ROOMS: ListKind[Rooms] = ListKind(
    name="salles",
    command="salles",
    slug="salles",
    texts=Texts(
        title="Salles d'examen",
        responsables_only="Les salles d'examen sont gérées par les responsables du service des examens.",
        file_kind="le fichier CSV des salles",
        refused_title="Salles refusées",
        rows_read="Salles lues",
        help="salles d'examen",
        import_help="lire des salles (CSV) et les publier",
        source_help="d'où vient la liste des salles",
        what="des salles d'examen",
        no_history="Aucune version publiée : aucune salle.",
        shipped_source="aucune salle (liste vide)",
        audit_subject="salles d'examen",
        audit_publish="publication salles",
        audit_revert="retour salles",
    ),
    read=read_rooms,
    changes=room_changes,
    encode=lambda rooms: [[r.code, r.name, r.seats] for r in rooms],
    decode=lambda data, version: tuple(Room(code, name, seats) for code, name, seats in data),
    shipped=lambda ctx, key: (),
    merge=lambda before, read: tuple(
        sorted(
            {**{r.code: r for r in before or ()}, **{r.code: r for r in read}}.values(), key=lambda r: r.code
        )
    ),
    commands=(Command("list", "les salles en vigueur", list_rooms),),
)

GOOD = "code;nom;places\nA101;Amphithéâtre Pasteur;240\nB12;Salle 12;30\n"
MORE = "code;nom;places\nB12;Salle 12 (rénovée);32\nC3;Gymnase;120\n"
BAD = "code;nom;places\nA101;Amphithéâtre;beaucoup\n;Sans code;10\nA101;Doublon;5\n"


@pytest.fixture(scope="module")
def base():
    return load_referentials()


def test_read_preview_publish_history_and_revert_through_the_service(store, base):
    ctx = context(store, base, 2027)
    refused = service.read(ROOMS, ctx, Upload(BAD, "salles.csv"))
    assert not refused.ok and refused.errors == [
        "salles.csv, ligne 2 : places « beaucoup » : un nombre est attendu",
        "salles.csv, ligne 3 : trois valeurs attendues, un code d'abord",
    ]
    assert store.lists_generation() == 0  # nothing stored by a preview
    seen = service.read(ROOMS, ctx, Upload(GOOD, "salles.csv"))
    assert seen.ok and seen.count == 2 and seen.before is not None and seen.before.version == 0
    assert seen.changes == [
        "A101 ajoutée : Amphithéâtre Pasteur, 240 places",
        "B12 ajoutée : Salle 12, 30 places",
    ]
    first = service.publish(
        ROOMS, ctx, seen, source="Plan des salles 2027", author=Author("chef@example.fr", 7)
    )
    assert first.version is not None and first.version.version == 1 and first.outcome is None
    more = service.read(ROOMS, ctx, Upload(MORE, "salles.csv"))
    assert more.changes == [
        "B12 modifiée : Salle 12 (rénovée), 32 places",
        "C3 ajoutée : Gymnase, 120 places",
    ]
    second = service.publish(ROOMS, ctx, more, source="Travaux", author=Author("chef@example.fr", 7))
    assert second.version is not None and [r.code for r in second.version.value] == ["A101", "B12", "C3"]
    current = service.in_effect(ROOMS, ctx)
    assert current.version == 2 and current.value == second.version.value
    back = service.revert(ROOMS, ctx, 1, author=Author("chef@example.fr", 7))
    assert back.version is not None and back.version.value == first.version.value
    assert back.version.changes == "Retour à la version 1.\nB12 modifiée : Salle 12, 30 places\nC3 retirée"
    assert [(v.version, v.restores, v.source) for v in service.history(ROOMS, ctx)] == [
        (3, 1, "Plan des salles 2027"),
        (2, None, "Travaux"),
        (1, None, "Plan des salles 2027"),
    ]
    empty = service.revert(ROOMS, ctx, 0, author=Author("chef@example.fr", 7))
    assert (
        empty.version is not None
        and empty.version.value == ()
        and empty.version.source == "aucune salle (liste vide)"
    )
    with pytest.raises(UnknownVersion):
        service.revert(ROOMS, ctx, 9, author=Author("chef@example.fr", 7))
    audit = AuditLog(store).entries(subject="salles d'examen")
    assert [e.action for e in audit] == [
        "retour salles",
        "retour salles",
        "publication salles",
        "publication salles",
    ]
    assert audit[-1].before == "fichier livré" and audit[-1].after.startswith(
        "Plan des salles 2027 ; A101 ajoutée"
    )
    assert audit[-2].before == "version 1" and audit[0].field == "version 4"


def test_the_command_line_of_a_new_kind(store, tmp_path, capsys):
    def run(*args: str) -> int:
        return cli.main(["salles", *args], store, kinds=(ROOMS,))

    bad, good = tmp_path / "salles-erronees.csv", tmp_path / "salles.csv"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    assert run("import", str(bad), "--source", "essai") == 2
    err = capsys.readouterr().err
    assert f"{bad}, ligne 2 : places « beaucoup »" in err and f"{bad}, ligne 3 :" in err
    assert run("history") == 0 and "Aucune version publiée : aucune salle." in capsys.readouterr().out
    assert run("import", str(good), "--source", "Plan", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "A101 ajoutée : Amphithéâtre Pasteur, 240 places" in out and "rien n'a été publié" in out
    assert store.lists_generation() == 0
    assert run("import", str(good), "--source", "Plan des salles") == 0
    assert "Publié : version 1 des salles d'examen, en vigueur dès maintenant." in capsys.readouterr().out
    assert run("list") == 0 and "A101  Amphithéâtre Pasteur  240 places" in capsys.readouterr().out
    assert run("revert", "4") == 2 and "pas de version 4" in capsys.readouterr().err
    assert run("revert", "0") == 0 and "Version 0 republiée comme version 2." in capsys.readouterr().out
    assert run("list") == 0 and capsys.readouterr().out == "Salles en vigueur : version 2\n"
    assert run("history") == 0
    history = capsys.readouterr().out
    assert (
        history.index("v2 (retour à la version 0)") < history.index("v1 ")
        and "ligne de commande (" in history
    )
    assert "    A101 retirée" in history
    with pytest.raises(SystemExit):
        run("import", str(good))  # --source is required
