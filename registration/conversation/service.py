"""One entry point for every channel: load the candidate's draft, run the turn, save the draft."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from registration.conversation.engine.turn import Services, TurnContext
from registration.conversation.phases import router
from registration.conversation.staffing import place_of
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Reply, Turn
from registration.lists.published import current_referentials

log = logging.getLogger(__name__)
_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()


class Conversation:
    """One turn of one candidate: stored state in, replies out; the caller saves ``state``.

    The work is done by the router and the phase handlers; this class only turns the stored dict into the
    typed DraftState and back.
    """

    def __init__(
        self, services: Services, sender_id: str, state: dict[str, Any] | None, client: str | None = None
    ) -> None:
        self.turn = TurnContext(
            services, sender_id, DraftState.from_dict(state), is_new=state is None, client=client
        )

    def handle(self, turn: Turn) -> list[Reply]:
        return router.handle(self.turn, turn)

    @property
    def state(self) -> dict[str, Any]:
        return self.turn.state.to_dict()

    @property
    def abandoned(self) -> bool:
        return self.turn.state.phase == Phase.ABANDONED


@dataclass(frozen=True)
class StoredDraft:
    """A sender's draft as read at the start of a turn (``state`` None: the sender has none yet)."""

    state: dict | None


def _lock(sender_id: str) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(sender_id, threading.RLock())


@contextmanager
def turn_of(sender_id: str, svc: Services) -> Iterator[StoredDraft]:
    """Holds the sender's turn (one at a time in this process) and reads their draft once for it.

    A caller that looks at the draft before the turn (the action server, for a message already applied)
    passes what it read to ``run_turn`` inside this block, so a turn reads the draft once."""
    with _lock(sender_id):
        yield StoredDraft(svc.store.load_draft(sender_id))


def run_turn(sender_id: str, turn: Turn, svc: Services, draft: StoredDraft | None = None) -> list[Reply]:
    """The replies to one candidate message; the draft is saved after every turn, so nothing is lost.

    ``svc``: the application's conversation services (``application.services``); ``draft``: the draft as read
    by ``turn_of`` (whose block the caller is in); None reads it here."""
    # The tables the exam service published, on whichever server: one cheap query when nothing changed.
    refs = current_referentials(svc.store, svc.refs)
    if refs is not svc.refs:
        svc = dataclasses.replace(svc, refs=refs)
    with _lock(sender_id):
        state = draft.state if draft is not None else svc.store.load_draft(sender_id)
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
