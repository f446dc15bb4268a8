"""The faults the harness injects: a child killed with -9, Redis and PostgreSQL restarted as the machine's
services, a rolling update. Redis and PostgreSQL are always left running (checked, started again if need
be)."""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import redis

from bot.ops.cluster import Backends, Cluster, control

ROOT = Path(__file__).resolve().parents[1]


def kill(cluster: Cluster, name: str) -> str:
    """Kills one child (e.g. rasa-1) with SIGKILL; the cluster's supervisor starts it again."""
    os.kill(cluster.pid(name), signal.SIGKILL)
    return f"kill -9 {name}"


def repacked(model: Path, folder: Path) -> Path:
    """The same model in another file (compressed again: other bytes, the same archive), so that a rolling
    update really moves the Rasa servers to another model file."""
    copy = folder / f"model-{int(time.time())}.tar.gz"
    with gzip.open(model, "rb") as source, gzip.GzipFile(copy, "wb", mtime=int(time.time())) as target:
        shutil.copyfileobj(source, target)
    return copy


def deploy(cluster: Cluster, model: Path) -> str:
    """`make deploy-cluster`'s request on the cluster's control socket; RuntimeError unless it ends OK."""
    lines = list(control.request(cluster.var_dir, {"command": "deploy", "model": str(model)}))
    if not lines or lines[-1] != control.OK:
        raise RuntimeError("rolling update failed: " + " | ".join(lines[-3:]))
    rasa = {name: cluster.children[name].argv for name in cluster.children if name.startswith("rasa-")}
    on_new = all(str(cluster.model) in argv for argv in rasa.values()) and cluster.model.name in lines[0]
    return f"{lines[-2]} Rasa on the new model file: {'yes' if on_new else 'NO'}"


def _redis(backends: Backends) -> redis.Redis:
    return redis.Redis(host=backends.redis_host, port=backends.redis_port, socket_timeout=2)


def _redis_run_id(backends: Backends) -> str | None:
    try:
        return str(_redis(backends).info("server")["run_id"])
    except redis.RedisError:
        return None


def _wait(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def _ensure(service: str, backends: Backends) -> None:
    """`ensure_redis` or `ensure_postgres` of deploy/ensure-services.sh, the checks `make test` and the cluster
    scripts run: started again when down (stale lock files of a killed server removed), Redis made writable
    again when its snapshot folder went to another user."""
    done = subprocess.run(
        ["bash", "-c", f"source deploy/ensure-services.sh && {service}"],
        cwd=ROOT,
        env={**os.environ, "REDIS_PORT": str(backends.redis_port), "CLUSTER_PG_PORT": str(backends.pg_port)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{service} failed: {done.stderr.strip()[-500:]}")


def ensure_redis(backends: Backends) -> None:
    """Redis answers and accepts writes."""
    _ensure("ensure_redis", backends)


def restart_redis(backends: Backends) -> str:
    """`service redis-server restart`; when the init script does not own the running server (started by
    hand), SHUTDOWN (saving as configured) and start it again. Returns how."""
    before = _redis_run_id(backends)
    subprocess.run(["service", "redis-server", "restart"], capture_output=True, timeout=60)
    _wait(lambda: _redis_run_id(backends) not in (None, before), 5)
    how = "service redis-server restart"
    if _redis_run_id(backends) == before:
        with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it stops
            _redis(backends).shutdown()
        how = "redis SHUTDOWN + start"
    ensure_redis(backends)
    if _redis_run_id(backends) == before:
        raise RuntimeError("Redis was not restarted")
    return how


def _pg_cluster() -> tuple[str, str]:
    """(version, name) of the local cluster listening on 5432, from pg_lsclusters."""
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[2] == "5432":
            return parts[0], parts[1]
    raise RuntimeError("no PostgreSQL cluster on port 5432 in pg_lsclusters")


def _pg_up(backends: Backends) -> bool:
    try:
        with psycopg.connect(
            host=backends.pg_host,
            port=backends.pg_port,
            user=backends.pg_user,
            dbname="postgres",
            connect_timeout=2,
        ) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def ensure_postgres(backends: Backends) -> None:
    """PostgreSQL answers."""
    _ensure("ensure_postgres", backends)
    if not _wait(lambda: _pg_up(backends), 30):
        raise RuntimeError("PostgreSQL did not come back")


def restart_postgres(backends: Backends) -> str:
    """pg_ctlcluster <version> <name> restart (fast shutdown: open connections are cut)."""
    version, name = _pg_cluster()
    try:
        subprocess.run(
            ["pg_ctlcluster", version, name, "restart", "-m", "fast"], capture_output=True, timeout=60
        )
    finally:
        ensure_postgres(backends)
    return f"pg_ctlcluster {version} {name} restart"
