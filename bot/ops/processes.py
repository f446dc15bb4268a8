"""Small helpers about local processes and ports: a free port, whether a URL answers, waiting until it does."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterable

import httpx


class Interrupted(Exception):
    """A stop was asked for (a signal) while waiting."""


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


def never() -> bool:
    return False


def wait_http(
    url: str,
    deadline: float,
    processes: Iterable[subprocess.Popen],
    interrupted: Callable[[], bool] = never,
) -> None:
    """Waits until `url` answers 200; RuntimeError when a process stops or the (monotonic) deadline passes,
    Interrupted as soon as `interrupted()` is true."""
    while not answers(url):
        if interrupted():
            raise Interrupted(url)
        for proc in processes:
            if proc.poll() is not None:
                raise RuntimeError(f"a process stopped while starting: {proc.args!r}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer in time")
        time.sleep(0.5)
