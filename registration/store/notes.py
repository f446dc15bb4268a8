"""The information notes the académies' exam services upload (one PDF per académie), joined to the confirmation
e-mails of that académie's dossiers; each upload and removal is in the journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, InformationNote
from registration.store.engine import Database, utc

SUBJECT = "notes d'information"


@dataclass(frozen=True)
class NoteInfo:
    academie_code: str
    filename: str
    size: int
    uploaded_by: str
    uploaded_at: datetime


class InformationNotes(Database):
    """One information note per académie: replaced by the next upload, removed on request."""

    def set_information_note(
        self, academie_code: str, filename: str, content: bytes, *, staff_email: str, staff_id: int | None
    ) -> None:
        when = utc(None)

        def work(session: Session) -> None:
            note = session.get(InformationNote, academie_code)
            if note is None:
                session.add(
                    InformationNote(
                        academie_code=academie_code,
                        filename=filename,
                        content=content,
                        uploaded_by=staff_email,
                        uploaded_at=when,
                    )
                )
            else:
                note.filename, note.content, note.uploaded_by, note.uploaded_at = (
                    filename,
                    content,
                    staff_email,
                    when,
                )
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=staff_email,
                    action="note d'information",
                    subject=SUBJECT,
                    field=academie_code,
                    before=None,
                    after=f"{filename} ({len(content) // 1024} Ko)",
                    created_at=when,
                )
            )

        self._run(work)

    def remove_information_note(self, academie_code: str, *, staff_email: str, staff_id: int | None) -> bool:
        when = utc(None)

        def work(session: Session) -> bool:
            removed = session.execute(
                delete(InformationNote).where(InformationNote.academie_code == academie_code)
            ).rowcount  # type: ignore[attr-defined]
            if removed:
                session.add(
                    AuditEntry(
                        staff_id=staff_id,
                        staff_email=staff_email,
                        action="note d'information retirée",
                        subject=SUBJECT,
                        field=academie_code,
                        before=None,
                        after=None,
                        created_at=when,
                    )
                )
            return bool(removed)

        return self._run(work)

    def information_note(self, academie_code: str) -> tuple[str, bytes] | None:
        """(file name, PDF) of the académie's note, None when it has none."""

        def work(session: Session) -> tuple[str, bytes] | None:
            note = session.get(InformationNote, academie_code)
            return (note.filename, bytes(note.content)) if note is not None else None

        return self._run(work)

    def information_notes(self) -> list[NoteInfo]:
        def work(session: Session) -> list[NoteInfo]:
            return [
                NoteInfo(n.academie_code, n.filename, len(n.content), n.uploaded_by, n.uploaded_at)
                for n in session.scalars(select(InformationNote).order_by(InformationNote.academie_code))
            ]

        return self._run(work)
