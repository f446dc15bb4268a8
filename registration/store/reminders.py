"""The reminders of the daily job: who may get one, and the row that makes each reminder leave once.

A reminder is claimed (its row inserted; the unique key refuses a second one, even from a job running at the
same time) before its e-mail leaves, marked sent afterwards, and released (the row removed) when the e-mail
could not leave, so that the next run tries again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registration.models import Dossier, DossierRevision, Draft, Reminder
from registration.store.drafts import _expired, format_resume_code, new_resume_code
from registration.store.engine import RETRIES, Database, utc

CONFIRMATION, DRAFT = "confirmation", "brouillon"
KINDS = (CONFIRMATION, DRAFT)
BATCH = 500


@dataclass(frozen=True)
class AwaitingDossier:
    """A validated dossier whose signed confirmation has not arrived, not reminded yet."""

    id: int
    academie_code: str
    session: int
    number: int
    revision: int
    content: dict[str, Any]
    signed_revision: int | None = None  # an earlier revision whose signed confirmation arrived


@dataclass(frozen=True)
class StoredDraft:
    """A draft not reminded yet, as stored (the job decides whether it is unfinished and has an e-mail)."""

    id: int
    state: dict[str, Any]


class Reminders(Database):
    """Candidates to remind, and the claims that keep each reminder to one e-mail."""

    def dossiers_awaiting(self, status: str) -> list[AwaitingDossier]:
        """The dossiers in this state with no ``confirmation`` reminder yet, with their current revision."""
        reminded = exists().where(Reminder.kind == CONFIRMATION, Reminder.dossier_id == Dossier.id)

        def work(session: Session) -> list[AwaitingDossier]:
            rows = session.execute(
                select(Dossier, DossierRevision.content)
                .join(
                    DossierRevision,
                    (DossierRevision.dossier_id == Dossier.id)
                    & (DossierRevision.revision == Dossier.revision),
                )
                .where(Dossier.status == status, ~reminded)
                .order_by(Dossier.id)
            )
            return [
                AwaitingDossier(
                    d.id,
                    d.academie_code,
                    d.session,
                    d.number,
                    d.revision,
                    dict(content or {}),
                    d.signed_revision,
                )
                for d, content in rows
            ]

        return self._run(work)

    def drafts_not_reminded(self) -> Iterator[StoredDraft]:
        """Every draft with no ``brouillon`` reminder yet, read by batches (one short transaction each)."""
        reminded = exists().where(Reminder.kind == DRAFT, Reminder.draft_id == Draft.id)
        after = 0
        while True:

            def work(session: Session, after: int = after) -> list[StoredDraft]:
                rows = session.execute(
                    select(Draft.id, Draft.state)
                    .where(Draft.id > after, ~reminded)
                    .order_by(Draft.id)
                    .limit(BATCH)
                )
                return [StoredDraft(draft_id, dict(state or {})) for draft_id, state in rows]

            batch = self._run(work)
            yield from batch
            if len(batch) < BATCH:
                return
            after = batch[-1].id

    def valid_resume_code(self, draft_id: int) -> str | None:
        """The draft's resume code as people read it, a new one when it is past its 30 days; None: no draft."""
        when = utc(None)
        for _ in range(RETRIES):
            fresh = new_resume_code()

            def work(session: Session, fresh: str = fresh) -> str | None:
                draft = session.get(Draft, draft_id)
                if draft is None:
                    return None
                if draft.code_issued_at is None or _expired(draft.code_issued_at, when):
                    draft.resume_code, draft.code_issued_at = fresh, when
                return draft.resume_code

            try:
                code = self._run(work)
            except IntegrityError:
                continue  # the new code was taken: draw another
            return format_resume_code(code) if code else None
        raise RuntimeError("could not issue a resume code")

    def claim_reminder(
        self, kind: str, recipient: str, *, dossier_id: int | None = None, draft_id: int | None = None
    ) -> int | None:
        """Reserve a reminder before its e-mail leaves; None when it was already sent (or is being sent)."""
        if kind not in KINDS or (dossier_id is None) == (draft_id is None):
            raise ValueError("a reminder is about one dossier or one draft")
        when = utc(None)
        insert = self._insert()
        key = ["kind", "dossier_id"] if dossier_id is not None else ["kind", "draft_id"]

        def work(session: Session) -> int | None:
            if draft_id is not None and session.get(Draft, draft_id) is None:
                return None  # erased meanwhile
            return session.scalar(
                insert(Reminder)
                .values(
                    kind=kind,
                    dossier_id=dossier_id,
                    draft_id=draft_id,
                    recipient=recipient[:320],
                    created_at=when,
                )
                .on_conflict_do_nothing(index_elements=key)
                .returning(Reminder.id)
            )

        return self._run(work)

    def mark_reminder_sent(self, reminder_id: int) -> None:
        when = utc(None)
        self._run(
            lambda session: session.execute(
                update(Reminder).where(Reminder.id == reminder_id).values(sent_at=when)
            )
        )

    def release_reminder(self, reminder_id: int) -> None:
        """Forget a claim whose e-mail could not leave, so that the next run tries again."""
        self._run(lambda session: session.execute(delete(Reminder).where(Reminder.id == reminder_id)))

    def reminders_sent(self, kind: str) -> int:
        """How many reminders of this kind have left, over every run."""
        return self._run(
            lambda session: (
                session.scalar(
                    select(func.count()).where(Reminder.kind == kind, Reminder.sent_at.is_not(None))
                )
                or 0
            )
        )
