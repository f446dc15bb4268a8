"""Staff accounts on SQLite and PostgreSQL: hashing, login, lockout, per-client limit, sessions, visibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from registration.security.attempts import AttemptGuard
from registration.staff.directory import (
    LOCK_DURATION,
    LOGIN_REFUSED,
    LoginRefused,
    LoginThrottled,
    StaffDirectory,
    StaffError,
    StaffMember,
    can_see,
    token_hash,
)
from registration.staff.models import Staff, StaffSession
from tests.application import application_on

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PASSWORD = "tournesol-aux-pommes"


class CountingHasher(PasswordHasher):
    """The default hasher, counting the verifications (an unknown address must cost one too)."""

    def __init__(self) -> None:
        super().__init__()
        self.verified: list[str] = []

    def verify(self, hash, password):
        self.verified.append(hash)
        return super().verify(hash, password)


@pytest.fixture
def directory(store):
    return StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"), hasher=CountingHasher())


def stored(store, email: str) -> Staff:
    with store.engine.connect() as connection:
        return connection.execute(select(Staff).where(Staff.email == email)).one()


def refused(directory: StaffDirectory, email: str, password: str, now: datetime, client: str = "ip-a") -> str:
    with pytest.raises(LoginRefused) as caught:
        directory.authenticate(email, password, client, now=now)
    return str(caught.value)


# --- accounts --------------------------------------------------------------------------------------------


def test_an_account_is_stored_with_an_argon2id_hash_and_a_lower_case_address(store, directory):
    member = directory.add(" Claire.Martin@Example.FR ", PASSWORD, "conseiller", ["24", "01", "01"], now=T0)
    assert member.email == "claire.martin@example.fr"
    assert member.academies == ("01", "24") and member.role == "conseiller" and member.active
    row = stored(store, "claire.martin@example.fr")
    assert row.password_hash.startswith("$argon2id$") and PASSWORD not in row.password_hash
    assert row.academies == "01,24" and row.failed_logins == 0 and row.locked_until is None
    assert directory.find("CLAIRE.MARTIN@example.fr") == member
    assert [m.email for m in directory.list()] == ["claire.martin@example.fr"]


@pytest.mark.parametrize(
    ("email", "password", "role", "academies", "reason"),
    [
        ("a@example.fr", "court", "conseiller", ["01"], "trop court"),
        ("pas une adresse", PASSWORD, "conseiller", ["01"], "invalide"),
        ("a@example.fr", PASSWORD, "conseiller", [], "au moins une académie"),
        ("a@example.fr", PASSWORD, "conseiller", ["99"], "Académie inconnue : 99"),
        ("a@example.fr", PASSWORD, "responsable", ["01"], "toutes les académies"),
        ("a@example.fr", PASSWORD, "directeur", [], "Rôle inconnu"),
    ],
)
def test_refused_accounts_say_why_in_french(directory, email, password, role, academies, reason):
    with pytest.raises(StaffError, match=reason):
        directory.add(email, password, role, academies)
    assert directory.list() == []


def test_one_account_per_address_whatever_the_case(directory):
    directory.add("paul@example.fr", PASSWORD, "responsable")
    with pytest.raises(StaffError, match="existe déjà"):
        directory.add("PAUL@example.fr", PASSWORD + "!", "conseiller", ["01"])


# --- login -----------------------------------------------------------------------------------------------


def test_the_right_password_logs_in_and_the_wrong_one_is_refused(store, directory):
    directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    member = directory.authenticate("Claire@Example.fr", PASSWORD, "ip-a", now=T0)
    assert member.email == "claire@example.fr" and member.last_login_at == T0
    assert refused(directory, "claire@example.fr", PASSWORD.upper(), T0) == LOGIN_REFUSED
    assert stored(store, "claire@example.fr").failed_logins == 1


def test_an_unknown_address_gets_the_same_message_after_a_real_verification(directory):
    directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"])
    directory.hasher.verified.clear()
    assert refused(directory, "personne@example.fr", PASSWORD, T0) == LOGIN_REFUSED
    assert len(directory.hasher.verified) == 1  # against the dummy hash: as long as for a real account
    assert directory.hasher.verified[0].startswith("$argon2id$")


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(store, directory):
    directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    for _ in range(4):
        refused(directory, "claire@example.fr", "mauvais mot de passe", T0)
    directory.authenticate("claire@example.fr", PASSWORD, "ip-a", now=T0)  # a success starts the count again
    assert stored(store, "claire@example.fr").failed_logins == 0
    for minute in range(5):
        refused(directory, "claire@example.fr", "mauvais mot de passe", T0 + timedelta(minutes=minute))
    assert stored(store, "claire@example.fr").locked_until == T0 + timedelta(minutes=4) + LOCK_DURATION
    # Locked: even the right password is refused, with the same message (guessing on learns nothing).
    assert refused(directory, "claire@example.fr", PASSWORD, T0 + timedelta(minutes=10)) == LOGIN_REFUSED
    assert (
        refused(directory, "claire@example.fr", PASSWORD, T0 + timedelta(minutes=18, seconds=59))
        == LOGIN_REFUSED
    )
    member = directory.authenticate("claire@example.fr", PASSWORD, "ip-a", now=T0 + timedelta(minutes=19))
    assert member.locked_until is None
    assert stored(store, "claire@example.fr").failed_logins == 0


def test_a_client_with_too_many_failures_is_refused_before_any_check(store):
    directory = StaffDirectory(store, guard=AttemptGuard(store, limit=3, secret="k"))
    directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"])
    for address in ("a@example.fr", "b@example.fr", "c@example.fr"):
        refused(directory, address, PASSWORD, T0, client="ip-1")
    with pytest.raises(LoginThrottled) as caught:
        directory.authenticate("claire@example.fr", PASSWORD, "ip-1", now=T0)
    assert caught.value.retry_after == timedelta(minutes=15)
    assert "Trop d'essais de connexion" in str(caught.value) and "15 minutes" in str(caught.value)
    assert directory.authenticate("claire@example.fr", PASSWORD, "ip-2", now=T0).email == "claire@example.fr"
    assert directory.authenticate("claire@example.fr", PASSWORD, "ip-1", now=T0 + timedelta(minutes=16))


def test_a_disabled_account_cannot_log_in_and_loses_its_sessions(directory):
    member = directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    opened = directory.open_session(member, now=T0)
    assert directory.disable("CLAIRE@example.fr")
    assert not directory.disable("personne@example.fr")
    assert directory.resolve_session(opened.token, now=T0) is None
    assert refused(directory, "claire@example.fr", PASSWORD, T0) == LOGIN_REFUSED
    assert directory.find("claire@example.fr").active is False


def test_a_hash_made_with_older_parameters_is_renewed_at_login(store, directory):
    cheap = StaffDirectory(store, hasher=PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    cheap.add("claire@example.fr", PASSWORD, "conseiller", ["01"])
    assert "m=8192" in stored(store, "claire@example.fr").password_hash
    directory.authenticate("claire@example.fr", PASSWORD, "ip-a", now=T0)
    assert "m=65536" in stored(store, "claire@example.fr").password_hash
    directory.authenticate("claire@example.fr", PASSWORD, "ip-a", now=T0)


# --- sessions --------------------------------------------------------------------------------------------


def test_a_session_stores_only_the_hash_of_its_token_and_ends_at_logout(store, directory):
    member = directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    opened = directory.open_session(member, now=T0)
    assert len(opened.token) >= 43 and len(opened.csrf) >= 43 and opened.token != opened.csrf
    with store.engine.connect() as connection:
        [row] = connection.execute(select(StaffSession)).all()
    assert row.token_hash == token_hash(opened.token) and opened.token not in row.token_hash
    active = directory.resolve_session(opened.token, now=T0)
    assert active is not None and active.staff == member and active.csrf == opened.csrf
    assert directory.resolve_session(opened.token + "x", now=T0) is None
    assert directory.resolve_session("", now=T0) is None
    assert directory.close_session(opened.token)
    assert directory.resolve_session(opened.token, now=T0) is None
    assert not directory.close_session(opened.token)


def test_a_session_ends_after_thirty_idle_minutes_and_each_request_keeps_it_alive(store, directory):
    member = directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    token = directory.open_session(member, now=T0).token
    for minutes in (29, 58, 87):  # each request moves last_seen_at
        active = directory.resolve_session(token, now=T0 + timedelta(minutes=minutes))
        assert active is not None and active.last_seen_at == T0 + timedelta(minutes=minutes)
    assert directory.resolve_session(token, now=T0 + timedelta(minutes=117, seconds=1)) is None
    with store.engine.connect() as connection:
        assert connection.execute(select(StaffSession)).all() == []  # the expired session is gone


def test_the_idle_timeout_comes_from_the_environment(store, monkeypatch):
    monkeypatch.setenv("BTS_STAFF_IDLE_MINUTES", "5")
    directory = application_on(store, lookup_limit=50, secret_key="k").staff  # the settings read now
    member = directory.add("claire@example.fr", PASSWORD, "conseiller", ["01"], now=T0)
    token = directory.open_session(member, now=T0).token
    assert directory.resolve_session(token, now=T0 + timedelta(minutes=4), touch=False) is not None
    assert directory.resolve_session(token, now=T0 + timedelta(minutes=6)) is None
    kept = directory.open_session(member, now=T0).token
    directory.open_session(member, now=T0 - timedelta(hours=1))
    assert directory.purge_sessions(now=T0 + timedelta(minutes=1)) == 1
    assert directory.resolve_session(kept, now=T0 + timedelta(minutes=2)) is not None


# --- visibility ------------------------------------------------------------------------------------------


def member(role: str, academies: tuple[str, ...]) -> StaffMember:
    return StaffMember(1, "x@example.fr", role, academies, True, None, T0, None)


def test_who_sees_which_academie():
    conseiller = member("conseiller", ("01", "24"))
    responsable = member("responsable", ())
    assert can_see(conseiller, "01") and can_see(conseiller, "24")
    assert not can_see(conseiller, "10")
    assert can_see(conseiller, None)  # académie not known yet: every conseiller sees the request
    assert all(can_see(responsable, code) for code in ("01", "10", "28", None))
