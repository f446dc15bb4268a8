"""One dossier as the back office reads it, and the changes of its signed-confirmation state.

A state change is one transaction (the dossier's state, its history row, the audit entry), then the e-mail to
the candidate, recorded with the dossier whether it left or not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registration.backoffice.search import DossierRow, row_of
from registration.models import (
    AuditEntry,
    Dossier,
    DossierEvent,
    DossierMail,
    DossierRevision,
    HandoffRequest,
)
from registration.referentials import Referentials
from registration.rules import confirmation as states
from registration.settings import Settings, now
from registration.store import Store, dossier_label

log = logging.getLogger(__name__)

FIELD_LABELS = {
    "etat_civil.nom": "Nom de famille",
    "etat_civil.nom_usage": "Nom d'usage",
    "etat_civil.prenoms": "Prénoms",
    "etat_civil.date_naissance": "Date de naissance",
    "email": "Adresse électronique",
    "residence": "Adresse",
    "naissance": "Lieu de naissance",
    "categorie": "Catégorie",
    "etablissement": "Établissement",
    "specialite": "Spécialité",
    "forme": "Forme",
    "handicap": "Aménagement d'épreuves",
    "consent_press": "Publication des résultats",
    "consent_collectivites": "Transmission aux collectivités",
    "acquis": "Acquis",
    "epreuves": "Épreuves",
    "epreuves_table": "Table d'épreuves",
    "souhaits": "Souhaits (spécialité sans table)",
    "acquis_declares": "Acquis déclarés",
    "academie": "Académie",
    "former_candidate_number": "Numéro de candidat antérieur",
}
EXPLANATIONS = {
    states.ATTENTE: "Votre dossier attend de nouveau votre confirmation d'inscription signée{deadline}.",
    states.RECUE: "Votre confirmation d'inscription signée est bien arrivée. Le service des examens vérifie "
    "votre dossier.",
    states.INCOMPLET: "Il manque des pièces à votre dossier : {detail}. Envoyez-les au service des examens"
    "{deadline}.",
    states.COMPLET: "Votre dossier est complet : vous n'avez plus rien à envoyer.",
    states.ANNULE: "Votre inscription est annulée. Motif : {detail}. Si vous pensez qu'il s'agit d'une erreur, "
    "contactez le service des examens.",
}
SIGNATURE = {
    "none": "Aucune confirmation signée reçue (révision actuelle : {current}).",
    "signed": "Confirmation signée reçue pour la révision {signed}",
    "later": " ; la révision {current} (actuelle), validée depuis, n'est pas signée : une nouvelle confirmation "
    "signée est attendue.",
}
LATE = (
    " Elle est arrivée après la date limite de retour ({deadline}) : le service des examens vous dira si "
    "elle peut être acceptée."
)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RevisionInfo:
    id: int
    revision: int
    label: str
    validated_at: datetime
    content: dict[str, Any]
    has_pdf: bool
    mailed_at: datetime | None
    changes: list[Change]  # compared with the revision before (empty for the first)
    mail_attempts: int = (
        0  # failed attempts of its confirmation e-mail (tried again by registration.operations.mail_retry)
    )
    mail_error: str | None = None
    mail_retry_at: datetime | None = None


@dataclass(frozen=True)
class EventInfo:
    created_at: datetime
    status: str
    state: str
    staff_email: str


@dataclass(frozen=True)
class MailInfo:
    created_at: datetime
    kind: str
    recipient: str
    subject: str
    sent: bool
    error: str | None


@dataclass(frozen=True)
class HelpInfo:
    id: int
    created_at: datetime
    reason: str
    status: str
    outcome: str | None


@dataclass(frozen=True)
class AuditInfo:
    created_at: datetime
    staff_email: str
    action: str
    field: str | None
    before: str | None
    after: str | None


@dataclass(frozen=True)
class DossierDetail:
    row: DossierRow
    status_detail: str | None
    received_on: str | None
    email: str
    revisions: list[RevisionInfo]
    events: list[EventInfo]
    mails: list[MailInfo]
    requests: list[HelpInfo]
    audit: list[AuditInfo]
    signature: str = (
        ""  # which revision the signed confirmation is for, and whether a later one is not signed
    )
    signed_revision: int | None = None


def flatten(value: Any, path: str = "") -> dict[str, str]:
    """A content as ``{"etat_civil.nom": "MARTIN", ...}``; lists and the labelled blocks stay whole."""
    if isinstance(value, dict) and path not in FIELD_LABELS:
        found: dict[str, str] = {}
        for key, item in value.items():
            found.update(flatten(item, f"{path}.{key}" if path else str(key)))
        return found
    return {path: shown(value)}


def shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, dict):
        parts = [shown(v) for k, v in value.items() if k not in ("code",) and v not in (None, "", [])]
        return ", ".join(parts) or "—"
    if isinstance(value, list):
        return " ; ".join(shown(item) for item in value)
    return str(value)


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """What differs between two revisions' contents, in the order of the later one."""
    old, new = flatten(before), flatten(after)
    keys = list(new) + [key for key in old if key not in new]
    return [
        Change(FIELD_LABELS.get(key, key), old.get(key, "—"), new.get(key, "—"))
        for key in keys
        if old.get(key, "—") != new.get(key, "—")
    ]


def academie_of(store: Store, dossier_id: int) -> str | None:
    """The académie of a dossier (to check the scope before anything is read), None when there is none."""
    return store.transaction(
        lambda session: session.scalar(select(Dossier.academie_code).where(Dossier.id == dossier_id))
    )


def subject_of(dossier_id: int) -> str:
    """The audit journal's subject of a dossier."""
    return f"dossier:{dossier_id}"


def read(store: Store, dossier_id: int) -> DossierDetail | None:
    """Everything the dossier page shows."""

    def work(session: Session) -> DossierDetail | None:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            return None
        revisions: list[RevisionInfo] = []
        previous: dict[str, Any] | None = None
        email = ""
        for row in session.scalars(
            select(DossierRevision)
            .where(DossierRevision.dossier_id == dossier_id)
            .order_by(DossierRevision.revision)
        ):
            revisions.append(
                RevisionInfo(
                    id=row.id,
                    revision=row.revision,
                    label=dossier_label(dossier.number, row.revision),
                    validated_at=row.validated_at,
                    content=row.content,
                    has_pdf=row.pdf is not None,
                    mailed_at=row.mailed_at,
                    changes=changes_between(previous, row.content) if previous is not None else [],
                    mail_attempts=row.mail_attempts or 0,
                    mail_error=row.mail_error,
                    mail_retry_at=row.mail_retry_at,
                )
            )
            previous, email = row.content, str(row.content.get("email") or "")
        events = [
            EventInfo(
                e.created_at,
                e.status,
                states.describe(e.status, e.detail, e.received_on, e.late)
                + (f" – {e.detail}" if e.status == states.ATTENTE and e.detail else ""),
                e.staff_email,
            )
            for e in session.scalars(
                select(DossierEvent).where(DossierEvent.dossier_id == dossier_id).order_by(DossierEvent.id)
            )
        ]
        mails = [
            MailInfo(m.created_at, m.kind, m.recipient, m.subject, m.sent_at is not None, m.error)
            for m in session.scalars(
                select(DossierMail).where(DossierMail.dossier_id == dossier_id).order_by(DossierMail.id)
            )
        ]
        senders = {dossier.sender_id, dossier.origin_sender_id} - {None}
        requests = (
            [
                HelpInfo(r.id, r.created_at, r.reason, r.status, r.outcome)
                for r in session.scalars(
                    select(HandoffRequest)
                    .where(HandoffRequest.sender_id.in_(senders))
                    .order_by(HandoffRequest.id)
                )
            ]
            if senders
            else []
        )
        subjects = {subject_of(dossier_id), *senders}
        audit = [
            AuditInfo(a.created_at, a.staff_email, a.action, a.field, a.before, a.after)
            for a in session.scalars(
                select(AuditEntry).where(AuditEntry.subject.in_(subjects)).order_by(AuditEntry.id)
            )
        ]
        return DossierDetail(
            row=row_of(dossier),
            status_detail=dossier.status_detail,
            received_on=dossier.received_on,
            email=email,
            revisions=revisions,
            events=events,
            mails=mails,
            requests=requests,
            audit=audit,
            signature=signature_text(dossier),
            signed_revision=dossier.signed_revision,
        )

    return store.transaction(work)


def signature_text(dossier: Dossier) -> str:
    """« Confirmation signée reçue pour la révision 8 – 0 ; la révision 8 – 1 (actuelle) n'est pas signée. »"""
    signed = dossier.signed_revision
    current = dossier_label(dossier.number, dossier.revision)
    if signed is None:
        return SIGNATURE["none"].format(current=current)
    text = SIGNATURE["signed"].format(signed=dossier_label(dossier.number, signed))
    if signed < dossier.revision:
        return text + SIGNATURE["later"].format(current=current)
    return text + "."


def revision_pdf(store: Store, dossier_id: int, revision: int) -> tuple[bytes, str] | None:
    """A revision's PDF and its file name, None when it has none."""
    from registration.store import revision_filename

    def work(session: Session) -> tuple[bytes, str] | None:
        row = session.execute(
            select(DossierRevision.pdf, Dossier.session, Dossier.number)
            .join(Dossier, Dossier.id == DossierRevision.dossier_id)
            .where(DossierRevision.dossier_id == dossier_id, DossierRevision.revision == revision)
        ).first()
        if row is None or row.pdf is None:
            return None
        return bytes(row.pdf), revision_filename(row.session, row.number, revision)

    return store.transaction(work)


@dataclass(frozen=True)
class StateChanged:
    state: str  # in words
    late: bool
    mail_sent: bool


def change_state(
    store: Store,
    refs: Referentials,
    dossier_id: int,
    *,
    status: str,
    detail: str = "",
    received_on: date | None = None,
    staff_id: int | None,
    staff_email: str,
    settings: Settings,
) -> StateChanged | str:
    """Moves a dossier to another state (history, audit, e-mail); the French refusal when not allowed."""
    detail = " ".join(detail.split())[:500]
    when = now()

    def work(session: Session) -> tuple[Dossier, str, str] | str:
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            return "Ce dossier n'existe pas."
        refused = states.refusal(dossier.status, status, detail)
        if refused:
            return refused
        before = states.describe(dossier.status, dossier.status_detail, dossier.received_on, dossier.late)
        received = dossier.received_on
        if status == states.RECUE or (status in states.RECEIVED and not received):
            received = (received_on or when.date()).isoformat()
        elif status == states.ATTENTE:
            received = None
        calendar = refs.calendar_for(dossier.academie_code, dossier.session)
        late = states.is_late(received, calendar.return_deadline if calendar else None)
        changed = session.execute(
            update(Dossier)
            .where(Dossier.id == dossier_id, Dossier.status == dossier.status)
            .values(
                status=status,
                status_detail=detail or None,
                status_at=when,
                received_on=received,
                late=late,
                signed_revision=_signed_revision(dossier, status),
            )
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            return "Ce dossier vient d'être modifié par quelqu'un d'autre : rechargez la page."
        after = states.describe(status, detail or None, received, late)
        session.add(
            DossierEvent(
                dossier_id=dossier_id,
                status=status,
                detail=detail or None,
                received_on=received,
                late=late,
                staff_email=staff_email,
                created_at=when,
            )
        )
        session.add(
            AuditEntry(
                staff_id=staff_id,
                staff_email=staff_email,
                action="état du dossier",
                subject=subject_of(dossier_id),
                field=dossier_label(dossier.number, dossier.revision),
                before=before,
                after=after,
                created_at=when,
            )
        )
        return dossier, after, received or ""

    done = store.transaction(work)
    if isinstance(done, str):
        return done
    dossier, after, _ = done
    late = "hors délai" in after
    sent = notify(store, refs, dossier, status, after, detail, late, settings)
    return StateChanged(after, late, sent)


def _signed_revision(dossier: Dossier, status: str) -> int | None:
    """The revision the signed confirmation is for: the current one when it arrives, none once back in waiting."""
    if status == states.ATTENTE:
        return None
    if status in states.RECEIVED and dossier.status not in states.RECEIVED:
        return dossier.revision
    return dossier.signed_revision


def notify(
    store: Store,
    refs: Referentials,
    dossier: Dossier,
    status: str,
    state: str,
    detail: str,
    late: bool,
    settings: Settings,
) -> bool:
    """E-mails the candidate the dossier's new state; recorded with the dossier, sent or not."""
    from registration.mail import build_dossier_state_message, send_confirmation

    content = (
        store.transaction(
            lambda session: session.scalar(
                select(DossierRevision.content).where(
                    DossierRevision.dossier_id == dossier.id, DossierRevision.revision == dossier.revision
                )
            )
        )
        or {}
    )
    to = str(content.get("email") or "")
    calendar = refs.calendar_for(dossier.academie_code, dossier.session)
    deadline = (
        f" avant le {calendar.return_deadline:%d/%m/%Y}" if calendar and calendar.return_deadline else ""
    )
    explanation = EXPLANATIONS[status].format(detail=detail, deadline=deadline)
    if late and calendar and calendar.return_deadline:
        explanation += LATE.format(deadline=f"{calendar.return_deadline:%d/%m/%Y}")
    label = dossier_label(dossier.number, dossier.revision)
    academie = str((content.get("academie") or {}).get("name") or dossier.academie_code)
    message = build_dossier_state_message(
        to=to,
        label=label,
        state=state,
        academie_name=academie,
        explanation=explanation,
        sender=settings.mail_from,
    )
    error = None
    if not to:
        error = "pas d'adresse électronique"
    else:
        try:
            send_confirmation(message, settings)
        except Exception as failure:  # the state is changed: a mail failure is recorded, never lost silently
            error = type(failure).__name__
            log.warning("state e-mail for dossier %s failed: %s", label, error)
    when = now()
    store.transaction(
        lambda session: session.add(
            DossierMail(
                dossier_id=dossier.id,
                kind=f"etat:{status}",
                recipient=to,
                subject=str(message["Subject"]),
                created_at=when,
                sent_at=None if error else when,
                error=error,
            )
        )
    )
    return error is None
