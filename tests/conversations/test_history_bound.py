"""A turn's cost does not grow with the conversation: what Rasa loads and sends to the action server is bounded.

The Rasa server uses rasa_addons.tracker_store.BoundedSQLTrackerStore (endpoints*.yml). The store itself is
checked in the Rasa environment on SQLite and, when it answers, PostgreSQL (every event saved once and in
order, the tail bounded, slots and sessions kept); the whole stack is checked by recording every action call
of a long conversation on its way from the Rasa server to the action server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bench.history import cycle, profile, start
from bot.ops.stack import Stack, free_port
from registration.operations import trackers
from tests.conftest import FIXED_NOW, rasa_environment
from tests.conversations.client import Candidate
from tests.conversations.rasa_script import run_rasa_script

pytestmark = pytest.mark.conversation

ROOT = Path(__file__).resolve().parents[2]
TAIL = 30  # the default tail of rasa_addons.tracker_store (endpoints.yml)
POSTGRES = "host=127.0.0.1 port=5432 dbname=test user=postgres"

# Runs in the Rasa environment: 150 turns of one sender through the store, as the Rasa server makes them.
STORE_CHECK = r"""
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa_addons.tracker_store import BoundedSQLTrackerStore

config = json.loads(sys.argv[1])
domain = Domain.load("domain.yml")
sender = config.pop("sender")
store = BoundedSQLTrackerStore(domain, tail_events=30, **config)
stock = SQLTrackerStore(domain, **config)
TURNS = 150


def turn(tracker, n):
    tracker.update(UserUttered(f"message {n}", intent={"name": "inform", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_registration_turn"))
    for line in range(n % 3 + 1):
        tracker.update(BotUttered(f"reply {n}.{line}"))
    if n == 7:
        tracker.update(SlotSet("dossier_label", "175 – 0"))
    tracker.update(ActionExecuted("action_listen"))


async def main():
    report = {"sizes": []}
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    await store.save(tracker)
    for n in range(TURNS):
        tracker = await store.retrieve(sender)
        report["sizes"].append(len(tracker.events))
        turn(tracker, n)
        await store.save(tracker)
        if n == TURNS - 1:
            await store.save(tracker)  # saving twice writes nothing twice
    loaded, full = await store.retrieve(sender), await stock.retrieve(sender)
    report["slot"] = loaded.get_slot("dossier_label")
    report["stock_slot"] = full.get_slot("dossier_label")
    report["latest"] = loaded.latest_message.text
    report["same_states"] = loaded.past_states(domain)[-3:] == full.past_states(domain)[-3:]
    every = await store.retrieve_full_tracker(sender)
    report["messages"] = [e.text for e in every.events if isinstance(e, UserUttered)]
    report["replies"] = sum(isinstance(e, BotUttered) for e in every.events)
    # Erased while a turn runs (« abandon »): the turn's events alone are written afterwards.
    tracker = await store.retrieve(sender)
    with store.engine.begin() as connection:
        connection.execute(store.SQLEvent.__table__.delete().where(store.SQLEvent.sender_id == sender))
    turn(tracker, TURNS)
    await store.save(tracker)
    after = await store.retrieve_full_tracker(sender)
    report["after_erasure"] = [e.text for e in after.events if isinstance(e, UserUttered)]
    # A new session: nothing of the earlier one is loaded, not even its slots.
    tracker = await store.retrieve(sender)
    turn(tracker, TURNS + 1)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    await store.save(tracker)
    tracker = await store.retrieve(sender)
    report["new_session"] = [type(e).__name__ for e in tracker.events]
    print(json.dumps(report))


asyncio.run(main())
"""


def check_store_report(report: dict) -> None:
    turns = 150
    assert report["messages"] == [f"message {n}" for n in range(turns)]  # each saved once, in order
    assert report["replies"] == sum(n % 3 + 1 for n in range(turns))
    assert max(report["sizes"]) <= 30 + 1  # the tail, and the one slot set before it
    assert report["sizes"][-1] >= 20  # several whole turns, not just the last message
    assert report["slot"] == report["stock_slot"] == "175 – 0"
    assert report["latest"] == f"message {turns - 1}"
    assert report["same_states"]  # the rules see what they would have seen in the whole tracker
    assert report["after_erasure"] == [f"message {turns}"]
    assert report["new_session"] == ["SessionStarted", "ActionExecuted"]


def test_store_bounds_the_tracker_on_sqlite(tmp_path: Path) -> None:
    report = run_rasa_script(
        STORE_CHECK,
        json.dumps(
            {"dialect": "sqlite", "db": str(tmp_path / "trackers.sqlite3"), "sender": "bounded-sqlite"}
        ),
    )
    check_store_report(report)


@pytest.mark.postgres
def test_store_bounds_the_tracker_on_postgresql() -> None:
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(POSTGRES, connect_timeout=2).close()
    except psycopg.OperationalError as error:  # a failure, never a skip (`-m "not postgres"` leaves it out)
        pytest.fail(f"PostgreSQL is not reachable on 127.0.0.1:5432: {error}", pytrace=False)
    sender = f"bounded-pg-{os.getpid()}"
    report = run_rasa_script(
        STORE_CHECK,
        json.dumps(
            {
                "dialect": "postgresql",
                "host": "127.0.0.1",
                "port": 5432,
                "db": "test",
                "username": "postgres",
                "sender": sender,
            }
        ),
    )
    try:
        check_store_report(report)
    finally:
        trackers.erase_sender(sender, "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# Runs in the Rasa environment: the action server's answers are still checked, by a validator built once.
VALIDATION_CHECK = r"""
import json
import jsonschema
from rasa.core.actions.action import RemoteAction
import rasa_addons.tracker_store  # what the Rasa server imports (endpoints*.yml)

action = RemoteAction("action_registration_turn", None)
good = {"events": [{"event": "slot", "name": "dossier_label", "value": "175 – 0"}], "responses": [{"text": "ok"}]}
report = {"patched": RemoteAction._validate_action_result.__module__, "good": action._validate_action_result(good)}
try:
    action._validate_action_result({"events": [{"event": "slot", "name": 3}], "responses": "no"})
except jsonschema.ValidationError as error:
    report["error"] = error.message
print(json.dumps(report))
"""


def test_action_server_answers_are_still_validated() -> None:
    report = run_rasa_script(VALIDATION_CHECK)
    assert report["patched"] == "rasa_addons.action_results"
    assert report["good"] is True
    assert "Failed to validate Action server response" in report["error"]


class Recorder:
    """Between the Rasa server and the action server: forwards every call and records how many events it carried."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.target = ""
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                recorder.calls.append(len(json.loads(body)["tracker"]["events"]))
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
                }
                answer = httpx.post(recorder.target, content=body, headers=headers, timeout=60)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def recorded_stack(tmp_path_factory: pytest.TempPathFactory):
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("history")
    recorder = Recorder()
    action_port = free_port()
    recorder.target = f"http://127.0.0.1:{action_port}/webhook"
    stack = Stack(
        Path(rasa_venv),
        Path(model),
        var_dir,
        rasa_port=free_port(),
        action_port=action_port,
        with_front=False,
        extra_env={
            "BTS_NOW": FIXED_NOW,
            "DATABASE_URL": f"sqlite:///{var_dir / 'bts.sqlite3'}",
            "BTS_OUTBOX_DIR": str(var_dir / "outbox"),
            "ACTION_ENDPOINT_URL": recorder.url,
        },
    )
    stack.start()
    yield stack, recorder
    stack.stop()
    recorder.server.shutdown()


def test_a_long_conversation_sends_a_bounded_tracker(recorded_stack) -> None:
    stack, recorder = recorded_stack
    candidate = Candidate(stack.rasa_url)
    answers = profile()
    first = start(candidate, answers)
    while sum(who == "candidat" for who, _ in candidate.transcript) < 90:
        cycle(candidate, answers, first)
    turns = sum(who == "candidat" for who, _ in candidate.transcript)

    sent = recorder.calls
    assert len(sent) == turns  # one action call per candidate turn
    assert max(sent) <= TAIL + 2, sent  # the tail, and the slots set before it
    assert max(sent[-20:]) <= max(sent[20:40]) + 5, sent  # flat, not growing with the conversation

    # The store really is the bounded SQL store (Rasa falls back to memory when a store cannot be loaded),
    # every message is in it once, and the help-desk transcript still reads the whole conversation.
    database = stack.var_dir / "trackers.sqlite3"
    with sqlite3.connect(database) as connection:
        users = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (candidate.sender,)
        ).fetchone()[0]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(events)")}
    assert users == turns
    assert {"ix_events_sender_id_id", "ix_events_sender_type_id"} <= indexes
    said = [
        line["text"] for line in trackers.transcript(candidate.sender, f"sqlite:///{database}", limit=5000)
    ]
    assert said.count("répéter") == sum(message == "répéter" for _, message in candidate.transcript)
    assert said[0] == "bonjour"
