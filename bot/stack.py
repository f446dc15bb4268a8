"""Starts and stops the three processes (Rasa server, action server, front server) and waits until they answer."""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from registration.service_secrets import ensure_secrets

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether `url` answers 200 (Rasa serves its channels only once the model is loaded)."""
    try:
        return httpx.get(url, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def wait_http(url: str, deadline: float, processes: list[subprocess.Popen]) -> None:
    """Waits until `url` answers 200; RuntimeError when a process stops or the (monotonic) deadline passes."""
    while not answers(url):
        for proc in processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process stopped while starting: {proc.args!r}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer in time")
        time.sleep(0.5)


@dataclass
class Stack:
    """The running assistant: ports, data folder and child processes."""

    rasa_venv: Path
    model: Path
    var_dir: Path
    rasa_port: int = 5005
    action_port: int = 5055
    front_port: int = 8000
    with_front: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)
    named: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"

    @property
    def front_url(self) -> str:
        return f"http://127.0.0.1:{self.front_port}"

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
        env.update(self.extra_env)
        for name, value in ensure_secrets(self.var_dir, env).items():
            env.setdefault(name, value)
        return env

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.var_dir / f"{name}.log", "ab")  # noqa: SIM115  (the child process owns the log file)
        process = subprocess.Popen(
            argv,
            cwd=ROOT,
            env={**self.env(), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        self.named[name] = process
        return process

    def _action_argv(self, port: int | None = None) -> list[str]:
        return [
            sys.executable,
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

    def _front_argv(self, port: int | None = None) -> list[str]:
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "bot.web.app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port or self.front_port),
            "--no-access-log",
            "--proxy-headers",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]

    def restart_actions(self, env: dict[str, str] | None = None, timeout: float = 60.0) -> None:
        """Replaces the action server (after a crash, or with other settings) and waits until it answers."""
        old = self.named.get("actions")
        if old is not None:
            if old.poll() is None:
                os.killpg(old.pid, signal.SIGKILL)
                old.wait(timeout=15)
            self.processes.remove(old)
        self._spawn("actions", self._action_argv(), env)
        try:
            wait_http(f"http://127.0.0.1:{self.action_port}/health", time.monotonic() + timeout, [])
        except RuntimeError:
            raise RuntimeError("the action server did not restart") from None

    def prepare_store(self) -> None:
        """Private data folder; the store's schema is created before any process writes to it; old personal
        data is erased."""
        os.umask(0o077)  # every file the services write (logs, databases, e-mails) is readable by us only
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.var_dir.chmod(0o700)
        subprocess.run(
            [sys.executable, "-m", "registration.store", "migrate"], cwd=ROOT, env=self.env(), check=True
        )
        subprocess.run([sys.executable, "-m", "registration.retention"], cwd=ROOT, env=self.env(), check=True)

    def start(self, timeout: float = 240.0) -> Stack:
        self.prepare_store()
        self._spawn("actions", self._action_argv())
        self._spawn("rasa", self._rasa_argv())
        if self.with_front:
            self._spawn("front", self._front_argv())
        self.wait_ready(timeout)
        if self.env().get("TELEGRAM_BOT_TOKEN"):
            self._spawn("telegram", [sys.executable, "-m", "bot.telegram"])
        return self

    def wait_ready(self, timeout: float) -> None:
        checks = [f"http://127.0.0.1:{self.action_port}/health", f"{self.rasa_url}/webhooks/rest/"]
        if self.with_front:
            checks.append(f"{self.front_url}/health")
        deadline = time.monotonic() + timeout
        try:
            for url in checks:
                wait_http(url, deadline, self.processes)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error} (see {self.var_dir}/*.log)") from None

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.processes:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.processes.clear()


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
    )

    def stop_on_signal(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop_on_signal)
    print("Démarrage de l'assistant (serveur Rasa, serveur d'actions, serveur web)…", flush=True)
    try:
        stack.start()
        print(
            f"\nL'assistant est prêt.\n  Discussion web : {stack.front_url}/\n"
            f"  API REST Rasa  : {stack.rasa_url}/webhooks/rest/webhook"
        )
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            print("  Telegram       : le pont Telegram est démarré (jeton TELEGRAM_BOT_TOKEN).")
        print(f"  Journaux       : {stack.var_dir}/*.log\nCtrl-C pour arrêter.", flush=True)
        while all(proc.poll() is None for proc in stack.processes):
            time.sleep(1)
        print("Un processus s'est arrêté : voir les journaux.", file=sys.stderr)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
