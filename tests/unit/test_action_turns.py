"""A message that reaches the action server twice (after a fault) changes the draft once."""

from __future__ import annotations

import pytest

from actions import turns
from registration.conversation.service import services
from registration.conversation.types import Turn


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    monkeypatch.delenv("REDIS_HOST", raising=False)
    turns._local.clear()


def texts(replies) -> str:
    return "\n".join(reply.text for reply in replies)


def test_a_repeated_message_gets_the_same_replies_and_the_draft_moves_once(store_env):
    sender = "web-idempotent"
    turns.run_once(sender, Turn(text="bonjour", intent="greet"), "m1")
    before = services().store.load_draft(sender)
    first = turns.run_once(sender, Turn(text="répéter"), "m2")
    after_first = services().store.load_draft(sender)
    again = turns.run_once(sender, Turn(text="répéter"), "m2")
    assert texts(again) == texts(first)
    assert services().store.load_draft(sender) == after_first
    assert after_first[turns.TURN_KEY] == "m2" and before[turns.TURN_KEY] == "m1"


def test_replies_lost_with_the_cache_the_question_is_asked_again_not_answered(store_env):
    sender = "web-idempotent-2"
    greeting = turns.run_once(sender, Turn(text="bonjour", intent="greet"), "m1")
    payload = next(b.payload for r in greeting for b in r.buttons if b.title.startswith("M'inscrire"))
    click = Turn(text=payload, intent="choose", confidence=1.0, entities={"choice": [payload.split('"')[3]]})
    turns.run_once(sender, click, "m2")
    saved = services().store.load_draft(sender)
    turns._local.clear()
    again = turns.run_once(sender, click, "m2")
    assert again and texts(again)
    now = services().store.load_draft(sender)
    assert (now["answers"], now["history"], now["phase"]) == (
        saved["answers"],
        saved["history"],
        saved["phase"],
    )


def test_a_turn_reads_the_draft_once(store_env, monkeypatch):
    store = services().store
    reads: list[str] = []
    load = type(store).load_draft

    def counted(self, sender_id):
        reads.append(sender_id)
        return load(self, sender_id)

    monkeypatch.setattr(type(store), "load_draft", counted)
    sender = "web-one-read"
    turns.run_once(sender, Turn(text="bonjour", intent="greet"), "m1")
    assert reads == [sender]  # no draft yet: read once, found empty
    turns.run_once(sender, Turn(text="répéter"), "m2")
    assert reads == [sender] * 2
    turns.run_once(sender, Turn(text="répéter"), "m2")  # the same message again: its replies, no new read
    assert reads == [sender] * 3
    turns._local.clear()
    turns.run_once(sender, Turn(text="répéter"), "m2")  # replies lost: the question again, still one read
    assert reads == [sender] * 4
