"""The done phase: the dossier is validated; a new message starts a new registration (or a consultation)."""

from __future__ import annotations

from registration.conversation.engine.asking import ask, smalltalk
from registration.conversation.engine.turn import TurnContext
from registration.conversation.state import DraftState
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Turn


def on_done(tc: TurnContext, turn: Turn, text: str) -> None:
    if turn.intent in ("thank", "goodbye"):
        smalltalk(tc, turn.intent)
        return
    label = tc.state.done_label or ""
    tc.state = DraftState()
    tc.say(MSG["done"].format(label=label))
    ask(tc)
