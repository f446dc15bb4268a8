"""Keeping an answer (with its question's follow-up), refusing one (what to type, the same question again),
and running a question's validator safely: shared by every way of answering."""

from __future__ import annotations

import logging
from typing import Any

from registration.conversation.catalogue import TEXT, Step
from registration.conversation.engine.asking import ask
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import hooks
from registration.conversation.texts import BUTTONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button
from registration.rules import Invalid, Result

log = logging.getLogger(__name__)


def validate_text(tc: TurnContext, step: Step, text: str) -> Result:
    if step.kind != TEXT or step.validate is None:
        return Invalid("")
    try:
        return step.validate(tc.ctx(), text)
    except Exception:  # a validator must never break the conversation
        log.exception("validator %s failed", step.id)
        return Invalid(step.help)


def commit(tc: TurnContext, step_id: str, value: Any, *, then_ask: bool = True) -> bool:
    """Keeps an answer; False when the question's follow-up (hooks.AFTER_ANSWER) took the conversation elsewhere."""
    tc.answers[step_id] = value
    tc.state.defaults.pop(step_id, None)
    tc.state.failures.pop(step_id, None)
    tc.state.pending = None
    if step_id in tc.state.history:
        tc.state.history.remove(step_id)
    tc.state.history.append(step_id)
    follow_up = hooks.AFTER_ANSWER.get(step_id)
    if follow_up and follow_up(tc, value) is False:
        return False
    if then_ask:
        ask(tc)
    return True


def fail(tc: TurnContext, step: Step, message: str) -> None:
    """A wrong answer: what to type, the same question again; after 3, its help and a conseiller."""
    failures = tc.state.failures
    failures[step.id] = failures.get(step.id, 0) + 1
    if failures[step.id] >= 3:
        failures[step.id] = 0
        tc.say_error(MSG["three_failures"].format(help=step.help), (Button(BUTTONS["human"], "/human"),))
    elif message:
        tc.say_error(message)
    ask(tc)
