"""The running cluster's control socket: `<var dir>/control.sock`, a Unix socket only the cluster's own user
(or root) may use (mode 0600 in a 0700 folder, and the peer's uid checked), never a network port.

One request per connection, one JSON line: ``{"command": "deploy", "model": "/path/model.tar.gz"}`` (model
optional). The answer is lines of text for the operator, the last one ``OK`` or ``ÉCHEC: …``. One update at
a time: another request meanwhile is answered ``ÉCHEC`` at once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import socketserver
import struct
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "control.sock"
MAX_REQUEST = 4096
OK = "OK"
FAILED = "ÉCHEC"
BUSY = "une mise à jour est déjà en cours"
REFUSED = "requête refusée"

# handle(request, say) carries out a request, sending each line to `say`; it raises to say it failed.
Handler = Callable[[dict, Callable[[str], None]], None]


def _peer_uid(connection: socket.socket) -> int:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, handle: Handler) -> None:
        self.carry_out, self.busy = handle, threading.Lock()
        super().__init__(str(path), _Request)


class _Request(socketserver.StreamRequestHandler):
    server: _Server

    def say(self, line: str) -> None:
        with contextlib.suppress(OSError):  # the operator went away: the update goes on, in the log too
            self.wfile.write((line.rstrip("\n") + "\n").encode("utf-8"))
            self.wfile.flush()

    def handle(self) -> None:
        if _peer_uid(self.connection) not in (os.geteuid(), 0):
            self.say(f"{FAILED}: {REFUSED}")
            return
        try:
            request = json.loads(self.rfile.readline(MAX_REQUEST))
            if not isinstance(request, dict):
                raise ValueError("not an object")
        except ValueError:
            self.say(f"{FAILED}: {REFUSED}")
            return
        if not self.server.busy.acquire(blocking=False):
            self.say(f"{FAILED}: {BUSY}")
            return
        try:
            self.server.carry_out(request, self.say)
        except Exception as error:  # noqa: BLE001 - whatever went wrong is told to the operator
            log.warning("control request %s failed: %s", request.get("command"), error)
            self.say(f"{FAILED}: {error}")
        else:
            self.say(OK)
        finally:
            self.server.busy.release()


class ControlSocket:
    """`ControlSocket(var_dir, handle).start()`; `close()` removes the socket."""

    def __init__(self, var_dir: Path, handle: Handler) -> None:
        self.path = var_dir / SOCKET_NAME
        self.handle = handle
        self._server: _Server | None = None

    def start(self) -> ControlSocket:
        self.path.unlink(missing_ok=True)  # left by a cluster that was killed
        previous = os.umask(0o177)
        try:
            self._server = _Server(self.path, self.handle)
        finally:
            os.umask(previous)
        self.path.chmod(0o600)
        threading.Thread(target=self._server.serve_forever, name="control", daemon=True).start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self.path.unlink(missing_ok=True)


def request(var_dir: Path, message: dict, timeout: float = 3600.0) -> Iterator[str]:
    """Sends one request to the cluster running in `var_dir` and yields the lines of its answer.
    FileNotFoundError / ConnectionRefusedError when no cluster runs there."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(str(var_dir / SOCKET_NAME))
        connection.sendall((json.dumps(message) + "\n").encode("utf-8"))
        with connection.makefile("r", encoding="utf-8") as answer:
            for line in answer:
                yield line.rstrip("\n")
