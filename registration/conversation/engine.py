"""The conversation engine's entry point: one candidate turn against the stored draft, in and out as JSON.

The work is done by the router (registration.conversation.router) and the phase handlers; this class only
turns the stored dict into the typed DraftState and back.
"""

from __future__ import annotations

from typing import Any

from registration.conversation import router
from registration.conversation.matching import match_choice
from registration.conversation.state import DraftState, Phase
from registration.conversation.turn import Services, TurnContext
from registration.conversation.types import Reply, Turn

__all__ = ["Conversation", "Services", "match_choice"]


class Conversation:
    """One turn of one candidate: stored state in, replies out; the caller saves ``state``."""

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
