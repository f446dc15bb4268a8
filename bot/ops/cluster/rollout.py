"""A rolling update of a running cluster (`make deploy-cluster`): new code and a new model, one server at a
time, while candidates go on talking.

Order: the store's migrations first (they must keep the running code working: add, never remove), then the
action servers (a new model may call new actions), then the Rasa servers with the new model, then the front
server. Each server is taken out of nginx's rotation (a graceful reload), waited for until nginx's previous
worker has finished every request it had (so nothing is in flight to it), stopped as a stop does (SIGTERM,
the server finishes what it has), started again, and put back once it answers. The front, alone of its kind,
is first doubled by a stand-in on its own port, which takes the public traffic meanwhile.

A server that does not answer with the new version stops the update: a Rasa server goes back to the model
it had (the other one never changed); an action or front server stays out of rotation, held, while the
others serve, until the next update. Nothing is lost either way: the answers are in the store, and a turn
cut short is sent again by the front with the same message id (bot/rasa_client.py).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx
from prometheus_client import Counter, Gauge

from bot.ops.cluster import models, nginx
from bot.ops.cluster.settings import Ports
from bot.ops.processes import Interrupted, answers
from bot.ops.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[3]
log = logging.getLogger(__name__)

START_TIMEOUT = {"rasa": 900.0, "default": 90.0}  # seconds a renewed server has to answer
# Seconds nginx's previous workers may take to finish their requests: more than the longest a request may
# last in nginx (its read timeout), so only a worker that hangs makes the update go on without it.
DRAIN_TIMEOUT = nginx.LONGEST_REQUEST + 30.0
STANDBY = "front-standby"

ROLLOUTS = Counter("bts_cluster_rollouts", "Rolling updates, by outcome (done, failed).", ["outcome"])
ROLLOUT_RUNNING = Gauge("bts_cluster_rollout_running", "1 while a rolling update is under way.")

TEXTS = {
    "unhealthy": "Un service ne répond pas ({names}) : la mise à jour n'est pas commencée. Voir les journaux.",
    "model": "Modèle : {model}",
    "migrate": "Base des dossiers : migrations appliquées.",
    "migrate_failed": "Les migrations de la base ont échoué : rien n'est changé.\n{output}",
    "renewed": "{name} : mis à jour, répond en {seconds:.0f} s.",
    "rasa_back": (
        "{name} ne démarre pas avec le nouveau modèle (voir {log}) : remis sur l'ancien modèle, "
        "la mise à jour s'arrête. Rien n'est perdu."
    ),
    "held": (
        "{name} ne répond pas avec la nouvelle version (voir {log}) : il reste hors du répartiteur, les "
        "autres serveurs servent. Corriger, puis relancer make deploy-cluster."
    ),
    "missing": "{path} n'existe pas : la mise à jour n'est pas commencée.",
    "stopping": "L'assistant s'arrête : la mise à jour est interrompue.",
    "done": "Mise à jour terminée en {seconds:.0f} s : {count} serveurs remplacés un par un.",
}


class Updatable(Protocol):
    """What an update needs of the running topology (bot.ops.cluster.topology.Cluster)."""

    model: Path
    rasa_venv: Path
    python: str
    var_dir: Path
    ports: Ports
    balancer: nginx.Balancer
    supervisor: Supervisor | None
    stop_requested: bool

    @property
    def models_dir(self) -> Path: ...

    def env(self) -> dict[str, str]: ...

    def _rasa_argv(self, port: int | None = None) -> list[str]: ...

    def _front_argv(self, port: int | None = None) -> list[str]: ...


class RolloutFailed(RuntimeError):
    """The update stopped; the message says what state the cluster is in."""


def _children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid` (nginx's workers, for its master)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry))
    return found


def _status(url: str) -> int | None:
    """The HTTP status `url` answers with; None when nothing answers."""
    try:
        return httpx.get(url, timeout=3.0).status_code
    except httpx.HTTPError:
        return None


@dataclass
class Rollout:
    """One update of `cluster`; `say` receives each line the operator reads."""

    cluster: Updatable
    say: Callable[[str], None]
    renewed: int = 0
    began: float = field(default_factory=time.monotonic)

    @property
    def supervisor(self) -> Supervisor:
        supervisor = self.cluster.supervisor
        assert supervisor is not None, "the cluster is not started"
        return supervisor

    # --- the whole update -----------------------------------------------------------------------------

    def run(self, model: Path | None, python: str | None = None, rasa_venv: Path | None = None) -> None:
        """Updates to `model` (default: the running one); `python` and `rasa_venv`, when given, are the
        environments the renewed servers run in (requirements changed)."""
        ROLLOUT_RUNNING.set(1)
        try:
            for path in [p for p in (python, rasa_venv) if p is not None]:
                if not Path(path).exists():
                    raise RolloutFailed(TEXTS["missing"].format(path=path))
            if python is not None:
                self.cluster.python = str(python)
            self._run(model, rasa_venv)
        except (RolloutFailed, Interrupted):
            ROLLOUTS.labels(outcome="failed").inc()
            raise
        finally:
            ROLLOUT_RUNNING.set(0)
        ROLLOUTS.labels(outcome="done").inc()
        self.say(TEXTS["done"].format(seconds=time.monotonic() - self.began, count=self.renewed))

    def _run(self, model: Path | None, rasa_venv: Path | None) -> None:
        # A server held by an earlier update that stopped is renewed by this one; any other must answer.
        children = self.supervisor.children.values()
        silent = [c.name for c in children if c.health and not c.held and not answers(c.health)]
        if silent:
            raise RolloutFailed(TEXTS["unhealthy"].format(names=", ".join(silent)))
        old_model, old_venv = self.cluster.model, self.cluster.rasa_venv
        new_model = models.pin(model, self.cluster.models_dir) if model is not None else old_model
        self.say(TEXTS["model"].format(model=new_model.name))
        self._migrate()
        ports = self.cluster.ports
        for i, port in enumerate(ports.actions, 1):
            self._renew(f"actions-{i}", port)
        # What a Rasa server started from now on loads and runs in (a crashed one too).
        self.cluster.model, self.cluster.rasa_venv = new_model, rasa_venv or old_venv
        for i, port in enumerate(ports.rasa, 1):
            try:
                self._renew(f"rasa-{i}", port, self.cluster._rasa_argv(port))
            except RolloutFailed:
                self.cluster.model, self.cluster.rasa_venv = old_model, old_venv
                self._renew(f"rasa-{i}", port, self.cluster._rasa_argv(port))
                raise RolloutFailed(
                    TEXTS["rasa_back"].format(name=f"rasa-{i}", log=self.cluster.var_dir / f"rasa-{i}.log")
                ) from None
        self._renew_front()
        models.prune(self.cluster.models_dir, {new_model, old_model})

    def _migrate(self) -> None:
        done = subprocess.run(
            [self.cluster.python, "-m", "registration.store", "migrate"],
            cwd=ROOT,
            env=self.cluster.env(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RolloutFailed(TEXTS["migrate_failed"].format(output=(done.stdout + done.stderr)[-2000:]))
        self.say(TEXTS["migrate"])

    # --- one server -------------------------------------------------------------------------------------

    def _port_of(self, name: str) -> int | None:
        """The port nginx sends `name`'s requests to (actions-2 → the second action port…)."""
        ports = self.cluster.ports
        kind, _, number = name.partition("-")
        if name == "front":
            return ports.front
        if number.isdigit() and kind in ("actions", "rasa"):
            return (ports.actions if kind == "actions" else ports.rasa)[int(number) - 1]
        return None

    def _route(self, *, down: set[int]) -> None:
        """Tells nginx which servers get requests (never a held one; the stand-in while it runs); returns once
        nothing is in flight under the old routes."""
        self._check_stop()
        children = self.supervisor.children
        nginx = children["nginx"].process
        assert nginx is not None
        held = {self._port_of(c.name) for c in children.values() if c.held}
        serving = STANDBY in children and not children[STANDBY].held
        standby = self.cluster.ports.front_standby if serving else None
        self.cluster.balancer.change(down=down | {p for p in held if p is not None}, front_standby=standby)
        previous = _children_of(nginx.pid)
        os.kill(nginx.pid, signal.SIGHUP)  # a graceful reload: new workers, the old ones finish and exit
        began = time.monotonic()
        # Done once the new workers run (the new routes are in effect) and the previous ones have exited
        # (every request sent under the old routes is answered), however long a busy machine takes.
        while (previous & _children_of(nginx.pid) or not _children_of(nginx.pid) - previous) and (
            time.monotonic() - began < DRAIN_TIMEOUT
        ):
            self._check_stop()
            time.sleep(0.1)
        if previous & _children_of(nginx.pid):
            log.warning("nginx's previous workers still run after %.0f s: going on", DRAIN_TIMEOUT)

    def _renew(
        self, name: str, port: int, argv: list[str] | None = None, *, retire: str | None = None
    ) -> None:
        """Out of rotation, replaced, back in rotation once it answers; `retire`: a stand-in that served
        meanwhile, taken out of rotation with it back in, then stopped."""
        self._route(down={port})
        began = time.monotonic()
        self._check_stop()
        child = self.supervisor.renew(name, argv)
        if not self._answers(name):
            self.supervisor.hold(name)  # a stand-in serves on
            raise RolloutFailed(TEXTS["held"].format(name=name, log=self.cluster.var_dir / f"{name}.log"))
        if retire is not None:
            self.supervisor.children[retire].held = True  # no new request once the routes below are in effect
        self._route(down=set())
        if retire is not None:
            self.supervisor.remove(retire)
        self.renewed += 1
        log.warning("%s updated (pid %s) in %.1f s", name, child.pid, time.monotonic() - began)
        self.say(TEXTS["renewed"].format(name=name, seconds=time.monotonic() - began))

    def _renew_front(self) -> None:
        """The front, doubled by a stand-in while it is replaced (the stand-in of an update that stopped with
        the front held is still serving: it serves on until the front is back)."""
        standby = self.cluster.ports.front_standby
        if STANDBY not in self.supervisor.children:
            self.supervisor.add(
                STANDBY, self.cluster._front_argv(standby), f"http://127.0.0.1:{standby}/health"
            )
            if not self._answers(STANDBY):
                self.supervisor.remove(STANDBY)
                raise RolloutFailed(
                    TEXTS["held"].format(name=STANDBY, log=self.cluster.var_dir / f"{STANDBY}.log")
                )
        # While the front is out of rotation, the stand-in takes the public traffic.
        self._renew("front", self.cluster.ports.front, retire=STANDBY)

    def _answers(self, name: str) -> bool:
        """Waits until the child answers its health check; False when it exits, takes too long, or is a Rasa
        server that started without its model (503 from /webhooks/ready/: the file did not load)."""
        child = self.supervisor.children[name]
        timeout = START_TIMEOUT.get(child.kind, START_TIMEOUT["default"])
        deadline = time.monotonic() + timeout
        # Watched by the update alone meanwhile: the supervisor's start-up grace (60 s for a front or an
        # action server) would kill a server a busy machine starts slowly, in the middle of this wait.
        child.held = True
        try:
            while time.monotonic() < deadline:
                self._check_stop()
                if child.process is None or child.process.poll() is not None:
                    return False
                status = _status(child.health) if child.health else None
                if status == 200:
                    return True
                if status == 503 and child.kind == "rasa":
                    return False
                time.sleep(0.5)
            return False
        finally:
            child.held = False

    def _check_stop(self) -> None:
        if self.supervisor.stopping or self.cluster.stop_requested:
            raise Interrupted(TEXTS["stopping"])
