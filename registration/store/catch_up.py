"""The dossiers a published list concerns, and the e-mails that catch them up.

The establishments the exam service adds are confirmed from the dossiers naming one the candidate typed; after a
specialty's exam table is published, the dossiers registered under an older one are « à compléter » and their
candidates told once per version (``registration/lists/kinds/exam_tables.py``): ``epreuve_notice`` keeps which
dossier was told of which version.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registration.models import Dossier, DossierRevision, EpreuveNotice
from registration.store.dossiers import DossierView, _latest_views
from registration.store.engine import Database, utc


class CatchUp(Database):
    """The dossiers of an unlisted establishment or of a specialty, and the catch-up e-mails sent."""

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
