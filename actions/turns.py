"""Each candidate message changes the draft once, even when it reaches an action server twice.

A message can arrive again after a fault: the front's Rasa client sends it again when a Rasa server died
while answering, and nginx gives an action call cut by a dying action server to the other one. The channel
gives every message an id (``metadata.message_id``, the same on every attempt). The id of the last message
applied is saved in the draft itself, in the same write as the new state, so "applied" and "saved" cannot
disagree. The replies of that message are kept for a few minutes in Redis (shared by every action server;
a dict in this process when the settings name no ``REDIS_HOST``): a repeated message gets them again. Were they lost
(Redis restarting), the current question is asked again instead: the draft never moves twice.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import asdict, replace
from typing import Any, cast

import redis

from actions.metrics import REPLAYED
from registration.conversation.engine.turn import Services
from registration.conversation.service import run_turn, turn_of
from registration.conversation.types import Button, Reply, Turn
from registration.settings import Settings
from registration.store import Store

log = logging.getLogger(__name__)

TURN_KEY = "applied_message"  # in the stored draft; the engine's state ignores keys it does not know
REPLIES_TTL = 900  # seconds the replies of the last message stay available
REDIS_DB = 2  # Rasa's lock store uses 1
_local: OrderedDict[str, str] = OrderedDict()
_LOCAL_MAX = 10_000
_redis: redis.Redis | None = None


class _MarkingStore:
    """The store, except that every draft saved during this turn records the message it applied."""

    def __init__(self, store: Any, message_id: str) -> None:
        self._store, self._message_id = store, message_id

    def save_draft(
        self, sender_id: str, state: dict, place: tuple[str | None, str | None] | None = None
    ) -> str:
        return self._store.save_draft(sender_id, {**state, TURN_KEY: self._message_id}, place)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _client(settings: Settings) -> redis.Redis | None:
    global _redis
    if not settings.redis_host:
        return None
    if _redis is None:
        _redis = redis.Redis(
            host=settings.redis_host, port=settings.redis_port, db=REDIS_DB, socket_timeout=2
        )
    return _redis


def _remember(settings: Settings, sender_id: str, message_id: str, replies: list[Reply]) -> None:
    value = json.dumps({"id": message_id, "replies": [asdict(reply) for reply in replies]})
    client = _client(settings)
    if client is None:
        _local[sender_id] = value
        _local.move_to_end(sender_id)
        while len(_local) > _LOCAL_MAX:
            _local.popitem(last=False)
        return
    try:
        client.set(f"bts:turn:{sender_id}", value, ex=REPLIES_TTL)
    except redis.RedisError as error:
        log.warning("could not keep the replies of a turn: %s", type(error).__name__)


def _recall(settings: Settings, sender_id: str, message_id: str) -> list[Reply] | None:
    client = _client(settings)
    try:
        value = _local.get(sender_id) if client is None else client.get(f"bts:turn:{sender_id}")
    except redis.RedisError as error:
        log.warning("could not read the replies of a turn: %s", type(error).__name__)
        return None
    if not value:
        return None
    data = json.loads(value)
    if data.get("id") != message_id:
        return None
    return [
        Reply(text=r["text"], buttons=tuple(Button(**b) for b in r["buttons"]), custom=r["custom"])
        for r in data["replies"]
    ]


def run_once(svc: Services, sender_id: str, turn: Turn, message_id: str | None) -> list[Reply]:
    """The replies to one message (``svc``: the application's conversation services); a message already
    applied to the draft is not applied again."""
    if not message_id:
        return run_turn(sender_id, turn, svc)
    marked = replace(svc, store=cast(Store, _MarkingStore(svc.store, message_id)))
    with turn_of(sender_id, svc) as draft:  # the one read of the draft: checked here, then the turn's
        if draft.state is not None and draft.state.get(TURN_KEY) == message_id:
            log.info("message of %s already applied: answering it again", sender_id)
            replies = _recall(svc.settings, sender_id, message_id)
            if replies is not None:
                REPLAYED.labels(how="kept").inc()
                return replies
            REPLAYED.labels(how="asked_again").inc()
            return run_turn(sender_id, Turn(text="répéter", intent=None), marked, draft)
        replies = run_turn(sender_id, turn, marked, draft)
    _remember(svc.settings, sender_id, message_id, replies)
    return replies
