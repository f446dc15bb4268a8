"""The production topology on one machine, started, watched and stopped by one supervisor.

nginx (public port) → front server → nginx (private) → Rasa servers → nginx (private) → action servers;
PostgreSQL holds dossiers and trackers, Redis is Rasa's lock store. A child that dies is started again; a
child that stops answering its health check is killed and started again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from dataclasses import dataclass, field

import psycopg
import redis

from bot.cluster import nginx
from bot.cluster.databases import admin_dsn, ensure_database
from bot.cluster.settings import Backends, Ports
from bot.stack import Stack, answers, wait_http

log = logging.getLogger(__name__)

HEALTH_EVERY = 5.0  # seconds between two health checks of a child
HEALTH_FAILURES = 3  # failed checks in a row before a child that had answered is replaced (it hangs)
# Seconds a (re)started child that never answered has before it is replaced: loading Rasa's model takes
# minutes on a busy machine, and starting it again would only start the loading again.
START_GRACE = {"rasa": 900.0, "default": 60.0}
# Seconds a Redis conversation lock outlives a Rasa server killed while holding it (Rasa's default is 60,
# longer than the front waits); a turn takes well under a second.
LOCK_LIFETIME = "15"


@dataclass
class Child:
    name: str
    argv: list[str]
    health: str
    started: float = 0.0
    answered: bool = False  # since its last start
    failures: int = 0
    restarts: int = 0

    @property
    def kind(self) -> str:
        return self.name.split("-")[0]


@dataclass
class Cluster(Stack):
    """`Cluster(rasa_venv, model, var_dir).start()`, then `public_url`; `stop()` ends everything.

    `ports` (default: from the environment, see settings.Ports) and `backends` (PostgreSQL and Redis) can be
    given; `fresh_databases` drops and re-creates the two databases first.
    """

    ports: Ports = field(default_factory=Ports.from_environment)
    backends: Backends = field(default_factory=Backends.from_environment)
    fresh_databases: bool = False
    children: dict[str, Child] = field(default_factory=dict)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _monitor: threading.Thread | None = None

    def __post_init__(self) -> None:
        # What Stack.env() gives clients: the front reaches Rasa, and Rasa the actions, through nginx.
        self.rasa_port, self.action_port, self.front_port = (
            self.ports.rasa_lb,
            self.ports.action_lb,
            self.ports.public,
        )
        self.extra_env = {
            "RASA_ENDPOINTS": "endpoints.production.yml",
            "TICKET_LOCK_LIFETIME": LOCK_LIFETIME,
            "BTS_PUBLIC_URL": os.environ.get("BTS_PUBLIC_URL") or self.public_url,
            **self.backends.service_env(),
            **self.extra_env,
        }

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.public}"

    @property
    def nginx_dir(self):
        return self.var_dir / "nginx"

    # --- starting ---------------------------------------------------------------------------------------

    def _check_backends(self) -> None:
        b = self.backends
        try:
            redis.Redis(host=b.redis_host, port=b.redis_port, socket_timeout=3).ping()
        except redis.RedisError as error:
            raise RuntimeError(f"Redis ne répond pas sur {b.redis_host}:{b.redis_port} ({error})") from None
        dsn = admin_dsn(b.pg_host, b.pg_port, b.pg_user, b.pg_password)
        try:
            for name in (b.store_db, b.tracker_db):
                ensure_database(dsn, name, fresh=self.fresh_databases)
        except psycopg.Error as error:
            raise RuntimeError(
                f"PostgreSQL refuse la connexion sur {b.pg_host}:{b.pg_port} ({error})"
            ) from None

    def _trackers_ready(self) -> bool:
        """Whether Rasa's tracker tables exist (the second Rasa server waits: both would create them)."""
        b = self.backends
        dsn = admin_dsn(b.pg_host, b.pg_port, b.pg_user, b.pg_password).replace(
            "dbname=postgres", f"dbname={b.tracker_db}"
        )
        try:
            with psycopg.connect(dsn) as connection:
                row = connection.execute("SELECT to_regclass('public.events')").fetchone()
                return row is not None and row[0] is not None
        except psycopg.Error:
            return False

    def _add(self, name: str, argv: list[str], health: str) -> None:
        child = self.children[name] = Child(name, argv, health)
        self._launch(child)

    def _launch(self, child: Child) -> None:
        with self._lock:
            old = self.named.get(child.name)
            if old is not None:
                if old.poll() is None:
                    _kill_group(old.pid)
                    old.wait(timeout=15)
                if old in self.processes:
                    self.processes.remove(old)
            self._spawn(child.name, child.argv)
            child.started, child.failures, child.answered = time.monotonic(), 0, False

    def start(self, timeout: float = 420.0) -> Cluster:
        deadline = time.monotonic() + timeout
        self._stopping.clear()
        self._check_backends()
        self.prepare_store()
        config = nginx.write_config(
            self.nginx_dir,
            public_port=self.ports.public,
            front_port=self.ports.front,
            rasa_lb_port=self.ports.rasa_lb,
            rasa_ports=list(self.ports.rasa),
            action_lb_port=self.ports.action_lb,
            action_ports=list(self.ports.actions),
        )
        try:
            for i, port in enumerate(self.ports.actions, 1):
                self._add(f"actions-{i}", self._action_argv(port), f"http://127.0.0.1:{port}/health")
            self._add("nginx", nginx.argv(self.nginx_dir, config), f"{self.public_url}/health")
            self._add(
                "front", self._front_argv(self.ports.front), f"http://127.0.0.1:{self.ports.front}/health"
            )
            for i, port in enumerate(self.ports.rasa, 1):
                if i > 1:
                    while not self._trackers_ready():
                        self._fail_if_exited(deadline)
                        time.sleep(0.5)
                self._add(f"rasa-{i}", self._rasa_argv(port), f"http://127.0.0.1:{port}/webhooks/rest/")
            for child in self.children.values():
                wait_http(child.health, deadline, self.processes)
        except (RuntimeError, OSError) as error:
            self.stop()
            raise RuntimeError(f"{error} (see {self.var_dir}/*.log)") from None
        self._monitor = threading.Thread(target=self._watch, name="cluster-supervisor", daemon=True)
        self._monitor.start()
        return self

    def _fail_if_exited(self, deadline: float) -> None:
        for proc in self.processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process stopped while starting: {proc.args!r}")
        if time.monotonic() > deadline:
            raise RuntimeError("the cluster did not start in time")

    # --- watching ---------------------------------------------------------------------------------------

    def _watch(self) -> None:
        next_health = time.monotonic() + HEALTH_EVERY
        while not self._stopping.wait(0.5):
            for child in list(self.children.values()):
                proc = self.named.get(child.name)
                if proc is not None and proc.poll() is not None and not self._stopping.is_set():
                    log.warning("%s exited (code %s): starting it again", child.name, proc.returncode)
                    self._restart(child)
            if time.monotonic() >= next_health:
                next_health = time.monotonic() + HEALTH_EVERY
                self._check_health()

    def _check_health(self) -> None:
        now = time.monotonic()
        for child in list(self.children.values()):
            if self._stopping.is_set():
                return
            grace = START_GRACE.get(child.kind, START_GRACE["default"])
            if answers(child.health, timeout=3):
                child.failures, child.answered = 0, True
            elif child.answered:
                child.failures += 1
                if child.failures >= HEALTH_FAILURES:
                    log.warning("%s failed %d health checks: replacing it", child.name, child.failures)
                    self._restart(child)
            elif now - child.started > grace:
                log.warning("%s did not answer within %.0f s of its start: replacing it", child.name, grace)
                self._restart(child)

    def _restart(self, child: Child) -> None:
        child.restarts += 1
        try:
            self._launch(child)
        except OSError as error:
            log.error("could not start %s again: %s", child.name, error)

    def ready(self) -> bool:
        """Whether every child answers its health check now."""
        return all(answers(child.health) for child in self.children.values())

    def wait_ready(self, timeout: float) -> None:
        """Waits until every child answers again (after a fault)."""
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not recover in time")
            time.sleep(0.5)

    def pid(self, name: str) -> int:
        return self.named[name].pid

    def stop(self) -> None:
        self._stopping.set()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=10)
        with self._lock:
            super().stop()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
