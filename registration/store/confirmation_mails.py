"""The confirmation e-mails that could not leave: each failure recorded with the next attempt (growing backoff),
the attempts that are due claimed by one job at a time, what an e-mail is made of read again, how many wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from registration.models import Dossier, DossierRevision
from registration.store.dossiers import dossier_label
from registration.store.engine import Database, utc


@dataclass(frozen=True)
class MailedRevision:
    """A revision's confirmation e-mail, to be sent again: its label, content, PDF, the revision signed before."""

    revision_id: int
    dossier_id: int
    label: str
    content: dict
    pdf: bytes
    signed_label: str | None
    mailed: bool


# The confirmation e-mail that could not leave is tried again after 1, 2, 4… minutes, then every 6 hours.
MAIL_FIRST_DELAY = timedelta(minutes=1)
MAIL_LONGEST_DELAY = timedelta(hours=6)


def mail_backoff(attempts: int) -> timedelta:
    """How long to wait after this many failed attempts."""
    return min(MAIL_FIRST_DELAY * (2 ** max(0, min(attempts, 20) - 1)), MAIL_LONGEST_DELAY)


class ConfirmationMails(Database):
    """The confirmation e-mails still to send, and their attempts."""

    def mail_failed(self, revision_id: int, error: str) -> datetime:
        """Record a confirmation e-mail that could not leave; the time of the next attempt (growing backoff)."""
        when = utc(None)

        def work(session: Session) -> datetime:
            revision = session.get(DossierRevision, revision_id)
            if revision is None:
                raise LookupError(f"no revision {revision_id}")
            attempts = (revision.mail_attempts or 0) + 1
            retry_at = when + mail_backoff(attempts)
            session.execute(
                update(DossierRevision)
                .where(DossierRevision.id == revision_id)
                .values(mail_attempts=attempts, mail_retry_at=retry_at, mail_error=error[:200])
            )
            return retry_at

        return self._run(work)

    def claim_mail_retries(self, lease: timedelta, limit: int = 50) -> list[int]:
        """The revisions whose confirmation e-mail is due for another attempt, each claimed for ``lease`` (its
        attempt moved on, compared and set) so that two jobs running together never send the same one twice."""
        when = utc(None)

        def work(session: Session) -> list[int]:
            due = session.execute(
                select(DossierRevision.id, DossierRevision.mail_retry_at)
                .where(
                    DossierRevision.mailed_at.is_(None),
                    DossierRevision.mail_retry_at.is_not(None),
                    DossierRevision.mail_retry_at <= when,
                )
                .order_by(DossierRevision.mail_retry_at)
                .limit(limit)
            ).all()
            claimed = []
            for revision_id, retry_at in due:
                moved = session.execute(
                    update(DossierRevision)
                    .where(DossierRevision.id == revision_id, DossierRevision.mail_retry_at == retry_at)
                    .values(mail_retry_at=when + lease)
                )
                if moved.rowcount == 1:  # type: ignore[attr-defined]
                    claimed.append(revision_id)
            return claimed

        return self._run(work)

    def revision_for_mail(self, revision_id: int) -> MailedRevision | None:
        """What the confirmation e-mail of a revision is made of, read again for another attempt."""

        def work(session: Session) -> MailedRevision | None:
            revision = session.get(DossierRevision, revision_id)
            if revision is None or revision.pdf is None:
                return None
            dossier = revision.dossier
            signed = dossier.signed_revision
            return MailedRevision(
                revision_id=revision.id,
                dossier_id=dossier.id,
                label=dossier_label(dossier.number, revision.revision),
                content=dict(revision.content or {}),
                pdf=bytes(revision.pdf),
                signed_label=dossier_label(dossier.number, signed)
                if signed is not None and signed < revision.revision
                else None,
                mailed=revision.mailed_at is not None,
            )

        return self._run(work)

    def unsent_confirmations(self, academies: tuple[str, ...] | None = None) -> int:
        """How many revisions' confirmation e-mails have not left yet (tried again by the job)."""
        statement = (
            select(func.count())
            .select_from(DossierRevision)
            .join(Dossier, Dossier.id == DossierRevision.dossier_id)
            .where(DossierRevision.mailed_at.is_(None), DossierRevision.mail_attempts > 0)
        )
        if academies is not None:
            statement = statement.where(Dossier.academie_code.in_(academies or ("",)))
        return self._run(lambda session: session.scalar(statement) or 0)
