"""The consultation phase: dossier number, then birth date (behind the attempt limits), then the dossier."""

from __future__ import annotations

import re

from registration import rules
from registration.conversation import lookups, table_updates
from registration.conversation.asking import ask, show_summary
from registration.conversation.catalogue.content import answers_from_content
from registration.conversation.messages import TEXT as MSG
from registration.conversation.messages import WORDS
from registration.conversation.state import DossierRef, DraftState, Phase
from registration.conversation.summary import summary_text
from registration.conversation.turn import TurnContext
from registration.conversation.types import Button, Turn
from registration.referentials import normalise
from registration.rules import Valid
from registration.settings import get_settings, now
from registration.store import DossierView

MAX_NUMBER_DIGITS = 9


def on_consult(tc: TurnContext, turn: Turn, text: str) -> None:
    phase = tc.state.phase
    if phase == Phase.CONSULT_NUMBER:
        _on_number(tc, text)
    elif phase == Phase.CONSULT_DATE:
        _on_date(tc, text)
    else:
        _on_menu(tc, turn, text)


def _on_number(tc: TurnContext, text: str) -> None:
    digits = re.sub(r"\s", "", re.split(r"[–-]", text)[0]) if text else ""
    if not digits.isdigit() or len(digits) > MAX_NUMBER_DIGITS:
        tc.say(MSG["consult_number_invalid"])
        return
    tc.state.consult.number = int(digits)
    tc.state.phase = Phase.CONSULT_DATE
    tc.say(MSG["consult_date"])


def _on_date(tc: TurnContext, text: str) -> None:
    number = tc.state.consult.number
    if number is None:
        tc.state.phase = Phase.CONSULT_NUMBER
        tc.say(MSG["consult_number"])
        return
    date = rules.validate_birth_date(text, now().date())
    if not isinstance(date, Valid):
        tc.say(getattr(date, "message", "") or MSG["consult_date"])
        return
    store = tc.services.store
    refused, dossiers = lookups.guarded(
        tc,
        f"dossier:{number}",
        lambda: store.find_dossiers(number, date.value) or None,
        lambda: [d.content.get("email", "") for d in store.dossiers_numbered(number, tc.services.session)],
    )
    tc.state.phase = Phase.CONSULT_NUMBER
    if refused:
        return
    if not dossiers:
        tc.say(MSG["consult_failed"] + "\n" + MSG["consult_number"])
        return
    dossier = dossiers[0]  # newest session first
    tc.state.consult.dossier_id = dossier.id
    tc.state.consult.academie = dossier.academie_code
    tc.state.consult.session = dossier.session
    tc.state.phase = Phase.CONSULT_MENU
    tc.say(
        MSG["consult_dossier"].format(label=dossier.label)
        + "\n"
        + summary_text(dossier.content)
        + "\n\n"
        + MSG["consult_confirmation_state"].format(state=dossier.confirmation)
    )
    if table_updates.needs_completion(dossier.content, tc.services.refs):
        tc.say(MSG["consult_to_complete"])
    menu(tc)


def _on_menu(tc: TurnContext, turn: Turn, text: str) -> None:
    data = tc.state.consult
    choice = turn.choice or menu_word(text)
    if choice == "modify" and data.academie and data.session and _open(tc, data.academie, data.session):
        dossier = tc.services.store.get_dossier(data.academie, data.session, data.number or 0)
        if dossier is not None:
            open_modification(tc, dossier)
            return
    if choice == "upload" and data.dossier_id:
        offer_upload(tc, data.dossier_id)
        return
    if choice == "end":
        tc.state = DraftState()
        tc.say(MSG["goodbye"])
        return
    menu(tc)


def open_modification(tc: TurnContext, dossier: DossierView) -> None:
    """Loads a validated dossier into the draft for modification, remembering the revision it started from."""
    answers = answers_from_content(dossier.content, tc.services.refs)
    answers["start"] = "new"
    tc.state = DraftState(
        phase=Phase.FORM,
        answers=answers,
        history=["start"],
        # The guide locks the family name of former candidates only (the exam system knows them by it); a
        # first-time candidate may correct theirs (the store journals it).
        locked=["nom"] if answers.get("former") or dossier.content.get("former_candidate_number") else [],
        dossier=DossierRef(
            number=dossier.number,
            academie=dossier.academie_code,
            session=dossier.session,
            label=dossier.label,
            revision=dossier.revision,
        ),
    )
    tc.state.epreuves_version = table_updates.current_version(tc.services.refs, answers.get("specialite"))
    # A table published since the dossier was validated: the questions it brings first, then the summary.
    if table_updates.needs_completion(dossier.content, tc.services.refs) and tc.current_step() is not None:
        ask(tc, MSG["table_completion"])
        return
    show_summary(tc)


def repeat(tc: TurnContext) -> None:
    """Asks again the question of the consultation phase the conversation is in."""
    if tc.state.phase == Phase.CONSULT_MENU and tc.state.consult.academie:
        menu(tc)
    elif tc.state.phase == Phase.CONSULT_DATE:
        tc.say(MSG["consult_date"])
    else:
        tc.state.phase = Phase.CONSULT_NUMBER
        tc.say(MSG["consult_number"])


def menu_word(text: str) -> str | None:
    word = normalise(text)
    words = word.split()
    if word.startswith(WORDS["consult_modify"]) or (
        any(w.startswith(WORDS["consult_modify"]) for w in words[1:4]) and not {"rien", "pas"} & set(words)
    ):  # « je veux changer mon adresse » (not « je ne veux rien changer »)
        return "modify"
    if word.startswith(WORDS["consult_end"]):
        return "end"
    if word.startswith(WORDS["consult_upload"]):
        return "upload"
    return None


def _open(tc: TurnContext, academie: str, session: int) -> bool:
    return isinstance(rules.check_registration_open(academie, session, now(), tc.services.refs), Valid)


def menu(tc: TurnContext) -> None:
    """Modify or end while the académie is open; only end once it is closed (with the closing date)."""
    academie, session = tc.state.consult.academie or "", tc.state.consult.session or tc.services.session
    end = Button.choose(MSG["consult_end"], "end")
    upload = Button.choose(MSG["consult_upload"], "upload")
    if _open(tc, academie, session):
        tc.say(MSG["consult_what"], (Button.choose(MSG["consult_modify"], "modify"), upload, end))
        return
    result = rules.check_registration_open(academie, session, now(), tc.services.refs)
    entry = tc.services.refs.calendar_for(academie, session)
    closes = entry.closes.strftime("%d/%m/%Y à %H:%M") if entry else "—"
    tc.say(getattr(result, "message", "") + "\n" + MSG["consult_closed"].format(closes=closes), (upload, end))


def offer_upload(tc: TurnContext, dossier_id: int) -> None:
    """How to send documents for the dossier consulted: on Telegram, in the chat; everywhere, a link with a
    short-lived token naming the dossier."""
    from registration import uploads

    token = uploads.upload_token(dossier_id)
    if token is None:
        tc.say(MSG["upload_unavailable"])
    else:
        url = f"{get_settings().public_base_url.rstrip('/')}/pieces/{token}"
        if tc.sender_id.startswith(
            "telegram-"
        ):  # a file sent in the chat is joined too (bot/telegram/documents.py)
            tc.say(MSG["upload_telegram"])
        tc.say(MSG["upload_web"].format(url=url))
        tc.say("", custom={"type": "upload", "url": url, "title": MSG["consult_upload"]})
    menu(tc)
