"""The production topology on one machine, started, watched and stopped by the shared supervisor.

nginx (public port) → front server → nginx (private) → Rasa servers → nginx (private) → action servers;
PostgreSQL holds dossiers and trackers, Redis is Rasa's lock store. Restarts, health checks and the stop are
bot/ops/supervisor.py's, the same as `make run`'s.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis

from bot.ops.cluster import models, nginx
from bot.ops.cluster.control import ControlSocket
from bot.ops.cluster.databases import admin_dsn, ensure_database
from bot.ops.cluster.rollout import Rollout
from bot.ops.cluster.settings import Backends, Ports
from bot.ops.processes import Interrupted
from bot.ops.stack import Stack, wait_http
from bot.ops.supervisor import Child
from registration import metrics

log = logging.getLogger(__name__)

# Seconds a Redis conversation lock outlives a Rasa server killed while holding it (Rasa's default is 60,
# longer than the front waits); a turn takes well under a second.
LOCK_LIFETIME = "15"


@dataclass
class Cluster(Stack):
    """`Cluster(rasa_venv, model, var_dir).start()`, then `public_url`; `stop()` ends everything.

    `ports` (default: from the environment, see settings.Ports) and `backends` (PostgreSQL and Redis) can be
    given; `fresh_databases` drops and re-creates the two databases first.
    """

    ports: Ports = field(default_factory=Ports.from_environment)
    backends: Backends = field(default_factory=Backends.from_environment)
    fresh_databases: bool = False
    balancer: nginx.Balancer = field(init=False)
    control: ControlSocket | None = field(default=None, init=False)

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

    def trusted_proxies(self) -> list[str]:
        """The front server believes its nginx only, on 127.0.0.1: nginx itself takes the client's address
        and scheme from the proxies of ``BTS_TRUSTED_PROXIES`` in front of it, and from nobody else."""
        return ["127.0.0.1"]

    def upstream_proxies(self) -> list[str]:
        """``BTS_TRUSTED_PROXIES``: the TLS terminators or load balancers in front of nginx, if any."""
        return super().trusted_proxies()

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.public}"

    @property
    def nginx_dir(self) -> Path:
        return self.var_dir / "nginx"

    @property
    def models_dir(self) -> Path:
        return self.var_dir / "models"

    @property
    def children(self) -> dict[str, Child]:
        """nginx, front, rasa-1, rasa-2…, actions-1, actions-2…"""
        return self.supervisor.children if self.supervisor is not None else {}

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

    def _add(self, name: str, argv: list[str], health: str, metrics_port: int | None = None) -> None:
        env = {metrics.PORT_VARIABLE: str(metrics_port)} if metrics_port else None
        self._supervisor().add(name, argv, health, env)

    def start(self, timeout: float = 420.0) -> Cluster:
        deadline = time.monotonic() + timeout
        self._check_backends()
        self.prepare_store()
        ports = self.ports
        self.model = models.pin(self.model, self.models_dir)  # retraining changes nothing until a deploy
        self.balancer = nginx.Balancer(
            self.nginx_dir,
            public_port=ports.public,
            front_port=ports.front,
            rasa_lb_port=ports.rasa_lb,
            rasa_ports=list(ports.rasa),
            action_lb_port=ports.action_lb,
            action_ports=list(ports.actions),
            proxies=tuple(self.upstream_proxies()),
        )
        try:
            for i, (port, metrics_port) in enumerate(
                zip(ports.actions, ports.action_metrics, strict=True), 1
            ):
                self._add(
                    f"actions-{i}", self._action_argv(port), f"http://127.0.0.1:{port}/health", metrics_port
                )
            self._add("nginx", self.balancer.argv(), f"{self.public_url}/health")
            self._add(
                "front",
                self._front_argv(ports.front),
                f"http://127.0.0.1:{ports.front}/health",
                ports.front_metrics,
            )
            for i, (port, metrics_port) in enumerate(zip(ports.rasa, ports.rasa_metrics, strict=True), 1):
                if i > 1:
                    while not self._trackers_ready():
                        self._fail_if_exited(deadline)
                        time.sleep(0.5)
                self._add(
                    f"rasa-{i}",
                    self._rasa_argv(port),
                    f"http://127.0.0.1:{port}/webhooks/ready/",
                    metrics_port,
                )
            for child in list(self.children.values()):
                wait_http(child.health or "", deadline, self.processes, self._interrupted)
        except (RuntimeError, OSError) as error:
            self.stop()
            raise RuntimeError(f"{error} (see {self.var_dir}/*.log)") from None
        self._supervisor().watch()
        self.control = ControlSocket(self.var_dir, self._on_request).start()
        return self

    def _on_request(self, request: dict, say: Callable[[str], None]) -> None:
        """A request on the control socket (bot/ops/cluster/control.py): `deploy`, a rolling update."""
        if request.get("command") != "deploy":
            raise ValueError(f"commande inconnue : {request.get('command')!r}")
        model, python, rasa_venv = (request.get(key) for key in ("model", "python", "rasa_venv"))

        def tell(line: str) -> None:
            log.warning("deploy: %s", line)  # in supervisor.log too, where the operator reads the restarts
            say(line)

        Rollout(self, tell).run(
            Path(model) if model else None, python or None, Path(rasa_venv) if rasa_venv else None
        )

    def stop(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        super().stop()

    def _fail_if_exited(self, deadline: float) -> None:
        if self.stop_requested:
            raise Interrupted("cluster start")
        for proc in self.processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process stopped while starting: {proc.args!r}")
        if time.monotonic() > deadline:
            raise RuntimeError("the cluster did not start in time")

    def ready(self) -> bool:
        """Whether every child answers its health check now."""
        return self.supervisor is not None and self.supervisor.ready()

    def wait_ready(self, timeout: float) -> None:
        """Waits until every child answers again (after a fault)."""
        deadline = time.monotonic() + timeout
        while not self.ready():
            if time.monotonic() > deadline:
                raise RuntimeError("the cluster did not recover in time")
            time.sleep(0.5)

    def pid(self, name: str) -> int:
        return self.named[name].pid
