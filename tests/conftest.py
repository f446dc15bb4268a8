"""Shared fixtures: the running assistant (Rasa server, action server, front server) for whole-stack tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from bot.stack import Stack, free_port

# Conversations run at a fixed moment: session 2027 registrations are open (except in Corse, closed on 13/11).
FIXED_NOW = "2026-11-26T10:00:00"


def rasa_environment() -> tuple[str, str]:
    """RASA_VENV and MODEL from the environment (make test), else set up the way make does it."""
    rasa_venv, model = os.environ.get("RASA_VENV"), os.environ.get("MODEL")
    if rasa_venv and model:
        return rasa_venv, model
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        ["bash", "-c", 'source scripts/env.sh && prepare >&2 && echo "$RASA_VENV" && echo "$MODEL"'],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        pytest.fail("could not set up Rasa for the whole-stack tests:\n" + done.stderr[-3000:])
    rasa_venv, model = done.stdout.split()[-2:]
    return rasa_venv, model


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory):
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("stack")
    front_port = free_port()
    running = Stack(
        Path(rasa_venv),
        Path(model),
        var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        front_port=front_port,
        extra_env={
            "BTS_NOW": FIXED_NOW,
            "BTS_PUBLIC_URL": f"http://127.0.0.1:{front_port}",
            "DATABASE_URL": f"sqlite:///{var_dir / 'bts.sqlite3'}",
            "BTS_OUTBOX_DIR": str(var_dir / "outbox"),
        },
    )
    running.start()
    os.environ.setdefault("BTS_TEST_STACK_VAR", str(var_dir))
    yield running
    running.stop()
