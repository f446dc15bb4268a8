"""Where the cluster's services listen and which PostgreSQL and Redis they use, from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from bot.ops.processes import free_port


def _ports(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.replace(",", " ").split())


@dataclass(frozen=True)
class Ports:
    """Every port is on 127.0.0.1; only `public` (nginx) is meant to be reached from outside (through a
    TLS-terminating proxy or a port forward). The metrics ports (Prometheus) are the supervisor's, the front
    server's and one per action server, in the order of `actions`. `front_standby` is where a stand-in of the
    front server answers while a rolling update replaces the front (bot/ops/cluster/rollout.py)."""

    public: int = 8080
    front: int = 8081
    front_standby: int = 8082
    rasa_lb: int = 5105
    rasa: tuple[int, ...] = (5106, 5107)
    action_lb: int = 5155
    actions: tuple[int, ...] = (5156, 5157)
    supervisor_metrics: int = 9310
    front_metrics: int = 9311
    action_metrics: tuple[int, ...] = (9312, 9313)
    rasa_metrics: tuple[int, ...] = (9314, 9315)

    def __post_init__(self) -> None:
        if len(self.action_metrics) != len(self.actions):
            raise ValueError("one metrics port per action server (CLUSTER_ACTION_METRICS_PORTS)")
        if len(self.rasa_metrics) != len(self.rasa):
            raise ValueError("one metrics port per Rasa server (CLUSTER_RASA_METRICS_PORTS)")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Ports:
        env = os.environ if environ is None else environ
        default = cls()
        actions = _ports(env.get("CLUSTER_ACTION_PORTS") or "") or default.actions
        rasa = _ports(env.get("CLUSTER_RASA_PORTS") or "") or default.rasa
        first_action_metrics, first_rasa_metrics = default.action_metrics[0], default.rasa_metrics[0]
        return cls(
            public=int(env.get("CLUSTER_PUBLIC_PORT") or default.public),
            front=int(env.get("CLUSTER_FRONT_PORT") or default.front),
            front_standby=int(env.get("CLUSTER_FRONT_STANDBY_PORT") or default.front_standby),
            rasa_lb=int(env.get("CLUSTER_RASA_LB_PORT") or default.rasa_lb),
            rasa=rasa,
            action_lb=int(env.get("CLUSTER_ACTION_LB_PORT") or default.action_lb),
            actions=actions,
            supervisor_metrics=int(env.get("CLUSTER_SUPERVISOR_METRICS_PORT") or default.supervisor_metrics),
            front_metrics=int(env.get("CLUSTER_FRONT_METRICS_PORT") or default.front_metrics),
            action_metrics=_ports(env.get("CLUSTER_ACTION_METRICS_PORTS") or "")
            or tuple(first_action_metrics + i for i in range(len(actions))),
            rasa_metrics=_ports(env.get("CLUSTER_RASA_METRICS_PORTS") or "")
            or tuple(first_rasa_metrics + i for i in range(len(rasa))),
        )

    @classmethod
    def free(cls, rasa_servers: int = 2, action_servers: int = 2) -> Ports:
        """Ports nobody listens on now (tests and benchmarks next to a running cluster)."""
        return cls(
            public=free_port(),
            front=free_port(),
            front_standby=free_port(),
            rasa_lb=free_port(),
            rasa=tuple(free_port() for _ in range(rasa_servers)),
            action_lb=free_port(),
            actions=tuple(free_port() for _ in range(action_servers)),
            supervisor_metrics=free_port(),
            front_metrics=free_port(),
            action_metrics=tuple(free_port() for _ in range(action_servers)),
            rasa_metrics=tuple(free_port() for _ in range(rasa_servers)),
        )


@dataclass(frozen=True)
class Backends:
    """PostgreSQL (dossier store and Rasa trackers, two databases) and Redis (Rasa's lock store)."""

    pg_host: str = "127.0.0.1"
    pg_port: int = 5432
    pg_user: str = "postgres"
    pg_password: str = field(default="", repr=False)
    store_db: str = "bts_cluster"
    tracker_db: str = "bts_cluster_trackers"
    redis_host: str = "127.0.0.1"
    redis_port: int = 6379

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Backends:
        env = os.environ if environ is None else environ
        default = cls()
        return cls(
            pg_host=env.get("CLUSTER_PG_HOST") or default.pg_host,
            pg_port=int(env.get("CLUSTER_PG_PORT") or default.pg_port),
            pg_user=env.get("CLUSTER_PG_USER") or default.pg_user,
            pg_password=env.get("CLUSTER_PG_PASSWORD") or "",
            store_db=env.get("CLUSTER_STORE_DB") or default.store_db,
            tracker_db=env.get("CLUSTER_TRACKER_DB") or default.tracker_db,
            redis_host=env.get("REDIS_HOST") or default.redis_host,
            redis_port=int(env.get("REDIS_PORT") or default.redis_port),
        )

    @property
    def database_url(self) -> str:
        """The store's DATABASE_URL."""
        auth = quote(self.pg_user, safe="")
        if self.pg_password:
            auth += ":" + quote(self.pg_password, safe="")
        return f"postgresql+psycopg://{auth}@{self.pg_host}:{self.pg_port}/{self.store_db}"

    def service_env(self) -> dict[str, str]:
        """What endpoints.production.yml and the store read."""
        return {
            "DATABASE_URL": self.database_url,
            "TRACKER_HOST": self.pg_host,
            "TRACKER_PORT": str(self.pg_port),
            "TRACKER_DB": self.tracker_db,
            "TRACKER_USER": self.pg_user,
            "TRACKER_PASSWORD": self.pg_password,
            "REDIS_HOST": self.redis_host,
            "REDIS_PORT": str(self.redis_port),
        }
