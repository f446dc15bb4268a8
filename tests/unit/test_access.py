"""The attempt limits on look-ups that reveal data, on SQLite and PostgreSQL (registration.security.attempts)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from registration.models import AttemptCounter
from registration.security.attempts import AttemptGuard

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def fail(guard: AttemptGuard, clients: list[str], target: str | None = None, now: datetime = T0) -> bool:
    """One failed look-up; True when it was refused before being tried."""
    reservation = guard.reserve(clients, target, now=now)
    if reservation.refused:
        return True
    guard.failed(reservation)
    return False


def test_ten_failures_then_refused_until_the_window_ends(store):
    guard = AttemptGuard(store, limit=10, window=timedelta(minutes=15), secret="k")
    assert [fail(guard, ["sender:a"]) for _ in range(12)] == [False] * 10 + [True, True]
    assert not fail(guard, ["sender:b"])  # another client is not affected
    assert not fail(guard, ["sender:a"], now=T0 + timedelta(minutes=16))  # a new window


def test_success_is_not_counted(store):
    guard = AttemptGuard(store, limit=3, window=timedelta(minutes=15), secret="k")
    for _ in range(10):
        reservation = guard.reserve(["sender:a"], "dossier:5", now=T0)
        assert not reservation.refused
        guard.succeeded(reservation)
    assert guard.count("sender:a") == 0


def test_a_hot_target_refuses_the_guessers_but_not_a_fresh_client(store):
    guard = AttemptGuard(store, limit=3, window=timedelta(minutes=15), secret="k")
    assert not fail(guard, ["sender:g1"], "dossier:7")
    assert not fail(guard, ["sender:g2"], "dossier:7")
    reservation = guard.reserve(["sender:g3"], "dossier:7", now=T0)
    assert guard.failed(reservation)  # the third failure turns the target hot: tell the owner, once
    assert not fail(guard, ["sender:g4"], "dossier:7")  # a client that never failed on it may try
    assert fail(guard, ["sender:g1"], "dossier:7")  # one that already failed on it may not
    owner = guard.reserve(["sender:owner"], "dossier:7", now=T0)
    assert not owner.refused
    guard.succeeded(owner)
    assert not guard.failed(guard.reserve(["sender:g5"], "dossier:7", now=T0))  # told once only


def test_fifty_parallel_attempts_record_at_most_the_limit(store):
    guard = AttemptGuard(store, limit=10, window=timedelta(minutes=15), secret="k")
    with ThreadPoolExecutor(max_workers=16) as pool:
        refused = list(pool.map(lambda _: fail(guard, ["sender:a", "net:x"], "dossier:9"), range(50)))
    assert refused.count(False) == 10
    assert guard.count("sender:a") == 10


def test_keys_are_stored_as_digests(store):
    guard = AttemptGuard(store, limit=10, window=timedelta(minutes=15), secret="k")
    fail(guard, ["sender:web-0123", "net:192.0.2.1"], "dossier:175")
    keys = store.transaction(lambda session: [row.key for row in session.query(AttemptCounter)])
    assert len(keys) == 5 and all(len(k) == 64 and "192" not in k and "175" not in k for k in keys)
