"""The stock `rasa init` starter bot, trained once (cached) and served over its REST channel: the yardstick the
benchmarks and the load test compare the assistant with."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bot.ops.stack import free_port

# One pass of the starter bot's own conversation (greet, mood_unhappy, affirm, mood_great, goodbye).
STARTER_TURNS = ["hello", "I am sad", "yes", "great", "goodbye"]


def starter_dir() -> Path:
    return Path(os.environ.get("BTS_CACHE_DIR", tempfile.gettempdir())) / "starter-bot"


def _env() -> dict[str, str]:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def starter_model(rasa_venv: Path) -> Path:
    """The starter bot's model, made by `rasa init` (which trains it) the first time only."""
    cache = starter_dir()
    if not list(cache.glob("models/*.tar.gz")):
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(rasa_venv / "bin" / "rasa"), "init", "--no-prompt", "--init-dir", str(cache)],
            env=_env(),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return sorted(cache.glob("models/*.tar.gz"))[-1]


@contextmanager
def serve_starter(rasa_venv: Path, timeout: float = 240.0) -> Iterator[str]:
    """Serves the starter bot on a free local port; yields its base URL once the model is loaded."""
    model = starter_model(rasa_venv)
    cache = starter_dir()
    port = free_port()
    log = open(cache / "server.log", "wb")  # noqa: SIM115  (the server process owns the log file)
    proc = subprocess.Popen(
        [
            str(rasa_venv / "bin" / "rasa"),
            "run",
            "--enable-api",
            "--model",
            str(model),
            "--port",
            str(port),
            "-i",
            "127.0.0.1",
        ],
        cwd=cache,
        env=_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{url}/status", timeout=2).json().get("model_id"):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"the starter bot did not start (see {cache}/server.log)")
            time.sleep(0.5)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
