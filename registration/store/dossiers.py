"""Validated dossiers: numbering, immutable revisions, their PDF and e-mail marks, and the views read back.

Dossier numbers are national: one counter row, updated in the same transaction as the dossier insert, gives
every académie and every session its numbers, so a number is never given twice (the dossier number and the
birth date then name one dossier) and numbers stay consecutive under concurrent validations. The first number
is the store's ``first_number``, or above every number already given (dossiers numbered per académie before
keep theirs). The guide's label of a dossier is "N – R": the number, an en dash between
spaces, the revision (0 when created, +1 at each modification).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registration.models import (
    AuditEntry,
    Candidate,
    Dossier,
    DossierCounter,
    DossierEvent,
    DossierRevision,
    NationalCounter,
    Reminder,
)
from registration.rules.confirmation import ATTENTE, RECEIVED, describe
from registration.rules.text import normalise
from registration.store.engine import RETRIES, Database, utc

# Who set a signed confirmation aside, in the dossier's history and the journal: the candidate's modification.
CANDIDATE = "candidat (modification)"
SIGNATURE_AGAIN = "révision {new} à signer ; la confirmation signée reçue est celle de la révision {signed}"


class DossierNotFound(LookupError):
    """No dossier has this number in this académie and session."""


class StaleRevision(RuntimeError):
    """A modification started from a revision that is no longer the dossier's latest."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the dossier is at revision {current}")
        self.current = current


@dataclass(frozen=True)
class ValidatedRevision:
    dossier_id: int
    revision_id: int
    number: int
    revision: int
    academie_code: str
    session: int
    validated_at: datetime
    label: str
    pdf: bytes | None = None
    mailed: bool = False
    existing: bool = False  # True when this revision was already stored under the same validation key
    # A modification after the signed confirmation arrived: the revision that was signed (it no longer counts,
    # this one is to be signed and sent again); None when nothing signed was set aside.
    signed_revision: int | None = None


@dataclass(frozen=True)
class DossierView:
    id: int
    number: int
    academie_code: str
    session: int
    revision: int
    label: str
    content: dict
    validated_at: datetime
    # The signed confirmation's state as recorded (registration.rules.confirmation words it).
    status: str
    status_detail: str | None
    received_on: str | None
    late: bool


@dataclass(frozen=True)
class RevisionView:
    id: int
    dossier_id: int
    revision: int
    content: dict
    pdf: bytes | None
    validated_at: datetime
    label: str
    filename: str


def dossier_label(number: int, revision: int) -> str:
    """The guide's label of a dossier revision, e.g. "175 – 0" (en dash between spaces)."""
    return f"{number} \u2013 {revision}"


def revision_filename(session: int, number: int, revision: int) -> str:
    """The file name of a revision's confirmation PDF."""
    return f"confirmation-inscription-BTS-{session}-dossier-{number}-{revision}.pdf"


def searchable_facts(content: dict) -> dict[str, str | None]:
    """What the back office searches, filters and sorts dossiers on, read from a revision's content."""
    etat_civil = content.get("etat_civil") or {}
    number = str(content.get("former_candidate_number") or "").replace(" ", "") or None
    return {
        "family_name": str(etat_civil.get("nom") or "").strip().upper()[:200],
        "first_names": str(etat_civil.get("prenoms") or "").strip()[:200],
        "birth_date": str(etat_civil.get("date_naissance") or "").strip()[:10],
        "candidate_number": number[:32] if number else None,
        "specialite": str((content.get("specialite") or {}).get("code") or "")[:16],
        "etablissement": str((content.get("etablissement") or {}).get("code") or "")[:16],
        "categorie": str((content.get("categorie") or {}).get("code") or "")[:40],
    }


def same_person_key(name: str) -> str:
    """A name as two registrations of the same person compare it: no case, accents, hyphens or extra spaces."""
    return " ".join(normalise(name or "").replace("-", " ").replace("'", " ").split())


def first_dossier_number(first_number: int | None) -> int:
    """The first number of a new (académie, session): given, else ``BTS_FIRST_DOSSIER_NUMBER``, else 1."""
    if first_number is None:
        first_number = int(os.environ.get("BTS_FIRST_DOSSIER_NUMBER") or 1)
    return first_number


def validated_revision(
    dossier: Dossier, revision: DossierRevision, *, existing: bool = False
) -> ValidatedRevision:
    return ValidatedRevision(
        dossier_id=dossier.id,
        revision_id=revision.id,
        number=dossier.number,
        revision=revision.revision,
        academie_code=dossier.academie_code,
        session=dossier.session,
        validated_at=revision.validated_at,
        label=dossier_label(dossier.number, revision.revision),
        pdf=revision.pdf,
        mailed=revision.mailed_at is not None,
        existing=existing,
    )


def dossier_view(dossier: Dossier, latest: DossierRevision) -> DossierView:
    return DossierView(
        id=dossier.id,
        number=dossier.number,
        academie_code=dossier.academie_code,
        session=dossier.session,
        revision=dossier.revision,
        label=dossier_label(dossier.number, dossier.revision),
        content=copy.deepcopy(latest.content),
        validated_at=latest.validated_at,
        status=dossier.status,
        status_detail=dossier.status_detail,
        received_on=dossier.received_on,
        late=dossier.late,
    )


def revision_view(dossier: Dossier, revision: DossierRevision) -> RevisionView:
    return RevisionView(
        id=revision.id,
        dossier_id=dossier.id,
        revision=revision.revision,
        content=copy.deepcopy(revision.content),
        pdf=revision.pdf,
        validated_at=revision.validated_at,
        label=dossier_label(dossier.number, revision.revision),
        filename=revision_filename(dossier.session, dossier.number, revision.revision),
    )


def _latest_views(
    session: Session, dossiers: list[Dossier], birth_date: str | None = None
) -> list[DossierView]:
    views = []
    for dossier in dossiers:
        latest = session.scalar(
            select(DossierRevision).where(
                DossierRevision.dossier_id == dossier.id, DossierRevision.revision == dossier.revision
            )
        )
        if latest is None:
            continue
        if birth_date is not None:
            typed = ((latest.content.get("etat_civil") or {}).get("date_naissance") or "").strip()
            if typed != birth_date:
                continue
        views.append(dossier_view(dossier, latest))
    return views


def journal_name_change(db: Session, dossier: Dossier, content: dict, when: datetime) -> None:
    """A family name corrected at a modification (first-time candidates only may) goes to the journal."""
    before = db.scalar(
        select(DossierRevision.content).where(
            DossierRevision.dossier_id == dossier.id, DossierRevision.revision == dossier.revision
        )
    )
    old = str(((before or {}).get("etat_civil") or {}).get("nom") or "")
    new = str((content.get("etat_civil") or {}).get("nom") or "")
    if old == new:
        return
    db.add(
        AuditEntry(
            staff_id=None,
            staff_email=CANDIDATE,
            action="nom de famille corrigé",
            subject=f"dossier:{dossier.id}",
            field=dossier_label(dossier.number, dossier.revision + 1),
            before=old,
            after=new,
            created_at=when,
        )
    )


def set_signature_aside(db: Session, dossier: Dossier, when: datetime) -> int | None:
    """A modification after the signed confirmation arrived: the new revision is to be signed again.

    The state goes back to « en attente » (history, journal), the earlier reminder is forgotten so that the
    new revision gets its own; the revision that was signed stays on the dossier (``signed_revision``).
    """
    if dossier.status not in RECEIVED:
        return None
    signed = dossier.signed_revision if dossier.signed_revision is not None else dossier.revision - 1
    before = describe(dossier.status, dossier.status_detail, dossier.received_on, dossier.late)
    detail = SIGNATURE_AGAIN.format(
        new=dossier_label(dossier.number, dossier.revision), signed=dossier_label(dossier.number, signed)
    )
    dossier.status, dossier.status_detail, dossier.status_at = ATTENTE, None, when
    dossier.received_on, dossier.late = None, False
    db.add(
        DossierEvent(
            dossier_id=dossier.id,
            status=ATTENTE,
            detail=detail,
            received_on=None,
            late=False,
            staff_email=CANDIDATE,
            created_at=when,
        )
    )
    db.add(
        AuditEntry(
            staff_id=None,
            staff_email=CANDIDATE,
            action="nouvelle confirmation signée demandée",
            subject=f"dossier:{dossier.id}",
            field=dossier_label(dossier.number, dossier.revision),
            before=before,
            after=f"{describe(ATTENTE, None, None, False)} – {detail}",
            created_at=when,
        )
    )
    db.execute(delete(Reminder).where(Reminder.dossier_id == dossier.id, Reminder.kind == "confirmation"))
    return signed


class DossierReads(Database):
    """Finding dossiers and their revisions."""

    def find_dossiers(
        self, number: int, birth_date: str, academie_code: str | None = None
    ) -> list[DossierView]:
        """The dossiers with this number whose latest revision has this birth date ("DD/MM/YYYY").

        Newest session first.
        """
        wanted = (birth_date or "").strip()
        if not wanted:
            return []

        def work(session: Session) -> list[DossierView]:
            query = select(Dossier).where(Dossier.number == number)
            if academie_code is not None:
                query = query.where(Dossier.academie_code == academie_code)
            query = query.order_by(Dossier.session.desc(), Dossier.academie_code)
            return _latest_views(session, list(session.scalars(query)), wanted)

        return self._run(work)

    def dossiers_numbered(self, number: int, session: int) -> list[DossierView]:
        """Every dossier of a session with this number, whatever its académie (to warn their owners)."""
        session_year = session

        def work(db: Session) -> list[DossierView]:
            rows = db.scalars(
                select(Dossier).where(Dossier.number == number, Dossier.session == session_year)
            )
            return _latest_views(db, list(rows))

        return self._run(work)

    def dossiers_of_address(self, email: str, birth_date: str, session: int) -> list[DossierView]:
        """The session's dossiers whose latest revision has this e-mail address and birth date (« numéro perdu »)."""
        wanted, session_year = (email or "").strip().lower(), session

        def work(db: Session) -> list[DossierView]:
            rows = db.scalars(
                select(Dossier)
                .where(Dossier.session == session_year, Dossier.birth_date == (birth_date or "").strip())
                .order_by(Dossier.id)
            )
            return [
                view
                for view in _latest_views(db, list(rows))
                if str(view.content.get("email") or "").strip().lower() == wanted
            ]

        return self._run(work) if wanted else []

    def same_person_dossiers(
        self, family_name: str, first_names: str, birth_date: str, specialite: str, session: int
    ) -> list[int]:
        """Ids of the session's dossiers of this person (names read without case or accents) in this specialty."""
        session_year = session
        wanted = (same_person_key(family_name), same_person_key(first_names))

        def work(db: Session) -> list[int]:
            rows = db.execute(
                select(Dossier.id, Dossier.family_name, Dossier.first_names).where(
                    Dossier.session == session_year,
                    Dossier.birth_date == (birth_date or "").strip(),
                    Dossier.specialite == specialite,
                )
            )
            return [
                row.id
                for row in rows
                if (same_person_key(row.family_name), same_person_key(row.first_names)) == wanted
            ]

        return self._run(work)

    def get_dossier(self, academie_code: str, session: int, number: int) -> DossierView | None:
        session_year = session

        def work(db: Session) -> DossierView | None:
            dossier = db.scalar(
                select(Dossier).where(
                    Dossier.academie_code == academie_code,
                    Dossier.session == session_year,
                    Dossier.number == number,
                )
            )
            views = _latest_views(db, [dossier]) if dossier else []
            return views[0] if views else None

        return self._run(work)

    def revisions(self, dossier_id: int) -> list[RevisionView]:
        """Every revision of a dossier, oldest first."""

        def work(session: Session) -> list[RevisionView]:
            dossier = session.get(Dossier, dossier_id)
            if dossier is None:
                return []
            rows = session.scalars(
                select(DossierRevision)
                .where(DossierRevision.dossier_id == dossier_id)
                .order_by(DossierRevision.revision)
            )
            return [revision_view(dossier, row) for row in rows]

        return self._run(work)


class DossierWrites(Database):
    """Validating dossiers (new ones and modifications) and completing their revisions."""

    first_number: int

    def _allocate_number(self, session: Session, academie_code: str, session_year: int) -> int:
        """The next national number (``academie_code`` and ``session_year`` do not take part in it)."""
        if session.get(NationalCounter, 1) is None:
            given = [
                session.scalar(select(func.max(Dossier.number))),
                session.scalar(select(func.max(DossierCounter.last_number))),
            ]
            start = max([self.first_number - 1] + [n for n in given if n is not None])
            session.execute(
                self._insert()(NationalCounter)
                .values(id=1, last_number=start)
                .on_conflict_do_nothing(index_elements=["id"])
            )
        return session.execute(
            update(NationalCounter)
            .where(NationalCounter.id == 1)
            .values(last_number=NationalCounter.last_number + 1)
            .returning(NationalCounter.last_number)
        ).scalar_one()

    def _upsert_candidate(self, session: Session, content: dict, when: datetime) -> int | None:
        etat_civil = content.get("etat_civil") or {}
        family_name = (etat_civil.get("nom") or "").strip()
        first_names = (etat_civil.get("prenoms") or "").strip()
        birth_date = (etat_civil.get("date_naissance") or "").strip()
        if not (family_name and first_names and birth_date):
            return None
        email = content.get("email") or None
        insert = self._insert()
        statement = insert(Candidate).values(
            family_name=family_name,
            first_names=first_names,
            birth_date=birth_date,
            email=email,
            updated_at=when,
        )
        statement = statement.on_conflict_do_update(
            index_elements=["family_name", "first_names", "birth_date"],
            set_={"email": statement.excluded.email, "updated_at": statement.excluded.updated_at},
        )
        session.execute(statement)
        return session.scalar(
            select(Candidate.id).where(
                Candidate.family_name == family_name,
                Candidate.first_names == first_names,
                Candidate.birth_date == birth_date,
            )
        )

    def validate(
        self,
        content: dict,
        *,
        academie_code: str,
        session: int,
        dossier_number: int | None = None,
        validated_at: datetime | None = None,
        request_key: str | None = None,
        expected_revision: int | None = None,
        channel: str | None = None,
        sender_id: str | None = None,
        origin_sender_id: str | None = None,
    ) -> ValidatedRevision:
        """Store a validated revision: a new dossier (revision 0) or the next revision of an existing one.

        ``request_key`` makes it idempotent: a second call with the same key returns the revision stored
        by the first (``existing=True``) and writes nothing. ``expected_revision`` guards a modification:
        when the dossier moved on since the candidate opened it, :class:`StaleRevision` is raised.
        ``channel`` (web, widget, telegram, staff) is where the dossier started and ``origin_sender_id`` the
        conversation it started in (a conseiller's phone start included), both kept from the first revision;
        ``sender_id`` the conversation that validated this revision (its help-desk requests belong to the
        dossier's history).
        """
        when = utc(validated_at)
        session_year = session
        frozen = copy.deepcopy(content)

        def work(db: Session) -> ValidatedRevision:
            if request_key:
                done = db.scalar(select(DossierRevision).where(DossierRevision.request_key == request_key))
                if done is not None:
                    return validated_revision(done.dossier, done, existing=True)
            candidate_id = self._upsert_candidate(db, frozen, when)
            if dossier_number is None:
                number = self._allocate_number(db, academie_code, session_year)
                dossier = Dossier(
                    number=number,
                    academie_code=academie_code,
                    session=session_year,
                    revision=0,
                    candidate_id=candidate_id,
                    created_at=when,
                    channel=channel,
                    origin_sender_id=origin_sender_id,
                    status="attente",
                    late=False,
                )
                db.add(dossier)
                db.flush()
            else:
                existing = db.scalar(
                    select(Dossier)
                    .where(
                        Dossier.academie_code == academie_code,
                        Dossier.session == session_year,
                        Dossier.number == dossier_number,
                    )
                    .with_for_update()
                )
                if existing is None:
                    raise DossierNotFound(
                        f"no dossier {dossier_number} in académie {academie_code}, session {session_year}"
                    )
                dossier = existing
                if expected_revision is not None and dossier.revision != expected_revision:
                    raise StaleRevision(dossier.revision)
                journal_name_change(db, dossier, frozen, when)
                dossier.revision += 1
                if candidate_id is not None:
                    dossier.candidate_id = candidate_id
                signed = set_signature_aside(db, dossier, when)
            for name, value in searchable_facts(frozen).items():
                setattr(dossier, name, value)
            dossier.validated_at = when
            dossier.sender_id = sender_id or dossier.sender_id
            revision = DossierRevision(
                dossier_id=dossier.id,
                revision=dossier.revision,
                content=frozen,
                validated_at=when,
                request_key=request_key,
            )
            db.add(revision)
            db.flush()
            validated = validated_revision(dossier, revision)
            return replace(validated, signed_revision=signed) if dossier_number is not None else validated

        for attempt in range(RETRIES):
            try:
                return self._run(work)
            except IntegrityError:
                if not request_key or attempt == RETRIES - 1:
                    raise  # the same key validated concurrently: the next round returns that revision
        raise AssertionError("unreachable")

    def mark_mailed(self, revision_id: int) -> None:
        """Record that the confirmation e-mail of a revision left (it is not sent again)."""
        when = utc(None)
        self._run(
            lambda session: session.execute(
                update(DossierRevision)
                .where(DossierRevision.id == revision_id)
                .values(mailed_at=when, mail_retry_at=None, mail_error=None)
            )
        )

    def attach_pdf(self, revision_id: int, pdf: bytes) -> None:
        """Attach the confirmation PDF to a revision; once attached it cannot be replaced by another."""

        def work(session: Session) -> None:
            revision = session.get(DossierRevision, revision_id)
            if revision is None:
                raise LookupError(f"no revision {revision_id}")
            if revision.pdf is not None:
                if revision.pdf == pdf:
                    return
                raise ValueError(f"revision {revision_id} already has its PDF")
            revision.pdf = bytes(pdf)

        self._run(work)
