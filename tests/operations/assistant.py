"""The assistant as an operator runs it, for the operations tests and bench/stops.py: `make` running the
supervisor in a new session (`setsid make run`), on ports and a data folder of its own.

The Makefile written here runs the very command scripts/run.sh ends with (`exec python -m bot.ops.stack`, or
`python -m bot.ops.cluster` for the cluster), without run.sh's set-up step (which would copy the model again
while other tests' Rasa servers read it); the process tree is the same as `make run`'s: make, then the
supervisor, then its children, each in a process group of its own. make also forwards a SIGTERM it receives
to the supervisor, which so gets it twice when the whole group is signalled (issue 21).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.ops.cluster import Ports
from bot.ops.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
READY = "L'assistant est prêt"
STOP_BUDGET = 20.0  # seconds a stop may take (issue 21)
MAKEFILE = """SHELL := /bin/bash
run:
\t@exec "$(PYTHON)" -m $(TOPOLOGY) --rasa-venv "$(RASA_VENV)" --model "$(MODEL)" --var-dir "$(VAR_DIR)"
"""


@dataclass
class Assistant:
    """One `setsid make run` (or run-cluster) and what it is expected to leave behind: nothing."""

    var_dir: Path
    ports: dict[str, int]
    cluster: bool = False
    make: subprocess.Popen | None = None
    groups: set[int] = field(default_factory=set)  # process groups of the children, seen while running
    started: float = 0.0

    @property
    def output(self) -> str:
        path = self.var_dir / "make-run.out"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    @property
    def supervisor_log(self) -> str:
        path = self.var_dir / "supervisor.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    @property
    def front_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['public' if self.cluster else 'front']}"

    def start(self, rasa_venv: str, model: str, extra_env: dict[str, str] | None = None) -> Assistant:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        makefile = self.var_dir / "Makefile"
        makefile.write_text(MAKEFILE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL", "BTS_"))}
        env.update(
            PYTHON=sys.executable,
            TOPOLOGY="bot.ops.cluster" if self.cluster else "bot.ops.stack",
            RASA_VENV=rasa_venv,
            MODEL=model,
            VAR_DIR=str(self.var_dir),
            BTS_VAR_DIR=str(self.var_dir),  # also how leftovers are recognised (every child has it)
            PYTHONPATH=str(ROOT),
            **self._port_env(),
            **(extra_env or {}),
        )
        with open(self.var_dir / "make-run.out", "ab") as output:
            self.make = subprocess.Popen(
                ["make", "--no-print-directory", "-f", str(makefile), "run"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # setsid: make leads a new process group
            )
        self.started = time.monotonic()
        return self

    def _port_env(self) -> dict[str, str]:
        p = self.ports
        if not self.cluster:
            names = {
                "RASA_PORT": "rasa",
                "ACTION_PORT": "actions",
                "FRONT_PORT": "front",
                "SUPERVISOR_METRICS_PORT": "supervisor_metrics",
                "FRONT_METRICS_PORT": "front_metrics",
                "ACTION_METRICS_PORT": "action_metrics",
                "RASA_METRICS_PORT": "rasa_metrics",
                "TELEGRAM_METRICS_PORT": "telegram_metrics",
            }
            return {variable: str(p[name]) for variable, name in names.items()}
        return {
            "CLUSTER_PUBLIC_PORT": str(p["public"]),
            "CLUSTER_FRONT_PORT": str(p["front"]),
            "CLUSTER_FRONT_STANDBY_PORT": str(p["front_standby"]),
            "CLUSTER_RASA_LB_PORT": str(p["rasa_lb"]),
            "CLUSTER_RASA_PORTS": f"{p['rasa-1']},{p['rasa-2']}",
            "CLUSTER_ACTION_LB_PORT": str(p["action_lb"]),
            "CLUSTER_ACTION_PORTS": f"{p['actions-1']},{p['actions-2']}",
            "CLUSTER_SUPERVISOR_METRICS_PORT": str(p["supervisor_metrics"]),
            "CLUSTER_FRONT_METRICS_PORT": str(p["front_metrics"]),
            "CLUSTER_ACTION_METRICS_PORTS": f"{p['action_metrics-1']},{p['action_metrics-2']}",
            "CLUSTER_RASA_METRICS_PORTS": f"{p['rasa_metrics-1']},{p['rasa_metrics-2']}",
        }

    def wait_ready(self, timeout: float = 600.0) -> float:
        """Seconds until the supervisor said the assistant is ready; AssertionError if it stopped first."""
        deadline = time.monotonic() + timeout
        while READY not in self.output:
            assert self.make is not None and self.make.poll() is None, f"make stopped:\n{self.output[-3000:]}"
            assert time.monotonic() < deadline, f"not ready in {timeout:.0f} s:\n{self.output[-3000:]}"
            self.remember_groups()
            time.sleep(0.5)
        self.remember_groups()
        return time.monotonic() - self.started

    def remember_groups(self) -> None:
        for pid in processes_with(self.var_dir):
            group = _pgid(pid)
            if group is not None and group == pid:  # a child's own group (start_new_session)
                self.groups.add(group)

    def pids(self) -> dict[int, str]:
        """Every process that belongs to this assistant now: pid → command line."""
        found = {pid: _cmdline(pid) for pid in processes_with(self.var_dir)}
        for pid in _all_pids():
            if pid not in found and _pgid(pid) in self.groups and _state(pid) not in ("Z", None):
                found[pid] = _cmdline(pid)
        return found

    def child_pid(self, pattern: str) -> int:
        """The pid of the child whose command line matches `pattern` (the leader of its process group)."""
        self.remember_groups()
        matching = [pid for pid, cmd in self.pids().items() if re.search(pattern, cmd) and _pgid(pid) == pid]
        assert len(matching) == 1, f"{pattern!r}: {matching} among {self.pids()}"
        return matching[0]

    def signal(self, how: str) -> None:
        """`how`: term-group, int-group, term-group-twice (100 ms apart), term-supervisor."""
        assert self.make is not None
        group = self.make.pid
        if how == "term-group":
            os.killpg(group, signal.SIGTERM)
        elif how == "int-group":
            os.killpg(group, signal.SIGINT)
        elif how == "term-group-twice":
            os.killpg(group, signal.SIGTERM)
            time.sleep(0.1)
            os.killpg(group, signal.SIGTERM)
        elif how == "term-supervisor":
            os.kill(self.child_pid(r"-m bot\.ops\.(stack|cluster)"), signal.SIGTERM)
        else:
            raise ValueError(how)

    def wait_gone(self, budget: float = STOP_BUDGET) -> tuple[float, dict[int, str], list[int]]:
        """Waits until no process and no listening port of this assistant is left, at most `budget` seconds
        (then a little longer, to tell late from never); returns (seconds, processes left, ports left)."""
        began = time.monotonic()
        deadline = began + budget + 10
        while True:
            if self.make is not None:
                self.make.poll()  # reap make itself
            left, ports = self.pids(), listening(self.ports.values())
            if (not left and not ports) or time.monotonic() > deadline:
                return time.monotonic() - began, left, ports
            time.sleep(0.1)

    def kill_everything(self) -> None:
        """After a failed test: nothing may outlive it, nginx included (it rewrites its own environment, so
        it is found as a descendant of the assistant's processes rather than by BTS_VAR_DIR)."""
        for pid in self.pids() | _descendants(self.pids()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.make is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.make.wait(timeout=5)


def stack_ports() -> dict[str, int]:
    names = (
        "rasa",
        "actions",
        "front",
        "supervisor_metrics",
        "front_metrics",
        "action_metrics",
        "telegram_metrics",
        "rasa_metrics",
    )
    return {name: free_port() for name in names}


def cluster_ports() -> dict[str, int]:
    p = Ports.free()
    return {
        "public": p.public,
        "front": p.front,
        "front_standby": p.front_standby,
        "rasa_lb": p.rasa_lb,
        "rasa-1": p.rasa[0],
        "rasa-2": p.rasa[1],
        "action_lb": p.action_lb,
        "actions-1": p.actions[0],
        "actions-2": p.actions[1],
        "supervisor_metrics": p.supervisor_metrics,
        "front_metrics": p.front_metrics,
        "action_metrics-1": p.action_metrics[0],
        "action_metrics-2": p.action_metrics[1],
        "rasa_metrics-1": p.rasa_metrics[0],
        "rasa_metrics-2": p.rasa_metrics[1],
    }


def new_assistant(base: Path, *, cluster: bool = False) -> Assistant:
    var_dir = base / f"assistant-{uuid.uuid4().hex[:8]}"
    return Assistant(var_dir, cluster_ports() if cluster else stack_ports(), cluster=cluster)


# --- /proc -------------------------------------------------------------------------------------------------


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:  # gone meanwhile, or not ours
        return None


def _cmdline(pid: int) -> str:
    return (_read(f"/proc/{pid}/cmdline") or b"").replace(b"\0", b" ").decode(errors="replace").strip()


def _stat_fields(pid: int) -> list[str] | None:
    raw = _read(f"/proc/{pid}/stat")
    if raw is None:
        return None
    return raw.decode(errors="replace").rsplit(")", 1)[1].split()  # after "pid (comm)"


def _state(pid: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def _pgid(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[2]) if fields else None


def _descendants(roots: dict[int, str]) -> dict[int, str]:
    """Every live process below `roots` (children, grandchildren…): pid → command line."""
    parents: dict[int, int] = {}
    for pid in _all_pids():
        fields = _stat_fields(pid)
        if fields and fields[0] != "Z":
            parents[pid] = int(fields[1])
    found: dict[int, str] = {}
    for pid in parents:
        ancestor = parents.get(pid)
        seen = 0
        while ancestor and ancestor > 1 and seen < 64:
            if ancestor in roots:
                found[pid] = _cmdline(pid)
                break
            ancestor, seen = parents.get(ancestor), seen + 1
    return found


def processes_with(var_dir: Path) -> list[int]:
    """Live processes whose environment names this data folder (BTS_VAR_DIR): the supervisor and children."""
    marker = f"BTS_VAR_DIR={var_dir}".encode()
    found = []
    for pid in _all_pids():
        environ = _read(f"/proc/{pid}/environ")
        if environ and marker in environ.split(b"\0") and _state(pid) != "Z":
            found.append(pid)
    return found


def listening(ports) -> list[int]:
    """Which of these TCP ports something listens on (IPv4 or IPv6)."""
    wanted, found = set(ports), set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        raw = _read(table) or b""
        for line in raw.decode().splitlines()[1:]:
            parts = line.split()
            if len(parts) > 3 and parts[3] == "0A":  # LISTEN
                port = int(parts[1].rsplit(":", 1)[1], 16)
                if port in wanted:
                    found.add(port)
    return sorted(found)
