"""Diploma lists as the exam service uploads them (CSV) and as their published versions store them (JSON).

One CSV row per diploma and épreuve it covers: ``specialite, code, intitule, epreuve, position, verifie`` and,
when needed, ``code_invente`` and ``note``. A specialty present in a file gets the file's diplomas as its whole
list; the others keep theirs. ``verifie`` is required on every row: ``non`` (code or coverage not confirmed by a
text) asks for a ``note`` saying what is not confirmed, and a code made up (``code_invente`` = oui) is never
« vérifié ». Every épreuve must exist in the specialty's table in effect.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registration.referentials.lookups import Referentials
from registration.referentials.reading import ReferentialError, _bool, _csv_rows, _need, _Source
from registration.referentials.records import Coverage, Diploma

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


def diplomas_as_csv(lists: dict[str, tuple[Diploma, ...]]) -> str:
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


def diplomas_as_json(lists: dict[str, tuple[Diploma, ...]]) -> list[dict[str, Any]]:
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


def diplomas_from_json(rows: list[dict[str, Any]]) -> dict[str, tuple[Diploma, ...]]:
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
