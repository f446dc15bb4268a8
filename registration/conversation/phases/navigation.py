"""Navigation, everywhere: aide, répéter, retour, abandon (confirmed, then everything erased), conseiller.

Exact command words and navigation buttons always navigate; an NLU intent navigates only with high
confidence and only when the text answers nothing of the question asked (answering.answers_question).
"""

from __future__ import annotations

from registration.conversation.catalogue import find_step
from registration.conversation.engine.asking import ask, show_summary
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import combined, consult, review
from registration.conversation.phases.answering import answers_question
from registration.conversation.readers.matching import yes_no
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import BUTTONS, NAVIGATION_WORDS, QUESTIONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button, Turn
from registration.operations import trackers

NAV_INTENTS = {"help": "help", "go_back": "back", "abandon": "abandon", "repeat": "repeat", "human": "human"}
NAV_CONFIDENCE = 0.8


def command_word(text: str) -> str:
    """Typed text as command words are compared: lower case, single spaces, end punctuation dropped, accents kept."""
    return " ".join(text.casefold().split()).rstrip(" .!")


def detect(tc: TurnContext, turn: Turn, text: str) -> str | None:
    """The navigation a turn asks for, or None when it is an answer."""
    word = command_word(text)
    for nav, words in NAVIGATION_WORDS.items():
        if word in words:
            return nav
    if turn.intent not in NAV_INTENTS:
        return None
    if text.startswith("/"):
        return NAV_INTENTS[turn.intent]
    if turn.confidence >= NAV_CONFIDENCE and not answers_question(tc, turn, text):
        return NAV_INTENTS[turn.intent]
    return None


def run(tc: TurnContext, nav: str) -> None:
    phase = tc.state.phase
    if nav == "help":
        if phase == Phase.SUMMARY:
            tc.say(QUESTIONS["summary"]["help"])
            show_summary(tc)
        else:
            step = tc.current_step()
            tc.say(step.help if step else QUESTIONS["start"]["help"])
            ask(tc)
    elif nav == "repeat":
        tc.state.pending = None
        tc.state.announced = None
        if phase == Phase.SUMMARY:
            show_summary(tc)
        else:
            ask(tc, MSG["repeat"])
    elif nav == "back":
        go_back(tc)
    elif nav == "abandon":
        tc.state.return_phase = phase
        tc.state.phase = Phase.CONFIRM_ABANDON
        _ask_abandon(tc)
    elif nav == "human":
        ask_for_a_person(tc)
        if phase == Phase.SUMMARY:
            show_summary(tc)
        else:
            ask(tc)


def ask_for_a_person(tc: TurnContext) -> None:
    """« conseiller »: a request in the help-desk's queue, with the draft; the candidate is told when it answers."""
    step = tc.current_step()
    phase = tc.state.phase
    reason = (
        MSG["handoff_reason_failures"]
        if step and tc.state.failures.get(step.id) == 0 and step.id in tc.state.failures
        else MSG["handoff_reason_asked"]
    )
    handoff_id = tc.services.desk.open_request(
        tc.sender_id,
        reason,
        tc.state.to_dict(),
        academie_code=tc.ctx().academie_code,
        step=step.id if step else str(phase),
    )
    hours = tc.services.settings.helpdesk_hours
    tc.say(MSG["handoff_recorded"].format(id=handoff_id, hours=hours))


def reask(tc: TurnContext) -> None:
    """Asks again whatever the conversation is asking now (after a stale button)."""
    phase = tc.state.phase
    if phase == Phase.SUMMARY:
        show_summary(tc)
    elif phase == Phase.FORM:
        tc.state.pending = None
        ask(tc)
    elif phase == Phase.CONFIRM_ABANDON:
        _ask_abandon(tc)
    elif phase == Phase.MODIFY_SELECT:
        review.ask_modify_select(tc)
    elif phase.is_consultation:
        consult.repeat(tc)
    else:
        tc.say(MSG["done"].format(label=tc.state.done_label or ""))


def _ask_abandon(tc: TurnContext) -> None:
    tc.say(
        MSG["abandon_confirm"],
        (Button.choose(BUTTONS["abandon_yes"], "yes"), Button.choose(BUTTONS["abandon_no"], "no")),
    )


def go_back(tc: TurnContext) -> None:
    """« retour »: the previous answer is offered again with « Garder » (locked answers are skipped)."""
    tc.state.pending = None
    history = tc.state.history
    locked = set(tc.state.locked)
    while history and history[-1] in locked:
        history.pop()
    if not history or (history[-1] == "start" and len(history) == 1):
        tc.say(MSG["back_none"])
        ask(tc)
        return
    previous = history.pop()
    step = find_step(tc.ctx(), previous)
    value = tc.answers.pop(previous, None)
    tc.state.defaults[previous] = value
    tc.state.announced = None
    if step is not None and step.is_composite:
        shown = combined.step_back(tc, step)
    else:
        shown = step.show(tc.ctx(), value) if step else str(value)
    ask(tc, MSG["back_to"].format(value=shown))


def on_abandon_answer(tc: TurnContext, turn: Turn, text: str) -> None:
    decision = yes_no(turn, text, turn.choice)
    if decision is True:
        # "Effacées" means erased: the draft, the help-desk copies and the conversation's messages.
        tc.services.store.erase_conversation(tc.sender_id)
        trackers.erase_sender_now_and_later(tc.sender_id, tc.services.settings.tracker_url)
        tc.state = DraftState(phase=Phase.ABANDONED)
        tc.say(MSG["abandon_done"])
        return
    tc.state.phase = tc.state.return_phase or Phase.FORM
    tc.state.return_phase = None
    if decision is False:
        tc.say(MSG["abandon_cancelled"])
    if tc.state.phase == Phase.SUMMARY:
        show_summary(tc)
    else:
        ask(tc)
