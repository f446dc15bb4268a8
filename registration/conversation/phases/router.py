"""The router: global interrupts in a fixed order, then the handler of the conversation's phase.

Order of the interrupts (each one ends the turn when it applies):

0. held — while a conseiller holds the conversation, the candidate's words go to the conseiller and the
   assistant stays quiet;
1. resume — "reprendre <code>" (or /start <code>) on any channel, at any moment;
2. stale button — a button made for another question gets "cette question a changé" and the current one;
3. welcome — a new conversation is greeted (and asked its first question unless it said more);
4. abandon confirmation — while « abandonner ? » is asked, the answer is read as yes / no;
5. navigation — aide, répéter, retour, abandon, conseiller (navigation.detect says when);
6. the phase handler (PHASE_HANDLERS).

At the end of every turn the closed-answer buttons are marked with the question they answer, and a last reply
says what that question expects (registration.conversation.engine.guidance).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from registration.conversation.catalogue import extract
from registration.conversation.engine import guidance
from registration.conversation.engine.asking import ask
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import answering, consult, done, duplicates, navigation, resume, review
from registration.conversation.state import Phase
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Reply, Turn

log = logging.getLogger(__name__)

Handler = Callable[[TurnContext, Turn, str], None]

PHASE_HANDLERS: dict[Phase, Handler] = {
    Phase.FORM: answering.on_form,
    Phase.ABANDONED: answering.on_form,
    Phase.SUMMARY: review.on_summary,
    Phase.MODIFY_SELECT: review.on_modify_select,
    Phase.CONFIRM_ABANDON: navigation.on_abandon_answer,
    Phase.CONSULT_NUMBER: consult.on_consult,
    Phase.CONSULT_DATE: consult.on_consult,
    Phase.CONSULT_MENU: review.on_consult,
    Phase.CONSULT_ACADEMIE: consult.on_consult,
    Phase.CONSULT_LOST_EMAIL: consult.on_consult,
    Phase.CONSULT_LOST_DATE: consult.on_consult,
    Phase.DONE: done.on_done,
}
OPENING_INTENTS = ("greet", None, "nlu_fallback")


def handle(tc: TurnContext, turn: Turn) -> list[Reply]:
    """The replies to one turn; tc.state is left as the next turn must find it."""
    route(tc, turn)
    marker = question_key(tc)
    tc.state.asked = marker
    replies = [Reply(r.text, tuple(b.for_question(marker) for b in r.buttons), r.custom) for r in tc.replies]
    try:
        expected = guidance.guidance(tc, marker)
    except Exception:  # what the question expects guides the answer: never a reason to lose the turn
        log.exception("no guidance for question %s", marker)
        expected = None
    return replies + [expected] if expected else replies


def route(tc: TurnContext, turn: Turn) -> None:
    text = (turn.text or "").strip()
    tc.text = "" if turn.choice else text
    held = None if tc.is_new else tc.services.desk.held(tc.sender_id)
    if held is not None:
        tc.services.desk.add_message(tc.sender_id, "candidat", {"text": text[:2000]}, handoff_id=held.id)
        tc.say("", custom={"type": "relay"})
        return
    if resume.try_resume(tc, turn, text):
        return
    if tc.state.origin is None:  # where the registration started: kept whichever channel validates it
        tc.state.origin = turn.surface or review.channel_of(tc.sender_id)
        tc.state.started_by = tc.sender_id
    if turn.question and not tc.is_new and turn.question != tc.state.asked:
        tc.say(MSG["stale_button"])
        navigation.reask(tc)
        return
    if tc.is_new:
        tc.say(MSG["welcome"].format(session=tc.services.session))
        if (
            turn.intent in OPENING_INTENTS
            and not turn.choice
            and not extract.says_wish(text)
            and not extract.says_consult(text)
        ):
            ask(tc)
            return
    if tc.state.phase == Phase.CONFIRM_ABANDON:
        navigation.on_abandon_answer(tc, turn, text)
        return
    if turn.choice == duplicates.CONSULT_EXISTING:
        duplicates.open_consultation(tc)
        return
    nav = navigation.detect(tc, turn, text)
    if nav:
        navigation.run(tc, nav)
        return
    PHASE_HANDLERS[tc.state.phase](tc, turn, text)
    duplicates.check(tc)


def question_key(tc: TurnContext) -> str:
    """What the candidate is being asked now: a step id, a confirmation, or a phase."""
    if tc.state.phase != Phase.FORM:
        return str(tc.state.phase)
    if tc.state.pending:
        return "confirm:" + ",".join(sorted(tc.state.pending.values))
    step = tc.current_step()
    return step.id if step else "summary"
