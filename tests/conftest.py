"""Shared fixtures: the running assistant (Rasa server, action server, front server) for whole-stack tests."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.stack import Stack, free_port

# Conversations run at a fixed moment: session 2027 registrations are open (except in Corse, closed on 13/11).
FIXED_NOW = "2026-11-26T10:00:00"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory):
    rasa_venv, model = os.environ.get("RASA_VENV"), os.environ.get("MODEL")
    if not rasa_venv or not model:
        pytest.fail("whole-stack tests need RASA_VENV and MODEL: run them with `make test`")
    var_dir = tmp_path_factory.mktemp("stack")
    front_port = free_port()
    running = Stack(Path(rasa_venv), Path(model), var_dir, rasa_port=free_port(), action_port=free_port(),
                    front_port=front_port,
                    extra_env={"BTS_NOW": FIXED_NOW, "BTS_PUBLIC_URL": f"http://127.0.0.1:{front_port}",
                               "DATABASE_URL": f"sqlite:///{var_dir / 'bts.sqlite3'}",
                               "BTS_OUTBOX_DIR": str(var_dir / "outbox")})
    running.start()
    os.environ.setdefault("BTS_TEST_STACK_VAR", str(var_dir))
    yield running
    running.stop()
