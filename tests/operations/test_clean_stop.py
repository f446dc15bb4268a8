"""Stopping the assistant (issue 21): SIGTERM to the whole process group (what a service manager does, and
make forwards it to the supervisor, which so gets it twice), SIGINT to the group (Ctrl-C) and two SIGTERMs
100 ms apart all leave no process and no listening port, within 20 s.

make test runs each way once while the assistant starts (the store being migrated, then Rasa loading its
model) and, once it is ready, the two SIGTERMs here and one SIGTERM at the end of test_self_healing.py (each
start of Rasa costs half a minute to two); `python -m bench.stops` runs 20 of each way once ready
(docs/production.md gives the numbers).
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import FIXED_NOW
from tests.operations.assistant import STOP_BUDGET, Assistant, new_assistant

pytestmark = pytest.mark.operations

WAYS = ["term-group", "int-group", "term-group-twice"]
WAYS_ONCE_READY = ["term-group-twice"]  # term-group: test_self_healing.py; int-group: bench.stops


def stop_and_check(assistant: Assistant, how: str) -> float:
    assistant.signal(how)
    seconds, left, ports = assistant.wait_gone()
    assert not left, f"left running after {how}: {left}\n{assistant.supervisor_log[-2000:]}"
    assert not ports, f"still listening after {how}: {ports}\n{assistant.supervisor_log[-2000:]}"
    assert seconds <= STOP_BUDGET, f"{how}: stopped in {seconds:.1f} s"
    return seconds


@pytest.mark.parametrize("how", WAYS_ONCE_READY)
def test_a_stop_once_ready_leaves_no_process_and_no_port(tmp_path, rasa, how):
    assistant = new_assistant(tmp_path)
    try:
        assistant.start(*rasa, {"BTS_NOW": FIXED_NOW})
        assistant.wait_ready()
        children = assistant.groups - {assistant.make.pid}  # make leads the group of the supervisor
        assert len(children) == 3, assistant.pids()  # actions, rasa, front: each in a group of its own
        stop_and_check(assistant, how)
        assert "stopped in" in assistant.supervisor_log
    finally:
        assistant.kill_everything()


@pytest.mark.parametrize(
    ("how", "after"), [("term-group", 3.0), ("int-group", 6.0), ("term-group-twice", 10.0)]
)
def test_a_stop_while_starting_leaves_no_process_and_no_port(tmp_path, rasa, how, after):
    """While the store is migrated (its command gets the group's signal too) or Rasa loads its model."""
    assistant = new_assistant(tmp_path)
    try:
        assistant.start(*rasa, {"BTS_NOW": FIXED_NOW})
        while time.monotonic() < assistant.started + after:
            assistant.remember_groups()  # the children started so far, to find them if they outlived the stop
            time.sleep(0.1)
        stop_and_check(assistant, how)
    finally:
        assistant.kill_everything()
