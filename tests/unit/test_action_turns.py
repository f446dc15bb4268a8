"""A message that reaches the action server twice (after a fault) changes the draft once."""

from __future__ import annotations

import pytest

from actions import turns
from registration.conversation.engine.turn import Services
from registration.conversation.types import Turn
from tests.application import new_application


@pytest.fixture
def svc(tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    monkeypatch.delenv("REDIS_HOST", raising=False)
    turns._local.clear()
    application = new_application(database_url=f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    yield Services.of(application)
    application.dispose()


def texts(replies) -> str:
    return "\n".join(reply.text for reply in replies)


def test_a_repeated_message_gets_the_same_replies_and_the_draft_moves_once(svc):
    sender = "web-idempotent"
    turns.run_once(svc, sender, Turn(text="bonjour", intent="greet"), "m1")
    before = svc.store.load_draft(sender)
    first = turns.run_once(svc, sender, Turn(text="répéter"), "m2")
    after_first = svc.store.load_draft(sender)
    again = turns.run_once(svc, sender, Turn(text="répéter"), "m2")
    assert texts(again) == texts(first)
    assert svc.store.load_draft(sender) == after_first
    assert after_first[turns.TURN_KEY] == "m2" and before[turns.TURN_KEY] == "m1"


def test_replies_lost_with_the_cache_the_question_is_asked_again_not_answered(svc):
    sender = "web-idempotent-2"
    greeting = turns.run_once(svc, sender, Turn(text="bonjour", intent="greet"), "m1")
    payload = next(b.payload for r in greeting for b in r.buttons if b.title.startswith("M'inscrire"))
    click = Turn(text=payload, intent="choose", confidence=1.0, entities={"choice": [payload.split('"')[3]]})
    turns.run_once(svc, sender, click, "m2")
    saved = svc.store.load_draft(sender)
    turns._local.clear()
    again = turns.run_once(svc, sender, click, "m2")
    assert again and texts(again)
    now = svc.store.load_draft(sender)
    assert (now["answers"], now["history"], now["phase"]) == (
        saved["answers"],
        saved["history"],
        saved["phase"],
    )


def test_a_turn_reads_the_draft_once(svc, monkeypatch):
    store = svc.store
    reads: list[str] = []
    load = type(store).load_draft

    def counted(self, sender_id):
        reads.append(sender_id)
        return load(self, sender_id)

    monkeypatch.setattr(type(store), "load_draft", counted)
    sender = "web-one-read"
    turns.run_once(svc, sender, Turn(text="bonjour", intent="greet"), "m1")
    assert reads == [sender]  # no draft yet: read once, found empty
    turns.run_once(svc, sender, Turn(text="répéter"), "m2")
    assert reads == [sender] * 2
    turns.run_once(
        svc, sender, Turn(text="répéter"), "m2"
    )  # the same message again: its replies, no new read
    assert reads == [sender] * 3
    turns._local.clear()
    turns.run_once(
        svc, sender, Turn(text="répéter"), "m2"
    )  # replies lost: the question again, still one read
    assert reads == [sender] * 4


def action_call(sender: str, text: str, message_id: str, intent: str | None = None) -> dict:
    """What the Rasa server posts to the action server's webhook for one candidate message."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": [],
        "metadata": {"message_id": message_id, "surface": "web"},
    }
    return {
        "next_action": "action_registration_turn",
        "sender_id": sender,
        "tracker": {"sender_id": sender, "slots": {}, "latest_message": latest, "events": []},
        "domain": {"slots": {"dossier_label": {"type": "text"}}},
    }


async def test_the_action_server_reads_the_draft_once_per_turn(tmp_path, monkeypatch):
    """Through the action server's executor (what its webhook runs): one draft read per candidate message."""
    from actions.server import executor_for

    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    monkeypatch.delenv("REDIS_HOST", raising=False)
    turns._local.clear()
    application = new_application(database_url=f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    executor = executor_for(application)
    reads: list[str] = []
    load = type(application.store).load_draft

    def counted(self, sender_id):
        reads.append(sender_id)
        return load(self, sender_id)

    monkeypatch.setattr(type(application.store), "load_draft", counted)
    sender = "web-" + "e" * 32
    try:
        first = await executor.run(action_call(sender, "bonjour", "m1", "greet"))
        assert first is not None and first.responses and reads == [sender]
        await executor.run(action_call(sender, "répéter", "m2"))
        assert reads == [sender] * 2
        again = await executor.run(action_call(sender, "répéter", "m2"))  # the same message: kept replies
        assert again is not None and again.responses and reads == [sender] * 3
    finally:
        application.dispose()
