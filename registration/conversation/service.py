"""One entry point for every channel: load the candidate's draft, run the turn, save the draft."""

from __future__ import annotations

import dataclasses
import logging
import threading
from functools import lru_cache

from registration.access import AttemptGuard
from registration.conversation.engine import Conversation
from registration.conversation.messages import TEXT as MSG
from registration.conversation.staffing import place_of
from registration.conversation.turn import Services
from registration.conversation.types import Reply, Turn
from registration.referentials import load_referentials
from registration.referentials.published import current_referentials
from registration.settings import get_settings
from registration.store import Store

log = logging.getLogger(__name__)
_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


@lru_cache(maxsize=4)
def services_for(database_url: str, session: int) -> Services:
    store = Store(database_url)
    store.migrate()
    if get_settings().demo_former_candidates:  # demonstrations and tests only, never in production
        store.seed_former_candidates()
    return Services(refs=load_referentials(), store=store, session=session, guard=AttemptGuard(store))


def services() -> Services:
    settings = get_settings()
    return services_for(settings.database_url, settings.session)


def _lock(sender_id: str) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(sender_id, threading.Lock())


def run_turn(sender_id: str, turn: Turn, svc: Services | None = None) -> list[Reply]:
    """The replies to one candidate message; the draft is saved after every turn, so nothing is lost."""
    svc = svc or services()
    # The tables the exam service published, on whichever server: one cheap query when nothing changed.
    refs = current_referentials(svc.store, svc.refs)
    if refs is not svc.refs:
        svc = dataclasses.replace(svc, refs=refs)
    with _lock(sender_id):
        state = svc.store.load_draft(sender_id)
        conversation = Conversation(svc, sender_id, state, client=turn.client)
        try:
            replies = conversation.handle(turn)
        except Exception:
            # Ids and step names only: never what the candidate typed.
            log.exception("turn failed at %s", (state or {}).get("asked") or "start")
            return [Reply(MSG["error_internal"])]
        if conversation.abandoned:
            svc.store.delete_draft(sender_id)
        else:
            svc.store.save_draft(sender_id, conversation.state, place_of(conversation.turn))
        return replies
