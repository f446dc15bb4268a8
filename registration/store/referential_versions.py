"""Lists the exam service maintains, as published versions: one immutable row per version, the history, going back.

A kind (``calendar``, ``etablissements``, ``diplomas``) holds the whole list in each version, as JSON rows written and read by
its own module (``registration/calendar_admin.py``, ``registration/establishments_admin.py``). Version 0 is the
shipped file; going back publishes a copy of an earlier version, so the history is never rewritten. Each
publication writes an audit entry in the same transaction; the largest row id, read with the épreuve tables'
in ``generations.py``, tells a server whether its lists are current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, ReferentialVersion
from registration.referentials.records import CALENDAR, DIPLOMAS, ETABLISSEMENTS
from registration.store.engine import Database, utc

AUDIT_SUBJECTS = {
    CALENDAR: "calendrier des inscriptions",
    ETABLISSEMENTS: "établissements ajoutés",
    DIPLOMAS: "listes de diplômes",
}
AUDIT_PUBLISH = {
    CALENDAR: "publication calendrier",
    ETABLISSEMENTS: "publication établissements",
    DIPLOMAS: "publication diplômes",
}
AUDIT_REVERT = {
    CALENDAR: "retour calendrier",
    ETABLISSEMENTS: "retour établissements",
    DIPLOMAS: "retour diplômes",
}


class UnknownVersion(LookupError):
    """No such version of this list."""


@dataclass(frozen=True)
class PublishedList:
    id: int
    kind: str
    version: int
    source: str
    rows: list[Any]
    published_by: str
    published_at: datetime
    changes: str
    restores: int | None


def _view(row: ReferentialVersion) -> PublishedList:
    return PublishedList(
        id=row.id,
        kind=row.kind,
        version=row.version,
        source=row.source,
        rows=list(row.rows),
        published_by=row.published_by,
        published_at=row.published_at,
        changes=row.changes,
        restores=row.restores,
    )


class ReferentialVersions(Database):
    """Publishing, reading and going back over the versions of the lists the exam service maintains."""

    def publish_list(
        self,
        kind: str,
        rows: list[Any],
        *,
        source: str,
        changes: str,
        published_by: str,
        staff_id: int | None = None,
        restores: int | None = None,
        published_at: datetime | None = None,
    ) -> PublishedList:
        """Store the whole list as the next version of its kind, in effect at once; audited."""
        when = utc(published_at)

        def work(session: Session) -> PublishedList:
            previous = session.scalar(
                select(ReferentialVersion)
                .where(ReferentialVersion.kind == kind)
                .order_by(ReferentialVersion.version.desc())
                .limit(1)
            )
            number = previous.version + 1 if previous is not None else 1
            text = f"Retour à la version {restores}.\n{changes}" if restores is not None else changes
            row = ReferentialVersion(
                kind=kind,
                version=number,
                source=source,
                rows=rows,
                published_by=published_by,
                published_at=when,
                changes=text,
                restores=restores,
            )
            session.add(row)
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=published_by,
                    action=(AUDIT_REVERT if restores is not None else AUDIT_PUBLISH)[kind],
                    subject=AUDIT_SUBJECTS[kind],
                    field=f"version {number}",
                    before=f"version {previous.version}" if previous is not None else "fichier livré",
                    after=f"{source} ; {text}"[:4000],
                    created_at=when,
                )
            )
            session.flush()
            return _view(row)

        return self._run_numbering(work)  # another server may take the same version number first

    def list_history(self, kind: str) -> list[PublishedList]:
        """Every published version of a kind, newest first."""

        def work(session: Session) -> list[PublishedList]:
            rows = session.scalars(
                select(ReferentialVersion)
                .where(ReferentialVersion.kind == kind)
                .order_by(ReferentialVersion.version.desc())
            )
            return [_view(row) for row in rows]

        return self._run(work)

    def current_list(self, kind: str) -> PublishedList | None:
        def work(session: Session) -> PublishedList | None:
            row = session.scalar(
                select(ReferentialVersion)
                .where(ReferentialVersion.kind == kind)
                .order_by(ReferentialVersion.version.desc())
                .limit(1)
            )
            return _view(row) if row is not None else None

        return self._run(work)

    def list_version(self, kind: str, version: int) -> PublishedList:
        """One version of a kind (one row read, not the whole history); UnknownVersion when there is none."""

        def work(session: Session) -> PublishedList | None:
            row = session.scalar(
                select(ReferentialVersion).where(
                    ReferentialVersion.kind == kind, ReferentialVersion.version == version
                )
            )
            return _view(row) if row is not None else None

        found = self._run(work)
        if found is None:
            raise UnknownVersion(f"{kind} version {version}")
        return found
