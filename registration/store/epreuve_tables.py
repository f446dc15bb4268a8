"""Exam tables published by the exam service: one immutable row per version, the history, going back.

Version 0 of a specialty is the file shipped in ``referentials/epreuves/``; the exam service publishes 1, 2…
(console « Règlements d'examen » or ``python -m registration.referentials epreuves import``). Going back to
an earlier version publishes a copy of it as a new version, so the history is never rewritten. Each
publication writes an audit entry in the same transaction. ``epreuve_tables_generation()`` (the largest row
id) changes with every publication: one cheap query tells a server whether its tables are still current.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, Dossier, DossierRevision, EpreuveNotice, EpreuveTableVersion
from registration.referentials.records import LEVEL_LABELS, EpreuveTable
from registration.referentials.table_json import table_as_json, table_changes, table_from_json
from registration.store.dossiers import DossierView, _latest_views
from registration.store.engine import Database, utc

AUDIT_PUBLISH = "publication règlement"
AUDIT_REVERT = "retour règlement"


class UnknownTableVersion(LookupError):
    """No such version of this specialty's table."""


@dataclass(frozen=True)
class PublishedTable:
    id: int
    specialite: str
    version: int
    level: str
    source: str
    source_date: date | None
    table: EpreuveTable
    published_by: str
    published_at: datetime
    changes: str
    restores: int | None

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


def _view(row: EpreuveTableVersion) -> PublishedTable:
    return PublishedTable(
        id=row.id,
        specialite=row.specialite,
        version=row.version,
        level=row.level,
        source=row.source,
        source_date=date.fromisoformat(row.source_date) if row.source_date else None,
        table=table_from_json(row.table, row.version),
        published_by=row.published_by,
        published_at=row.published_at,
        changes=row.changes,
        restores=row.restores,
    )


def audit_subject(specialite: str) -> str:
    return f"règlement d'examen {specialite}"


class EpreuveTables(Database):
    """Publishing, reading and going back over the exam service's versions of the épreuve tables."""

    def publish_epreuve_table(
        self,
        table: EpreuveTable,
        *,
        published_by: str,
        staff_id: int | None = None,
        base: EpreuveTable | None = None,
        restores: int | None = None,
        published_at: datetime | None = None,
    ) -> PublishedTable:
        """Store ``table`` as the next version of its specialty, in effect at once; audited.

        ``base`` is the shipped table (version 0), compared with when nothing was published before.
        """
        when = utc(published_at)
        data = table_as_json(table)

        def work(session: Session) -> PublishedTable:
            previous = session.scalar(
                select(EpreuveTableVersion)
                .where(EpreuveTableVersion.specialite == table.specialite)
                .order_by(EpreuveTableVersion.version.desc())
                .limit(1)
            )
            before = _view(previous).table if previous is not None else base
            number = previous.version + 1 if previous is not None else 1
            changes = table_changes(before, table)
            if restores is not None:
                changes = f"Retour à la version {restores}. {changes}"
            row = EpreuveTableVersion(
                specialite=table.specialite,
                version=number,
                level=table.level,
                source=table.source,
                source_date=table.source_date.isoformat() if table.source_date else None,
                table=data,
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
                    subject=audit_subject(table.specialite),
                    field=f"version {number}",
                    before=(
                        f"version {previous.version} ({LEVEL_LABELS[previous.level]})"
                        if previous is not None
                        else (f"fichier livré ({LEVEL_LABELS[base.level]})" if base is not None else None)
                    ),
                    after=f"{LEVEL_LABELS[table.level]} ; {table.source} ; {changes}"[:4000],
                    created_at=when,
                )
            )
            session.flush()
            return _view(row)

        return self._run_numbering(work)  # another server may take the same version number first

    def revert_epreuve_table(
        self,
        specialite: str,
        version: int,
        *,
        published_by: str,
        staff_id: int | None = None,
        base: EpreuveTable | None = None,
    ) -> PublishedTable:
        """Publish a copy of an earlier version (0: ``base``, the shipped table) as a new version."""
        if version == 0:
            if base is None:
                raise UnknownTableVersion(f"{specialite}: no shipped table")
            table = base
        else:
            found = self.epreuve_table_version(specialite, version)
            if found is None:
                raise UnknownTableVersion(f"{specialite}: no version {version}")
            table = found.table
        return self.publish_epreuve_table(
            table, published_by=published_by, staff_id=staff_id, base=base, restores=version
        )

    def epreuve_table_version(self, specialite: str, version: int) -> PublishedTable | None:
        def work(session: Session) -> PublishedTable | None:
            row = session.scalar(
                select(EpreuveTableVersion).where(
                    EpreuveTableVersion.specialite == specialite, EpreuveTableVersion.version == version
                )
            )
            return _view(row) if row is not None else None

        return self._run(work)

    def epreuve_table_history(self, specialite: str) -> list[PublishedTable]:
        """Every published version of a specialty's table, newest first."""

        def work(session: Session) -> list[PublishedTable]:
            rows = session.scalars(
                select(EpreuveTableVersion)
                .where(EpreuveTableVersion.specialite == specialite)
                .order_by(EpreuveTableVersion.version.desc())
            )
            return [_view(row) for row in rows]

        return self._run(work)

    def current_epreuve_tables(self) -> dict[str, PublishedTable]:
        """The latest published version of every specialty that has one."""

        def work(session: Session) -> dict[str, PublishedTable]:
            latest = (
                select(
                    EpreuveTableVersion.specialite,
                    func.max(EpreuveTableVersion.version).label("version"),
                )
                .group_by(EpreuveTableVersion.specialite)
                .subquery()
            )
            rows = session.scalars(
                select(EpreuveTableVersion).join(
                    latest,
                    (EpreuveTableVersion.specialite == latest.c.specialite)
                    & (EpreuveTableVersion.version == latest.c.version),
                )
            )
            return {row.specialite: _view(row) for row in rows}

        return self._run(work)

    def epreuve_tables_generation(self) -> int:
        """A number that changes with every publication (the largest version row id; 0 before any)."""
        return self._run(lambda session: session.scalar(select(func.max(EpreuveTableVersion.id))) or 0)

    # ---- catching up: the dossiers registered under an older table, and the e-mails sent to them

    def dossiers_with_unlisted_establishment(self, session: int) -> list[DossierView]:
        """The dossiers of a session whose latest revision names an establishment the candidate typed."""

        def work(db: Session) -> list[DossierView]:
            unlisted = DossierRevision.content[("etablissement", "type")].as_string()
            rows = db.scalars(
                select(Dossier)
                .join(
                    DossierRevision,
                    (DossierRevision.dossier_id == Dossier.id)
                    & (DossierRevision.revision == Dossier.revision),
                )
                .where(Dossier.session == session, unlisted == "NON_REFERENCE")
                .order_by(Dossier.academie_code, Dossier.number)
            )
            return _latest_views(db, list(rows))

        return self._run(work)

    def dossiers_of_specialite(self, codes: Iterable[str], session: int) -> list[DossierView]:
        """The dossiers of a session whose latest revision is in one of these specialty (or option) codes."""
        wanted = sorted(set(codes))
        session_year = session

        def work(db: Session) -> list[DossierView]:
            code = DossierRevision.content[("specialite", "code")].as_string()
            rows = db.scalars(
                select(Dossier)
                .join(
                    DossierRevision,
                    (DossierRevision.dossier_id == Dossier.id)
                    & (DossierRevision.revision == Dossier.revision),
                )
                .where(Dossier.session == session_year, code.in_(wanted))
                .order_by(Dossier.academie_code, Dossier.number)
            )
            return _latest_views(db, list(rows))

        return self._run(work)

    def claim_epreuve_notice(self, dossier_id: int, specialite: str, version: int) -> bool:
        """Reserve the catch-up e-mail of a dossier for a version; False when it was already sent (or is being)."""
        when = utc(None)
        insert = self._insert()

        def work(session: Session) -> bool:
            inserted = session.scalar(
                insert(EpreuveNotice)
                .values(dossier_id=dossier_id, specialite=specialite, version=version, sent_at=when)
                .on_conflict_do_nothing(index_elements=["dossier_id", "specialite", "version"])
                .returning(EpreuveNotice.id)
            )
            return inserted is not None

        return self._run(work)

    def release_epreuve_notice(self, dossier_id: int, specialite: str, version: int) -> None:
        """Forget a reservation whose e-mail could not leave, so that it is tried again later."""
        self._run(
            lambda session: session.execute(
                delete(EpreuveNotice).where(
                    EpreuveNotice.dossier_id == dossier_id,
                    EpreuveNotice.specialite == specialite,
                    EpreuveNotice.version == version,
                )
            )
        )

    def epreuve_notices(self, specialite: str) -> dict[int, tuple[int, datetime]]:
        """dossier id → (latest version notified, when) for a specialty."""

        def work(session: Session) -> dict[int, tuple[int, datetime]]:
            rows = session.scalars(
                select(EpreuveNotice)
                .where(EpreuveNotice.specialite == specialite)
                .order_by(EpreuveNotice.version)
            )
            return {row.dossier_id: (row.version, row.sent_at) for row in rows}

        return self._run(work)
