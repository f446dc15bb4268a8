"""Consultation and modification of a validated dossier: number + birth date, then the summary."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from registration import rules
from registration.conversation import lookups
from registration.conversation.extract import answers_from_content
from registration.conversation.messages import TEXT as MSG
from registration.conversation.summary import summary_text
from registration.conversation.types import Button, Turn
from registration.rules import Valid
from registration.settings import now
from registration.store import DossierView

if TYPE_CHECKING:
    from registration.conversation.engine import Conversation


def handle(conv: Conversation, turn: Turn, text: str) -> None:
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
        date = rules.validate_birth_date(text, now().date())
        if not isinstance(date, Valid):
            conv.say(getattr(date, "message", "") or MSG["consult_date"])
            return

        def look_up() -> list | None:
            return store.find_dossiers(number, date.value) or None

        def owners() -> list[str]:
            return [d.content.get("email", "") for d in store.dossiers_numbered(number, conv.services.session)]

        refused, dossiers = lookups.guarded(conv, f"dossier:{number}", look_up, owners)
        if refused:
            state["phase"] = "consult_number"
            return
        if not dossiers:
            state["phase"] = "consult_number"
            conv.say(MSG["consult_failed"] + "\n" + MSG["consult_number"])
            return
        dossier = dossiers[0]  # newest session first
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
            open_modification(conv, dossier)
            return
        if choice == "end":
            from registration.conversation.engine import fresh_state
            conv.state = fresh_state()
            conv.say(MSG["goodbye"])
            return
        _menu(conv, data["academie"], data["session"])


def open_modification(conv: Conversation, dossier: DossierView) -> None:
    """Loads a validated dossier into the draft for modification, remembering the revision it started from."""
    answers = answers_from_content(dossier.content, conv.services.refs)
    answers["start"] = "new"
    conv.state.update(answers=answers, history=["start"], defaults={}, pending=None, announced=None,
                      dossier={"number": dossier.number, "academie": dossier.academie_code,
                               "session": dossier.session, "label": dossier.label, "revision": dossier.revision},
                      locked=["nom"], phase="form")
    conv.state.pop("validation_key", None)
    conv.show_summary()


def repeat(conv: Conversation) -> None:
    """Asks again the question of the consultation phase the conversation is in."""
    state = conv.state
    phase = state["phase"]
    data = state.get("consult") or {}
    if phase == "consult_menu" and data.get("academie"):
        _menu(conv, data["academie"], data["session"])
    elif phase == "consult_date":
        conv.say(MSG["consult_date"])
    else:
        state["phase"] = "consult_number"
        conv.say(MSG["consult_number"])


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
