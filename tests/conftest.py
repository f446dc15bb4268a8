"""Shared fixtures: the running assistant (Rasa server, action server, front server) for whole-stack tests."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.ops.stack import Stack, free_port

# Every test runs at a stated moment, never at the machine's: the servers the tests start get it as BTS_NOW,
# and so does the test process itself (the ``clock`` fixture below), so that what a test checks (a download
# link, a resume code, a deadline) is read with the same clock as the servers wrote it. At this moment the
# session 2027 registrations are open (except in Corse, closed on 13/11). A test that needs another moment says
# so with ``@pytest.mark.at("2027-02-01T10:00:00")`` or ``monkeypatch.setenv("BTS_NOW", …)``.
FIXED_NOW = "2026-11-26T10:00:00"
# The day after the 2027 session's closing everywhere (referentials/calendar.csv: 29 January 2027, 17:00).
AFTER_CLOSING = "2027-01-30T10:00:00"


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The moment this test runs at (BTS_NOW), the same for the test process and the servers it talks to."""
    marker = request.node.get_closest_marker("at")
    moment = marker.args[0] if marker else FIXED_NOW
    monkeypatch.setenv("BTS_NOW", moment)
    return moment


@pytest.fixture(autouse=True)
def _own_application(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Each test has its own process-wide application (registration.app.current_app), made from the environment
    it sets on first use, and closed after it: no store of another test's database is ever reused. Its data
    folder is a new temporary one unless the test names one (BTS_VAR_DIR), never the checkout's var/."""
    import registration.app

    monkeypatch.setattr(registration.app, "_current", None)
    if not os.environ.get("BTS_VAR_DIR"):
        monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path_factory.mktemp("var")))
    yield
    made = registration.app._current
    if made is not None:
        made.dispose()


@pytest.fixture(autouse=True, scope="session")
def _shifted_machine_clock() -> Iterator[None]:
    """BTS_TEST_SHIFT_CLOCK=2028-06-01: the machine's clock, as Python reads it, moved to that day.

    ``make test`` runs the tests that need no server a second time so: a result that depends on the real date
    instead of BTS_NOW (``date.today()``, ``datetime.now()``) then fails. time-machine moves the clock of this
    process only (the servers started by tests keep BTS_NOW), which is what is wanted here.
    """
    target = os.environ.get("BTS_TEST_SHIFT_CLOCK")
    if not target:
        yield
        return
    import time_machine

    with time_machine.travel(target, tick=True):
        yield


def rasa_environment() -> tuple[str, str]:
    """RASA_VENV and MODEL from the environment (make test), else set up the way make does it."""
    rasa_venv, model = os.environ.get("RASA_VENV"), os.environ.get("MODEL")
    if rasa_venv and model:
        return rasa_venv, model
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["bash", "-c", 'source scripts/env.sh && prepare >&2 && echo "$RASA_VENV" && echo "$MODEL"'],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        pytest.fail("could not set up Rasa for the whole-stack tests:\n" + done.stderr[-3000:])
    rasa_venv, model = done.stdout.split()[-2:]
    return rasa_venv, model


# BTS_TEST_BACKEND=postgres: the store and Rasa's trackers on PostgreSQL, Rasa's locks in Redis (the
# production endpoints), in databases made for this session; else SQLite files (the embedded default).
BACKEND = os.environ.get("BTS_TEST_BACKEND", "sqlite")


@contextmanager
def backend_env(var_dir: Path) -> Iterator[dict[str, str]]:
    """The environment of the store and tracker store for this session's backend, removed afterwards."""
    if BACKEND == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{var_dir / 'bts.sqlite3'}"}
        return
    if BACKEND != "postgres":
        pytest.fail(f"BTS_TEST_BACKEND={BACKEND!r}: expected sqlite or postgres")
    import psycopg
    import redis

    from bot.ops.cluster import Backends
    from bot.ops.cluster.databases import admin_dsn, drop_database, ensure_database

    name = f"bts_test_{uuid.uuid4().hex[:10]}"
    backends = Backends.from_environment()
    backends = Backends(**{**backends.__dict__, "store_db": name, "tracker_db": f"{name}_trackers"})
    dsn = admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)
    try:
        redis.Redis(host=backends.redis_host, port=backends.redis_port, socket_timeout=3).ping()
        for database in (backends.store_db, backends.tracker_db):
            ensure_database(dsn, database, fresh=True)
    except (psycopg.Error, redis.RedisError) as error:
        pytest.fail(
            "BTS_TEST_BACKEND=postgres needs PostgreSQL on "
            f"{backends.pg_host}:{backends.pg_port} (user {backends.pg_user}, trust or CLUSTER_PG_PASSWORD) and "
            f"Redis on {backends.redis_host}:{backends.redis_port}: {type(error).__name__}: {error}",
            pytrace=False,
        )
    try:
        yield {**backends.service_env(), "RASA_ENDPOINTS": "endpoints.production.yml"}
    finally:
        for database in (backends.store_db, backends.tracker_db):
            drop_database(dsn, database)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory):
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("stack")
    with backend_env(var_dir) as store_env:
        yield from _running_stack(rasa_venv, model, var_dir, store_env)


def _running_stack(
    rasa_venv: str, model: str, var_dir: Path, store_env: dict[str, str], *, now: str = FIXED_NOW
) -> Iterator[Stack]:
    front_port = free_port()
    running = Stack(
        Path(rasa_venv),
        Path(model),
        var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        front_port=front_port,
        extra_env={
            "BTS_NOW": now,
            "BTS_PUBLIC_URL": f"http://127.0.0.1:{front_port}",
            "BTS_OUTBOX_DIR": str(var_dir / "outbox"),
            "BTS_DEMO_FORMER_CANDIDATES": "1",  # the three invented former candidates (never in production)
            **store_env,
        },
    )
    running.start()
    os.environ.setdefault("BTS_TEST_STACK_VAR", str(var_dir))
    yield running
    running.stop()
