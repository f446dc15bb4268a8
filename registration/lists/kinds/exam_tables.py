"""The exam tables (console « Règlements d'examen », ``python -m registration.lists epreuves``): one table of
épreuves per specialty, each published and restored on its own (the kind is keyed by the specialty code).

An upload is a TSV règlement d'examen (``registration/referentials/epreuve_tsv.py``, format in
``referentials/README.md``) for the specialty chosen, or named by the file (``<code>.tsv``); its source and date
are line 1's unless given. Version 0 is the file shipped in ``referentials/epreuves/``.

After a publication, the dossiers registered under an older table are caught up: listed « à compléter » and
their candidates e-mailed once per version. A dossier says which table it was registered under in
``content["epreuves_table"]`` (``version``, ``level``); dossiers registered before that key existed count as
version 0 with the level of the shipped table. A dossier is « à compléter » when a version newer than its own
is in effect, or when it was registered with no table (``absent``) and one now exists.
"""

from __future__ import annotations

import argparse
import logging
import smtplib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from registration.lists import service
from registration.lists.core import (
    SOURCE_IN_FILE,
    Command,
    Context,
    ListKind,
    Option,
    Preview,
    Publication,
    Reading,
    Texts,
    Upload,
    Version,
)
from registration.mail import build_table_update_message, send_confirmation
from registration.referentials import Referentials, Specialite, normalise
from registration.referentials.epreuve_tsv import parse_epreuve_tsv
from registration.referentials.records import ABSENT, LEVEL_LABELS, TABLE_LEVELS, Epreuve, EpreuveTable
from registration.settings import get_settings, now
from registration.store import DossierView

log = logging.getLogger(__name__)

# ---- a table as JSON (how versions are stored), and what changed between two tables


def as_json(table: EpreuveTable) -> dict[str, Any]:
    """Everything of a table but its version number (stored beside it)."""
    return {
        "specialite": table.specialite,
        "title": table.title,
        "source": table.source,
        "source_date": table.source_date.isoformat() if table.source_date else None,
        "verified": table.verified,
        "partial": table.partial,
        "note": table.note,
        "max_optional": table.max_optional,
        "epreuves": [
            {
                "code": e.code,
                "title": e.title,
                "coefficient": e.coefficient,
                "unit": e.unit,
                "optional": e.optional,
                "choices": list(e.choices),
                "option_code": e.option_code,
                "progressive": e.progressive,
            }
            for e in table.epreuves
        ],
    }


def from_json(data: dict[str, Any], version: int) -> EpreuveTable:
    source_date = data.get("source_date")
    return EpreuveTable(
        specialite=str(data["specialite"]),
        title=str(data.get("title") or ""),
        source=str(data.get("source") or ""),
        source_date=date.fromisoformat(source_date) if source_date else None,
        verified=bool(data.get("verified")),
        epreuves=tuple(
            Epreuve(
                code=str(e["code"]),
                title=str(e["title"]),
                coefficient=float(e["coefficient"]) if e.get("coefficient") is not None else None,
                unit=str(e.get("unit") or ""),
                optional=bool(e.get("optional")),
                choices=tuple(e.get("choices") or ()),
                option_code=e.get("option_code"),
                progressive=bool(e.get("progressive", True)),
            )
            for e in data.get("epreuves") or ()
        ),
        note=str(data.get("note") or ""),
        max_optional=int(data.get("max_optional", 2)),
        partial=bool(data.get("partial")),
        version=version,
    )


def _number(value: float | None) -> str:
    return "?" if value is None else f"{value:g}".replace(".", ",")


def _label(e: Epreuve) -> str:
    return e.code if e.option_code is None else f"{e.code} (option {e.option_code})"


def table_changes(before: EpreuveTable | None, after: EpreuveTable) -> str:
    """A short French summary of what changed: épreuves added, removed, changed (title, coefficient…)."""
    if before is None or not before.epreuves:
        return f"Première table : {len(after.epreuves)} épreuve(s)." if after.epreuves else "Table vide."
    old = {(e.code, e.option_code): e for e in before.epreuves}
    new = {(e.code, e.option_code): e for e in after.epreuves}
    parts: list[str] = []
    added = [_label(e) for k, e in new.items() if k not in old]
    removed = [_label(e) for k, e in old.items() if k not in new]
    changed: list[str] = []
    for k, e in new.items():
        was = old.get(k)
        if was is None:
            continue
        what = []
        if was.title != e.title:
            what.append("intitulé")
        if was.coefficient != e.coefficient:
            what.append(f"coefficient {_number(was.coefficient)} → {_number(e.coefficient)}")
        if was.unit != e.unit:
            what.append(f"unité {was.unit or '—'} → {e.unit or '—'}")
        if was.choices != e.choices:
            what.append("choix")
        if was.optional != e.optional:
            what.append("facultative")
        if what:
            changed.append(f"{_label(e)} ({', '.join(what)})")
    if added:
        parts.append("ajoutée(s) : " + ", ".join(added))
    if removed:
        parts.append("retirée(s) : " + ", ".join(removed))
    if changed:
        parts.append("modifiée(s) : " + ", ".join(changed))
    if before.level != after.level:
        parts.append(f"état {LEVEL_LABELS[before.level]} → {LEVEL_LABELS[after.level]}")
    if before.source != after.source:
        parts.append("source changée")
    if not parts:
        return "Aucune épreuve changée."
    text = " ; ".join(parts) + "."
    return text[0].upper() + text[1:]


# ---- reading an upload: the specialty (chosen, or the file's name), the date of the text, the TSV


def _specialty(refs: Referentials, code: str) -> Specialite | None:
    resolved = refs.specialite_for_code(code)
    return resolved[0] if resolved is not None else None


def _named(upload: Upload) -> str:
    """The specialty an upload is for: chosen, else the file's name (``<code>.tsv``)."""
    chosen = upload.options.get("specialite", "").strip()
    if chosen:
        return chosen
    if upload.command_line:
        return Path(upload.name).stem
    return upload.name.rsplit("/", 1)[-1].removesuffix(".tsv")


def check(ctx: Context, upload: Upload) -> tuple[str, list[str]]:
    code = _named(upload)
    spec = _specialty(ctx.base, code)
    errors = []
    if spec is None and upload.command_line:
        errors.append(
            f"{upload.name} : spécialité inconnue « {code} » (donnez --specialite CODE, code de specialites.csv)"
        )
    elif spec is None:
        errors.append(
            f"Spécialité « {code} » inconnue : choisissez-la dans la liste ou nommez le fichier "
            "<code de la spécialité>.tsv."
        )
    written = upload.options.get("date", "").strip()
    if written:
        try:
            date.fromisoformat(written)
        except ValueError:
            errors.append(f"Date du texte « {written} » : une date JJ/MM/AAAA est attendue.")
    return (spec.code if spec is not None else ""), errors


def read(ctx: Context, upload: Upload) -> Reading[EpreuveTable]:
    code, _ = check(ctx, upload)
    written = upload.options.get("date", "").strip()
    report = parse_epreuve_tsv(
        upload.text or "",
        ctx.base.specialites[code],
        source=upload.source or None,
        source_date=date.fromisoformat(written) if written else None,
        verified=upload.options.get("verifie") == "1",
    )
    where = f"{upload.name}, " if upload.command_line else ""  # the console names the file above its errors
    errors = tuple(where + m for m in report.messages())
    table = report.table if report.ok else None
    return Reading(table, errors, len(table.epreuves) if table else 0, code)


def _iso_date(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date (AAAA-MM-JJ)") from None
    return text


# ---- where each specialty stands


@dataclass(frozen=True)
class TableState:
    """Where a specialty's table stands: the table in effect, its version (0: shipped file), its level."""

    specialite: Specialite
    table: EpreuveTable | None
    published: Version[EpreuveTable] | None

    @property
    def version(self) -> int:
        return self.published.version if self.published else 0

    @property
    def level(self) -> str:
        return self.table.level if self.table else ABSENT

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def source(self) -> str:
        return self.table.source if self.table else ""

    @property
    def source_date(self) -> Any:
        return self.table.source_date if self.table else None


def table_states(ctx: Context) -> list[TableState]:
    """Every specialty, by title, with the table in effect."""
    published = service.latest_of_every_key(EXAM_TABLES, ctx)
    states = []
    for spec in sorted(ctx.base.specialites.values(), key=lambda s: (normalise(s.title), s.code)):
        current = published.get(spec.code)
        states.append(
            TableState(spec, current.value if current else ctx.base.epreuve_tables.get(spec.code), current)
        )
    return states


def table_state(ctx: Context, code: str) -> TableState | None:
    spec = _specialty(ctx.base, code)
    if spec is None:
        return None
    current = service.in_effect(EXAM_TABLES, ctx, spec.code)
    return TableState(spec, current.value, current.published)


def level_counts(states: list[TableState]) -> dict[str, int]:
    counted = Counter(s.level for s in states)
    return {level: counted.get(level, 0) for level in TABLE_LEVELS}


def counts_sentence(states: list[TableState]) -> str:
    c = level_counts(states)
    return (
        f"{len(states)} spécialités : {c['verifie']} vérifiées, {c['a_verifier']} à vérifier, "
        f"{c['partiel']} partielles, {c['absent']} absentes."
    )


# ---- catching up


def dossier_mark(content: dict[str, Any], base: Referentials) -> tuple[int, str]:
    """(version, level) of the table a dossier was registered under (no mark: version 0, shipped level)."""
    mark = content.get("epreuves_table")
    if isinstance(mark, dict) and isinstance(mark.get("version"), int):
        return mark["version"], str(mark.get("level") or ABSENT)
    code = str((content.get("specialite") or {}).get("code") or "")
    table = base.epreuve_table(code)
    return 0, table.level if table else ABSENT


@dataclass(frozen=True)
class Pending:
    """A dossier to complete: registered under ``version``/``level``; ``notified`` = (version, when) or None."""

    dossier: DossierView
    version: int
    level: str
    notified: tuple[int, datetime] | None

    @property
    def candidate(self) -> str:
        civil = self.dossier.content.get("etat_civil") or {}
        return f"{civil.get('nom', '')} {civil.get('prenoms', '')}".strip()

    @property
    def email(self) -> str:
        return str(self.dossier.content.get("email") or "")

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    @property
    def declared(self) -> list[dict[str, Any]]:
        """The acquis the candidate declared in words: ``epreuve`` (as typed) and ``epreuves`` matched (empty:
        to match, by the candidate at the modification or by the service)."""
        items = self.dossier.content.get("acquis_declares") or []
        return [
            {"epreuve": str(item.get("epreuve") or ""), "epreuves": list(item.get("epreuves") or [])}
            for item in items
            if isinstance(item, dict)
        ]


def is_outdated(version: int, level: str, current_version: int, current_level: str) -> bool:
    """A dossier registered under ``version``/``level`` must be completed under the table now in effect."""
    if current_version == 0:
        return False  # nothing published: the dossiers were registered under the table in effect
    return version < current_version or (level == ABSENT and current_level != ABSENT)


def _codes(state: TableState) -> set[str]:
    return {state.specialite.code, *(o.code for o in state.specialite.options)}


def to_complete(ctx: Context, state: TableState, session: int) -> list[Pending]:
    """The validated dossiers of the session in this specialty that were registered under an older table."""
    notices = ctx.store.epreuve_notices(state.specialite.code)
    pending = []
    for dossier in ctx.store.dossiers_of_specialite(_codes(state), session):
        version, level = dossier_mark(dossier.content, ctx.base)
        if is_outdated(version, level, state.version, state.level):
            pending.append(Pending(dossier, version, level, notices.get(dossier.id)))
    return pending


@dataclass(frozen=True)
class NoticeOutcome:
    sent: int = 0
    already: int = 0  # told before for this version
    closed: int = 0  # registrations closed in the académie: nothing to complete any more
    no_address: int = 0
    failed: int = 0

    def sentence(self) -> str:
        parts = [f"{self.sent} courriel(s) envoyé(s)"]
        if self.already:
            parts.append(f"{self.already} déjà prévenu(s)")
        if self.closed:
            parts.append(f"{self.closed} dans une académie aux inscriptions closes")
        if self.no_address:
            parts.append(f"{self.no_address} sans adresse électronique")
        if self.failed:
            parts.append(f"{self.failed} envoi(s) en échec, à refaire")
        return ", ".join(parts) + "."


def notify_candidates(ctx: Context, state: TableState) -> NoticeOutcome:
    """One e-mail per dossier to complete and per version in effect; never twice for the same version."""
    settings = ctx.settings or get_settings()
    counts: Counter[str] = Counter()
    moment = now()
    for item in to_complete(ctx, state, ctx.session):
        dossier = item.dossier
        if not item.email:
            counts["no_address"] += 1
            continue
        entry = ctx.base.calendar_for(dossier.academie_code, dossier.session)
        if entry is not None and entry.closes <= moment:
            counts["closed"] += 1
            continue
        if not ctx.store.claim_epreuve_notice(dossier.id, state.specialite.code, state.version):
            counts["already"] += 1
            continue
        academie = ctx.base.academies.get(dossier.academie_code)
        message = build_table_update_message(
            to=item.email,
            label=dossier.label,
            specialite_title=state.specialite.title,
            academie_name=academie.name if academie else "",
            closes=entry.closes if entry else None,
            public_url=settings.public_base_url,
            sender=settings.mail_from,
        )
        try:
            send_confirmation(message, settings)
        except (smtplib.SMTPException, OSError):
            log.exception("catch-up e-mail of dossier %s failed", dossier.id)
            ctx.store.release_epreuve_notice(dossier.id, state.specialite.code, state.version)
            counts["failed"] += 1
            continue
        counts["sent"] += 1
    return NoticeOutcome(**counts)


@dataclass(frozen=True)
class CaughtUp:
    """What followed a table's publication: where its specialty stands, the candidates told."""

    state: TableState
    notices: NoticeOutcome

    def sentence(self) -> str:
        return self.notices.sentence()


def catch_up(ctx: Context, published: Version[EpreuveTable]) -> CaughtUp:
    state = TableState(ctx.base.specialites[published.key], published.value, published)
    return CaughtUp(state, notify_candidates(ctx, state))


# ---- the command line and the console


def _list(ctx: Context, args: argparse.Namespace) -> int:
    states = table_states(ctx)
    if args.command == "list":
        for s in states:
            when = f"{s.source_date:%d/%m/%Y}" if s.source_date else "—"
            print(
                f"{s.specialite.code}  {s.specialite.title[:50]:50}  {s.level_label:10}  "
                f"v{s.version}  {when:10}  {s.source[:70] or '—'}"
            )
    print(counts_sentence(states))
    return 0


def _read_lines(seen: Preview[EpreuveTable]) -> list[str]:
    table = seen.value
    assert table is not None
    lines = [
        f"{table.specialite} {table.title} : {len(table.epreuves)} épreuve(s), {LEVEL_LABELS[table.level]}."
    ]
    for e in table.epreuves:
        coefficient = f"{e.coefficient:g}".replace(".", ",") if e.coefficient is not None else "—"
        option = f" [option {e.option_code}]" if e.option_code else ""
        lines.append(f"  {e.code:5} {e.unit or '—':5} coef. {coefficient:5} {e.title}{option}")
    return lines


def _done_line(done: Publication[EpreuveTable]) -> str:
    assert done.version is not None
    return f"Publié : version {done.version.version} ({done.version.changes}) {done.outcome.sentence()}"


def _options(spec: Specialite) -> dict[str, str]:
    return {o.code: o.title for o in spec.options}


def _key_page(ctx: Context, code: str) -> dict[str, Any] | None:
    state = table_state(ctx, code)
    if state is None:
        return None
    return {
        "heading": state.specialite.title,
        "state": state,
        "history": service.history(EXAM_TABLES, ctx, state.specialite.code),
        "shipped": ctx.base.epreuve_tables.get(state.specialite.code),
        "pending": to_complete(ctx, state, ctx.session),
        "academies": ctx.base.academies,
        "session": ctx.session,
        "labels": LEVEL_LABELS,
        "option_titles": _options(state.specialite),
    }


def _preview_page(ctx: Context, seen: Preview[EpreuveTable]) -> dict[str, Any]:
    """The table read, where its specialty stands, how many validated dossiers will be told to complete."""
    state = table_state(ctx, seen.key) if seen.key else None
    pending = 0
    if seen.ok and state is not None:
        pending = sum(
            1
            for d in ctx.store.dossiers_of_specialite(_codes(state), ctx.session)
            if dossier_mark(d.content, ctx.base)[0] <= state.version
        )
    return {
        "table": seen.value,
        "state": state,
        "pending": pending,
        "labels": LEVEL_LABELS,
        "option_titles": _options(state.specialite) if state is not None else {},
    }


def _page(ctx: Context) -> dict[str, Any]:
    states = table_states(ctx)
    return {"states": states, "counts": level_counts(states), "total": len(states), "labels": LEVEL_LABELS}


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _notice(query: Mapping[str, str]) -> str:
    version, sent = _int(query.get("publie")), _int(query.get("courriels"))
    if version is None:
        return ""
    notice = f"Version {version} publiée : elle s'applique dès maintenant aux nouvelles inscriptions."
    if sent:
        notice += f" {sent} candidat(s) prévenu(s) par courriel de compléter leur dossier."
    return notice


def _overlay(refs: Referentials, published: dict[str, EpreuveTable]) -> Referentials:
    tables = {code: table for code, table in published.items() if code in refs.specialites}
    return refs.with_epreuve_tables(tables) if tables else refs


EXAM_TABLES: ListKind[EpreuveTable] = ListKind(
    name="epreuves",
    command="epreuves",
    slug="reglements",
    texts=Texts(
        title="Règlements d'examen",
        responsables_only="Les règlements d'examen sont gérés par les responsables du service des examens.",
        file_kind="le fichier TSV de la table",
        refused_title="Table refusée",
        rows_read="Épreuves lues",
        help="règlements d'examen (tables d'épreuves)",
        import_help="lire une table TSV et la publier",
        source_help="texte d'où vient la table (par défaut : celui de la ligne 1)",
        no_history="{key} {title} : aucune version publiée (fichier livré en vigueur).",
        separator=" ",
        audit_subject="règlement d'examen {key}",
        audit_publish="publication règlement",
        audit_revert="retour règlement",
        history_help="les versions publiées d'une spécialité",
        file_format="TSV",
        preview_title="Aperçu de la table",
        not_text="Ce fichier n'est pas un fichier texte : un fichier TSV est attendu.",
        corrected="Charger la table corrigée",
        check_changes="Vérifiez les épreuves lues",
        unknown_version="La version {version} de cette table n'existe pas.",
        unknown_key_title="Spécialité introuvable",
        unknown_key="Cette spécialité n'existe pas dans la liste des spécialités de BTS.",
        unknown_key_cli="spécialité inconnue « {key} » (absente de specialites.csv)",
        back_to_key="Revenir à la spécialité",
    ),
    read=read,
    changes=lambda ctx, before, after: [table_changes(before, after)],
    encode=as_json,
    decode=from_json,
    shipped=lambda ctx, key: ctx.base.epreuve_tables.get(key),
    check=check,
    keyed=True,
    resolve_key=lambda ctx, text: spec.code if (spec := _specialty(ctx.base, text)) else None,
    key_title=lambda ctx, key: ctx.base.specialites[key].title,
    summary=lambda table: LEVEL_LABELS[table.level],
    source_of=lambda table: table.source,
    source=SOURCE_IN_FILE,
    options=(
        Option("specialite", "code de la spécialité (par défaut : le nom du fichier)", key=True),
        Option("date", "date de ce texte, AAAA-MM-JJ", cli_type=_iso_date),
        Option("verifie", "table vérifiée sur le règlement en vigueur", flag=True),
    ),
    after_publish=catch_up,
    overlay=_overlay,
    commands=(
        Command("list", "l'état de chaque spécialité", _list),
        Command("counts", "combien de spécialités vérifiées, à vérifier, partielles, absentes", _list),
    ),
    read_lines=_read_lines,
    done_line=_done_line,
    page=_page,
    form=lambda ctx: {
        "specialites": sorted(ctx.base.specialites.values(), key=lambda s: (s.title.lower(), s.code))
    },
    key_page=_key_page,
    preview_page=_preview_page,
    notice=_notice,
    done_query=lambda done: (
        f"publie={done.version.version if done.version else ''}&courriels={done.outcome.notices.sent}"
    ),
)
