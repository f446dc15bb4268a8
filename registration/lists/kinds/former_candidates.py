"""Former candidates (console « Anciens candidats », ``python -m registration.lists anciens-candidats``): the
results of earlier sessions, imported from the exam service's file (docs/anciens-candidats.md), one row per
épreuve result. The conversation's former-candidate path finds the records imported
(``registration/store/former.py``).

Every error is reported with its line (1 = the header), so that a file is corrected in one go; a file with any
error gives no record at all. The rows of one candidate number must agree on the candidate (birth date, names,
specialty, session, académie); they become one former registration in the structure of a dossier's content
(docs/dossier.md), whose ``acquis`` are the marks kept (« conservée »), as the conversation prefills them.

An import is kept outside the versions (``import_into``): these are personal records, each replacing the record
of the same number, looked up one by one and erased on schedule, never kept as a history; the journal says
who imported what.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from registration.helpdesk import AuditLog
from registration.lists.core import (
    SOURCE_OR_FILE_NAME,
    Author,
    Command,
    Context,
    ListKind,
    Publication,
    Reading,
    Texts,
    Upload,
)
from registration.referentials import Referentials
from registration.referentials.reading import ReferentialError, _bool, _csv_rows, _Source
from registration.settings import PARIS
from registration.store.former import AUDIT_IMPORT, normalize_candidate_number

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


def read(ctx: Context, upload: Upload) -> Reading[FormerReport]:
    report = parse_former(upload.text or "", ctx.refs, ctx.session, upload.label)
    return Reading(report if report.ok else None, tuple(str(e) for e in report.errors), len(report.records))


def changes(ctx: Context, before: FormerReport | None, report: FormerReport) -> list[str]:
    """What an import would do: the candidates added and replaced."""
    known = ctx.store.former_numbers_known(list(report.records))
    kept = sum(len(record["acquis"]) for record in report.records.values())
    return [
        f"{len(report.records)} candidat(s) lu(s) sur {report.rows} ligne(s), {kept} note(s) conservée(s)",
        f"{len(report.records) - len(known)} nouveau(x) candidat(s)",
        f"{len(known)} candidat(s) déjà connu(s), remplacé(s) par ce fichier",
    ]


def import_records(ctx: Context, report: FormerReport, source: str, author: Author) -> tuple[int, int]:
    """Stores the records of a file without error, in one transaction, audited; (added, replaced)."""
    return ctx.store.import_former_candidates(
        report.records, source=source, staff_email=author.email, staff_id=author.staff_id
    )


def _demo(ctx: Context, args: argparse.Namespace) -> int:
    ctx.store.seed_former_candidates()
    print("Anciens candidats de démonstration ajoutés (ceux qui manquaient).")
    return _count(ctx, args)


def _count(ctx: Context, args: argparse.Namespace) -> int:
    print(f"{ctx.store.count_former_candidates()} ancien(s) candidat(s) enregistré(s).")
    return 0


SUBJECT = "anciens candidats"


def _page(ctx: Context) -> dict[str, Any]:
    imports = [
        (e.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"), e.staff_email, e.field, e.after)
        for e in AuditLog(ctx.store).entries(subject=SUBJECT, limit=20)
        if e.action == AUDIT_IMPORT
    ]
    return {
        "count": ctx.store.count_former_candidates(),
        "imports": imports,
        "columns": COLUMNS,
        "optional": OPTIONAL,
    }


def _notice(query: Mapping[str, str]) -> str:
    found = re.fullmatch(r"(\d+)-(\d+)", query.get("publie", ""))
    if not found:
        return ""
    return (
        f"Import enregistré : {found[1]} candidat(s) ajouté(s), {found[2]} remplacé(s). "
        "L'assistant les retrouve dès maintenant."
    )


def _done_line(done: Publication[FormerReport]) -> str:
    added, replaced = done.outcome
    return f"Importé : {added} ajouté(s), {replaced} remplacé(s)."


FORMER_CANDIDATES: ListKind[FormerReport] = ListKind(
    name="anciens-candidats",
    command="anciens-candidats",
    slug="anciens-candidats",
    texts=Texts(
        title="Anciens candidats",
        responsables_only="L'import des anciens candidats est réservé aux responsables du service des examens.",
        file_kind="le fichier CSV des anciens candidats",
        refused_title="Fichier refusé",
        rows_read="Candidats lus",
        help="anciens candidats (résultats des sessions précédentes)",
        import_help="importer le fichier des anciens candidats (CSV)",
        source_help="d'où vient le fichier (sinon son nom)",
        dry_run_help="vérifier seulement, ne rien enregistrer",
        done_word="importé",
        refused_line="{count} erreur(s) : rien n'a été importé.",
        publish_label="Importer",
    ),
    read=read,
    changes=changes,
    source=SOURCE_OR_FILE_NAME,
    import_into=import_records,
    commands=(
        Command("demo", "ajouter les trois anciens candidats de démonstration", _demo),
        Command("count", "nombre d'anciens candidats enregistrés", _count),
    ),
    read_lines=lambda seen: seen.changes,
    done_line=_done_line,
    page=_page,
    notice=_notice,
    done_query=lambda done: f"publie={done.outcome[0]}-{done.outcome[1]}",
)
