"""SQLAlchemy ORM models of the stored state: candidates, dossiers and revisions, drafts, and helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that Alembic migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC (naive UTC text on SQLite, timestamptz on PostgreSQL)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a timezone-aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Candidate(Base):
    """A person, identified by family name, first names and birth date as they typed them."""

    __tablename__ = "candidate"
    __table_args__ = (
        UniqueConstraint("family_name", "first_names", "birth_date", name="uq_candidate_identity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_name: Mapped[str] = mapped_column(String(200))
    first_names: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[str] = mapped_column(String(10), index=True)  # DD/MM/YYYY, may be 00/00/YYYY
    email: Mapped[str | None] = mapped_column(String(320))
    updated_at: Mapped[datetime]


class Dossier(Base):
    """A registration dossier: its number within (académie, session) and its current revision."""

    __tablename__ = "dossier"
    __table_args__ = (
        UniqueConstraint("academie_code", "session", "number", name="uq_dossier_academie_session_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, index=True)
    academie_code: Mapped[str] = mapped_column(String(8))
    session: Mapped[int] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer)  # the latest revision's number
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidate.id"), index=True)
    created_at: Mapped[datetime]
    # The latest revision's searchable facts, copied at each validation (the back office searches and sorts
    # on them without reading the JSON content of every revision).
    family_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    first_names: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[str] = mapped_column(String(10), default="")  # DD/MM/YYYY
    candidate_number: Mapped[str | None] = mapped_column(String(32), index=True)  # an earlier session's
    specialite: Mapped[str] = mapped_column(String(16), default="", index=True)
    etablissement: Mapped[str] = mapped_column(String(16), default="", index=True)
    categorie: Mapped[str] = mapped_column(String(40), default="")
    channel: Mapped[str | None] = mapped_column(
        String(16)
    )  # where it started: web | widget | telegram | staff
    origin_sender_id: Mapped[str | None] = mapped_column(String(255))  # the conversation that started it
    sender_id: Mapped[str | None] = mapped_column(String(255), index=True)  # the conversation that validated
    validated_at: Mapped[datetime | None] = mapped_column(index=True)  # the latest revision's
    # The signed confirmation: attente | recue | incomplet | complet | annule (registration.rules.confirmation).
    status: Mapped[str] = mapped_column(String(16), default="attente", index=True)
    status_detail: Mapped[str | None] = mapped_column(Text)  # missing pieces, or the reason of a cancellation
    status_at: Mapped[datetime | None]
    received_on: Mapped[str | None] = mapped_column(String(10))  # YYYY-MM-DD the signed confirmation arrived
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # received after the return deadline
    # The revision whose signed confirmation arrived (a later modification is to be signed again); None before.
    signed_revision: Mapped[int | None] = mapped_column(Integer)

    candidate: Mapped[Candidate | None] = relationship()
    revisions: Mapped[list[DossierRevision]] = relationship(
        back_populates="dossier", order_by="DossierRevision.revision"
    )


class DossierRevision(Base):
    """One validated state of a dossier; immutable once written, except that its PDF may be attached once."""

    __tablename__ = "dossier_revision"
    __table_args__ = (
        UniqueConstraint("dossier_id", "revision", name="uq_dossier_revision_dossier_revision"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]]
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    validated_at: Mapped[datetime]
    # The draft's validation key: pressing "Valider" again (or after a crash) finds this revision, never a new one.
    request_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    mailed_at: Mapped[datetime | None]  # when the confirmation e-mail left; None: to be (re)sent
    # The confirmation e-mail that could not leave: attempts so far, the last error, when to try again (backoff).
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mail_retry_at: Mapped[datetime | None] = mapped_column(index=True)
    mail_error: Mapped[str | None] = mapped_column(String(200))

    dossier: Mapped[Dossier] = relationship(back_populates="revisions")


@event.listens_for(DossierRevision, "before_update")
def _keep_revisions_immutable(mapper: Any, connection: Any, target: DossierRevision) -> None:
    state = inspect(target)
    for name in ("dossier_id", "revision", "content", "validated_at", "request_key"):
        if state.attrs[name].history.has_changes():
            raise ValueError(f"a validated revision is immutable ({name} changed)")
    pdf_history = state.attrs["pdf"].history
    if pdf_history.has_changes() and pdf_history.deleted and pdf_history.deleted[0] is not None:
        raise ValueError("the PDF of a validated revision is already attached")


class DossierEvent(Base):
    """One change of a dossier's signed-confirmation state: who, when, the new state and its detail."""

    __tablename__ = "dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[str | None] = mapped_column(String(10))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    staff_email: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]


class DossierMail(Base):
    """An e-mail about a dossier (a change of state, a reminder): to whom, what, when it left or why not."""

    __tablename__ = "dossier_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # etat:recue, etat:complet, ...
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))


class InformationNote(Base):
    """The information note an académie's exam service joins to its confirmation e-mails (a PDF, one per académie)."""

    __tablename__ = "information_note"

    academie_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(320))
    uploaded_at: Mapped[datetime]


class DossierCounter(Base):
    """The last dossier number allocated per (académie, session), before numbers were national (kept as read)."""

    __tablename__ = "dossier_counter"

    academie_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    session: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class NationalCounter(Base):
    """The last dossier number allocated, for every académie and session: a number is never given twice."""

    __tablename__ = "national_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1: one counter
    last_number: Mapped[int] = mapped_column(Integer)


class Draft(Base):
    """The unfinished registration of one conversation (sender), resumable with a short code."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), unique=True)
    resume_code: Mapped[str] = mapped_column(String(16), unique=True)  # normalised: no dash, upper case
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    code_issued_at: Mapped[datetime | None]  # the resume code is valid for RESUME_CODE_TTL from then
    # Where the draft is, as of its last save (the dashboard groups on them): None while unknown.
    academie_code: Mapped[str | None] = mapped_column(String(8), index=True)
    step: Mapped[str | None] = mapped_column(String(160))  # the question reached


class FormerCandidate(Base):
    """An earlier registration, found by candidate number and birth date to prefill a new one."""

    __tablename__ = "former_candidate"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_number: Mapped[str] = mapped_column(String(32), unique=True)  # digits only
    birth_date: Mapped[str] = mapped_column(String(10))  # DD/MM/YYYY
    data: Mapped[dict[str, Any]]


class AttemptCounter(Base):
    """Failed look-ups counted per client or per target in a fixed window (the key is a SHA-256, never the id)."""

    __tablename__ = "attempt_counter"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime]
    count: Mapped[int] = mapped_column(Integer, default=0)
    alerted: Mapped[int] = mapped_column(Integer, default=0)  # 1 once the owner was told of the lock


class DownloadToken(Base):
    """An expiring link to a revision's PDF; only the SHA-256 of the token is stored."""

    __tablename__ = "download_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("dossier_revision.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class HandoffRequest(Base):
    """A conversation handed to the help-desk, with a snapshot of its state and who deals with it."""

    __tablename__ = "handoff_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(8), default="OPEN", index=True)  # OPEN | TAKEN | CLOSED
    closed_at: Mapped[datetime | None]
    academie_code: Mapped[str | None] = mapped_column(String(8), index=True)  # None: not known yet
    channel: Mapped[str] = mapped_column(String(16), default="web")  # web | telegram | staff
    step: Mapped[str | None] = mapped_column(String(160))  # the question reached
    assigned_staff_id: Mapped[int | None] = mapped_column(Integer)
    assigned_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)


class HandoffMessage(Base):
    """One message of a conversation held by a conseiller: from the candidate, the conseiller or the assistant."""

    __tablename__ = "handoff_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(255), index=True)
    handoff_id: Mapped[int | None] = mapped_column(Integer, index=True)
    author: Mapped[str] = mapped_column(String(16))  # candidat | conseiller | assistant
    staff_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]]  # {"text": ..., "buttons": [...]} as the channels show it
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]  # for the web chat: when its page fetched it


class AuditEntry(Base):
    """Something a conseiller did: who, when, what, on which conversation, the value before and after."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(Integer, index=True)
    staff_email: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))  # a conversation (sender id) or a request
    field: Mapped[str | None] = mapped_column(String(160))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)


ROLE_CONSEILLER = "conseiller"
ROLE_RESPONSABLE = "responsable"
ROLES = (ROLE_CONSEILLER, ROLE_RESPONSABLE)


class Staff(Base):
    """A member of the exam office's help-desk: a conseiller (some académies) or a responsable (all)."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint("role IN ('conseiller', 'responsable')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # lower case
    password_hash: Mapped[str] = mapped_column(String(255))  # argon2id, PHC string format
    role: Mapped[str] = mapped_column(String(16))
    academies: Mapped[str] = mapped_column(String(255), default="")  # "01,24"; empty for a responsable: all
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords since the last lock
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]


class StaffSession(Base):
    """A logged-in browser; only the SHA-256 of the cookie's token is stored."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class EpreuveNotice(Base):
    """The e-mail asking a candidate to complete a dossier after a new table: at most one per dossier and version."""

    __tablename__ = "epreuve_notice"
    __table_args__ = (
        UniqueConstraint("dossier_id", "specialite", "version", name="uq_epreuve_notice_dossier_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    specialite: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime]


class ReferentialVersion(Base):
    """One published version of a list the exam service maintains (``registration/lists/``): ``kind`` names the
    list (``calendar``, ``etablissements``, ``diplomas``, ``epreuves``), ``key`` the part of it a version holds
    (a specialty's exam table; empty for a list published whole). Version 0 is the shipped file. Never changed once
    written: going back to an earlier version publishes a copy of it (``restores``)."""

    __tablename__ = "referential_version"
    __table_args__ = (
        UniqueConstraint("kind", "key", "version", name="uq_referential_version_kind_key_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # max(id) is the generation every server watches
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(16), server_default="")
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)  # the text or decision the rows come from
    rows: Mapped[Any] = mapped_column(JSON)  # the list (or the key's part) as its kind writes it
    published_by: Mapped[str] = mapped_column(String(320))  # staff e-mail or « ligne de commande (user) »
    published_at: Mapped[datetime]
    changes: Mapped[str] = mapped_column(Text)  # what changed compared with the previous version
    restores: Mapped[int | None] = mapped_column(Integer)  # the version copied back, for a going-back


class Reminder(Base):
    """A reminder e-mailed by the daily job (``registration.backoffice.reminders``): at most one per dossier or draft and kind.

    ``confirmation``: the signed confirmation has not arrived and the return deadline is near (``dossier_id``);
    ``brouillon``: a registration left unfinished, with its resume code, before the closing (``draft_id``; the row
    goes with its draft). A row is written before the e-mail leaves and removed if it could not leave."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("kind", "dossier_id", name="uq_reminder_kind_dossier"),
        UniqueConstraint("kind", "draft_id", name="uq_reminder_kind_draft"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"))
    recipient: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class DossierFile(Base):
    """A document a candidate sent for a dossier (signed confirmation, supporting document), checked and cleaned.

    The file is ``<var>/pieces/<dossier id>/<stored_name>``, outside every served folder; it is kept and erased
    with its dossier (``registration.dossier.uploads``)."""

    __tablename__ = "dossier_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    stored_name: Mapped[str] = mapped_column(
        String(64), unique=True
    )  # random, with the extension of its kind
    kind: Mapped[str] = mapped_column(String(8))  # pdf | jpeg | png, read from the content
    original_name: Mapped[str] = mapped_column(String(200))  # as sent, for the staff only (never a path)
    size: Mapped[int] = mapped_column(Integer)  # of the stored file
    sha256: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))  # web | telegram
    created_at: Mapped[datetime]
