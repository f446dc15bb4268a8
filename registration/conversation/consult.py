"""Consultation and modification of a validated dossier: number + birth date, then the summary."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from registration import rules
from registration.conversation.extract import answers_from_content
from registration.conversation.messages import BUTTONS, TEXT as MSG
from registration.conversation.summary import summary_text
from registration.conversation.types import Button, Turn
from registration.rules import Valid
from registration.settings import now

if TYPE_CHECKING:
    from registration.conversation.engine import Conversation


def handle(conv: "Conversation", turn: Turn, text: str) -> None:
    state = conv.state
    data = state.setdefault("consult", {})
    phase = state["phase"]
    store = conv.services.store
    if phase == "consult_number":
        digits = re.sub(r"\s", "", text.split("–")[0].split("-")[0]) if text else ""
        if not digits.isdigit() or len(digits) > 9:
            conv.say(MSG["consult_number_invalid"])
            return
        data["number"] = int(digits)
        state["phase"] = "consult_date"
        conv.say(MSG["consult_date"])
        return
    if phase == "consult_date":
        number = data.get("number")
        if number is None:
            state["phase"] = "consult_number"
            conv.say(MSG["consult_number"])
            return
        if store.is_locked(number):
            state["phase"] = "consult_number"
            conv.say(MSG["consult_locked"], (Button(BUTTONS["human"], "/human"),))
            return
        date = rules.validate_birth_date(text, now().date())
        dossiers = store.find_dossiers(number, date.value) if isinstance(date, Valid) else []
        if len(dossiers) != 1:
            store.record_login_failure(number)
            state["phase"] = "consult_number"
            if store.is_locked(number):
                conv.say(MSG["consult_locked"], (Button(BUTTONS["human"], "/human"),))
            else:
                conv.say(MSG["consult_failed"] + "\n" + MSG["consult_number"])
            return
        store.clear_login_failures(number)
        dossier = dossiers[0]
        data.update(dossier_id=dossier.id, academie=dossier.academie_code, session=dossier.session)
        state["phase"] = "consult_menu"
        conv.say(f"Dossier {dossier.label}\n" + summary_text(dossier.content))
        _menu(conv, dossier.academie_code, dossier.session)
        return
    if phase == "consult_menu":
        choice = turn.choice or rules_choice(text)
        if choice == "modify" and _open(conv, data["academie"], data["session"]):
            dossier = store.get_dossier(data["academie"], data["session"], data["number"])
            answers = answers_from_content(dossier.content, conv.services.refs)
            answers["start"] = "new"
            state.update(answers=answers, history=["start"], defaults={}, pending=None, announced=None,
                         dossier={"number": dossier.number, "academie": dossier.academie_code,
                                  "session": dossier.session, "label": dossier.label},
                         locked=["nom"])
            conv._show_summary()
            return
        if choice == "end":
            from registration.conversation.engine import fresh_state
            conv.state = fresh_state()
            conv.say(MSG["goodbye"])
            return
        _menu(conv, data["academie"], data["session"])


def rules_choice(text: str) -> str | None:
    from registration.referentials import normalise
    word = normalise(text)
    if word.startswith(("modif", "corrig", "chang")):
        return "modify"
    if word.startswith(("termin", "fin", "quitter", "rien", "consult")):
        return "end"
    return None


def _open(conv: "Conversation", academie: str, session: int) -> bool:
    result = rules.check_registration_open(academie, session, now(), conv.services.refs)
    return isinstance(result, Valid)


def _menu(conv: "Conversation", academie: str, session: int) -> None:
    if _open(conv, academie, session):
        conv.say(MSG["consult_what"], (Button.choose(MSG["consult_modify"], "modify"),
                                       Button.choose("Terminer", "end")))
        return
    result = rules.check_registration_open(academie, session, now(), conv.services.refs)
    conv.say(getattr(result, "message", "") + "\n" + MSG["consult_closed"].format(closes=_closes(conv, academie, session)),
             (Button.choose("Terminer", "end"),))


def _closes(conv: "Conversation", academie: str, session: int) -> str:
    entry = conv.services.refs.calendar_for(academie, session)
    return entry.closes.strftime("%d/%m/%Y à %H:%M") if entry else "—"
