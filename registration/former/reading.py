"""Reading the exam service's file of former candidates (docs/anciens-candidats.md): one row per épreuve result.

Every error is reported with its line (1 = the header), so that a file is corrected in one go; a file with any
error gives no record at all. The rows of one candidate number must agree on the candidate (birth date, names,
specialty, session, académie); they become one former registration in the structure of a dossier's content
(docs/dossier.md), whose ``acquis`` are the marks kept (« conservée »), as the conversation prefills them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from registration.referentials import Referentials
from registration.referentials.reading import ReferentialError, _bool, _csv_rows, _Source
from registration.store.former import normalize_candidate_number

COLUMNS = (
    "numero_candidat",
    "date_naissance",
    "nom",
    "prenoms",
    "specialite",
    "session",
    "academie",
    "epreuve",
    "note",
    "conservee",
)
OPTIONAL = ("nom_usage", "email", "intitule")
# The facts of the candidate every row of the same number repeats (the épreuve columns differ).
CANDIDATE_COLUMNS = (
    "date_naissance",
    "nom",
    "nom_usage",
    "prenoms",
    "specialite",
    "session",
    "academie",
    "email",
)
NUMBER = re.compile(r"[0-9A-Z]{6,32}")
EPREUVE = re.compile(r"[0-9A-Z][0-9A-Z.\-]{0,15}")
MARK = re.compile(r"\d{1,2}(?:[.,]\d{1,2})?")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
FIRST_SESSION = 1990
KEPT = "BENEFICE"  # the acquis' position of a mark kept from an earlier session


@dataclass
class _Candidate:
    line: int
    facts: dict[str, str]
    content: dict[str, Any]
    epreuves: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class FormerReport:
    """The former registrations read from a file (keyed by normalised candidate number), or every error."""

    records: dict[str, dict[str, Any]]
    errors: tuple[ReferentialError, ...]
    rows: int

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.records)


def _birth_date(src: _Source, line: int, value: str) -> str:
    try:
        born = datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise src.fail(line, f"date_naissance : « {value} » n'est pas une date JJ/MM/AAAA") from None
    if born.year < 1900:
        raise src.fail(line, f"date_naissance : « {value} » est trop ancienne")
    return born.strftime("%d/%m/%Y")


def _session(src: _Source, line: int, value: str, current: int) -> int:
    if not re.fullmatch(r"\d{4}", value) or not FIRST_SESSION <= int(value) < current:
        raise src.fail(line, f"session : « {value} » (une année sur 4 chiffres, avant la session {current})")
    return int(value)


def _mark(src: _Source, line: int, value: str) -> float | None:
    if not value:
        return None
    if not MARK.fullmatch(value) or float(value.replace(",", ".")) > 20:
        raise src.fail(line, f"note : « {value} » (une note sur 20, par exemple 12,5)")
    return float(value.replace(",", "."))


def _candidate(
    src: _Source, line: int, row: dict[str, str], refs: Referentials, current: int
) -> dict[str, Any]:
    """The former registration a row describes, without its épreuves."""
    for column in ("nom", "prenoms"):
        if not row[column] or len(row[column]) > 200:
            raise src.fail(line, f"{column} : obligatoire, 200 caractères au plus")
    born = _birth_date(src, line, row["date_naissance"])
    resolved = refs.specialite_for_code(row["specialite"])
    if resolved is None:
        raise src.fail(
            line, f"specialite : code « {row['specialite']} » inconnu (code du diplôme, 8 chiffres)"
        )
    session = _session(src, line, row["session"], current)
    academie = refs.academies.get(row["academie"].zfill(2) if row["academie"].isdigit() else row["academie"])
    if academie is None:
        raise src.fail(line, f"academie : code « {row['academie']} » inconnu (01 Paris, 24 Créteil…)")
    if row["email"] and not EMAIL.fullmatch(row["email"]):
        raise src.fail(line, f"email : « {row['email']} » n'est pas une adresse électronique")
    specialite, option = resolved
    return {
        "academie": {"code": academie.code, "name": academie.name},
        "session": session,
        "etat_civil": {
            "nom": row["nom"].upper(),
            "nom_usage": row["nom_usage"].upper(),
            "prenoms": row["prenoms"],
            "date_naissance": born,
        },
        "email": row["email"] or None,
        "specialite": {
            "code": specialite.code,
            "title": specialite.title,
            "option": {"code": option.code, "title": option.title} if option else None,
        },
        "acquis": [],
        "resultats": [],
        "origine": "import",
    }


def _epreuve(
    src: _Source, line: int, row: dict[str, str], content: dict[str, Any], refs: Referentials, seen: set[str]
) -> None:
    """Adds a row's épreuve result to its candidate (nothing for a row without épreuve)."""
    code = row["epreuve"].upper().replace(" ", "")
    if not code:
        if row["note"] or row["conservee"]:
            raise src.fail(line, "epreuve : le code de l'épreuve manque pour cette note")
        return
    if not EPREUVE.fullmatch(code):
        raise src.fail(line, f"epreuve : « {row['epreuve']} » n'est pas un code d'épreuve (E1, U51…)")
    if code in seen:
        raise src.fail(line, f"epreuve : {code} est déjà donnée pour ce candidat")
    mark = _mark(src, line, row["note"])
    kept = _bool(src, line, "conservee", row["conservee"])
    if kept and mark is None:
        raise src.fail(line, "note : une épreuve conservée doit avoir sa note")
    specialite = content["specialite"]
    option = (specialite.get("option") or {}).get("code")
    known = {e.code.upper(): e for e in refs.epreuves_for(specialite["code"], option)}
    table = refs.epreuve_table(specialite["code"])
    if table is not None and table.epreuves and not table.partial and code not in known:
        raise src.fail(
            line,
            f"epreuve : {code} n'est pas une épreuve de la spécialité (connues : {', '.join(sorted(known))})",
        )
    title = known[code].title if code in known else (row["intitule"] or code)
    seen.add(code)
    content["resultats"].append({"epreuve": code, "intitule": title, "note": mark, "conservee": kept})
    if kept:
        content["acquis"].append(
            {
                "diplome_code": option or specialite["code"],
                "diplome_title": specialite["title"],
                "epreuve_code": code,
                "epreuve_title": title,
                "position": KEPT,
                "annee": content["session"],
                "academie": content["academie"]["name"],
                "note": mark,
            }
        )


def parse_former(text: str, refs: Referentials, current_session: int, label: str = "fichier") -> FormerReport:
    """Reads the file of former candidates; every error with its line, no record when there is one."""
    src = _Source(Path("."), label)
    src.label = label
    candidates: dict[str, _Candidate] = {}
    errors: list[ReferentialError] = []
    rows = 0
    try:
        for line, row in _csv_rows(src, text.lstrip("\ufeff"), COLUMNS, OPTIONAL):
            rows += 1
            try:
                _row(src, line, row, refs, current_session, candidates)
            except ReferentialError as error:
                errors.append(error)
    except ReferentialError as error:  # the header, or a row with more values than columns
        errors.append(error)
    if not rows and not errors:
        errors.append(src.fail(None, "aucune ligne de candidat dans ce fichier"))
    if errors:
        return FormerReport({}, tuple(errors), rows)
    return FormerReport({number: c.content for number, c in candidates.items()}, (), rows)


def _row(
    src: _Source,
    line: int,
    row: dict[str, str],
    refs: Referentials,
    current_session: int,
    candidates: dict[str, _Candidate],
) -> None:
    number = normalize_candidate_number(row["numero_candidat"])
    if not NUMBER.fullmatch(number):
        raise src.fail(line, f"numero_candidat : « {row['numero_candidat']} » (6 à 32 chiffres ou lettres)")
    facts = {column: row[column] for column in CANDIDATE_COLUMNS}
    known = candidates.get(number)
    if known is None:
        content = _candidate(src, line, row, refs, current_session)
        known = candidates[number] = _Candidate(line, facts, content)
    else:
        different = [column for column in CANDIDATE_COLUMNS if facts[column] != known.facts[column]]
        if different:
            raise src.fail(
                line,
                f"le candidat {row['numero_candidat']} a un autre {different[0]} à la ligne {known.line} "
                f"(« {known.facts[different[0]]} »)",
            )
    _epreuve(src, line, row, known.content, refs, known.epreuves)
