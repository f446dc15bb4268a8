"""Diploma lists (console « Diplômes (acquis) », ``python -m registration.lists diplomes``): which diplomas give a
bénéfice or a dispense of which épreuves in a specialty. The candidates of a specialty with a list tick their
diplomas in it, the others declare their acquis in words.

An upload is a CSV, one row per diploma and épreuve it covers: ``specialite, code, intitule, epreuve, position,
verifie`` and, when needed, ``code_invente`` and ``note``. A specialty present in a file gets the file's diplomas
as its whole list; the others keep theirs. ``verifie`` is required on every row: ``non`` (code or coverage not
confirmed by a text) asks for a ``note`` saying what is not confirmed, and a code made up (``code_invente`` =
oui) is never « vérifié ». Every épreuve must exist in the specialty's table in effect. The published version
holds every specialty the service has published (the others keep the shipped ``referentials/diplomas.yaml``),
in effect at the next turn of every server.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registration.lists import service
from registration.lists.core import Argument, Command, Context, ListKind, Reading, Texts, Upload
from registration.referentials.lookups import Referentials
from registration.referentials.reading import ReferentialError, _bool, _csv_rows, _need, _Source
from registration.referentials.records import Coverage, Diploma

Lists = dict[str, tuple[Diploma, ...]]
UNVERIFIED = "non vérifié"

COLUMNS = ("specialite", "code", "intitule", "epreuve", "position", "verifie")
OPTIONAL = ("code_invente", "note")
POSITIONS = ("BENEFICE", "DISPENSE")


@dataclass(frozen=True)
class DiplomasReport:
    """An upload read: each specialty's diplomas when every row is right, else every error with its line."""

    lists: dict[str, tuple[Diploma, ...]] = field(default_factory=dict)
    errors: tuple[ReferentialError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.lists)


@dataclass
class _Building:
    diploma: Diploma
    line: int


def _row(
    src: _Source,
    line: int,
    row: dict[str, str],
    refs: Referentials,
    building: dict[tuple[str, str], _Building],
) -> None:
    resolved = refs.specialite_for_code(_need(src, line, "specialite", row["specialite"]))
    if resolved is None:
        raise src.fail(line, f"spécialité inconnue « {row['specialite']} »")
    spec = resolved[0].code
    code = _need(src, line, "code", row["code"])
    title = _need(src, line, "intitule", row["intitule"])
    table = refs.epreuve_table(spec)
    known = {e.code for e in table.epreuves} if table else set()
    if not known:
        raise src.fail(line, f"spécialité {spec} : aucune table d'épreuves en vigueur (publiez-la d'abord)")
    epreuve = row["epreuve"].strip().upper()
    if epreuve not in known:
        raise src.fail(line, f"épreuve « {row['epreuve']} » inconnue pour la spécialité {spec}")
    position = row["position"].strip().upper()
    if position not in POSITIONS:
        raise src.fail(line, f"position « {row['position']} » (BENEFICE ou DISPENSE attendu)")
    if not row["verifie"].strip():
        raise src.fail(line, "verifie : « oui » ou « non » attendu (rien n'est supposé vérifié)")
    verified = _bool(src, line, "verifie", row["verifie"])
    invented = _bool(src, line, "code_invente", row["code_invente"])
    note = " ".join(row["note"].split())
    if invented and verified:
        raise src.fail(line, f"diplôme {code} : un code inventé ne peut pas être « vérifié »")
    known_diploma = building.get((spec, code))
    if not verified and not note and not (known_diploma and known_diploma.diploma.note):
        raise src.fail(line, f"diplôme {code} : verifie = non demande une note (ce qui n'est pas confirmé)")
    if known_diploma is None:
        building[(spec, code)] = _Building(
            Diploma(code, title, (Coverage(epreuve, position),), invented, verified, note), line
        )
        return
    diploma = known_diploma.diploma
    if diploma.title != title:
        raise src.fail(line, f"diplôme {code} : intitulé différent de celui de la ligne {known_diploma.line}")
    if any(c.epreuve_code == epreuve for c in diploma.covers):
        raise src.fail(line, f"diplôme {code} : épreuve {epreuve} en double")
    known_diploma.diploma = Diploma(
        code,
        title,
        (*diploma.covers, Coverage(epreuve, position)),
        diploma.invented or invented,
        diploma.verified and verified,
        diploma.note or note,
    )


def parse_diplomas(text: str, refs: Referentials, label: str = "diplômes") -> DiplomasReport:
    """Reads an upload against the tables in effect (``refs``) and reports every error with its line."""
    src = _Source(Path("."), label)
    src.label = label
    building: dict[tuple[str, str], _Building] = {}
    errors: list[ReferentialError] = []
    try:
        for line, row in _csv_rows(src, text.lstrip("\ufeff"), COLUMNS, OPTIONAL):
            try:
                _row(src, line, row, refs, building)
            except ReferentialError as error:
                errors.append(error)
    except ReferentialError as error:  # the header, or a row with more values than columns
        errors.append(error)
    if not building and not errors:
        errors.append(src.fail(None, "aucun diplôme dans ce fichier"))
    lists: dict[str, list[Diploma]] = {}
    for (spec, _), built in building.items():
        lists.setdefault(spec, []).append(built.diploma)
    return DiplomasReport({spec: tuple(items) for spec, items in lists.items()}, tuple(errors))


def as_csv(lists: Lists) -> str:
    """The upload format of these lists (what ``list`` prints, to edit and load again)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS + OPTIONAL)
    for spec in sorted(lists):
        for d in lists[spec]:
            for c in d.covers:
                verified = "oui" if d.verified else "non"
                writer.writerow(
                    [
                        spec,
                        d.code,
                        d.title,
                        c.epreuve_code,
                        c.position,
                        verified,
                        "oui" if d.invented else "non",
                        d.note,
                    ]
                )
    return out.getvalue()


def as_json(lists: Lists) -> list[dict[str, Any]]:
    return [
        {
            "specialite": spec,
            "diplomas": [
                {
                    "code": d.code,
                    "title": d.title,
                    "covers": [[c.epreuve_code, c.position] for c in d.covers],
                    "invented": d.invented,
                    "verified": d.verified,
                    "note": d.note,
                }
                for d in lists[spec]
            ],
        }
        for spec in sorted(lists)
    ]


def from_json(rows: list[dict[str, Any]], version: int = 0) -> Lists:
    return {
        str(row["specialite"]): tuple(
            Diploma(
                str(d["code"]),
                str(d["title"]),
                tuple(Coverage(str(e), str(p)) for e, p in d["covers"]),
                bool(d.get("invented")),
                bool(d.get("verified", False)),
                str(d.get("note") or ""),
            )
            for d in row["diplomas"]
        )
        for row in rows
    }


def _describe(diploma: Diploma) -> str:
    covers = ", ".join(f"{c.epreuve_code} {c.position}" for c in diploma.covers)
    flag = f" ({UNVERIFIED} : {diploma.note})" if not diploma.verified else ""
    return f"{diploma.code} {diploma.title} : {covers}{flag}"


def changes(ctx: Context, before: Lists | None, after: Lists) -> list[str]:
    """What differs, specialty by specialty (a specialty absent on one side has the shipped list there)."""
    shipped = ctx.base.diplomas
    before = before or {}
    lines = []
    for code in sorted(set(before) | set(after)):
        was = before.get(code, shipped.get(code, ()))
        now = after.get(code, shipped.get(code, ()))
        old, new = {d.code: d for d in was}, {d.code: d for d in now}
        for number in sorted(set(old) | set(new)):
            if number not in old:
                lines.append(f"{code} : ajouté {_describe(new[number])}")
            elif number not in new:
                lines.append(f"{code} : retiré {_describe(old[number])}")
            elif old[number] != new[number]:
                lines.append(f"{code} : modifié {_describe(new[number])}")
    return lines


def read(ctx: Context, upload: Upload) -> Reading[Lists]:
    report = parse_diplomas(upload.text or "", ctx.refs, upload.label)
    count = sum(len(items) for items in report.lists.values())
    return Reading(report.lists if report.ok else None, tuple(str(e) for e in report.errors), count)


@dataclass(frozen=True)
class SpecialtyList:
    code: str
    title: str
    diplomas: tuple[Diploma, ...]
    published: bool  # False: the shipped file

    @property
    def unverified(self) -> int:
        return sum(1 for d in self.diplomas if not d.verified)


def in_effect(ctx: Context) -> list[SpecialtyList]:
    """Every specialty with its list in effect (empty: its candidates declare their acquis in words)."""
    published = service.in_effect(DIPLOMAS, ctx).value or {}
    return [
        SpecialtyList(code, spec.title, ctx.refs.diplomas.get(code, ()), code in published)
        for code, spec in sorted(ctx.base.specialites.items(), key=lambda item: item[1].title)
    ]


def _list(ctx: Context, args: argparse.Namespace) -> int:
    lists = [s for s in in_effect(ctx) if args.specialite in (None, s.code)]
    print(as_csv({s.code: s.diplomas for s in lists if s.diplomas}), end="")
    empty = [s for s in lists if not s.diplomas]
    if empty:
        print(f"{len(empty)} spécialité(s) sans liste (acquis déclarés en texte libre) :", file=sys.stderr)
        for s in empty:
            print(f"  {s.code}  {s.title}", file=sys.stderr)
    return 0


def _page(ctx: Context) -> dict[str, Any]:
    lists = in_effect(ctx)
    return {
        "with_list": [s for s in lists if s.diplomas],
        "without_list": [s for s in lists if not s.diplomas],
        "unverified": UNVERIFIED,
    }


def _overlay(refs: Referentials, published: dict[str, Lists]) -> Referentials:
    lists = {code: items for code, items in published[""].items() if code in refs.specialites}
    return refs.with_diplomas(lists) if published[""] else refs


DIPLOMAS: ListKind[Lists] = ListKind(
    name="diplomas",
    command="diplomes",
    slug="diplomes",
    texts=Texts(
        title="Diplômes (acquis)",
        responsables_only="Les listes de diplômes sont gérées par les responsables du service des examens.",
        file_kind="le fichier CSV des diplômes",
        refused_title="Diplômes refusés",
        rows_read="Diplômes lus",
        help="listes de diplômes donnant bénéfices et dispenses",
        import_help="lire des listes de diplômes (CSV) et les publier",
        source_help="d'où viennent ces diplômes (arrêté, note de service…)",
        what="des listes de diplômes",
        no_history="Aucune version publiée : les listes livrées (referentials/diplomas.yaml) sont en vigueur.",
        shipped_source="listes livrées (referentials/diplomas.yaml)",
        no_change="Aucun diplôme modifié.",
        audit_subject="listes de diplômes",
        audit_publish="publication diplômes",
        audit_revert="retour diplômes",
        revert_help="revenir à une version antérieure (0 : listes livrées)",
    ),
    read=read,
    changes=changes,
    encode=as_json,
    decode=from_json,
    shipped=lambda ctx, key: {},
    merge=lambda before, read: {**(before or {}), **read},
    overlay=_overlay,
    commands=(
        Command(
            "list",
            "les listes en vigueur, au format d'import",
            _list,
            (Argument(("--specialite",), "une spécialité seulement (son code)"),),
        ),
    ),
    page=_page,
)
