"""The assistant on one machine (`make run`): the Rasa server, the action server and the front server (and the
Telegram bridge when configured), started, watched and stopped by the supervisor (bot/ops/supervisor.py)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.ops.processes import Interrupted, answers, free_port, wait_http
from bot.ops.running import run_supervised
from bot.ops.supervisor import Supervisor
from registration import metrics
from registration.security.secrets import ensure_secrets

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["ROOT", "MetricsPorts", "Stack", "answers", "free_port", "wait_http"]


@dataclass(frozen=True)
class MetricsPorts:
    """Where each process of the embedded default serves its Prometheus metrics (on 127.0.0.1 only)."""

    supervisor: int = 9300
    front: int = 9301
    actions: int = 9302
    telegram: int = 9303
    rasa: int = 9304

    @classmethod
    def from_environment(cls) -> MetricsPorts:
        default = cls()
        return cls(
            supervisor=int(os.environ.get("SUPERVISOR_METRICS_PORT") or default.supervisor),
            front=int(os.environ.get("FRONT_METRICS_PORT") or default.front),
            actions=int(os.environ.get("ACTION_METRICS_PORT") or default.actions),
            telegram=int(os.environ.get("TELEGRAM_METRICS_PORT") or default.telegram),
            rasa=int(os.environ.get("RASA_METRICS_PORT") or default.rasa),
        )

    @classmethod
    def free(cls) -> MetricsPorts:
        """Ports nobody listens on now (tests and benchmarks next to a running assistant)."""
        return cls(
            supervisor=free_port(),
            front=free_port(),
            actions=free_port(),
            telegram=free_port(),
            rasa=free_port(),
        )


@dataclass
class Stack:
    """The running assistant: ports, data folder and the supervisor of its child processes."""

    rasa_venv: Path
    model: Path
    var_dir: Path
    rasa_port: int = 5005
    action_port: int = 5055
    front_port: int = 8000
    with_front: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)
    metrics_ports: MetricsPorts = field(default_factory=MetricsPorts.free)
    # The interpreter of the Python services (a rolling update may bring a new environment).
    python: str = sys.executable
    supervisor: Supervisor | None = field(default=None, init=False)
    # Set by a signal handler (nothing else may happen there): start() gives up, the main loop stops.
    stop_requested: bool = field(default=False, init=False)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def front_url(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

    @property
    def processes(self) -> list[subprocess.Popen]:
        return self.supervisor.processes() if self.supervisor is not None else []

    @property
    def named(self) -> dict[str, subprocess.Popen]:
        """The current process of each child (it changes when the child is started again)."""
        if self.supervisor is None:
            return {}
        return {name: c.process for name, c in self.supervisor.children.items() if c.process is not None}

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            BTS_VAR_DIR=str(self.var_dir),
            ACTION_ENDPOINT_URL=self.action_url,
            TRACKER_DB=str(self.var_dir / "trackers.sqlite3"),
            RASA_URL=self.rasa_url,
            BTS_PUBLIC_URL=env.get("BTS_PUBLIC_URL") or self.front_url,
            # the project first after what the caller put there (a test run's clock shift, for instance)
            PYTHONPATH=os.pathsep.join(
                [*(p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p), str(ROOT)]
            ),
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            SANIC_REGISTER="false",
        )
        env.pop(metrics.PORT_VARIABLE, None)  # each child is given its own
        env.update(self.extra_env)
        for name, value in ensure_secrets(self.var_dir, env).items():
            env.setdefault(name, value)
        return env

    def _supervisor(self) -> Supervisor:
        if self.supervisor is None or self.supervisor.stopping:
            self.supervisor = Supervisor(ROOT, self.var_dir, self.env)
        return self.supervisor

    def _interrupted(self) -> bool:
        return self.stop_requested

    def _action_argv(self, port: int | None = None) -> list[str]:
        return [
            self.python,
            "-m",
            "actions.server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port or self.action_port),
        ]

    def _rasa_argv(self, port: int | None = None) -> list[str]:
        endpoints = self.extra_env.get("RASA_ENDPOINTS", "endpoints.yml")
        # No --enable-api: Rasa's HTTP API (trackers, model) stays closed; only the REST channel answers.
        return [
            str(self.rasa_venv / "bin" / "rasa"),
            "run",
            "--model",
            str(self.model),
            "--port",
            str(port or self.rasa_port),
            "--endpoints",
            endpoints,
            "--credentials",
            "credentials.yml",
            "-i",
            "127.0.0.1",
        ]

    def trusted_proxies(self) -> list[str]:
        """The addresses whose ``X-Forwarded-For`` and ``X-Forwarded-Proto`` the front server believes:
        ``BTS_TRUSTED_PROXIES`` (comma-separated addresses or networks of the reverse proxy in front of it),
        none by default: a client connecting directly, even from this machine, is known by its own address."""
        value = self.env().get("BTS_TRUSTED_PROXIES", "")
        return [part.strip() for part in value.split(",") if part.strip()]

    def _proxy_options(self) -> list[str]:
        proxies = self.trusted_proxies()
        if not proxies:
            return ["--no-proxy-headers"]
        return ["--proxy-headers", "--forwarded-allow-ips", ",".join(proxies)]

    def _front_argv(self, port: int | None = None) -> list[str]:
        return [
            self.python,
            "-m",
            "uvicorn",
            "bot.front:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port or self.front_port),
            "--no-access-log",
            "--timeout-graceful-shutdown",  # long-polling clients must not hold the stop
            "5",
            *self._proxy_options(),
        ]

    def restart_actions(self, env: dict[str, str] | None = None, timeout: float = 60.0) -> None:
        """Replaces the action server (with other settings, or the default ones) and waits until it answers."""
        child = self._supervisor().replace("actions", env)
        try:
            wait_http(child.health or "", time.monotonic() + timeout, [])
        except RuntimeError:
            raise RuntimeError("the action server did not restart") from None

    def prepare_store(self) -> None:
        """Private data folder; the store's schema is created before any process writes to it; old personal
        data is erased."""
        os.umask(0o077)  # every file the services write (logs, databases, e-mails) is readable by us only
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.var_dir.chmod(0o700)
        for argv in (
            ["registration.store", "migrate"],
            ["registration.operations.retention"],
            ["registration.referentials", "calendrier", "check"],  # warns while the dates are the example's
        ):
            try:
                subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, env=self.env(), check=True)
            except subprocess.CalledProcessError:
                if self.stop_requested:  # the signal reached it too (same process group)
                    raise Interrupted(argv[0]) from None
                raise
            if self.stop_requested:
                raise Interrupted(argv[0])

    def start(self, timeout: float = 240.0) -> Stack:
        """Starts every child and waits until each answers; then the supervisor watches them. Interrupted
        when `stop_requested` is set meanwhile (the caller then calls stop())."""
        self.prepare_store()
        supervisor = self._supervisor()
        ports = self.metrics_ports
        supervisor.add(
            "actions",
            self._action_argv(),
            f"http://127.0.0.1:{self.action_port}/health",
            {metrics.PORT_VARIABLE: str(ports.actions)},
        )
        supervisor.add(
            "rasa",
            self._rasa_argv(),
            f"{self.rasa_url}/webhooks/ready/",
            {metrics.PORT_VARIABLE: str(ports.rasa)},
        )
        if self.with_front:
            supervisor.add(
                "front",
                self._front_argv(),
                f"{self.front_url}/health",
                {metrics.PORT_VARIABLE: str(ports.front)},
            )
        self.wait_ready(timeout)
        if self.env().get("TELEGRAM_BOT_TOKEN"):
            supervisor.add(
                "telegram",
                [sys.executable, "-m", "bot.telegram"],
                None,
                {metrics.PORT_VARIABLE: str(ports.telegram)},
            )
        supervisor.watch()
        return self

    def wait_ready(self, timeout: float) -> None:
        supervisor = self._supervisor()
        deadline = time.monotonic() + timeout
        try:
            for child in list(supervisor.children.values()):
                if child.health is not None:
                    wait_http(child.health, deadline, supervisor.processes(), self._interrupted)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error} (see {self.var_dir}/*.log)") from None

    def stop(self) -> None:
        """Stops every child (idempotent; see Supervisor.stop)."""
        if self.supervisor is not None:
            self.supervisor.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the BTS registration assistant.")
    parser.add_argument("--rasa-venv", required=True, type=Path)
    parser.add_argument("--model", required=True, type=Path)
    parser.add_argument("--var-dir", type=Path, default=Path(os.environ.get("BTS_VAR_DIR", ROOT / "var")))
    args = parser.parse_args()
    stack = Stack(
        args.rasa_venv,
        args.model,
        args.var_dir.resolve(),
        rasa_port=int(os.environ.get("RASA_PORT", 5005)),
        action_port=int(os.environ.get("ACTION_PORT", 5055)),
        front_port=int(os.environ.get("FRONT_PORT", 8000)),
        metrics_ports=MetricsPorts.from_environment(),
    )

    def ready() -> str:
        ports = stack.metrics_ports
        lines = [
            "",
            "L'assistant est prêt.",
            f"  Discussion web : {stack.front_url}/",
            f"  API REST Rasa  : {stack.rasa_url}/webhooks/rest/webhook",
        ]
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            lines.append("  Telegram       : le pont Telegram est démarré (jeton TELEGRAM_BOT_TOKEN).")
        lines += [
            f"  Métriques      : http://127.0.0.1:<port>/metrics, superviseur {ports.supervisor}, "
            f"serveur web {ports.front}, serveur d'actions {ports.actions}, Rasa {ports.rasa}",
            f"  Journaux       : {stack.var_dir}/*.log",
            "Ctrl-C pour arrêter.",
        ]
        return "\n".join(lines)

    sys.exit(
        run_supervised(
            stack,
            starting="Démarrage de l'assistant (serveur Rasa, serveur d'actions, serveur web)…",
            ready=ready,
            metrics_port=stack.metrics_ports.supervisor,
        )
    )


if __name__ == "__main__":
    main()
