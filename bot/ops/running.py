"""What `make run` and `make run-cluster` share around their supervisor: the log, the signals, the main
loop and the exit status.

A signal (SIGTERM, SIGINT, SIGHUP), once or many times, from a terminal, a service manager or `kill` on the
whole process group, only sets a flag: nothing is raised into the code that starts or stops children, so
a second signal can never interrupt a stop half-way and leave children running. The main loop sees the
flag and calls `stop()` once.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from bot.ops.processes import Interrupted
from bot.ops.supervisor import Supervisor
from registration import metrics

log = logging.getLogger(__name__)

EXIT_FAILED_START = 1
EXIT_GAVE_UP = 2  # a child kept crashing
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class Supervised(Protocol):
    """A topology (bot.ops.stack.Stack, bot.ops.cluster.Cluster)."""

    var_dir: Path
    stop_requested: bool
    supervisor: Supervisor | None

    def start(self, timeout: float = ...) -> object: ...

    def stop(self) -> None: ...


def log_to(var_dir: Path) -> None:
    """Operator log lines on standard error and in <var_dir>/supervisor.log (readable by its owner only)."""
    os.umask(0o077)
    var_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in (logging.StreamHandler(sys.stderr), logging.FileHandler(var_dir / "supervisor.log")):
        handler.setFormatter(formatter)
        root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health check otherwise


def run_supervised(target: Supervised, *, starting: str, ready: Callable[[], str], metrics_port: int) -> int:
    """Starts `target`, keeps it running until a signal or until its supervisor gives up, stops it; returns
    the exit status (0 after a signal)."""
    log_to(target.var_dir)
    received: list[int] = []

    def on_signal(signum: int, frame: object) -> None:
        received.append(signum)  # nothing else here: see the module's docstring
        target.stop_requested = True

    for signum in STOP_SIGNALS:
        signal.signal(signum, on_signal)
    try:
        metrics.serve(metrics_port)
    except OSError as error:  # the assistant runs without the supervisor's metrics rather than not at all
        log.error("supervisor metrics not served on 127.0.0.1:%d: %s", metrics_port, error)
    print(starting, flush=True)
    status = 0
    try:
        target.start()
        if not target.stop_requested:
            print(ready(), flush=True)
        while not target.stop_requested:
            failure = target.supervisor.failure if target.supervisor is not None else None
            if failure is not None:
                print(
                    f"Un service s'arrête sans cesse ({failure}) : l'assistant s'arrête. Voir les journaux.",
                    file=sys.stderr,
                    flush=True,
                )
                status = EXIT_GAVE_UP
                break
            time.sleep(0.2)
    except Interrupted:
        pass
    except RuntimeError as error:
        print(f"Échec du démarrage : {error}", file=sys.stderr, flush=True)
        status = EXIT_FAILED_START
    finally:
        began = time.monotonic()
        if received:
            log.info("stopping on signal %s", signal.Signals(received[0]).name)
        target.stop()
        log.info(
            "stopped in %.1f s (%d signal(s) received: %s)",
            time.monotonic() - began,
            len(received),
            ", ".join(signal.Signals(s).name for s in received) or "none",
        )
    return status
