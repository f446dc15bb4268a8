"""What happens after some answers, as an explicit registry: step id → follow-up.

A follow-up returns False when it took the conversation elsewhere (it asked or said what comes next);
True lets the next question be asked. ``tests/unit/test_conversation_design.py`` checks that every key is a
step id of the catalogue, so renaming a step cannot silently drop its follow-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registration import rules
from registration.conversation.catalogue import extract
from registration.conversation.catalogue.content import answers_from_content, former_school_answers
from registration.conversation.catalogue.providers import derived_category
from registration.conversation.engine import lookups, table_updates
from registration.conversation.engine.asking import ask
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import consult, review
from registration.conversation.state import Phase
from registration.conversation.texts import BUTTONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button
from registration.referentials.records import ABSENT, PARTIAL, UNVERIFIED
from registration.rules import Invalid
from registration.settings import now
from registration.store import normalize_candidate_number

FollowUp = Callable[[TurnContext, Any], bool]


def after_start(tc: TurnContext, value: Any) -> bool:
    if value == "consult":
        consult.ask_number(tc)
        return False
    season = rules.check_session_open(tc.services.session, now(), tc.services.refs)
    if isinstance(season, Invalid):  # over (or not open yet) everywhere: said before the first question
        tc.forget("start")
        tc.say(
            season.message + "\n" + MSG["session_contact"],
            (Button.choose(BUTTONS["consult"], "consult"), Button(BUTTONS["human"], "/human")),
        )
        return False
    code = tc.services.store.resume_code_for(tc.sender_id)
    if code:
        tc.say(MSG["resume_code"].format(code=code))
    named = extract.specialty_mentioned(tc.ctx(), tc.text) if "specialite" not in tc.answers else {}
    specialite = named.get("specialite")
    if specialite:  # « je veux m'inscrire en BTS MCO »: the specialty is kept, said, and can be changed
        found = tc.services.refs.specialites.get(specialite)
        tc.answers["specialite"] = specialite
        tc.state.history.append("specialite")
        title = found.title if found else specialite
        option = found.option(named["option"]) if found and named.get("option") else None
        if option is not None:
            tc.answers["option"] = option.code
            tc.state.history.append("option")
            title = f"{title} ({option.title})"
        tc.say(MSG["specialite_noted"].format(title=title))
        return announce_table(tc, specialite)
    return True


def after_former_birth_date(tc: TurnContext, value: Any) -> bool:
    """Finds the former registration (behind the attempt limits) and offers its answers as « Garder »."""
    store = tc.services.store
    number = tc.answers.get("former_number", "")
    refused, data = lookups.guarded(
        tc,
        f"former:{normalize_candidate_number(number)}",
        lambda: store.find_former_candidate(number, value),
        lambda: [store.former_candidate_email(number)],
    )
    if refused or not data:
        tc.forget("former_number", "former_birth_date")
        tc.answers["former"] = False
        ask(tc, None if refused else MSG["former_not_found"])
        return False
    prefill = answers_from_content(data, tc.services.refs)
    nom = prefill.pop("nom", None)
    if nom:
        tc.answers["nom"] = nom
        tc.state.locked = ["nom"]
    tc.answers["date_naissance"] = value
    prefill.pop("date_naissance", None)
    # The former registration's establishment is the former establishment the guide asks for: taken as the
    # answer when known (the summary shows it, « Modifier une rubrique » corrects it), asked otherwise.
    tc.answers.update(former_school_answers(data.get("etablissement"), tc.services.refs))
    tc.state.defaults.update(prefill)
    tc.state.former = data
    school = data.get("etablissement") or {}
    parts = [(data.get("specialite") or {}).get("title", "—"), f"session {data.get('session', '—')}"]
    if school.get("name"):  # an imported result names no establishment
        parts.append(f"{school['name']} ({school.get('city', '')})")
    ask(tc, MSG["former_found"].format(nom=nom or "", precedente=", ".join(parts)))
    return False


def announce_academie(tc: TurnContext, value: Any) -> bool:
    """The académie follows from the address: said once, checked against the dossier and the calendar."""
    academie = tc.services.refs.academies.get(tc.ctx().academie_code or "")
    if not academie:
        return True
    dossier = tc.state.dossier
    if dossier and academie.code != dossier.academie:
        review.refuse_academie_change(tc, academie.name)
        return False
    tc.say(MSG["academie_is"].format(academie=academie.name))
    result = rules.check_registration_open(academie.code, tc.services.session, now(), tc.services.refs)
    if isinstance(result, Invalid):
        tc.say(result.message, (Button(BUTTONS["back"], "/go_back"), Button(BUTTONS["human"], "/human")))
        tc.state.phase = Phase.FORM
        return False
    return True


def after_postal_code(tc: TurnContext, value: Any) -> bool:
    """A postal code that serves one commune gives the commune: no question to ask (it can be changed)."""
    if "localite" not in tc.answers:
        communes = tc.services.refs.communes().for_postal_code(str(value))
        if len(communes) == 1:
            tc.answers["localite"] = communes[0].name
            tc.state.history.append("localite")
            tc.say(MSG["commune_is"].format(commune=communes[0].short_name))
    return announce_academie(tc, value)


def confirm_specialite(tc: TurnContext, value: Any) -> bool:
    """ "Non" to « ce lycée ne propose pas cette spécialité »: the specialty is asked again."""
    if value:
        return True
    tc.forget("specialite", "option", "specialite_hors_etablissement")
    ask(tc, MSG["specialite_other"])
    return False


def after_handicap(tc: TurnContext, value: Any) -> bool:
    if value:
        tc.say(MSG["handicap_yes"])
    return True


def announce_table(tc: TurnContext, value: Any) -> bool:
    """Every specialty registers; how well its épreuves are known is said once, when it is chosen."""
    refs = tc.services.refs
    found = refs.specialite_for_code(str(value))
    table = refs.epreuve_table(str(value))
    level = table.level if table else ABSENT
    title = found[0].title if found else str(value)
    table_updates.remember_version(tc)
    if level == ABSENT:
        tc.say(MSG["table_absent"].format(title=title))
    elif level in (UNVERIFIED, PARTIAL):
        tc.say(MSG["table_to_confirm"].format(title=title))
    return True


def after_etablissement(tc: TurnContext, value: Any) -> bool:
    """The establishment's status gives the category within its family (a public lycée: « Scolaire — public »)."""
    if "categorie" in tc.answers or not tc.answers.get("categorie_famille"):
        return True
    code = derived_category(tc.ctx())
    if code:
        tc.answers["categorie"] = code
        tc.say(MSG["categorie_is"].format(categorie=tc.services.refs.categories[code].label))
    return True


AFTER_ANSWER: dict[str, FollowUp] = {
    "etablissement": after_etablissement,
    "start": after_start,
    "former_birth_date": after_former_birth_date,
    "code_postal": after_postal_code,
    "residence_pays": announce_academie,
    "handicap": after_handicap,
    "specialite": announce_table,
    "specialite_hors_etablissement": confirm_specialite,
}
