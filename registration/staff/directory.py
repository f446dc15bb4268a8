"""Staff accounts of the help-desk: creation, listing, disabling, login with lockout, sessions, visibility.

Passwords are hashed with argon2id (argon2-cffi's ``PasswordHasher``, its default RFC 9106 parameters) and
re-hashed at login when those parameters change. A login is refused with one French message
(:data:`LOGIN_REFUSED`) whether the account is unknown, disabled, locked or the password wrong; an unknown
account is verified against a dummy hash, so that it takes as long as a known one. Two limits apply:

- per account: :data:`MAX_FAILED_LOGINS` wrong passwords in a row lock it for :data:`LOCK_DURATION`
  (during the lock even the right password is refused, so guessing on gains nothing);
- per client (the caller's IP tag): the attempt counters of :mod:`registration.security.attempts`, shared with no
  other look-up (their keys are prefixed), refuse a client after ``BTS_LOOKUP_LIMIT`` failures in
  ``BTS_LOOKUP_WINDOW_MINUTES``; :class:`LoginThrottled` then says when to come back.

A session is a random token held in the browser's cookie; only its SHA-256 is stored, with the session's CSRF
token. It ends after ``BTS_STAFF_IDLE_MINUTES`` (30) without a request, at logout, or when the account is
disabled. Times default to :func:`registration.settings.now` (``BTS_NOW`` fixes them).
"""

from __future__ import annotations

import csv
import hashlib
import os
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import email_validator
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from registration import settings as settings_module
from registration.security.attempts import AttemptGuard
from registration.staff.models import ROLE_CONSEILLER, ROLE_RESPONSABLE, ROLES, Staff, StaffSession
from registration.store import Store
from registration.store.engine import affected_rows, utc

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # hashing a megabyte on every try would be a cheap denial of service
MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
DEFAULT_IDLE_MINUTES = 30
CLIENT_KEY_PREFIX = "staff-login:"  # the login's own counters, apart from the candidates' look-ups

LOGIN_REFUSED = (
    "Adresse électronique ou mot de passe incorrect. Après 5 essais infructueux, le compte est verrouillé "
    "pendant 15 minutes."
)
LOGIN_THROTTLED = (
    "Trop d'essais de connexion depuis ce poste. Réessayez dans {minutes} minutes ; en cas de besoin, "
    "contactez le responsable du service."
)


class StaffError(ValueError):
    """An account cannot be created or changed as asked; the message is French, for the person typing."""


class LoginThrottled(Exception):
    """Too many failed logins from this client: refused without looking at the account."""

    def __init__(self, retry_after: timedelta) -> None:
        self.retry_after = retry_after
        minutes = max(1, int(retry_after.total_seconds() // 60))
        super().__init__(LOGIN_THROTTLED.format(minutes=minutes))


class LoginRefused(Exception):
    """Wrong e-mail or password, unknown, disabled or locked account: always the same message."""

    def __init__(self) -> None:
        super().__init__(LOGIN_REFUSED)


@dataclass(frozen=True)
class StaffMember:
    """A staff account as the console and the command line read it (never the password hash)."""

    id: int
    email: str
    role: str
    academies: tuple[str, ...]  # empty for a responsable: every académie
    active: bool
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None

    @property
    def is_responsable(self) -> bool:
        return self.role == ROLE_RESPONSABLE

    @property
    def role_label(self) -> str:
        return "responsable" if self.is_responsable else "conseiller"


@dataclass(frozen=True)
class OpenedSession:
    """A session just created at login: the token goes into the cookie, and is never stored in clear."""

    token: str
    csrf: str
    staff: StaffMember


@dataclass(frozen=True)
class ActiveSession:
    """A valid session found from its cookie: who it is, and the CSRF token its forms must carry."""

    token_hash: str
    csrf: str
    staff: StaffMember
    created_at: datetime
    last_seen_at: datetime


def can_see(staff: StaffMember, academie_code: str | None) -> bool:
    """Whether ``staff`` may see a request of this académie.

    A responsable sees every académie; a conseiller sees theirs. A request whose académie is not known yet
    (``None``: the candidate has not given an address) is visible to every conseiller, so that nobody waits
    unseen.
    """
    if staff.is_responsable or academie_code is None:
        return True
    return academie_code in staff.academies


def idle_timeout() -> timedelta:
    """How long a session lives without a request: ``BTS_STAFF_IDLE_MINUTES`` (30 by default)."""
    value = os.environ.get("BTS_STAFF_IDLE_MINUTES") or str(DEFAULT_IDLE_MINUTES)
    minutes = int(value)
    if minutes <= 0:
        raise ValueError("BTS_STAFF_IDLE_MINUTES must be a positive number of minutes")
    return timedelta(minutes=minutes)


def token_hash(token: str) -> str:
    """What is stored of a session token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def _academies_in(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(handle) if row.get("code")}


def known_academies() -> dict[str, str]:
    """The académies of ``referentials/academies.csv``: code → name ("01" → "Paris")."""
    return _academies_in(settings_module.get_settings().referentials_dir / "academies.csv")


def normalize_email(email: str) -> str:
    """The account's key: the address as typed, trimmed and lower-cased."""
    return email.strip().lower()


def _checked_email(email: str) -> str:
    value = normalize_email(email)
    try:
        checked = email_validator.validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except email_validator.EmailNotValidError as error:
        raise StaffError(f"Adresse électronique invalide : « {email} ».") from error
    return checked.normalized.lower()


def _checked_academies(role: str, academies: Iterable[str]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(code.strip() for code in academies if code.strip()))
    if role == ROLE_RESPONSABLE:
        if codes:
            raise StaffError("Un responsable voit toutes les académies : n'indiquez pas d'académie.")
        return ()
    if not codes:
        raise StaffError("Indiquez au moins une académie pour un conseiller (code de academies.csv).")
    known = known_academies()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise StaffError(f"Académie inconnue : {', '.join(unknown)} (codes de referentials/academies.csv).")
    return tuple(sorted(codes))


def check_password(password: str) -> None:
    """Refuses a password that is too short or too long (French message)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(f"Mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise StaffError(f"Mot de passe trop long : {MAX_PASSWORD_LENGTH} caractères au plus.")


_DUMMY_HASHES: dict[tuple[object, ...], str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of a random password with the hasher's parameters, verified when the account is unknown."""
    key = (
        hasher.time_cost,
        hasher.memory_cost,
        hasher.parallelism,
        hasher.hash_len,
        hasher.salt_len,
        hasher.type,
    )
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(24))
    return _DUMMY_HASHES[key]


_Members = list[StaffMember]  # (the directory's method ``list`` hides the built-in name in its class)


def _view(row: Staff) -> StaffMember:
    return StaffMember(
        id=row.id,
        email=row.email,
        role=row.role,
        academies=tuple(code for code in row.academies.split(",") if code),
        active=row.active,
        locked_until=row.locked_until,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


class StaffDirectory:
    """The help-desk's accounts and sessions, in the application's store."""

    def __init__(
        self,
        store: Store,
        *,
        hasher: PasswordHasher | None = None,
        guard: AttemptGuard | None = None,
        idle: timedelta | None = None,
    ) -> None:
        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.guard = guard or AttemptGuard(store)
        self.idle = idle
        # Made now, not at the first unknown address: that first refusal would otherwise take twice as long.
        self._dummy_hash = _dummy_hash(self.hasher)

    # --- accounts ------------------------------------------------------------------------------------

    def add(
        self,
        email: str,
        password: str,
        role: str = ROLE_CONSEILLER,
        academies: Sequence[str] = (),
        *,
        now: datetime | None = None,
    ) -> StaffMember:
        """Creates an account; :class:`StaffError` (French) when an argument is refused or the address is taken."""
        if role not in ROLES:
            raise StaffError(f"Rôle inconnu « {role} » : {' ou '.join(ROLES)}.")
        address = _checked_email(email)
        codes = _checked_academies(role, academies)
        check_password(password)
        password_hash = self.hasher.hash(password)
        when = utc(now)

        def work(session: Session) -> StaffMember:
            if session.scalar(select(Staff.id).where(Staff.email == address)) is not None:
                raise StaffError(f"Un compte existe déjà pour {address}.")
            row = Staff(
                email=address,
                password_hash=password_hash,
                role=role,
                academies=",".join(codes),
                active=True,
                failed_logins=0,
                locked_until=None,
                created_at=when,
                last_login_at=None,
            )
            session.add(row)
            session.flush()
            return _view(row)

        try:
            return self.store.transaction(work)
        except IntegrityError as error:  # created at the same moment by another process
            raise StaffError(f"Un compte existe déjà pour {address}.") from error

    def list(self) -> _Members:
        """Every account, active or not, by e-mail address."""
        return self.store.transaction(
            lambda session: [_view(row) for row in session.scalars(select(Staff).order_by(Staff.email))]
        )

    def get(self, staff_id: int) -> StaffMember | None:
        """One account by id (active or not), or None."""

        def work(session: Session) -> StaffMember | None:
            row = session.get(Staff, staff_id)
            return _view(row) if row is not None else None

        return self.store.transaction(work)

    def find(self, email: str) -> StaffMember | None:
        """One account by e-mail address (any case), or None."""
        address = normalize_email(email)

        def work(session: Session) -> StaffMember | None:
            row = session.scalar(select(Staff).where(Staff.email == address))
            return _view(row) if row is not None else None

        return self.store.transaction(work)

    def disable(self, email: str) -> bool:
        """Disables an account and ends its sessions; False when there is no such account."""
        address = normalize_email(email)

        def work(session: Session) -> bool:
            staff_id = session.scalar(select(Staff.id).where(Staff.email == address))
            if staff_id is None:
                return False
            session.execute(update(Staff).where(Staff.id == staff_id).values(active=False))
            session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))
            return True

        return self.store.transaction(work)

    # --- login ---------------------------------------------------------------------------------------

    def authenticate(
        self, email: str, password: str, client: str, *, now: datetime | None = None
    ) -> StaffMember:
        """The account these credentials open, or :class:`LoginRefused` / :class:`LoginThrottled`.

        ``client`` identifies the caller (the web front gives its keyed IP tag); it is only ever stored as
        an HMAC digest.
        """
        when = utc(now)
        reservation = self.guard.reserve([CLIENT_KEY_PREFIX + client], now=when)
        if reservation.refused:
            raise LoginThrottled(reservation.retry_after)
        if len(password) > MAX_PASSWORD_LENGTH:
            self.guard.failed(reservation)
            raise LoginRefused()
        row = self._login_row(normalize_email(email))
        usable = row is not None and row[2] and (row[3] is None or row[3] <= when)
        if row is None or not usable:
            self._verify(self._dummy_hash, password)  # as long as a real check, so nothing tells them apart
            self.guard.failed(reservation)
            raise LoginRefused()
        staff_id, stored_hash = row[0], row[1]
        if not self._verify(stored_hash, password):
            self._count_failure(staff_id, when)
            self.guard.failed(reservation)
            raise LoginRefused()
        self.guard.succeeded(reservation)
        new_hash = self.hasher.hash(password) if self._needs_rehash(stored_hash) else None
        return self._record_success(staff_id, when, new_hash)

    def _login_row(self, address: str) -> tuple[int, str, bool, datetime | None] | None:
        def work(session: Session) -> tuple[int, str, bool, datetime | None] | None:
            row = session.execute(
                select(Staff.id, Staff.password_hash, Staff.active, Staff.locked_until).where(
                    Staff.email == address
                )
            ).one_or_none()
            return None if row is None else (row[0], row[1], bool(row[2]), row[3])

        return self.store.transaction(work)

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self.hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return False

    def _count_failure(self, staff_id: int, when: datetime) -> None:
        """One more wrong password; the fifth in a row locks the account and starts the count again."""

        def work(session: Session) -> None:
            count = session.execute(
                update(Staff)
                .where(Staff.id == staff_id)
                .values(failed_logins=Staff.failed_logins + 1)
                .returning(Staff.failed_logins)
            ).scalar_one()
            if count >= MAX_FAILED_LOGINS:
                session.execute(
                    update(Staff)
                    .where(Staff.id == staff_id)
                    .values(failed_logins=0, locked_until=when + LOCK_DURATION)
                )

        self.store.transaction(work)

    def _record_success(self, staff_id: int, when: datetime, new_hash: str | None) -> StaffMember:
        def work(session: Session) -> StaffMember:
            values: dict[str, object] = {"failed_logins": 0, "locked_until": None, "last_login_at": when}
            if new_hash is not None:
                values["password_hash"] = new_hash
            session.execute(update(Staff).where(Staff.id == staff_id).values(**values))
            row = session.get(Staff, staff_id)
            assert row is not None
            return _view(row)

        return self.store.transaction(work)

    # --- sessions ------------------------------------------------------------------------------------

    def _idle(self) -> timedelta:
        return self.idle if self.idle is not None else idle_timeout()

    def open_session(self, staff: StaffMember, *, now: datetime | None = None) -> OpenedSession:
        """A new session for a staff member who just logged in: its token (for the cookie) and CSRF token."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        when = utc(now)

        def work(session: Session) -> None:
            session.add(
                StaffSession(
                    token_hash=token_hash(token),
                    staff_id=staff.id,
                    csrf_token=csrf,
                    created_at=when,
                    last_seen_at=when,
                )
            )

        self.store.transaction(work)
        return OpenedSession(token=token, csrf=csrf, staff=staff)

    def resolve_session(
        self, token: str | None, *, now: datetime | None = None, touch: bool = True
    ) -> ActiveSession | None:
        """The session of this cookie token, or None (unknown, idle too long, account disabled).

        A session found valid is kept alive (``last_seen_at`` becomes now) unless ``touch`` is False; an
        expired one, or one of a disabled account, is deleted.
        """
        if not token or len(token) > 256:
            return None
        key = token_hash(token)
        when = utc(now)
        cutoff = when - self._idle()

        def work(session: Session) -> ActiveSession | None:
            found = session.execute(
                select(StaffSession, Staff)
                .join(Staff, Staff.id == StaffSession.staff_id)
                .where(StaffSession.token_hash == key)
            ).one_or_none()
            if found is None:
                return None
            row, staff = found
            if not staff.active or row.last_seen_at < cutoff:
                session.execute(delete(StaffSession).where(StaffSession.token_hash == key))
                return None
            if touch:
                affected_rows(
                    session,
                    update(StaffSession).where(StaffSession.token_hash == key).values(last_seen_at=when),
                )
            return ActiveSession(
                token_hash=key,
                csrf=row.csrf_token,
                staff=_view(staff),
                created_at=row.created_at,
                last_seen_at=when if touch else row.last_seen_at,
            )

        return self.store.transaction(work)

    def close_session(self, token: str | None) -> bool:
        """Logout: forgets the session of this token; False when there was none."""
        if not token:
            return False
        key = token_hash(token)
        return self.store.transaction(
            lambda session: (
                affected_rows(session, delete(StaffSession).where(StaffSession.token_hash == key)) == 1
            )
        )

    def purge_sessions(self, *, now: datetime | None = None) -> int:
        """Deletes the sessions idle for longer than the timeout; how many went."""
        cutoff = utc(now) - self._idle()
        return self.store.transaction(
            lambda session: affected_rows(
                session, delete(StaffSession).where(StaffSession.last_seen_at < cutoff)
            )
        )
