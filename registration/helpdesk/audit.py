"""The audit log: everything a conseiller does (who, when, what, before and after), readable and exportable."""

from __future__ import annotations

import getpass
import io
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from registration.documents.spreadsheet import csv_writer
from registration.models import AuditEntry
from registration.settings import now
from registration.store import Store

CSV_COLUMNS = ("date", "conseiller", "action", "objet", "champ", "avant", "après")


def command_line_author() -> str:
    """Who acts from the command line, as the journal names them: « ligne de commande (user) »."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "inconnu"
    return f"ligne de commande ({user})"


@dataclass(frozen=True)
class AuditView:
    created_at: datetime
    staff_email: str
    action: str
    subject: str
    field: str | None
    before: str | None
    after: str | None


class AuditLog:
    """Appends to and reads the audit log."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def record(
        self,
        *,
        staff_id: int | None,
        staff_email: str,
        action: str,
        subject: str,
        field: str | None = None,
        before: str | None = None,
        after: str | None = None,
    ) -> None:
        when = now()

        def work(session: Session) -> None:
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=staff_email,
                    action=action,
                    subject=subject,
                    field=field,
                    before=before,
                    after=after,
                    created_at=when,
                )
            )

        self.store.transaction(work)

    def entries(self, subject: str | None = None, limit: int = 500) -> list[AuditView]:
        """Newest first; only one conversation's entries when ``subject`` is given."""

        def work(session: Session) -> list[AuditView]:
            query = (
                select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit)
            )
            if subject is not None:
                query = query.where(AuditEntry.subject == subject)
            return [
                AuditView(e.created_at, e.staff_email, e.action, e.subject, e.field, e.before, e.after)
                for e in session.scalars(query)
            ]

        return self.store.transaction(work)

    def as_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv_writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for e in reversed(self.entries(limit=100_000)):
            writer.writerow(
                [
                    e.created_at.isoformat(),
                    e.staff_email,
                    e.action,
                    e.subject,
                    e.field or "",
                    e.before or "",
                    e.after or "",
                ]
            )
        return buffer.getvalue()
