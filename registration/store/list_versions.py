"""The lists the exam service maintains, as published versions: one immutable row per version, keyed by (kind, key,
version), the history, the versions in effect, the generation every server watches.

A kind (``calendar``, ``etablissements``, ``diplomas``, ``epreuves``) is declared in ``registration/lists/kinds/``,
which writes and reads what a version holds (its JSON ``data``); the store keeps it as it is given. ``key`` is
the part of a kind a version holds (a specialty's exam table), empty for a list published whole. Version 0 is
the shipped file and is never stored; going back publishes a copy of an earlier version, so the history is never
rewritten. Each publication writes its audit entry in the same transaction, with the words its kind gives
(:class:`Publishing`) for the version it follows. The largest row id (:meth:`ListVersions.lists_generation`)
tells a server in one cheap query whether its lists are current.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, ReferentialVersion
from registration.store.engine import Database, utc


@dataclass(frozen=True)
class PublishedVersion:
    id: int
    kind: str
    key: str
    version: int
    source: str
    data: Any  # as the kind wrote it
    published_by: str
    published_at: datetime
    changes: str
    restores: int | None


@dataclass(frozen=True)
class Publishing:
    """What a publication says besides the list itself, worked out from the version it follows: the changes
    (stored with the version) and the journal's words."""

    changes: str
    action: str
    subject: str
    before: str | None
    after: str


def _view(row: ReferentialVersion) -> PublishedVersion:
    return PublishedVersion(
        id=row.id,
        kind=row.kind,
        key=row.key,
        version=row.version,
        source=row.source,
        data=row.rows,
        published_by=row.published_by,
        published_at=row.published_at,
        changes=row.changes,
        restores=row.restores,
    )


def _of(kind: str, key: str):
    return select(ReferentialVersion).where(ReferentialVersion.kind == kind, ReferentialVersion.key == key)


class ListVersions(Database):
    """Publishing and reading the versions of the lists the exam service maintains."""

    def publish_version(
        self,
        kind: str,
        key: str,
        data: Any,
        *,
        source: str,
        published_by: str,
        describe: Callable[[PublishedVersion | None], Publishing],
        staff_id: int | None = None,
        restores: int | None = None,
        published_at: datetime | None = None,
    ) -> PublishedVersion:
        """Store ``data`` as the next version of (kind, key), in effect at once, and its audit entry; ``describe``
        gets the version in effect until now (None: the shipped file) and says what changes."""
        when = utc(published_at)

        def work(session: Session) -> PublishedVersion:
            previous = session.scalar(_of(kind, key).order_by(ReferentialVersion.version.desc()).limit(1))
            number = previous.version + 1 if previous is not None else 1
            said = describe(_view(previous) if previous is not None else None)
            row = ReferentialVersion(
                kind=kind,
                key=key,
                version=number,
                source=source,
                rows=data,
                published_by=published_by,
                published_at=when,
                changes=said.changes,
                restores=restores,
            )
            session.add(row)
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=published_by,
                    action=said.action,
                    subject=said.subject,
                    field=f"version {number}",
                    before=said.before,
                    after=said.after[:4000],
                    created_at=when,
                )
            )
            session.flush()
            return _view(row)

        return self._run_numbering(work)  # another server may take the same version number first

    def latest_version(self, kind: str, key: str = "") -> PublishedVersion | None:
        """The version of (kind, key) in effect; None while the shipped file is."""

        def work(session: Session) -> PublishedVersion | None:
            row = session.scalar(_of(kind, key).order_by(ReferentialVersion.version.desc()).limit(1))
            return _view(row) if row is not None else None

        return self._run(work)

    def latest_versions(self, kind: str) -> dict[str, PublishedVersion]:
        """The version in effect of every key of a kind that has one."""

        def work(session: Session) -> dict[str, PublishedVersion]:
            latest = (
                select(ReferentialVersion.key, func.max(ReferentialVersion.version).label("version"))
                .where(ReferentialVersion.kind == kind)
                .group_by(ReferentialVersion.key)
                .subquery()
            )
            rows = session.scalars(
                select(ReferentialVersion).join(
                    latest,
                    (ReferentialVersion.kind == kind)
                    & (ReferentialVersion.key == latest.c.key)
                    & (ReferentialVersion.version == latest.c.version),
                )
            )
            return {row.key: _view(row) for row in rows}

        return self._run(work)

    def list_versions(self, kind: str, key: str = "") -> list[PublishedVersion]:
        """Every published version of (kind, key), newest first."""

        def work(session: Session) -> list[PublishedVersion]:
            rows = session.scalars(_of(kind, key).order_by(ReferentialVersion.version.desc()))
            return [_view(row) for row in rows]

        return self._run(work)

    def list_version(self, kind: str, key: str, version: int) -> PublishedVersion | None:
        """One version (one row read, not the whole history); None when there is none."""

        def work(session: Session) -> PublishedVersion | None:
            row = session.scalar(_of(kind, key).where(ReferentialVersion.version == version))
            return _view(row) if row is not None else None

        return self._run(work)

    def lists_generation(self) -> int:
        """A number that changes with every publication of any list (the largest row id; 0 before any)."""
        return self._run(lambda session: session.scalar(select(func.max(ReferentialVersion.id))) or 0)
