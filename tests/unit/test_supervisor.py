"""The supervisor (bot/ops/supervisor.py, bot/ops/running.py) with small real child processes: restarts with
backoff, giving up on a crash loop with a clear message and exit status 2, a stop that ends children which
ignore SIGTERM and what they started, and that a second stop (or signal) does not disturb."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bot.ops import supervisor as supervisor_module
from bot.ops.processes import free_port
from bot.ops.supervisor import Supervisor

ROOT = Path(__file__).resolve().parents[2]
STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)"


def make(tmp_path: Path, marker: str) -> Supervisor:
    return Supervisor(ROOT, tmp_path, lambda: {**os.environ, "BTS_TEST_MARKER": marker})


def alive_with(marker: str) -> list[int]:
    """Live processes (not zombies) whose environment carries the marker."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as handle:
                environ = handle.read().split(b"\0")
            with open(f"/proc/{name}/stat", "rb") as handle:
                state = handle.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if f"BTS_TEST_MARKER={marker}".encode() in environ and state != b"Z":
            found.append(int(name))
    return found


def wait_until(check, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_a_child_that_exits_is_started_again_after_a_backoff(tmp_path):
    marker = f"restart-{os.getpid()}"
    sup = make(tmp_path, marker)
    child = sup.add("sleeper", [sys.executable, "-c", "import time; time.sleep(300)"], None)
    sup.watch()
    try:
        first = child.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        assert wait_until(lambda: child.pid != first and child.process.poll() is None, 10)
        assert child.restarts == 1 and sup.failure is None
        assert (tmp_path / "sleeper.log").exists()  # each child's output: <log dir>/<name>.log
    finally:
        sup.stop()
    assert wait_until(lambda: not alive_with(marker), 5)


def test_a_child_that_keeps_crashing_is_given_up(tmp_path, monkeypatch):
    monkeypatch.setattr(supervisor_module, "BACKOFF_FIRST", 0.1)
    sup = make(tmp_path, f"crash-{os.getpid()}")
    sup.add("crasher", [sys.executable, "-c", "raise SystemExit(3)"], None)
    began = time.monotonic()
    sup.watch()
    try:
        assert wait_until(lambda: sup.failure is not None, 20)
        # Backoff 0.1, 0.2, 0.4, 0.8 s between the five crashes.
        assert time.monotonic() - began >= 1.5
        assert "crasher stopped 5 times within 120 s (last: exited with code 3)" in sup.failure
        assert sup.children["crasher"].restarts == 4
    finally:
        sup.stop()


def test_stop_ends_a_child_that_ignores_sigterm_and_what_it_started(tmp_path):
    marker = f"stubborn-{os.getpid()}"
    sup = make(tmp_path, marker)
    # A child that ignores SIGTERM, with a grandchild of its own (same process group).
    script = (
        f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {STUBBORN!r}]); exec({STUBBORN!r})"
    )
    sup.add("stubborn", [sys.executable, "-c", script], None)
    assert wait_until(lambda: len(alive_with(marker)) == 2, 10)
    began = time.monotonic()
    threads = [threading.Thread(target=sup.stop, kwargs={"grace": 1.0}) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert time.monotonic() - began < 8
    assert wait_until(lambda: not alive_with(marker), 5), alive_with(marker)


CRASH_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from bot.ops import supervisor
    from bot.ops.running import run_supervised
    from bot.ops.supervisor import Supervisor

    supervisor.BACKOFF_FIRST = 0.1

    class Topology:
        def __init__(self, var_dir):
            self.var_dir, self.stop_requested, self.supervisor = var_dir, False, None

        def start(self, timeout=0.0):
            self.supervisor = Supervisor(Path.cwd(), self.var_dir, lambda: {})
            self.supervisor.add("actions", [sys.executable, "-c", "raise SystemExit(1)"], None)
            self.supervisor.watch()

        def stop(self):
            self.supervisor.stop()

    sys.exit(run_supervised(Topology(Path(sys.argv[1])), starting="start", ready=lambda: "ready",
                            metrics_port=int(sys.argv[2])))
    """
)


@pytest.mark.timeout(60)
def test_the_assistant_stops_with_a_clear_message_when_a_child_keeps_crashing(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", CRASH_LOOP, str(tmp_path), str(free_port())],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=50,
    )
    assert done.returncode == 2, done.stderr
    assert "Un service s'arrête sans cesse (actions stopped 5 times within 120 s" in done.stderr
    assert "l'assistant s'arrête" in done.stderr
    log = (tmp_path / "supervisor.log").read_text(encoding="utf-8")
    assert "actions exited with code 1 (crash 1 within 120 s): restart 1 in 0.1 s" in log
    assert "not starting it again" in log


def test_a_renewed_child_runs_its_new_command_and_is_not_counted_as_a_crash(tmp_path):
    """A rolling update's step: the old process gets SIGTERM (and finishes), the new one runs `argv`."""
    marker = f"renew-{os.getpid()}"
    sup = make(tmp_path, marker)
    first = sup.add("worker", [sys.executable, "-c", "import time; time.sleep(300)"], None)
    old = first.process
    sup.watch()
    try:
        child = sup.renew("worker", [sys.executable, "-c", "import time; time.sleep(301)"])
        assert old is not None and old.poll() == -signal.SIGTERM
        assert child.process is not None and child.process.poll() is None
        assert "time.sleep(301)" in " ".join(child.argv)
        assert not child.crashes and child.due is None
        time.sleep(1.5)  # the watching thread sees nothing to restart
        assert child.process.poll() is None and sup.failure is None
    finally:
        sup.stop()
    assert wait_until(lambda: not alive_with(marker), 10)


def test_a_held_child_stays_stopped_until_renewed_and_a_removed_one_is_forgotten(tmp_path):
    marker = f"hold-{os.getpid()}"
    sup = make(tmp_path, marker)
    sup.add("held", [sys.executable, "-c", "import time; time.sleep(300)"], None)
    sup.add("stand-in", [sys.executable, "-c", "import time; time.sleep(300)"], None)
    sup.watch()
    try:
        sup.hold("held")
        sup.remove("stand-in")
        time.sleep(2.0)  # more than the first backoff: a crashed child would be running again
        held = sup.children["held"]
        assert held.process is not None and held.process.poll() is not None and held.due is None
        assert "stand-in" not in sup.children and len(alive_with(marker)) == 0
        sup.renew("held")
        assert held.process.poll() is None and not held.held
    finally:
        sup.stop()
    assert wait_until(lambda: not alive_with(marker), 10)
