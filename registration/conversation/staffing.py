"""What a conseiller does to a conversation's draft, through the catalogue's own rules (no way round them).

Reading the draft as a summary; correcting or filling one answer with the question's validator; handing the
conversation back at a chosen question (the candidate gets that question); starting a draft during a phone
call, which the candidate finishes and validates with its resume code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from registration.conversation.catalogue import (
    MULTI,
    Step,
    find_step,
    iter_steps,
)
from registration.conversation.catalogue.content import build_content
from registration.conversation.engine.asking import ask, show_summary
from registration.conversation.engine.turn import Services, TurnContext
from registration.conversation.phases.answering import read_answer
from registration.conversation.phases.combined import TYPED
from registration.conversation.phases.router import question_key
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Reply
from registration.documents.summary import summary_text
from registration.rules import Invalid, Result, Valid

# What a conseiller fills for a candidate on the phone, in this order (the rest is asked to the candidate).
PHONE_FIELDS = ("nom", "prenoms", "date_naissance", "email")
SUMMARY = "summary"


@dataclass(frozen=True)
class Field:
    """An answer a conseiller may read and change: its step, the question, the value as the candidate reads it."""

    step_id: str
    question: str
    shown: str


def _context(services: Services, sender_id: str) -> TurnContext:
    state = DraftState.from_dict(services.store.load_draft(sender_id))
    return TurnContext(services, sender_id, state, is_new=False)


def place_of(tc: TurnContext) -> tuple[str | None, str]:
    """(the draft's académie, None while unknown; the question reached, else the phase)."""
    step = tc.current_step()
    return tc.ctx().academie_code, step.id if step else str(tc.state.phase)


def _save(services: Services, sender_id: str, tc: TurnContext) -> str:
    return services.store.save_draft(sender_id, tc.state.to_dict(), place_of(tc))


def current_place(services: Services, sender_id: str) -> tuple[str | None, str] | None:
    """Where a conversation's draft is now: (its académie, None while unknown; the question reached).

    None when the draft no longer exists. A hand-off request follows this, not what was true when it was
    made: the candidate may go on while waiting, give an address, and so move to another académie."""
    stored = services.store.load_draft(sender_id)
    if not stored:
        return None
    return place_of(TurnContext(services, sender_id, DraftState.from_dict(stored), is_new=False))


def summary_of(services: Services, sender_id: str) -> str:
    """The draft as the candidate's récapitulatif reads (the same wording)."""
    tc = _context(services, sender_id)
    return summary_text(build_content(tc.ctx()))


def fields_of(services: Services, sender_id: str) -> list[Field]:
    """The questions answered so far, then the question asked now: what a conseiller may correct or fill."""
    tc = _context(services, sender_id)
    ctx = tc.ctx()
    found: list[Field] = []
    for step in iter_steps(ctx):
        if not step.applies(ctx) or step.kind == MULTI or step.id == "start":
            continue
        if step.id in tc.answers:
            found.append(Field(step.id, step.ask(ctx), step.show(ctx, tc.answers[step.id])))
    current = tc.current_step()
    if current is not None and current.kind != MULTI and current.id not in tc.answers:
        found.append(Field(current.id, current.ask(ctx), ""))
    return found


def _read(tc: TurnContext, step: Step, text: str) -> Result:
    """The conversation's own reading of an answer; a question without a validator is not typed in here."""
    result = read_answer(tc, step, text)
    if isinstance(result, Invalid) and not result.message:
        return Invalid(MSG["staff_field_not_editable"])
    return result


def correct(services: Services, sender_id: str, step_id: str, text: str) -> tuple[Result, str, str]:
    """Sets one answer through its question's validator: (result, shown before, shown after); nothing on Invalid."""
    tc = _context(services, sender_id)
    ctx = tc.ctx()
    step = find_step(ctx, step_id)
    if step is None or step.kind == MULTI or step_id in tc.state.locked:
        return Invalid(MSG["staff_field_not_editable"]), "", ""
    before = step.show(ctx, tc.answers[step_id]) if step_id in tc.answers else ""
    result = _read(tc, step, text)
    if isinstance(result, Valid) and step.is_composite:  # one sentence: the fields it fills are set
        values = dict(result.value) if isinstance(result.value, dict) else {}
        if step.choice_fills and not values:
            values = step.choice_fills(ctx, str(result.value))
        tc.answers.update(values)
        tc.answers[step_id] = TYPED
        _save(services, sender_id, tc)
        return result, before, result.echo or step.show(tc.ctx(), result.value)
    if isinstance(result, Valid):
        tc.answers[step_id] = result.value
        tc.state.defaults.pop(step_id, None)
        if step_id not in tc.state.history:
            tc.state.history.append(step_id)
        _save(services, sender_id, tc)
        return result, before, step.show(tc.ctx(), result.value)
    return result, before, before


def hand_back(services: Services, sender_id: str, step_id: str) -> list[Reply]:
    """The assistant takes the conversation again at ``step_id`` (or the summary): the replies to send."""
    tc = _context(services, sender_id)
    tc.state.pending = None
    tc.state.announced = None
    if step_id != SUMMARY and step_id in tc.answers:
        tc.state.defaults[step_id] = tc.answers.pop(step_id)  # asked again, the earlier answer offered
        if step_id in tc.state.history:
            tc.state.history.remove(step_id)
    tc.say(MSG["conseiller_left"])
    if step_id == SUMMARY and tc.current_step() is None:
        show_summary(tc)
    else:
        tc.state.phase = Phase.FORM
        ask(tc)
    marker = question_key(tc)  # the buttons sent answer this question, as in any turn
    tc.state.asked = marker
    _save(services, sender_id, tc)
    return [Reply(r.text, tuple(b.for_question(marker) for b in r.buttons), r.custom) for r in tc.replies]


def start_dossier(services: Services, values: dict[str, str]) -> tuple[str, str] | dict[str, str]:
    """A draft started by a conseiller: (conversation id, resume code), or the French error of each field."""
    sender_id = "staff-" + secrets.token_hex(12)
    started = DraftState(answers={"start": "new", "former": False}, origin="staff", started_by=sender_id)
    tc = TurnContext(services, sender_id, started, is_new=False)
    errors: dict[str, str] = {}
    for step_id in PHONE_FIELDS:
        step = find_step(tc.ctx(), step_id)
        text = (values.get(step_id) or "").strip()
        if step is None or not text:
            errors[step_id] = MSG["staff_field_required"]
            continue
        result = _read(tc, step, text)
        if isinstance(result, Valid):
            tc.answers[step_id] = result.value
            tc.state.history.append(step_id)
        else:
            errors[step_id] = result.message
    if errors:
        return errors
    tc.answers.setdefault("nom_usage", "")
    tc.state.history.insert(0, "start")
    code = _save(services, sender_id, tc)
    return sender_id, code
