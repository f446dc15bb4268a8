"""The one supervisor of both topologies (`make run`'s Stack and `make run-cluster`'s Cluster).

It starts each child in a process group of its own, with its output appended to ``<log dir>/<name>.log``.
A child that exits is started again after a backoff (0.5 s, doubled at each crash within the crash window,
at most 30 s); a child that answered its health check and then fails HEALTH_FAILURES checks in a row, or
that never answers within its start-up grace, is killed and started again the same way. A child that stops
CRASH_LIMIT times within CRASH_WINDOW seconds is not started again: `failure` says why, and the program that
runs the supervisor stops the assistant.

`stop()` is idempotent and runs to its end whatever happens meanwhile: SIGTERM to every child's process
group, SIGKILL to the groups still alive after STOP_GRACE seconds (and to anything a child left behind in
its group), then waits for them. Signal handlers must not raise into it: the programs that run a supervisor
record a signal in a flag (`stop_requested`) and call `stop()` from their main loop.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client import Counter, Gauge

from bot.ops.processes import answers

log = logging.getLogger(__name__)

HEALTH_EVERY = 5.0  # seconds between two health checks of a child
HEALTH_TIMEOUT = 3.0  # seconds one health check may take
HEALTH_FAILURES = 3  # failed checks in a row before a child that had answered is replaced (it hangs)
# Seconds a (re)started child that never answered has before it is replaced: loading Rasa's model takes
# minutes on a busy machine, and starting it again would only start the loading again.
START_GRACE = {"rasa": 900.0, "default": 60.0}
BACKOFF_FIRST = 0.5  # seconds before the first restart; doubled for each crash within the crash window
BACKOFF_MAX = 30.0
CRASH_LIMIT = 5  # crashes of one child within CRASH_WINDOW seconds before the supervisor gives up
CRASH_WINDOW = 120.0
STOP_GRACE = 10.0  # seconds children have to exit after SIGTERM before SIGKILL

RESTARTS = Counter(
    "bts_supervisor_restarts",
    "Children started again by the supervisor, by child and reason (exited, unhealthy, replaced).",
    ["child", "reason"],
)
CHILD_UP = Gauge("bts_supervisor_child_up", "1 when the child answered its last health check.", ["child"])
GAVE_UP = Gauge("bts_supervisor_gave_up", "1 once a child crashed too often and the assistant stops.")


@dataclass
class Child:
    """One supervised process: how to start it and what happened to it."""

    name: str
    argv: list[str]
    health: str | None  # a URL that answers 200 when the child is ready; None: no health check
    env: dict[str, str] = field(default_factory=dict)  # on top of the supervisor's environment
    overrides: dict[str, str] = field(default_factory=dict)  # given by replace(), kept across restarts
    process: subprocess.Popen | None = None
    started: float = 0.0
    answered: bool = False  # since its last start
    failures: int = 0  # failed health checks in a row
    restarts: int = 0
    crashes: deque[float] = field(default_factory=deque)  # when it stopped, within the crash window
    due: float | None = None  # when it is to be started again; None while it runs
    held: bool = False  # a rolling update is replacing it: neither restarted nor health-checked meanwhile

    @property
    def kind(self) -> str:
        return self.name.split("-")[0]

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


def signal_group(pid: int, signum: int) -> None:
    """Sends `signum` to the process group `pid` leads; nothing when the group is gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


class Supervisor:
    """`add()` children, `watch()` them, `stop()` them. Thread-safe; the watching runs in a daemon thread."""

    def __init__(self, cwd: Path, log_dir: Path, environment: Callable[[], dict[str, str]]) -> None:
        self.cwd, self.log_dir, self.environment = cwd, log_dir, environment
        self.children: dict[str, Child] = {}
        self.failure: str | None = None  # why the supervisor gave up, when it did
        self._lock = threading.RLock()  # children's processes change under it
        self._stop_lock = threading.Lock()
        self._stopping = threading.Event()
        self._stopped = False
        self._monitor: threading.Thread | None = None

    # --- starting -----------------------------------------------------------------------------------

    def add(self, name: str, argv: list[str], health: str | None, env: dict[str, str] | None = None) -> Child:
        with self._lock:
            child = self.children[name] = Child(name, argv, health, env=dict(env or {}))
            for reason in ("exited", "unhealthy", "replaced", "updated"):
                RESTARTS.labels(child=name, reason=reason)  # at 0 from the start
            CHILD_UP.labels(child=name).set(0)
            self._launch(child)
        return child

    def _launch(self, child: Child) -> None:
        """Starts the child (killing what is left of its previous process). Under the lock."""
        if self._stopping.is_set():
            return
        old = child.process
        if old is not None and old.poll() is None:
            signal_group(old.pid, signal.SIGKILL)
            old.wait(timeout=15)
        env = {**self.environment(), **child.env, **child.overrides}
        with open(self.log_dir / f"{child.name}.log", "ab") as output:
            child.process = subprocess.Popen(
                child.argv,
                cwd=self.cwd,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends it with whatever it started
            )
        child.started, child.failures, child.answered, child.due = time.monotonic(), 0, False, None

    def replace(self, name: str, overrides: dict[str, str] | None = None) -> Child:
        """Starts the child again now, with these settings on top of its own (tests, other settings)."""
        with self._lock:
            child = self.children[name]
            child.overrides = dict(overrides or {})
            child.restarts += 1
            RESTARTS.labels(child=name, reason="replaced").inc()
            self._launch(child)
            log.warning("%s replaced (restart %d, pid %s)", name, child.restarts, child.pid)
        return child

    def renew(self, name: str, argv: list[str] | None = None, grace: float = STOP_GRACE) -> Child:
        """Stops the child as a stop does (SIGTERM, SIGKILL after `grace`) and starts it again, with `argv`
        when given (a new model): one step of a rolling update, not counted as a crash."""
        with self._lock:
            child = self.children[name]
            child.held = True
        try:
            self._end(child.process, grace)
            with self._lock:
                if argv is not None:
                    child.argv = list(argv)
                child.restarts += 1
                RESTARTS.labels(child=name, reason="updated").inc()
                CHILD_UP.labels(child=name).set(0)
                self._launch(child)
                log.warning("%s updated (restart %d, pid %s)", name, child.restarts, child.pid)
        finally:
            child.held = False
        return child

    def hold(self, name: str, grace: float = STOP_GRACE) -> None:
        """Stops the child as a stop does and leaves it stopped until renew() starts it again."""
        with self._lock:
            child = self.children[name]
            child.held = True
        self._end(child.process, grace)
        CHILD_UP.labels(child=name).set(0)

    def remove(self, name: str, grace: float = STOP_GRACE) -> None:
        """Stops the child as a stop does and forgets it (a rolling update's stand-in)."""
        self.hold(name, grace)
        with self._lock:
            del self.children[name]

    @staticmethod
    def _end(proc: subprocess.Popen | None, grace: float) -> None:
        """SIGTERM to the process's group, SIGKILL after `grace` seconds (and to what it left behind)."""
        if proc is None:
            return
        if proc.poll() is None:
            signal_group(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace)
        signal_group(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)

    def processes(self) -> list[subprocess.Popen]:
        with self._lock:
            return [c.process for c in self.children.values() if c.process is not None]

    # --- watching -----------------------------------------------------------------------------------

    def watch(self) -> None:
        """Starts the watching thread (once every child answered: a child that fails while the assistant
        starts is a start failure, not a crash)."""
        if self._monitor is None:
            self._monitor = threading.Thread(target=self._watch, name="supervisor", daemon=True)
            self._monitor.start()

    def _watch(self) -> None:
        next_health = time.monotonic() + HEALTH_EVERY
        while not self._stopping.wait(0.5):
            try:
                for child in list(self.children.values()):
                    with self._lock:
                        if self._stopping.is_set():
                            return
                        self._tend(child)
                if time.monotonic() >= next_health:
                    self._check_health()
                    next_health = time.monotonic() + HEALTH_EVERY
            except Exception:  # the watching must outlive any surprise, or nothing is restarted any more
                log.exception("supervisor check failed; going on")

    def _tend(self, child: Child) -> None:
        """Notices that the child exited, or starts it again when its backoff is over. Under the lock."""
        proc = child.process
        if child.held:
            return
        if child.due is None and proc is not None and proc.poll() is not None:
            signal_group(proc.pid, signal.SIGKILL)  # what it started and left behind
            self._crashed(child, f"exited with code {proc.returncode}", "exited")
        elif child.due is not None and time.monotonic() >= child.due:
            child.restarts += 1
            try:
                self._launch(child)
            except OSError as error:
                child.due = None  # the process it had is gone: counted as one more crash
                self._crashed(child, f"could not be started ({error})", "exited")
                return
            log.warning("%s started again (restart %d, pid %s)", child.name, child.restarts, child.pid)

    def _crashed(self, child: Child, what: str, reason: str) -> None:
        """Records a crash and schedules the restart, or gives up. Under the lock."""
        now = time.monotonic()
        CHILD_UP.labels(child=child.name).set(0)
        child.crashes.append(now)
        while child.crashes and now - child.crashes[0] > CRASH_WINDOW:
            child.crashes.popleft()
        if len(child.crashes) >= CRASH_LIMIT:
            child.due = math.inf
            self.failure = (
                f"{child.name} stopped {len(child.crashes)} times within {CRASH_WINDOW:.0f} s "
                f"(last: {what}); see {self.log_dir / child.name}.log"
            )
            GAVE_UP.set(1)
            log.error("%s: not starting it again", self.failure)
            return
        delay = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** (len(child.crashes) - 1))
        child.due = now + delay
        RESTARTS.labels(child=child.name, reason=reason).inc()
        log.warning(
            "%s %s (crash %d within %.0f s): restart %d in %.1f s",
            child.name,
            what,
            len(child.crashes),
            CRASH_WINDOW,
            child.restarts + 1,
            delay,
        )

    def _check_health(self) -> None:
        for child in list(self.children.values()):
            if self._stopping.is_set():
                return
            proc = child.process
            if (
                child.health is None
                or child.due is not None
                or child.held
                or proc is None
                or proc.poll() is not None
            ):
                continue
            ok = answers(child.health, timeout=HEALTH_TIMEOUT)
            with self._lock:
                if (
                    self._stopping.is_set()
                    or child.process is not proc
                    or child.due is not None
                    or child.held
                ):
                    continue
                self._judge(child, proc, ok)

    def _judge(self, child: Child, proc: subprocess.Popen, ok: bool) -> None:
        """What one health check means for a running child. Under the lock."""
        if ok:
            if not child.answered and child.restarts:
                log.warning("%s answers again after restart %d", child.name, child.restarts)
            child.failures, child.answered = 0, True
            CHILD_UP.labels(child=child.name).set(1)
            return
        CHILD_UP.labels(child=child.name).set(0)
        grace = START_GRACE.get(child.kind, START_GRACE["default"])
        if child.answered:
            child.failures += 1
            if child.failures < HEALTH_FAILURES:
                return
            what = f"failed {child.failures} health checks in a row"
        elif time.monotonic() - child.started > grace:
            what = f"did not answer within {grace:.0f} s of its start"
        else:
            return
        signal_group(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)
        self._crashed(child, what, "unhealthy")

    def ready(self) -> bool:
        """Whether every child with a health check answers it now."""
        return all(answers(c.health) for c in list(self.children.values()) if c.health is not None)

    # --- stopping -----------------------------------------------------------------------------------

    @staticmethod
    def _wait_exits(processes: list[subprocess.Popen], deadline: float) -> dict[subprocess.Popen, float]:
        """Waits until these processes exited or the deadline passed; when each exit was seen."""
        seen: dict[subprocess.Popen, float] = {}
        while len(seen) < len(processes) and time.monotonic() < deadline:
            for proc in processes:
                if proc not in seen and proc.poll() is not None:
                    seen[proc] = time.monotonic()
            time.sleep(0.05)
        return seen

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Ends every child within about `grace` + 5 seconds; calling it again (or meanwhile) does nothing."""
        with self._stop_lock:
            if self._stopped:
                return
            self._stopping.set()
            # No child starts any more once _stopping is set (a start under way ends before the lock is
            # ours); those that already exited were reaped.
            with self._lock:
                names = {c.process: c.name for c in self.children.values() if c.process is not None}
            running = [proc for proc in names if proc.poll() is None]
            began = time.monotonic()
            for proc in running:
                signal_group(proc.pid, signal.SIGTERM)
            took = self._wait_exits(running, began + grace)
            for proc in running:
                if proc.returncode is None:
                    log.warning("%s did not stop within %.0f s of SIGTERM: killing it", names[proc], grace)
                # Also whatever the child started in its group and left behind.
                signal_group(proc.pid, signal.SIGKILL)
            took.update(self._wait_exits([p for p in running if p.returncode is None], time.monotonic() + 5))
            for proc in running:
                if proc.returncode is None:
                    log.error("%s (pid %d) still runs after SIGKILL", names[proc], proc.pid)
            if running:
                log.info(
                    "children stopped: %s",
                    ", ".join(f"{names[p]} {took[p] - began:.1f} s" for p in running if p in took),
                )
            if self._monitor is not None and self._monitor is not threading.current_thread():
                self._monitor.join(timeout=5)
            for name in self.children:
                CHILD_UP.labels(child=name).set(0)
            self._stopped = True
