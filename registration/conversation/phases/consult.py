"""The consultation phase: dossier number, then birth date (behind the attempt limits), then the dossier.

Dossier numbers are national (registration/store/dossiers.py): the number and the birth date name one dossier.
Dossiers numbered per académie before keep their numbers, so an older number may still be held in several
académies with the same birth date: then the académie is asked (it is printed on the confirmation) and a
dossier opens only when exactly one answers all three; otherwise none opens and the service is named.
« J'ai perdu mon numéro de dossier » asks the dossier's e-mail address and the birth date, and the number goes
to that address, never to the chat (behind the attempt limits, journalled). « Télécharger ma confirmation »
gives a fresh link to the latest revision's PDF (on Telegram, the PDF itself).
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from registration import rules
from registration.conversation.catalogue.content import answers_from_content
from registration.conversation.engine import lookups, table_updates
from registration.conversation.engine.asking import ask, show_summary
from registration.conversation.engine.turn import TurnContext
from registration.conversation.state import DossierRef, DraftState, Phase
from registration.conversation.texts import TEXT as MSG
from registration.conversation.texts import WORDS
from registration.conversation.types import Button, Turn
from registration.documents.summary import summary_text
from registration.referentials import normalise
from registration.rules import Valid
from registration.rules.confirmation import describe
from registration.settings import now
from registration.store import DossierView

log = logging.getLogger(__name__)
MAX_NUMBER_DIGITS = 9
LOST = "lost"
CANCELLED = "annule"


def on_consult(tc: TurnContext, turn: Turn, text: str) -> None:
    phase = tc.state.phase
    if phase == Phase.CONSULT_NUMBER:
        _on_number(tc, turn, text)
    elif phase == Phase.CONSULT_DATE:
        _on_date(tc, text)
    elif phase == Phase.CONSULT_ACADEMIE:
        _on_academie(tc, text)
    elif phase == Phase.CONSULT_LOST_EMAIL:
        _on_lost_email(tc, text)
    elif phase == Phase.CONSULT_LOST_DATE:
        _on_lost_date(tc, text)
    else:
        _on_menu(tc, turn, text)


def answers(tc: TurnContext, text: str) -> bool:
    """Whether typed text answers the consultation's question (then it is never read as « aide », « conseiller »…):
    an e-mail address such as « personne@exemple.fr » is an address, not a request for a person."""
    phase = tc.state.phase
    if phase == Phase.CONSULT_NUMBER:
        return bool(re.fullmatch(r"\s*\d[\d\s]*(?:[–-]\s*\d+)?\s*", text))
    if phase in (Phase.CONSULT_DATE, Phase.CONSULT_LOST_DATE):
        return isinstance(rules.validate_birth_date(text, now().date()), Valid)
    if phase == Phase.CONSULT_LOST_EMAIL:
        return isinstance(rules.validate_email(text), Valid)
    if phase == Phase.CONSULT_ACADEMIE:
        return tc.services.refs.find_academie(text) is not None
    return False


def ask_number(tc: TurnContext, prefix: str | None = None) -> None:
    """The dossier number is asked, with « J'ai perdu mon numéro de dossier »."""
    tc.state.phase = Phase.CONSULT_NUMBER
    text = (prefix + "\n" if prefix else "") + MSG["consult_number"]
    tc.say(text, (Button.choose(MSG["consult_lost"], LOST), *tc.nav_buttons()))


def _on_number(tc: TurnContext, turn: Turn, text: str) -> None:
    if turn.choice == LOST or any(w.startswith(WORDS["consult_lost"]) for w in normalise(text).split()):
        tc.state.phase = Phase.CONSULT_LOST_EMAIL
        tc.say(MSG["consult_lost_email"], tuple(tc.nav_buttons()))
        return
    digits = re.sub(r"\s", "", re.split(r"[–-]", text)[0]) if text else ""
    if not digits.isdigit() or len(digits) > MAX_NUMBER_DIGITS:
        tc.say_error(MSG["consult_number_invalid"])
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
        tc.say_error(getattr(date, "message", "") or MSG["consult_date"])
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
        ask_number(tc, MSG["consult_failed"])
        return
    if len(dossiers) > 1:  # an older number given in several académies: the académie tells them apart
        tc.state.consult.birth_date = date.value
        tc.state.phase = Phase.CONSULT_ACADEMIE
        tc.say(MSG["consult_academie"], tuple(tc.nav_buttons()))
        return
    show(tc, dossiers[0])


def _on_academie(tc: TurnContext, text: str) -> None:
    number, birth_date = tc.state.consult.number, tc.state.consult.birth_date
    if number is None or not birth_date:
        ask_number(tc)
        return
    academie = tc.services.refs.find_academie(text)
    if academie is None:
        tc.say(MSG["consult_academie_unknown"], tuple(tc.nav_buttons()))
        return
    store = tc.services.store
    refused, dossiers = lookups.guarded(
        tc, f"dossier:{number}", lambda: store.find_dossiers(number, birth_date, academie.code) or None
    )
    tc.state.consult.birth_date = None
    tc.state.phase = Phase.CONSULT_NUMBER
    if refused:
        return
    if not dossiers:
        ask_number(tc, MSG["consult_failed"])
    elif len(dossiers) > 1:  # the same number and birth date in one académie, in two sessions: never a guess
        contact = rules.service_contact(tc.services.refs, academie.code, tc.services.session)
        ask_number(tc, MSG["consult_ambiguous"] + " " + contact)
    else:
        show(tc, dossiers[0])


def show(tc: TurnContext, dossier: DossierView) -> None:
    """The dossier found: its summary, its confirmation's state, and what can be done."""
    tc.state.consult.dossier_id = dossier.id
    tc.state.consult.number = dossier.number
    tc.state.consult.academie = dossier.academie_code
    tc.state.consult.session = dossier.session
    tc.state.phase = Phase.CONSULT_MENU
    tc.say(
        MSG["consult_dossier"].format(label=dossier.label)
        + "\n"
        + summary_text(dossier.content)
        + "\n\n"
        + MSG["consult_confirmation_state"].format(
            state=describe(dossier.status, dossier.status_detail, dossier.received_on, dossier.late)
        )
    )
    offer_page(tc, dossier.id)
    if table_updates.needs_completion(dossier.content, tc.services.refs):
        tc.say(MSG["consult_to_complete"])
    menu(tc)


def _on_lost_email(tc: TurnContext, text: str) -> None:
    email = rules.validate_email(text)
    if not isinstance(email, Valid):
        tc.say(MSG["consult_lost_email_invalid"], tuple(tc.nav_buttons()))
        return
    tc.state.consult.email = str(email.value)
    tc.state.phase = Phase.CONSULT_LOST_DATE
    tc.say(MSG["consult_lost_date"], tuple(tc.nav_buttons()))


def _on_lost_date(tc: TurnContext, text: str) -> None:
    """The number goes by e-mail to the dossier's address; the chat says the same whether a dossier was found."""
    email = tc.state.consult.email
    if not email:
        ask_number(tc)
        return
    date = rules.validate_birth_date(text, now().date())
    if not isinstance(date, Valid):
        tc.say(getattr(date, "message", "") or MSG["consult_lost_date"])
        return
    store, session = tc.services.store, tc.services.session
    refused, dossiers = lookups.guarded(
        tc, f"lost:{email.lower()}", lambda: store.dossiers_of_address(email, date.value, session) or None
    )
    tc.state.consult.email = None
    if refused:
        tc.state.phase = Phase.CONSULT_NUMBER
        return
    if dossiers:
        _send_numbers(tc, email, dossiers)
    ask_number(tc, MSG["consult_lost_sent"].format(session=session))


def _send_numbers(tc: TurnContext, email: str, dossiers: list[DossierView]) -> None:
    from registration.helpdesk.audit import AuditLog
    from registration.mail import build_lost_number_message, send_confirmation

    settings = tc.services.settings
    address = str(dossiers[0].content.get("email") or email)
    try:
        message = build_lost_number_message(
            to=address, labels=[d.label for d in dossiers], sender=settings.mail_from
        )
        send_confirmation(message, settings)
        outcome = MSG["journal_number_sent"]
    except Exception as error:  # the chat says the same either way: it never tells whether a dossier exists
        log.warning("lost dossier number not sent: %s", type(error).__name__)
        outcome = MSG["journal_number_not_sent"]
    journal = AuditLog(tc.services.store)
    for dossier in dossiers:
        journal.record(
            staff_id=None,
            staff_email=MSG["journal_candidate"],
            action="numero_perdu",
            subject=f"dossier:{dossier.id}",
            field=tc.sender_id.split("-", 1)[0],
            after=outcome,
        )


def offer_page(tc: TurnContext, dossier_id: int) -> None:
    """A link to the dossier as an accessible web page (the HTML equivalent of its confirmation PDF)."""
    store = tc.services.store
    revisions = store.revisions(dossier_id)
    if not revisions:
        return
    settings = tc.services.settings
    token = store.create_download_token(revisions[-1].id, timedelta(hours=settings.download_ttl_hours))
    url = f"{settings.public_base_url.rstrip('/')}/dossier/{token}"
    tc.say("", custom={"type": "dossier_page", "url": url, "title": MSG["consult_page"]})


def _on_menu(tc: TurnContext, turn: Turn, text: str) -> None:
    data = tc.state.consult
    choice = turn.choice or menu_word(text)
    if choice == "modify" and data.academie and data.session and _open(tc, data.academie, data.session):
        dossier = tc.services.store.get_dossier(data.academie, data.session, data.number or 0)
        if dossier is not None and dossier.status == CANCELLED:
            reason = f" ({dossier.status_detail})" if dossier.status_detail else ""
            contact = rules.service_contact(tc.services.refs, dossier.academie_code, dossier.session)
            tc.say(MSG["consult_cancelled"].format(label=dossier.label, reason=reason, contact=contact))
            menu(tc)
            return
        if dossier is not None:
            open_modification(tc, dossier)
            return
    if choice == "reprint" and data.dossier_id:
        offer_reprint(tc, data.dossier_id)
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
    elif tc.state.phase == Phase.CONSULT_ACADEMIE:
        tc.say(MSG["consult_academie"], tuple(tc.nav_buttons()))
    elif tc.state.phase == Phase.CONSULT_LOST_EMAIL:
        tc.say(MSG["consult_lost_email"], tuple(tc.nav_buttons()))
    elif tc.state.phase == Phase.CONSULT_LOST_DATE:
        tc.say(MSG["consult_lost_date"], tuple(tc.nav_buttons()))
    else:
        ask_number(tc)


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
    if any(w.startswith(WORDS["consult_reprint"]) for w in words):
        return "reprint"
    return None


def _open(tc: TurnContext, academie: str, session: int) -> bool:
    return isinstance(rules.check_registration_open(academie, session, now(), tc.services.refs), Valid)


def menu(tc: TurnContext) -> None:
    """Modify or end while the académie is open; only end once it is closed (with the closing date)."""
    academie, session = tc.state.consult.academie or "", tc.state.consult.session or tc.services.session
    end = Button.choose(MSG["consult_end"], "end")
    upload = Button.choose(MSG["consult_upload"], "upload")
    reprint = Button.choose(MSG["consult_reprint"], "reprint")
    if _open(tc, academie, session):
        tc.say(MSG["consult_what"], (Button.choose(MSG["consult_modify"], "modify"), reprint, upload, end))
        return
    result = rules.check_registration_open(academie, session, now(), tc.services.refs)
    entry = tc.services.refs.calendar_for(academie, session)
    closes = entry.closes.strftime("%d/%m/%Y à %H:%M") if entry else "—"
    tc.say(
        getattr(result, "message", "") + "\n" + MSG["consult_closed"].format(closes=closes),
        (reprint, upload, end),
    )


def offer_reprint(tc: TurnContext, dossier_id: int) -> None:
    """A fresh link to the latest revision's confirmation; the Telegram bridge sends the PDF itself."""
    from registration.dossier.finalise import reprint  # late import: PDF rendering is heavy

    try:
        found = reprint(tc.services.store, tc.services.refs, dossier_id, tc.services.settings)
    except Exception:
        log.exception("reprint failed for one dossier")
        found = None
    if found is None:
        academie, session = tc.state.consult.academie or "", tc.state.consult.session or tc.services.session
        contact = rules.service_contact(tc.services.refs, academie, session)
        tc.say(MSG["consult_reprint_unavailable"].format(contact=contact))
    else:
        tc.say(
            MSG["consult_reprint_ready"].format(label=found.label),
            custom={"type": "document", "url": found.url, "filename": found.filename, "dossier": found.label},
        )
    menu(tc)


def offer_upload(tc: TurnContext, dossier_id: int) -> None:
    """How to send documents for the dossier consulted: on Telegram, in the chat; everywhere, a link with a
    short-lived token naming the dossier."""
    from registration.dossier import uploads

    settings = tc.services.settings
    token = uploads.upload_token(dossier_id, settings.secret_key)
    if token is None:
        tc.say(MSG["upload_unavailable"])
    else:
        url = f"{settings.public_base_url.rstrip('/')}/pieces/{token}"
        if tc.sender_id.startswith(
            "telegram-"
        ):  # a file sent in the chat is joined too (bot/telegram/documents.py)
            tc.say(MSG["upload_telegram"])
        tc.say(MSG["upload_web"].format(url=url))
        tc.say("", custom={"type": "upload", "url": url, "title": MSG["consult_upload"]})
    menu(tc)
