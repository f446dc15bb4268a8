"""The dossiers as CSV for French spreadsheets or as JSON lines, streamed in bounded memory.

Rows are read with a server-side cursor (``yield_per``: PostgreSQL streams them, SQLite steps through them),
as plain tuples (no ORM identity map growing with the export), turned into text one by one and sent in
chunks of about 64 KB: memory does not grow with the number of dossiers (``bench/export.py`` measures it).
Every column is documented in ``docs/export.md``; :data:`COLUMNS` is the order of the CSV.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from registration.backoffice.search import DossierQuery, filtered, ordered, scope_filter
from registration.documents.spreadsheet import csv_writer
from registration.models import Dossier, DossierRevision
from registration.rules.confirmation import LABELS, describe
from registration.settings import paris_time
from registration.store import Store, dossier_label

CHUNK = 64 * 1024
BATCH = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _get(content: dict[str, Any], *path: str) -> Any:
    value: Any = content
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "oui"
    if value is False:
        return "non"
    return str(value)


def _day(moment: datetime | None) -> str:
    return paris_time(moment).strftime("%d/%m/%Y") if moment else ""


def _iso_day(value: str | None) -> str:
    """« 2026-12-03 » → « 03/12/2026 »."""
    if not value:
        return ""
    year, month, day = value.split("-")
    return f"{day}/{month}/{year}"


def note_text(value: Any) -> str:
    """A mark as French spreadsheets read it: « 12,5 », « 8 »."""
    try:
        return f"{float(value):g}".replace(".", ",")
    except (TypeError, ValueError):
        return _text(value)


def epreuves_text(content: dict[str, Any]) -> str:
    parts = []
    for item in content.get("epreuves") or []:
        if not isinstance(item, dict):
            continue
        words = f"{_text(item.get('code'))} {_text(item.get('title'))}".strip()
        if item.get("choice"):
            words += f" ({item['choice']})"
        if item.get("facultative"):
            words += " [facultative]"
        parts.append(f"{words} : {_text(item.get('status')) or 'INSCRIT'}")
    return " | ".join(parts)


def acquis_text(content: dict[str, Any]) -> str:
    parts = []
    for item in content.get("acquis") or []:
        if not isinstance(item, dict):
            continue
        words = f"{_text(item.get('epreuve_code'))} {_text(item.get('epreuve_title'))} : {_text(item.get('position'))}"
        if item.get("note") is not None:
            words += f" {note_text(item.get('note'))}/20"
        where = ", ".join(_text(x) for x in (item.get("annee"), item.get("academie")) if x)
        parts.append(words + (f" ({where})" if where else ""))
    return " | ".join(parts)


def complement_text(content: dict[str, Any]) -> str:
    """The address complement in France: « Bâtiment C escalier 2 », typed alone or kept from a former dossier."""
    residence = content.get("residence") or {}
    if not isinstance(residence, dict) or residence.get("a_l_etranger"):
        return ""
    return ", ".join(_text(residence.get(key)) for key in ("complement", "lieu_dit") if residence.get(key))


def abroad_town_text(content: dict[str, Any]) -> str:
    """Abroad, the real postal code and town (« 1000 Bruxelles »): the dossier's postal code is then 99999."""
    residence = content.get("residence") or {}
    if not isinstance(residence, dict) or not residence.get("a_l_etranger"):
        return ""
    return _text(residence.get("lieu_dit"))


def souhaits_text(content: dict[str, Any]) -> str:
    wishes = content.get("souhaits") or {}
    if not isinstance(wishes, dict) or not wishes:
        return ""
    languages = ", ".join(_text(x) for x in wishes.get("langues") or []) or "aucune"
    return f"langues : {languages} | facultative : {_text(wishes.get('facultative')) or 'aucune'}"


def declares_text(content: dict[str, Any]) -> str:
    parts = []
    for item in content.get("acquis_declares") or []:
        if isinstance(item, dict):
            facts = [_text(item.get("epreuve"))]
            facts += [f"session {item['annee']}"] if item.get("annee") else []
            facts += [f"académie {item['academie']}"] if item.get("academie") else []
            facts += [f"note {note_text(item['note'])}/20"] if item.get("note") is not None else []
            parts.append(" – ".join(facts))
    return " | ".join(parts)


# How a declared acquis stands against the table's épreuves (``acquis_declares_epreuves``): kept (the épreuves are
# « ACQUIS »), not kept (sat this session), or not matched to any épreuve yet (no table, or « je ne sais pas »).
DECLARED_KEPT, DECLARED_NOT_KEPT, DECLARED_NOT_MATCHED = "retenu", "non retenu", "non rapproché"


def declared_epreuves_text(content: dict[str, Any]) -> str:
    """Each declared acquis, in the order of ``acquis_declares``: « E1 : BENEFICE, retenu », « E2, E3 : DISPENSE,
    retenu », « E4 : BENEFICE, non retenu » or « non rapproché »."""
    parts = []
    for item in content.get("acquis_declares") or []:
        if not isinstance(item, dict):
            continue
        codes = [_text(code) for code in item.get("epreuves") or [] if code]
        if not codes:
            parts.append(DECLARED_NOT_MATCHED)
            continue
        kept = DECLARED_KEPT if item.get("retenu", True) else DECLARED_NOT_KEPT
        parts.append(f"{', '.join(codes)} : {_text(item.get('position'))}, {kept}")
    return " | ".join(parts)


Row = tuple[Any, ...]
# (column, getter on (dossier facts, content)); the facts are the tuple selected in :func:`_statement`.
COLUMNS: tuple[tuple[str, Callable[[Row, dict[str, Any]], str]], ...] = (
    ("numero_dossier", lambda r, c: str(r[0])),
    ("revision", lambda r, c: str(r[1])),
    ("libelle", lambda r, c: dossier_label(r[0], r[1])),
    ("academie_code", lambda r, c: r[2]),
    ("academie", lambda r, c: _text(_get(c, "academie", "name"))),
    ("session", lambda r, c: str(r[3])),
    ("date_validation", lambda r, c: _day(r[4])),
    ("nom", lambda r, c: _text(_get(c, "etat_civil", "nom"))),
    ("nom_usage", lambda r, c: _text(_get(c, "etat_civil", "nom_usage"))),
    ("prenoms", lambda r, c: _text(_get(c, "etat_civil", "prenoms"))),
    ("date_naissance", lambda r, c: _text(_get(c, "etat_civil", "date_naissance"))),
    ("numero_candidat_anterieur", lambda r, c: _text(c.get("former_candidate_number"))),
    ("pays_naissance", lambda r, c: _text(_get(c, "naissance", "pays"))),
    ("pays_naissance_code", lambda r, c: _text(_get(c, "naissance", "pays_code"))),
    ("departement_naissance", lambda r, c: _text(_get(c, "naissance", "departement"))),
    ("arrondissement_naissance", lambda r, c: _text(_get(c, "naissance", "arrondissement"))),
    ("email", lambda r, c: _text(c.get("email"))),
    ("adresse", lambda r, c: _text(_get(c, "residence", "adresse"))),
    ("complement_adresse", lambda r, c: complement_text(c)),
    ("code_postal", lambda r, c: _text(_get(c, "residence", "code_postal"))),
    ("localite", lambda r, c: _text(_get(c, "residence", "localite"))),
    ("code_postal_et_ville_etranger", lambda r, c: abroad_town_text(c)),
    ("pays_residence", lambda r, c: _text(_get(c, "residence", "pays"))),
    ("pays_residence_code", lambda r, c: _text(_get(c, "residence", "pays_code"))),
    ("categorie_code", lambda r, c: _text(_get(c, "categorie", "code"))),
    ("categorie", lambda r, c: _text(_get(c, "categorie", "label"))),
    ("etablissement_code", lambda r, c: _text(_get(c, "etablissement", "code"))),
    ("etablissement", lambda r, c: _text(_get(c, "etablissement", "name"))),
    ("etablissement_commune", lambda r, c: _text(_get(c, "etablissement", "city"))),
    ("etablissement_non_reference", lambda r, c: _text(bool(_get(c, "etablissement", "unlisted")))),
    ("etablissement_anterieur_code", lambda r, c: _text(_get(c, "former_etablissement", "code"))),
    ("etablissement_anterieur", lambda r, c: _text(_get(c, "former_etablissement", "name"))),
    ("etablissement_anterieur_commune", lambda r, c: _text(_get(c, "former_etablissement", "city"))),
    ("specialite_code", lambda r, c: _text(_get(c, "specialite", "code"))),
    ("specialite", lambda r, c: _text(_get(c, "specialite", "title"))),
    ("option_code", lambda r, c: _text(_get(c, "specialite", "option", "code"))),
    ("option", lambda r, c: _text(_get(c, "specialite", "option", "title"))),
    ("forme", lambda r, c: _text(c.get("forme"))),
    ("amenagement_epreuves", lambda r, c: _text(c.get("handicap"))),
    ("publication_resultats", lambda r, c: _text(c.get("consent_press"))),
    ("transmission_collectivites", lambda r, c: _text(c.get("consent_collectivites"))),
    ("niveau_table_epreuves", lambda r, c: _text(_get(c, "epreuves_table", "level")) or "verifie"),
    ("epreuves", lambda r, c: epreuves_text(c)),
    ("acquis", lambda r, c: acquis_text(c)),
    ("souhaits", lambda r, c: souhaits_text(c)),
    ("acquis_declares", lambda r, c: declares_text(c)),
    ("acquis_declares_epreuves", lambda r, c: declared_epreuves_text(c)),
    ("canal", lambda r, c: _text(r[5])),
    ("etat", lambda r, c: LABELS.get(r[6], str(r[6]))),
    ("etat_detail", lambda r, c: describe(r[6], r[7], r[8], bool(r[9]))),
    ("confirmation_recue_le", lambda r, c: _iso_day(r[8])),
    ("hors_delai", lambda r, c: "oui" if r[9] else "non"),
    ("revision_signee", lambda r, c: "" if r[10] is None else str(r[10])),
)
HEADER = tuple(name for name, _ in COLUMNS)


def _statement(query: DossierQuery, academies: tuple[str, ...] | None):
    facts = select(
        Dossier.number,
        Dossier.revision,
        Dossier.academie_code,
        Dossier.session,
        Dossier.validated_at,
        Dossier.channel,
        Dossier.status,
        Dossier.status_detail,
        Dossier.received_on,
        Dossier.late,
        Dossier.signed_revision,
        DossierRevision.content,
    ).join(
        DossierRevision,
        and_(DossierRevision.dossier_id == Dossier.id, DossierRevision.revision == Dossier.revision),
    )
    statement = ordered(filtered(scope_filter(facts, academies), query), query.sort)
    return statement.execution_options(yield_per=BATCH, stream_results=True)


def records(
    store: Store, query: DossierQuery, academies: tuple[str, ...] | None
) -> Iterator[tuple[Row, dict]]:
    """(facts, current revision's content) of every dossier in scope matching the query, streamed."""
    with Session(store.engine) as session:
        for row in session.execute(_statement(query, academies)):
            yield tuple(row[:-1]), row[-1] or {}


def as_json(facts: Row, content: dict[str, Any]) -> dict[str, Any]:
    """A JSON line: the CSV's columns, with the épreuves and acquis kept as lists."""
    line: dict[str, Any] = {name: getter(facts, content) for name, getter in COLUMNS}
    line.update(
        epreuves=content.get("epreuves") or [],
        acquis=content.get("acquis") or [],
        souhaits=content.get("souhaits") or None,
        acquis_declares=content.get("acquis_declares") or [],
    )
    return line


def _chunked(lines: Iterator[str], first: str = "") -> Iterator[bytes]:
    buffer = io.StringIO()
    buffer.write(first)
    for line in lines:
        buffer.write(line)
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer = io.StringIO()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def csv_lines(items: Iterator[tuple[Row, dict]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    yield out.getvalue()
    for facts, content in items:
        out.seek(0)
        out.truncate()
        writer.writerow([getter(facts, content) for _, getter in COLUMNS])
        yield out.getvalue()


def jsonl_lines(items: Iterator[tuple[Row, dict]]) -> Iterator[str]:
    for facts, content in items:
        yield json.dumps(as_json(facts, content), ensure_ascii=False) + "\n"


def stream(
    store: Store, query: DossierQuery, academies: tuple[str, ...] | None, fmt: str = "csv"
) -> Iterator[bytes]:
    """The export as bytes: CSV (``;``, UTF-8 with BOM, CRLF, dates DD/MM/YYYY) or JSON lines."""
    items = records(store, query, academies)
    if fmt == "jsonl":
        return _chunked(jsonl_lines(items))
    return _chunked(csv_lines(items), first="\ufeff")


def filename(fmt: str, moment: datetime) -> str:
    return f"dossiers-bts-{paris_time(moment):%Y%m%d-%H%M}.{'jsonl' if fmt == 'jsonl' else 'csv'}"


def describe_query(query: DossierQuery) -> str:
    """The filters of an export, for the journal."""
    parts = [f"{key}={value}" for key, value in sorted(query.params(page=1).items())]
    return ", ".join(parts) or "tous les dossiers"
