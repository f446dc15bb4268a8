"""Persistence: drafts, validated dossiers, download links, former candidates, hand-offs.

Dossier numbers are allocated per (académie, session) from a counter row that is updated in the same
transaction as the dossier insert, so they stay unique and consecutive under concurrent validations
(PostgreSQL: row lock taken by ``UPDATE ... RETURNING``; SQLite: every transaction starts with
``BEGIN IMMEDIATE``, WAL journal, busy timeout, and retries on "database is locked"). The first number
of a new (académie, session) is ``first_number`` (argument of :class:`Store`, else the environment
variable ``BTS_FIRST_DOSSIER_NUMBER``, else 1). The guide's label of a dossier is "N – R": the number,
an en dash between spaces, the revision (0 when created, +1 at each modification).

Command line: ``python -m registration.store migrate`` brings the schema of ``DATABASE_URL`` up to date
and seeds the demonstration former candidates (``--no-seed``, or ``BTS_SEED_DEMO=0``, skips them);
``python -m registration.store seed`` only seeds.

Times are stored in UTC and returned timezone-aware (UTC); ``now`` arguments default to
:func:`registration.settings.now` (so ``BTS_NOW`` fixes them).

Demonstration former candidates (``seed_former_candidates``), found with ``find_former_candidate``;
the number may be typed with or without spaces:

- ``2025 01 123456``, born ``12/02/2003``: Camille DUBOIS, born in Paris 14e, lives in Paris, BTS
  Management commercial opérationnel (32031213) in 2025, académie de Paris; acquis: bénéfice E5 Relation
  client et vente conseil 12.5 (2025, Paris), bénéfice E4 CEJM 11 (2025, Paris), dispense of E1 Culture
  générale et expression through a licence (2022).
- ``2024 10 654321``, born ``27/09/2001``: Yassine EL AMRANI, born in Casablanca (Maroc, MA), lives in
  Lyon, BTS Services informatiques aux organisations option SLAM (32032614) in 2024, académie de Lyon;
  acquis: bénéfice E2 Anglais 14 (2024, Lyon), bénéfice E3 Mathématiques pour l'informatique 8.5
  (2024, Lyon; below 10, keepable in forme progressive).
- ``2023 25 246810``, born ``05/07/1999``: Inès BERNARD (usage name LEROY), born in Versailles (78),
  lives in Brussels (abroad: postal code 99999), BTS Comptabilité et gestion (32031408) in 2023,
  académie de Versailles; acquis: bénéfice E1 Culture générale et expression 10.5 (2023, Versailles).
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, delete, event, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from registration import settings as settings_module
from registration.models import (
    Candidate,
    Dossier,
    DossierCounter,
    DossierRevision,
    DownloadToken,
    Draft,
    FormerCandidate,
    HandoffRequest,
)

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS_DIR = ROOT / "migrations"

# Resume codes: 12 characters of Crockford's base 32 (60 bits), shown as "K7F3-QXA9-M2TD". Read back with
# Crockford's tolerance: O is 0, I and L are 1, case, spaces and dashes do not matter.
RESUME_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RESUME_CODE_LENGTH = 12
RESUME_CODE_TTL = timedelta(days=30)
_CROCKFORD_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})

SQLITE_BUSY_TIMEOUT_MS = 30_000
MIGRATION_LOCK_KEY = 0x42_54_53_01  # PostgreSQL advisory lock held while migrating
_RETRIES = 8

T = TypeVar("T")

# Alembic keeps its running context in module globals: one migration at a time in a process.
_MIGRATE_LOCK = threading.Lock()


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


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


def format_resume_code(code: str) -> str:
    """A normalised resume code as people read it: "K7F3QXA9M2TD" → "K7F3-QXA9-M2TD"."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_resume_code(code: str) -> str:
    """What a person typed, reduced to the stored form: upper case, no dashes, spaces or dots, O→0, I/L→1.

    Anything that cannot be a resume code (other characters, other length) becomes "" and finds nothing.
    """
    cleaned = re.sub(r"[\s\-\u2010-\u2015.]", "", code or "").upper().translate(_CROCKFORD_READS)
    if len(cleaned) != RESUME_CODE_LENGTH or any(ch not in RESUME_ALPHABET for ch in cleaned):
        return ""
    return cleaned


def normalize_candidate_number(number: str) -> str:
    """A former candidate number without spaces or separators ("2025 01 123456" → "202501123456")."""
    return re.sub(r"[\s\-./]", "", number or "").upper()


def _expired(issued_at: datetime | None, when: datetime) -> bool:
    """Whether a resume code issued then is past its 30 days (codes from before the limit count from now)."""
    return issued_at is not None and when - issued_at >= RESUME_CODE_TTL


def _utc(value: datetime | None) -> datetime:
    if value is None:
        value = settings_module.now()
    if value.tzinfo is None:
        raise ValueError("naive datetime given where a timezone-aware one is required")
    return value.astimezone(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _is_retryable(error: DBAPIError) -> bool:
    message = str(error.orig if error.orig is not None else error).lower()
    if "database is locked" in message or "database is busy" in message or "table is locked" in message:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    return sqlstate in ("40001", "40P01")  # serialization failure, deadlock


def _make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database
    in_memory = database in (None, "", ":memory:") or (parsed.query.get("mode") == "memory")
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (see the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock at the start: no deadlock between two readers that both want to write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Store:
    """The application's database: one engine, one short transaction per call."""

    def __init__(self, database_url: str | None = None, *, first_number: int | None = None) -> None:
        self.database_url = database_url or settings_module.get_settings().database_url
        if first_number is None:
            first_number = int(os.environ.get("BTS_FIRST_DOSSIER_NUMBER") or 1)
        self.first_number = first_number
        self.engine = _make_engine(self.database_url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # --- infrastructure -------------------------------------------------------------------------

    def migrate(self) -> None:
        """Bring the schema to the latest Alembic revision (safe when several processes start together)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("path_separator", "os")
        config.attributes["database_url"] = self.database_url
        with _MIGRATE_LOCK, self.engine.begin() as connection:
            if self.dialect == "postgresql":  # SQLite: BEGIN IMMEDIATE already serialises migrations
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _run(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction, retried when the database is busy or a deadlock was detected."""
        delay = 0.02
        for attempt in range(_RETRIES):
            try:
                with self._sessions() as session, session.begin():
                    return work(session)
            except DBAPIError as error:
                if not _is_retryable(error) or attempt == _RETRIES - 1:
                    raise
            time.sleep(delay + secrets.randbelow(20) / 1000)
            delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    def _insert(self):
        """The dialect's INSERT construct, which has ON CONFLICT (both SQLite and PostgreSQL)."""
        return postgresql.insert if self.dialect == "postgresql" else sqlite.insert

    def transaction(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one short transaction (retried when busy), for the modules built on the store."""
        return self._run(work)

    def insert_construct(self):
        """The dialect's INSERT construct with ON CONFLICT, for the modules built on the store."""
        return self._insert()

    # --- drafts ---------------------------------------------------------------------------------

    def save_draft(self, sender_id: str, state: dict) -> str:
        """Create or replace the draft of a sender; returns its resume code (a new one once it is 30 days old)."""
        when = _utc(None)
        for _ in range(_RETRIES):
            code = new_resume_code()

            def work(session: Session, code: str = code) -> str:
                draft = session.scalar(select(Draft).where(Draft.sender_id == sender_id))
                if draft is None:
                    draft = Draft(sender_id=sender_id, resume_code=code, state=copy.deepcopy(state),
                                  updated_at=when, code_issued_at=when)
                    session.add(draft)
                else:
                    draft.state = copy.deepcopy(state)
                    draft.updated_at = when
                    if draft.code_issued_at is None or _expired(draft.code_issued_at, when):
                        draft.resume_code, draft.code_issued_at = code, when
                session.flush()
                return draft.resume_code

            try:
                return format_resume_code(self._run(work))
            except IntegrityError:
                continue  # code collision, or the same sender saved concurrently: try again
        raise RuntimeError("could not save the draft")

    def load_draft(self, sender_id: str) -> dict | None:
        def work(session: Session) -> dict | None:
            draft = session.scalar(select(Draft).where(Draft.sender_id == sender_id))
            return copy.deepcopy(draft.state) if draft else None

        return self._run(work)

    def find_draft_by_code(self, resume_code: str) -> tuple[str, dict] | None:
        code = normalize_resume_code(resume_code)
        if not code:
            return None
        when = _utc(None)

        def work(session: Session) -> tuple[str, dict] | None:
            draft = session.scalar(select(Draft).where(Draft.resume_code == code))
            if draft is None or _expired(draft.code_issued_at, when):
                return None
            return draft.sender_id, copy.deepcopy(draft.state)

        return self._run(work)

    def move_draft(self, resume_code: str, new_sender_id: str) -> tuple[dict, str] | None:
        """Give the draft with this code to another sender (channel); that sender's own draft is dropped.

        Returns the draft's state and its resume code: a new code when the draft changed hands, so the code
        that was typed on the other channel can no longer be used.
        """
        code = normalize_resume_code(resume_code)
        if not code:
            return None
        when = _utc(None)
        fresh = new_resume_code()

        def work(session: Session) -> tuple[dict, str] | None:
            draft = session.scalar(select(Draft).where(Draft.resume_code == code))
            if draft is None or _expired(draft.code_issued_at, when):
                return None
            if draft.sender_id != new_sender_id:
                session.execute(delete(Draft).where(Draft.sender_id == new_sender_id))
                session.flush()
                draft.sender_id = new_sender_id
                draft.updated_at = when
                draft.resume_code, draft.code_issued_at = fresh, when
            return copy.deepcopy(draft.state), format_resume_code(draft.resume_code)

        for _ in range(_RETRIES):
            try:
                return self._run(work)
            except IntegrityError:
                fresh = new_resume_code()
        raise RuntimeError("could not move the draft")

    def delete_draft(self, sender_id: str) -> None:
        self._run(lambda session: session.execute(delete(Draft).where(Draft.sender_id == sender_id)))

    def resume_code_for(self, sender_id: str) -> str | None:
        def work(session: Session) -> str | None:
            code = session.scalar(select(Draft.resume_code).where(Draft.sender_id == sender_id))
            return format_resume_code(code) if code else None

        return self._run(work)

    def erase_conversation(self, sender_id: str) -> None:
        """Erase what a conversation left here: its draft and the copies held by its hand-off requests."""

        def work(session: Session) -> None:
            session.execute(delete(Draft).where(Draft.sender_id == sender_id))
            session.execute(delete(HandoffRequest).where(HandoffRequest.sender_id == sender_id))

        self._run(work)

    def purge_older_than(self, cutoff: datetime) -> dict[str, int]:
        """Erase drafts untouched since ``cutoff``, hand-off requests created before it, expired links."""
        when = _utc(cutoff)

        def work(session: Session) -> dict[str, int]:
            return {
                "drafts": session.execute(delete(Draft).where(Draft.updated_at < when)).rowcount,
                "handoffs": session.execute(delete(HandoffRequest).where(HandoffRequest.created_at < when)).rowcount,
            }

        counts = self._run(work)
        counts["download_tokens"] = self.purge_expired_tokens()
        return counts

    # --- validation -----------------------------------------------------------------------------

    def _allocate_number(self, session: Session, academie_code: str, session_year: int) -> int:
        insert = self._insert()
        session.execute(
            insert(DossierCounter)
            .values(academie_code=academie_code, session=session_year, last_number=self.first_number - 1)
            .on_conflict_do_nothing(index_elements=["academie_code", "session"])
        )
        return session.execute(
            update(DossierCounter)
            .where(DossierCounter.academie_code == academie_code, DossierCounter.session == session_year)
            .values(last_number=DossierCounter.last_number + 1)
            .returning(DossierCounter.last_number)
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
    ) -> ValidatedRevision:
        """Store a validated revision: a new dossier (revision 0) or the next revision of an existing one.

        ``request_key`` makes it idempotent: a second call with the same key returns the revision stored
        by the first (``existing=True``) and writes nothing. ``expected_revision`` guards a modification:
        when the dossier moved on since the candidate opened it, :class:`StaleRevision` is raised.
        """
        when = _utc(validated_at)
        session_year = session
        frozen = copy.deepcopy(content)

        def work(db: Session) -> ValidatedRevision:
            if request_key:
                done = db.scalar(select(DossierRevision).where(DossierRevision.request_key == request_key))
                if done is not None:
                    return self._validated(done.dossier, done, existing=True)
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
                )
                db.add(dossier)
                db.flush()
            else:
                dossier = db.scalar(
                    select(Dossier)
                    .where(
                        Dossier.academie_code == academie_code,
                        Dossier.session == session_year,
                        Dossier.number == dossier_number,
                    )
                    .with_for_update()
                )
                if dossier is None:
                    raise DossierNotFound(
                        f"no dossier {dossier_number} in académie {academie_code}, session {session_year}"
                    )
                if expected_revision is not None and dossier.revision != expected_revision:
                    raise StaleRevision(dossier.revision)
                dossier.revision += 1
                if candidate_id is not None:
                    dossier.candidate_id = candidate_id
            revision = DossierRevision(
                dossier_id=dossier.id, revision=dossier.revision, content=frozen, validated_at=when,
                request_key=request_key,
            )
            db.add(revision)
            db.flush()
            return self._validated(dossier, revision)

        for attempt in range(_RETRIES):
            try:
                return self._run(work)
            except IntegrityError:
                if not request_key or attempt == _RETRIES - 1:
                    raise  # the same key validated concurrently: the next round returns that revision
        raise AssertionError("unreachable")

    @staticmethod
    def _validated(dossier: Dossier, revision: DossierRevision, *, existing: bool = False) -> ValidatedRevision:
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

    def mark_mailed(self, revision_id: int) -> None:
        """Record that the confirmation e-mail of a revision left (it is not sent again)."""
        when = _utc(None)
        self._run(lambda session: session.execute(
            update(DossierRevision).where(DossierRevision.id == revision_id).values(mailed_at=when)))

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

    @staticmethod
    def _dossier_view(dossier: Dossier, latest: DossierRevision) -> DossierView:
        return DossierView(
            id=dossier.id,
            number=dossier.number,
            academie_code=dossier.academie_code,
            session=dossier.session,
            revision=dossier.revision,
            label=dossier_label(dossier.number, dossier.revision),
            content=copy.deepcopy(latest.content),
            validated_at=latest.validated_at,
        )

    @staticmethod
    def _revision_view(dossier: Dossier, revision: DossierRevision) -> RevisionView:
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
        self, session: Session, dossiers: list[Dossier], birth_date: str | None = None
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
            views.append(self._dossier_view(dossier, latest))
        return views

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
            return self._latest_views(session, list(session.scalars(query)), wanted)

        return self._run(work)

    def dossiers_numbered(self, number: int, session: int) -> list[DossierView]:
        """Every dossier of a session with this number, whatever its académie (to warn their owners)."""
        session_year = session

        def work(db: Session) -> list[DossierView]:
            rows = db.scalars(select(Dossier).where(Dossier.number == number, Dossier.session == session_year))
            return self._latest_views(db, list(rows))

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
            views = self._latest_views(db, [dossier]) if dossier else []
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
            return [self._revision_view(dossier, row) for row in rows]

        return self._run(work)

    # --- download tokens ------------------------------------------------------------------------

    def create_download_token(self, revision_id: int, ttl: timedelta) -> str:
        """A new unguessable token giving access to a revision's PDF until ``now + ttl``."""
        token = secrets.token_urlsafe(32)
        when = _utc(None)

        def work(session: Session) -> None:
            if session.get(DossierRevision, revision_id) is None:
                raise LookupError(f"no revision {revision_id}")
            session.add(
                DownloadToken(
                    token_hash=_token_hash(token),
                    revision_id=revision_id,
                    created_at=when,
                    expires_at=when + ttl,
                )
            )

        self._run(work)
        return token

    def resolve_download_token(self, token: str, now: datetime | None = None) -> RevisionView | None:
        if not token or len(token) > 200:
            return None
        when = _utc(now)

        def work(session: Session) -> RevisionView | None:
            row = session.get(DownloadToken, _token_hash(token))
            if row is None or when >= row.expires_at:
                return None
            revision = session.get(DossierRevision, row.revision_id)
            return self._revision_view(revision.dossier, revision)

        return self._run(work)

    def purge_expired_tokens(self, now: datetime | None = None) -> int:
        """Delete the expired download tokens; returns how many."""
        when = _utc(now)
        return self._run(
            lambda s: s.execute(delete(DownloadToken).where(DownloadToken.expires_at <= when)).rowcount
        )

    # --- former candidates ----------------------------------------------------------------------

    def find_former_candidate(self, candidate_number: str, birth_date: str) -> dict | None:
        """The earlier registration of this candidate number if the birth date matches, else None."""
        number = normalize_candidate_number(candidate_number)
        wanted = (birth_date or "").strip()
        if not number or not wanted:
            return None

        def work(session: Session) -> dict | None:
            row = session.scalar(
                select(FormerCandidate).where(
                    FormerCandidate.candidate_number == number, FormerCandidate.birth_date == wanted
                )
            )
            if row is None:
                return None
            data = copy.deepcopy(row.data)
            data["candidate_number"] = row.candidate_number
            return data

        return self._run(work)

    def former_candidate_email(self, candidate_number: str) -> str:
        """The e-mail address of a former registration (to warn its owner of repeated wrong attempts)."""
        number = normalize_candidate_number(candidate_number)

        def work(session: Session) -> str:
            row = session.scalar(select(FormerCandidate).where(FormerCandidate.candidate_number == number))
            return str((row.data or {}).get("email") or "") if row else ""

        return self._run(work)

    def seed_former_candidates(self) -> None:
        """Insert the demonstration former candidates that are missing (see the module docstring)."""

        def work(session: Session) -> None:
            for number, data in DEMO_FORMER_CANDIDATES.items():
                session.execute(
                    self._insert()(FormerCandidate)
                    .values(
                        candidate_number=number, birth_date=data["etat_civil"]["date_naissance"], data=data
                    )
                    .on_conflict_do_nothing(index_elements=["candidate_number"])
                )

        self._run(work)

    # --- help-desk ------------------------------------------------------------------------------

    def record_handoff(self, sender_id: str, reason: str, state: dict) -> int:
        """Record that a conversation asks for a person; returns the request's id."""
        when = _utc(None)

        def work(session: Session) -> int:
            request = HandoffRequest(
                sender_id=sender_id, reason=reason, state=copy.deepcopy(state), created_at=when, status="OPEN"
            )
            session.add(request)
            session.flush()
            return request.id

        return self._run(work)

    def open_handoffs(self) -> list[dict]:
        """The open hand-off requests, oldest first."""

        def work(session: Session) -> list[dict]:
            rows = session.scalars(
                select(HandoffRequest)
                .where(HandoffRequest.status == "OPEN")
                .order_by(HandoffRequest.created_at, HandoffRequest.id)
            )
            return [
                {
                    "id": row.id,
                    "sender_id": row.sender_id,
                    "reason": row.reason,
                    "state": copy.deepcopy(row.state),
                    "created_at": row.created_at,
                    "status": row.status,
                }
                for row in rows
            ]

        return self._run(work)

    def close_handoff(self, handoff_id: int) -> bool:
        """Mark a hand-off request as dealt with; False when it was not open."""
        when = _utc(None)

        def work(session: Session) -> bool:
            result = session.execute(
                update(HandoffRequest)
                .where(HandoffRequest.id == handoff_id, HandoffRequest.status == "OPEN")
                .values(status="CLOSED", closed_at=when)
            )
            return result.rowcount == 1

        return self._run(work)


def _acquis(
    diplome_code: str,
    diplome_title: str,
    epreuve_code: str,
    epreuve_title: str,
    position: str,
    annee: int,
    academie: str | None,
    note: float | None,
) -> dict:
    return {
        "diplome_code": diplome_code,
        "diplome_title": diplome_title,
        "epreuve_code": epreuve_code,
        "epreuve_title": epreuve_title,
        "position": position,
        "annee": annee,
        "academie": academie,
        "note": note,
    }


_MCO = ("32031213", "Management commercial opérationnel")
_SIO_SLAM = (
    "32032614",
    "Services informatiques aux organisations option B : solutions logicielles et applications métiers",
)
_CG = ("32031408", "Comptabilité et gestion")

# Keyed by the normalised candidate number; the structure is the dossier's (docs/dossier.md).
DEMO_FORMER_CANDIDATES: dict[str, dict] = {
    "202501123456": {
        "academie": {"code": "01", "name": "Paris"},
        "session": 2025,
        "etat_civil": {
            "nom": "DUBOIS",
            "nom_usage": "",
            "prenoms": "Camille",
            "date_naissance": "12/02/2003",
        },
        "naissance": {
            "en_france": True,
            "departement": "75",
            "departement_nom": "Paris",
            "arrondissement": "14",
            "pays": "France",
            "pays_code": "FR",
        },
        "residence": {
            "a_l_etranger": False,
            "adresse": "8 rue Daguerre",
            "complement": "Bâtiment B",
            "lieu_dit": "",
            "code_postal": "75014",
            "localite": "PARIS",
            "pays": "France",
            "pays_code": "FR",
        },
        "email": "camille.dubois@example.org",
        "categorie": {"code": "SCOLAIRE_PUBLIC", "label": "Scolaire, établissement public"},
        "handicap": False,
        "etablissement": {
            "code": "0750692V",
            "name": "Lycée Emile Dubois",
            "city": "Paris 14e",
            "type": "PUBLIC",
        },
        "specialite": {"code": _MCO[0], "title": _MCO[1], "option": None},
        "forme": "globale",
        "acquis": [
            _acquis(*_MCO, "E5", "Relation client et vente conseil", "BENEFICE", 2025, "Paris", 12.5),
            _acquis(
                *_MCO, "E4", "Culture économique, juridique et managériale", "BENEFICE", 2025, "Paris", 11.0
            ),
            _acquis(
                "990 - 00003",
                "LICENCE, MASTER OU DIPLOME NATIONAL DE NIVEAU 6 OU PLUS",
                "E1",
                "Culture générale et expression",
                "DISPENSE",
                2022,
                "Paris",
                None,
            ),
        ],
    },
    "202410654321": {
        "academie": {"code": "10", "name": "Lyon"},
        "session": 2024,
        "etat_civil": {
            "nom": "EL AMRANI",
            "nom_usage": "",
            "prenoms": "Yassine",
            "date_naissance": "27/09/2001",
        },
        "naissance": {
            "en_france": False,
            "departement": None,
            "departement_nom": None,
            "arrondissement": None,
            "pays": "Maroc",
            "pays_code": "MA",
            "ville": "Casablanca",
        },
        "residence": {
            "a_l_etranger": False,
            "adresse": "45 cours Gambetta",
            "complement": "",
            "lieu_dit": "",
            "code_postal": "69007",
            "localite": "LYON",
            "pays": "France",
            "pays_code": "FR",
        },
        "email": "yassine.elamrani@example.org",
        "categorie": {"code": "APPRENTI", "label": "Apprenti"},
        "handicap": False,
        "etablissement": {
            "code": "0690038S",
            "name": "Lycée La Martinière Duchère",
            "city": "Lyon 9e",
            "type": "PUBLIC",
        },
        "specialite": {
            "code": _SIO_SLAM[0],
            "title": _SIO_SLAM[1],
            "option": {"code": "32032614", "title": "Solutions logicielles et applications métiers (SLAM)"},
        },
        "forme": "progressive",
        "acquis": [
            _acquis(*_SIO_SLAM, "E2", "Anglais", "BENEFICE", 2024, "Lyon", 14.0),
            _acquis(*_SIO_SLAM, "E3", "Mathématiques pour l'informatique", "BENEFICE", 2024, "Lyon", 8.5),
        ],
    },
    "202325246810": {
        "academie": {"code": "25", "name": "Versailles"},
        "session": 2023,
        "etat_civil": {
            "nom": "BERNARD",
            "nom_usage": "LEROY",
            "prenoms": "Inès",
            "date_naissance": "05/07/1999",
        },
        "naissance": {
            "en_france": True,
            "departement": "78",
            "departement_nom": "Yvelines",
            "arrondissement": None,
            "pays": "France",
            "pays_code": "FR",
        },
        "residence": {
            "a_l_etranger": True,
            "adresse": "Avenue Louise 120",
            "complement": "",
            "lieu_dit": "1050 Bruxelles",
            "code_postal": "99999",
            "localite": "BELGIQUE",
            "pays": "Belgique",
            "pays_code": "BE",
        },
        "email": "ines.bernard@example.org",
        "categorie": {"code": "INDIVIDUEL", "label": "Candidat individuel"},
        "handicap": False,
        "etablissement": {
            "code": "0782567S",
            "name": "Lycée Marie Curie",
            "city": "Versailles",
            "type": "PUBLIC",
        },
        "specialite": {"code": _CG[0], "title": _CG[1], "option": None},
        "forme": "globale",
        "acquis": [
            _acquis(*_CG, "E1", "Culture générale et expression", "BENEFICE", 2023, "Versailles", 10.5),
        ],
    },
}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``migrate [--no-seed] [--url URL]`` or ``seed [--url URL]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m registration.store", description=main.__doc__)
    parser.add_argument("command", choices=["migrate", "seed"])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL, else the SQLite file under var/)")
    parser.add_argument(
        "--no-seed", action="store_true", help="do not add the demonstration former candidates"
    )
    args = parser.parse_args(argv)
    store = Store(args.url)
    try:
        if args.command == "migrate":
            store.migrate()
        seed = args.command == "seed" or not (args.no_seed or os.environ.get("BTS_SEED_DEMO") == "0")
        if seed:
            store.seed_former_candidates()
    finally:
        store.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
