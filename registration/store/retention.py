"""Erasure of what conversations leave behind (drafts, hand-off copies, expired links): on demand, by age; and
of validated dossiers whose retention ran out (``registration/operations/retention.py``), journalled in the same
transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from registration.models import (
    AuditEntry,
    Candidate,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierMail,
    DossierRevision,
    DownloadToken,
    Draft,
    EpreuveNotice,
    HandoffMessage,
    HandoffRequest,
    Reminder,
)
from registration.store.engine import affected_rows, utc

RETENTION_AUTHOR = "tâche de conservation"  # who the journal names for what the retention job erased


@dataclass(frozen=True)
class ErasedDossier:
    """What went with a dossier: its label (académie, session, number), revisions, documents (stored names)."""

    dossier_id: int
    label: str
    revisions: int
    files: tuple[str, ...]


from registration.store.tokens import DownloadTokens


class Retention(DownloadTokens):
    """Erasing one conversation's data, and purging what is older than the retention period."""

    def erase_conversation(self, sender_id: str) -> None:
        """Erase what a conversation left here: its draft and the copies held by its hand-off requests."""

        def work(session: Session) -> None:
            session.execute(delete(Draft).where(Draft.sender_id == sender_id))
            session.execute(delete(HandoffRequest).where(HandoffRequest.sender_id == sender_id))
            session.execute(delete(HandoffMessage).where(HandoffMessage.sender_id == sender_id))

        self._run(work)

    def purge_older_than(self, cutoff: datetime) -> dict[str, int]:
        """Erase drafts untouched since ``cutoff``, hand-off requests created before it, expired links."""
        when = utc(cutoff)

        def work(session: Session) -> dict[str, int]:
            return {
                "drafts": affected_rows(session, delete(Draft).where(Draft.updated_at < when)),
                "handoffs": affected_rows(
                    session, delete(HandoffRequest).where(HandoffRequest.created_at < when)
                ),
                "handoff_messages": affected_rows(
                    session, delete(HandoffMessage).where(HandoffMessage.created_at < when)
                ),
            }

        counts = self._run(work)
        counts["download_tokens"] = self.purge_expired_tokens()
        return counts

    def dossier_sessions(self) -> list[int]:
        """The sessions that still have validated dossiers, oldest first."""
        return self._run(
            lambda session: list(
                session.scalars(select(Dossier.session).distinct().order_by(Dossier.session))
            )
        )

    def dossier_ids_of_session(self, year: int) -> list[int]:
        return self._run(
            lambda session: list(
                session.scalars(select(Dossier.id).where(Dossier.session == year).order_by(Dossier.id))
            )
        )

    def dossiers_with_files(self, year: int) -> list[int]:
        """The dossiers of a session that still hold documents candidates sent."""
        query = (
            select(DossierFile.dossier_id)
            .join(Dossier, Dossier.id == DossierFile.dossier_id)
            .where(Dossier.session == year)
            .distinct()
            .order_by(DossierFile.dossier_id)
        )
        return self._run(lambda session: list(session.scalars(query)))

    def erase_dossier(self, dossier_id: int, *, reason: str, when: datetime) -> ErasedDossier | None:
        """Erase a validated dossier with everything that names it (revisions and their PDFs, links, states,
        e-mails, reminders, notices, document rows, its person when no other dossier names them) and journal
        what went, in one transaction; the documents' files are the caller's to unlink (their names returned)."""
        moment = utc(when)

        def work(session: Session) -> ErasedDossier | None:
            dossier = session.get(Dossier, dossier_id)
            if dossier is None:
                return None
            label = f"académie {dossier.academie_code}, session {dossier.session}, dossier {dossier.number}"
            revision_ids = list(
                session.scalars(select(DossierRevision.id).where(DossierRevision.dossier_id == dossier_id))
            )
            files = tuple(
                session.scalars(select(DossierFile.stored_name).where(DossierFile.dossier_id == dossier_id))
            )
            if revision_ids:
                session.execute(delete(DownloadToken).where(DownloadToken.revision_id.in_(revision_ids)))
            for model in (DossierRevision, DossierEvent, DossierMail, Reminder, EpreuveNotice, DossierFile):
                session.execute(delete(model).where(model.dossier_id == dossier_id))
            candidate_id = dossier.candidate_id
            session.delete(dossier)
            session.flush()
            if candidate_id is not None:
                others = session.scalar(select(func.count()).where(Dossier.candidate_id == candidate_id))
                if not others:
                    session.execute(delete(Candidate).where(Candidate.id == candidate_id))
            session.add(
                AuditEntry(
                    staff_id=None,
                    staff_email=RETENTION_AUTHOR,
                    action="dossier effacé",
                    subject=f"dossier:{dossier_id}",
                    field=label,
                    before=f"{len(revision_ids)} révision(s) avec leur PDF, {len(files)} pièce(s)",
                    after=reason[:4000],
                    created_at=moment,
                )
            )
            return ErasedDossier(dossier_id, label, len(revision_ids), files)

        return self._run(work)
