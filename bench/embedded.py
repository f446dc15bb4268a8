"""The embedded default (the stack of `make run`: SQLite, one process per service) as the benchmarks start it."""

from __future__ import annotations

import os
from pathlib import Path

from bot.ops.stack import Stack, free_port

# The dialogue's dates: registrations for session 2027 open, as in the conversation tests.
NOW = "2026-11-26T10:00:00"


def embedded_stack(var_dir: Path, *, with_front: bool = True, **extra_env: str) -> Stack:
    """A stack on free ports with its SQLite database in `var_dir` (the model and Rasa from `make`'s setup)."""
    return Stack(
        Path(os.environ["RASA_VENV"]),
        Path(os.environ["MODEL"]),
        var_dir,
        rasa_port=free_port(),
        action_port=free_port(),
        front_port=free_port(),
        with_front=with_front,
        extra_env={"BTS_NOW": NOW, "DATABASE_URL": f"sqlite:///{var_dir}/bts.sqlite3", **extra_env},
    )
