"""Resuming with a code ("reprendre K7F3-QXA9-M2TD", or Telegram's /start link), behind the attempt limits.

A code moves a registration in progress to this channel and is replaced by a new one; it never opens a
consultation or a modification, which ask the dossier number and the birth date again.
"""

from __future__ import annotations

import re

from registration.conversation.engine import lookups
from registration.conversation.engine.asking import ask, show_summary
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import consult
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Turn
from registration.referentials import normalise
from registration.store import normalize_resume_code

RESUME_CODE = re.compile(r"\b([0-9A-Z]{4})[- .]?([0-9A-Z]{4})[- .]?([0-9A-Z]{4})\b", re.IGNORECASE)


def try_resume(tc: TurnContext, turn: Turn, text: str) -> bool:
    """True when the turn was a resume request (answered, whatever its outcome)."""
    if turn.intent != "resume" and not normalise(text).startswith(("reprendre", "/start")):
        return False
    match = RESUME_CODE.search(turn.entity("numero") or "") or RESUME_CODE.search(text.split(None, 1)[-1])
    if not match:
        if not normalise(text).startswith("reprendre"):
            return False  # "reprise" may be a surname: only "reprendre <code>" asks to resume
        tc.say(MSG["resume_unknown"])
        ask(tc)
        return True
    code = normalize_resume_code("".join(match.groups()))
    store = tc.services.store
    refused, found = lookups.guarded(tc, None, lambda: store.find_draft_by_code(code) if code else None)
    if refused:
        return True
    if found is None:
        tc.say(MSG["resume_unknown"])
        ask(tc)
        return True
    draft = DraftState.from_dict(found[1])
    tc.is_new = False
    if draft.dossier or draft.phase.is_consultation or draft.phase == Phase.DONE:
        # A validated draft's code died with its validation; a consultation needs the number and birth date.
        tc.state = DraftState(phase=Phase.CONSULT_NUMBER, answers={"start": "consult"}, history=["start"])
        consult.ask_number(tc, MSG["resume_validated" if draft.phase == Phase.DONE else "resume_needs_login"])
        return True
    moved = store.move_draft(code, tc.sender_id)
    if moved is None:
        tc.say(MSG["resume_unknown"])
        ask(tc)
        return True
    tc.state = DraftState.from_dict(moved[0])
    tc.state.announced = None
    tc.say(MSG["resumed"].format(code=moved[1]))
    if tc.state.phase == Phase.SUMMARY:
        show_summary(tc)
    else:
        ask(tc)
    return True
