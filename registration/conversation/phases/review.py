"""The summary phase: the récapitulatif, choosing a section to modify, and validation into a dossier."""

from __future__ import annotations

import logging
import re

from registration import rules
from registration.conversation.catalogue import find_step, section_steps
from registration.conversation.catalogue.content import answers_from_content, build_content
from registration.conversation.engine import table_updates
from registration.conversation.engine.asking import SMALLTALK_INTENTS, ask, show_summary, smalltalk
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import consult
from registration.conversation.phases.coherence import send_back_when_incoherent
from registration.conversation.readers.matching import match_choice
from registration.conversation.state import DraftState, Phase
from registration.conversation.texts import BUTTONS, SECTIONS, SUMMARY_WORDS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button, Choice, Turn
from registration.referentials import normalise
from registration.store import StaleRevision

log = logging.getLogger(__name__)

# « modifier l'adresse », « je voudrais changer mon email »: what follows names the section.
MODIFY_PREFIX = re.compile(
    r"^(?:.*?\s)?(?:modifier|modifie|changer|change|corriger|corrige)\s+(?:l[ae' ]\s*|mon |ma |mes |les )?"
)


def on_summary(tc: TurnContext, turn: Turn, text: str) -> None:
    summary_choices = [
        Choice("validate", BUTTONS["validate"], SUMMARY_WORDS["validate"]),
        Choice("modify", BUTTONS["modify"], SUMMARY_WORDS["modify"]),
    ]
    choice = turn.choice or (match_choice(text, summary_choices) or Choice("", "")).id
    says_modify = bool(MODIFY_PREFIX.match(normalise(text)))  # « modifier mon adresse », whatever the intent
    section = (
        section_from(tc, turn, text) if turn.intent == "modify" or choice == "modify" or says_modify else None
    )
    if section:
        start_modify(tc, section)
    elif choice == "modify":
        tc.state.phase = Phase.MODIFY_SELECT
        ask_modify_select(tc)
    elif choice == "validate":
        validate(tc)
    elif turn.intent in SMALLTALK_INTENTS:
        smalltalk(tc, turn.intent)
        show_summary(tc)
    else:
        tc.say(MSG["not_understood_choice"].format(example=BUTTONS["validate"]))
        show_summary(tc)


def on_consult(tc: TurnContext, turn: Turn, text: str) -> None:
    """The consultation; « modifier mon adresse » at its menu opens the modification at that section at once."""
    was, said = tc.state.phase, len(tc.replies)
    consult.on_consult(tc, turn, text)
    if was != Phase.CONSULT_MENU or tc.state.phase != Phase.SUMMARY or turn.choice:
        return
    section = section_from(tc, turn, text) if MODIFY_PREFIX.match(normalise(text)) else None
    if section and section_answered(tc, section):
        del tc.replies[said:]  # the summary is shown again once the section is answered
        start_modify(tc, section)


def on_modify_select(tc: TurnContext, turn: Turn, text: str) -> None:
    section = section_from(tc, turn, text)
    if not section:
        tc.say(MSG["not_understood_choice"].format(example=SECTIONS["adresse"].capitalize()))
        ask_modify_select(tc)
        return
    start_modify(tc, section)


def section_choices(tc: TurnContext) -> list[Choice]:
    return [
        Choice(key, label[:1].upper() + label[1:], (key.replace("_", " "),))
        for key, label in SECTIONS.items()
        if section_answered(tc, key)
    ]


def section_answered(tc: TurnContext, section: str) -> bool:
    return any(step.id in tc.answers for step in section_steps(tc.ctx(), section))


def ask_modify_select(tc: TurnContext) -> None:
    buttons = tuple(Button.choose(c.title, c.id) for c in section_choices(tc))
    tc.say(MSG["modify_which"], buttons + (Button(BUTTONS["back"], "/go_back"),))


def section_from(tc: TurnContext, turn: Turn, text: str) -> str | None:
    """The section a candidate names ("modifier l'adresse", a button, the rubrique entity)."""
    choices = section_choices(tc)
    for candidate in (turn.choice or "", turn.entity("rubrique") or "", text):
        if candidate in SECTIONS and section_answered(tc, candidate):
            return candidate
        cleaned = MODIFY_PREFIX.sub("", normalise(candidate))
        match = match_choice(cleaned, choices) if cleaned else None
        if match:
            return match.id
    return None


def start_modify(tc: TurnContext, section: str) -> None:
    """Asks a section again, each earlier answer offered with « Garder »; then back to the summary."""
    locked = set(tc.state.locked)
    for step in section_steps(tc.ctx(), section):
        if step.id in tc.answers and step.id not in locked and not step.id.startswith("former"):
            tc.state.defaults[step.id] = tc.answers.pop(step.id)
            if step.id in tc.state.history:
                tc.state.history.remove(step.id)
    tc.state.announced = None
    tc.state.phase = Phase.FORM
    ask(tc)


def refuse_academie_change(tc: TurnContext, new_name: str) -> None:
    """A dossier keeps its académie: the new address is dropped and the stored one put back."""
    dossier = tc.state.dossier
    assert dossier is not None
    refs = tc.services.refs
    stored = tc.services.store.get_dossier(dossier.academie, dossier.session, dossier.number)
    original = answers_from_content(stored.content, refs) if stored else {}
    ctx = tc.ctx()
    step = find_step(ctx, "code_postal")
    section = step.section if step else "adresse"
    ids = {st.id for st in section_steps(ctx, section)} | {
        st.id for st in section_steps(tc.ctx(original), section)
    }
    for step_id in ids:
        tc.state.defaults.pop(step_id, None)
        if step_id in original:
            tc.answers[step_id] = original[step_id]
        else:
            tc.answers.pop(step_id, None)
    old = refs.academies.get(dossier.academie)
    tc.say(
        MSG["modify_other_academie"].format(
            new=new_name,
            old=old.name if old else dossier.academie,
            contact=rules.service_contact(refs, dossier.academie, dossier.session),
        )
    )
    show_summary(tc)


def channel_of(sender_id: str) -> str:
    """Where a conversation takes place: web, telegram, or staff (a draft started by a conseiller); the web chat
    embedded in a host site (widget) is told by its turns (``Turn.surface``)."""
    prefix = sender_id.split("-", 1)[0]
    return prefix if prefix in ("web", "telegram", "staff") else "web"


def validate(tc: TurnContext) -> None:
    """« Valider »: one dossier per draft (its validation key), refusals explained, the PDF link given."""
    from registration.dossier.finalise import (  # late import: PDF and mail are heavy
        ValidationRefused,
        finalize,
    )

    if table_updates.version_changed(tc):  # épreuves published meanwhile: said, their questions come first
        if tc.current_step() is not None:
            ask(tc, MSG["table_updated"])
        else:
            tc.say(MSG["table_updated"])
            show_summary(tc)
        return
    if send_back_when_incoherent(tc):  # category and forme checked together: never a silently wrong dossier
        return
    content = build_content(tc.ctx())
    dossier = tc.state.dossier
    if tc.state.validation_key is None:
        show_summary(tc)  # gives the key, saved with the draft before anything is written
        return
    try:
        outcome = finalize(
            tc.services.store,
            tc.services.refs,
            content,
            dossier_number=dossier.number if dossier else None,
            dossier_academie=dossier.academie if dossier else None,
            expected_revision=dossier.revision if dossier else None,
            request_key=tc.state.validation_key,
            channel=tc.state.origin or channel_of(tc.sender_id),
            sender_id=tc.sender_id,
            origin_sender_id=tc.state.started_by or tc.sender_id,
            settings=tc.services.settings,
        )
    except ValidationRefused as refusal:
        tc.say(MSG[refusal.text].format(**refusal.fields))
        return
    except StaleRevision:
        reload_modified_dossier(tc)
        return
    except Exception:
        log.exception("validation failed for one conversation")
        tc.say(MSG["error_internal"])
        show_summary(tc)
        return
    tc.say(MSG["validated_modified" if dossier else "validated"].format(label=outcome.label))
    if outcome.signed_label:
        tc.say(MSG["sign_again"].format(signed=outcome.signed_label, label=outcome.label))
    tc.say(
        MSG["validated_reminder" if outcome.mail_sent else "validated_reminder_unsent"].format(
            email=content.get("email", ""), deadline=outcome.deadline_text, address=outcome.service_address
        )
    )
    tc.say(
        MSG["pdf_link"].format(filename=outcome.filename),
        custom={
            "type": "document",
            "url": outcome.url,
            "filename": outcome.filename,
            "dossier": outcome.label,
            "number": outcome.number,
            "revision": outcome.revision,
            "page": outcome.page_url,
        },
    )
    # The answers now live in the validated revision; the draft only remembers that it is done.
    tc.state = DraftState(phase=Phase.DONE, done_label=outcome.label)


def reload_modified_dossier(tc: TurnContext) -> None:
    """Another modification won: show the dossier as stored now, ready to be modified again."""
    dossier = tc.state.dossier
    assert dossier is not None
    current = tc.services.store.get_dossier(dossier.academie, dossier.session, dossier.number)
    tc.say(MSG["modify_conflict"].format(label=current.label if current else dossier.label))
    if current is None:
        tc.state = DraftState()
        ask(tc)
        return
    consult.open_modification(tc, current)
