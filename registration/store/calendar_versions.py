"""Registration calendars published by the exam service: one immutable row per version, the history, going back.

Version 0 is ``referentials/calendar.csv`` as shipped; the exam service publishes 1, 2… (console « Calendrier
des inscriptions » or ``python -m registration.referentials calendrier import``). A version holds the whole
calendar, so going back is publishing a copy of an earlier one. Each publication writes an audit entry in the
same transaction; ``calendar_generation()`` (the largest row id) tells a server whether its dates are current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registration.models import AuditEntry, CalendarVersion
from registration.referentials.calendar_json import calendar_as_json, calendar_changes, calendar_from_json
from registration.referentials.records import CalendarEntry
from registration.store.engine import RETRIES, Database, utc

AUDIT_PUBLISH = "publication calendrier"
AUDIT_REVERT = "retour calendrier"
AUDIT_SUBJECT = "calendrier des inscriptions"


class UnknownCalendarVersion(LookupError):
    """No such version of the calendar."""


@dataclass(frozen=True)
class PublishedCalendar:
    id: int
    version: int
    source: str
    entries: tuple[CalendarEntry, ...]
    published_by: str
    published_at: datetime
    changes: str
    restores: int | None


def _view(row: CalendarVersion) -> PublishedCalendar:
    return PublishedCalendar(
        id=row.id,
        version=row.version,
        source=row.source,
        entries=calendar_from_json(row.rows),
        published_by=row.published_by,
        published_at=row.published_at,
        changes=row.changes,
        restores=row.restores,
    )


class CalendarVersions(Database):
    """Publishing, reading and going back over the exam service's versions of the registration calendar."""

    def publish_calendar(
        self,
        entries: tuple[CalendarEntry, ...],
        *,
        source: str,
        published_by: str,
        base: tuple[CalendarEntry, ...],
        staff_id: int | None = None,
        restores: int | None = None,
        published_at: datetime | None = None,
    ) -> PublishedCalendar:
        """Store the whole calendar ``entries`` as the next version, in effect at once; audited.

        ``base`` is the shipped calendar (version 0), compared with when nothing was published before."""
        when = utc(published_at)
        rows = calendar_as_json(entries)

        def work(session: Session) -> PublishedCalendar:
            previous = session.scalar(
                select(CalendarVersion).order_by(CalendarVersion.version.desc()).limit(1)
            )
            before = calendar_from_json(previous.rows) if previous is not None else base
            number = previous.version + 1 if previous is not None else 1
            changes = "\n".join(calendar_changes(before, entries)) or "Aucune date modifiée."
            if restores is not None:
                changes = f"Retour à la version {restores}.\n{changes}"
            row = CalendarVersion(
                version=number,
                source=source,
                rows=rows,
                published_by=published_by,
                published_at=when,
                changes=changes,
                restores=restores,
            )
            session.add(row)
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=published_by,
                    action=AUDIT_REVERT if restores is not None else AUDIT_PUBLISH,
                    subject=AUDIT_SUBJECT,
                    field=f"version {number}",
                    before=f"version {previous.version}" if previous is not None else "fichier livré",
                    after=f"{source} ; {changes}"[:4000],
                    created_at=when,
                )
            )
            session.flush()
            return _view(row)

        for attempt in range(RETRIES):
            try:
                return self._run(work)
            except IntegrityError:  # another server published the same version number first
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def calendar_history(self) -> list[PublishedCalendar]:
        """Every published version, newest first."""

        def work(session: Session) -> list[PublishedCalendar]:
            rows = session.scalars(select(CalendarVersion).order_by(CalendarVersion.version.desc()))
            return [_view(row) for row in rows]

        return self._run(work)

    def current_calendar(self) -> PublishedCalendar | None:
        def work(session: Session) -> PublishedCalendar | None:
            row = session.scalar(select(CalendarVersion).order_by(CalendarVersion.version.desc()).limit(1))
            return _view(row) if row is not None else None

        return self._run(work)

    def calendar_generation(self) -> int:
        """Changes with every publication (0: nothing published): one cheap query per turn."""
        return self._run(lambda session: session.scalar(select(func.max(CalendarVersion.id))) or 0)

    def revert_calendar(
        self,
        version: int,
        *,
        published_by: str,
        base: tuple[CalendarEntry, ...],
        staff_id: int | None = None,
    ) -> PublishedCalendar:
        """Publish a copy of an earlier version (0: ``base``, the shipped calendar) as a new version."""
        if version == 0:
            entries, source = base, "calendrier livré (referentials/calendar.csv)"
        else:
            found = next((v for v in self.calendar_history() if v.version == version), None)
            if found is None:
                raise UnknownCalendarVersion(f"calendar version {version}")
            entries, source = found.entries, found.source
        return self.publish_calendar(
            entries, source=source, published_by=published_by, base=base, staff_id=staff_id, restores=version
        )
