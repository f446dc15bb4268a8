"""The exam service's tables, as the console and the command line use them: the state of every specialty,
publishing or going back (which takes effect at the next turn of every server), and catching up the
dossiers registered under an older table (listed « à compléter », their candidates told once per version).

A dossier says which table it was registered under in ``content["epreuves_table"]`` (``version``,
``level``); dossiers registered before that key existed count as version 0 with the level of the shipped
table. A dossier is « à compléter » when a version newer than its own is in effect, or when it was
registered with no table (``absent``) and one now exists.
"""

from __future__ import annotations

import getpass
import logging
import smtplib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from registration.mail import build_table_update_message, send_confirmation
from registration.referentials import Referentials, Specialite, normalise
from registration.referentials.records import ABSENT, LEVEL_LABELS, TABLE_LEVELS, EpreuveTable
from registration.settings import Settings, get_settings, now
from registration.store import DossierView, Store
from registration.store.epreuve_tables import PublishedTable

log = logging.getLogger(__name__)


def command_line_author() -> str:
    """Who publishes from the command line: « ligne de commande (user) »."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "inconnu"
    return f"ligne de commande ({user})"


@dataclass(frozen=True)
class TableState:
    """Where a specialty's table stands: the table in effect, its version (0: shipped file), its level."""

    specialite: Specialite
    table: EpreuveTable | None
    published: PublishedTable | None

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


def table_states(store: Store, base: Referentials) -> list[TableState]:
    """Every specialty, by title, with the table in effect."""
    published = store.current_epreuve_tables()
    states = []
    for spec in sorted(base.specialites.values(), key=lambda s: (normalise(s.title), s.code)):
        current = published.get(spec.code)
        states.append(
            TableState(spec, current.table if current else base.epreuve_tables.get(spec.code), current)
        )
    return states


def table_state(store: Store, base: Referentials, code: str) -> TableState | None:
    resolved = base.specialite_for_code(code)
    if resolved is None:
        return None
    spec = resolved[0]
    history = store.epreuve_table_history(spec.code)
    current = history[0] if history else None
    return TableState(spec, current.table if current else base.epreuve_tables.get(spec.code), current)


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


def needs_completion(version: int, level: str, current: TableState) -> bool:
    return is_outdated(version, level, current.version, current.level)


def to_complete(store: Store, base: Referentials, state: TableState, session: int) -> list[Pending]:
    """The validated dossiers of the session in this specialty that were registered under an older table."""
    codes = {state.specialite.code, *(o.code for o in state.specialite.options)}
    notices = store.epreuve_notices(state.specialite.code)
    pending = []
    for dossier in store.dossiers_of_specialite(codes, session):
        version, level = dossier_mark(dossier.content, base)
        if needs_completion(version, level, state):
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


def notify_candidates(
    store: Store,
    base: Referentials,
    state: TableState,
    session: int,
    settings: Settings | None = None,
) -> NoticeOutcome:
    """One e-mail per dossier to complete and per version in effect; never twice for the same version."""
    settings = settings or get_settings()
    counts: Counter[str] = Counter()
    moment = now()
    for item in to_complete(store, base, state, session):
        dossier = item.dossier
        if not item.email:
            counts["no_address"] += 1
            continue
        entry = base.calendar_for(dossier.academie_code, dossier.session)
        if entry is not None and entry.closes <= moment:
            counts["closed"] += 1
            continue
        if not store.claim_epreuve_notice(dossier.id, state.specialite.code, state.version):
            counts["already"] += 1
            continue
        academie = base.academies.get(dossier.academie_code)
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
            store.release_epreuve_notice(dossier.id, state.specialite.code, state.version)
            counts["failed"] += 1
            continue
        counts["sent"] += 1
    return NoticeOutcome(**counts)


@dataclass(frozen=True)
class Publication:
    published: PublishedTable
    state: TableState
    notices: NoticeOutcome


def publish(
    store: Store,
    base: Referentials,
    table: EpreuveTable,
    *,
    published_by: str,
    staff_id: int | None = None,
    session: int | None = None,
    settings: Settings | None = None,
) -> Publication:
    """Publish a table (in effect at every server's next turn), then tell the candidates to complete."""
    settings = settings or get_settings()
    published = store.publish_epreuve_table(
        table, published_by=published_by, staff_id=staff_id, base=base.epreuve_tables.get(table.specialite)
    )
    return _after(store, base, published, session or settings.session, settings)


def revert(
    store: Store,
    base: Referentials,
    specialite: str,
    version: int,
    *,
    published_by: str,
    staff_id: int | None = None,
    session: int | None = None,
    settings: Settings | None = None,
) -> Publication:
    """Go back to an earlier version (0: the shipped file) by publishing a copy of it."""
    settings = settings or get_settings()
    published = store.revert_epreuve_table(
        specialite,
        version,
        published_by=published_by,
        staff_id=staff_id,
        base=base.epreuve_tables.get(specialite),
    )
    return _after(store, base, published, session or settings.session, settings)


def _after(
    store: Store, base: Referentials, published: PublishedTable, session: int, settings: Settings
) -> Publication:
    state = TableState(base.specialites[published.specialite], published.table, published)
    return Publication(published, state, notify_candidates(store, base, state, session, settings))
