"""The assistant started as an operator starts it (tests/operations/assistant.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FIXED_NOW, rasa_environment
from tests.operations.assistant import Assistant, new_assistant


@pytest.fixture(scope="session")
def rasa() -> tuple[str, str]:
    """RASA_VENV and MODEL."""
    return rasa_environment()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory, rasa: tuple[str, str]) -> Iterator[Assistant]:
    """One embedded assistant (`make run`'s code) for a test module, stopped as a service manager does."""
    assistant = new_assistant(tmp_path_factory.mktemp("operations"))
    try:
        assistant.start(*rasa, {"BTS_NOW": FIXED_NOW})
        assistant.wait_ready()
        yield assistant
        if assistant.make is not None and assistant.make.poll() is None:  # not stopped by a test
            assistant.signal("term-group")
            assistant.wait_gone()
    finally:
        assistant.kill_everything()
