"""One dossier per person and specialty: a new registration whose name, first names, birth date and specialty
are those of a dossier of the session is told so, once, and offered the consultation (it may go on: a
namesake born the same day is possible, and the console lists probable duplicates for the service)."""

from __future__ import annotations

from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import consult
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import BUTTONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button, Reply

CONSULT_EXISTING = "__consult_existing__"
FIELDS = ("nom", "prenoms", "date_naissance", "specialite")


def check(tc: TurnContext) -> None:
    """After a form turn: tells of a dossier of the same person and specialty, before the question asked."""
    answers = tc.answers
    if tc.state.phase != Phase.FORM or tc.state.dossier or answers.get("start") != "new":
        return
    values = [str(answers.get(name) or "").strip() for name in FIELDS]
    key = "\x1f".join(values)
    if not all(values) or key == tc.state.duplicate_checked:
        return
    tc.state.duplicate_checked = key
    nom, prenoms, date, specialite = values
    if not tc.services.store.same_person_dossiers(nom, prenoms, date, specialite, tc.services.session):
        return
    notice = MSG["duplicate_found"].format(session=tc.services.session, consult=BUTTONS["consult"])
    at = max(0, len(tc.replies) - 1)  # before the question just asked
    tc.replies.insert(at, Reply(notice, (Button.choose(BUTTONS["consult"], CONSULT_EXISTING),)))


def open_consultation(tc: TurnContext) -> None:
    """« Consulter ou modifier mon inscription » from the notice: the consultation starts."""
    tc.state = DraftState(phase=Phase.CONSULT_NUMBER, answers={"start": "consult"}, history=["start"])
    consult.ask_number(tc)
