"""The guide's rules, exactly (engine without Rasa, real store, real referentials): the family name is locked
at a modification for former candidates only (a first-time candidate's correction is journalled); a former
candidate's former establishment is asked (from the list, or as name and town) and printed on the PDF; the
category and the forme are checked together when validating."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

from registration.backoffice import records
from registration.conversation.catalogue import Context
from registration.conversation.catalogue.content import build_content
from registration.conversation.state import DraftState
from registration.documents import render_confirmation
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)
from tests.unit.test_documents import text_of
from tests.unit.test_export_columns import register, to_summary

DEMO = Path(__file__).parents[2] / "registration" / "store" / "demo_former_candidates.json"


def content_of(services, sender: str) -> dict:  # noqa: F811
    state = DraftState.from_dict(services.store.load_draft(sender))
    return build_content(Context(services.refs, state.answers, date(2026, 11, 26), 2027))


def as_former(services, number: str, birth: str) -> Chat:  # noqa: F811
    return Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Oui").say(number).say(birth)


def buttons(chat: Chat) -> list[str]:
    return [b.title for r in chat.replies for b in r.buttons]


# What the former registration cannot offer to keep, answered as a candidate would.
TYPED = {
    "Comment préparez-vous le BTS": ("click", "Scolaire"),  # the family, then the category offered to keep
    "aménagement d'épreuves": ("click", "Non"),
    "Dans quel établissement préparez-vous": ("say", "emile dubois"),
}


def keep_until(chat: Chat, question: str, limit: int = 30) -> Chat:
    """« Garder » what the former registration offers, question after question, until this one is asked."""
    for _ in range(limit):
        if question in chat.text:
            return chat
        kept = next((t for t in buttons(chat) if t.startswith("Garder")), None)
        if kept is not None:
            chat.click(kept)
            continue
        how, answer = next(v for k, v in TYPED.items() if k in chat.text)
        chat.click(answer) if how == "click" else chat.say(answer)
    raise AssertionError(chat.text)


def test_a_former_candidates_establishment_is_taken_from_the_former_registration(services):  # noqa: F811
    chat = keep_until(as_former(services, "202501123456", "12/02/2003"), "spécialité")
    assert "dernière candidature" not in chat.text  # known: not asked again
    content = content_of(services, "unit-1")
    assert content["former_etablissement"] == {
        "code": "0750692V",
        "name": "Lycée Emile Dubois",
        "city": "Paris 14e",
    }
    pdf = render_confirmation(
        content,
        label="1 – 0",
        validated_at=__import__("registration.settings").settings.now(),
        return_deadline=None,
        service_address="SIEC",
    )
    assert "Ancien établissement (dernière candidature) Lycée Emile Dubois, Paris 14e (0750692V)" in text_of(
        pdf
    )


def test_a_former_establishment_not_known_is_asked_from_the_list_or_as_name_and_town(services):  # noqa: F811
    data = copy.deepcopy(json.loads(DEMO.read_text())["202501123456"])
    data.pop("etablissement")  # an imported result names no establishment
    services.store.import_former_candidates({"202599000001": data}, source="test", staff_email="test")
    chat = keep_until(as_former(services, "202599000001", "12/02/2003"), "dernière candidature")
    assert "Mon établissement n'est pas dans la liste" in buttons(chat)
    chat.click("Mon établissement n'est pas dans la liste").say("Lycée des Tilleuls").say("Angers")
    content = content_of(services, "unit-1")
    assert content["former_etablissement"] == {
        "code": None,
        "name": "Lycée des Tilleuls",
        "city": "ANGERS",
        "unlisted": True,
    }
    for _ in range(3):  # back over the town, the name, to the question itself
        chat.say("retour")
    assert "dernière candidature" in chat.text
    chat.say("turgot")  # from the list this time, by its name
    chat.click("Lycée Turgot")
    assert content_of(services, "unit-1")["former_etablissement"]["code"] == "0750647W"


def test_first_time_candidates_never_get_the_former_establishment_question(services):  # noqa: F811
    chat = register(Chat(services), "Paris 15e", "12 rue de la Paix 75014 Paris")
    chat.say("emile dubois")
    assert "dernière candidature" not in chat.text
    assert content_of(services, "unit-1")["former_etablissement"] is None


def test_a_first_time_candidate_may_correct_the_family_name_journalled(services):  # noqa: F811
    to_summary(register(Chat(services), "Paris 15e", "12 rue de la Paix 75014 Paris").say("emile dubois"))
    [dossier] = services.store.find_dossiers(1, "03/05/2004")
    chat = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter").say("1").say("03/05/2004")
    chat.click("Modifier").click("Modifier une rubrique").click("État civil")
    assert "nom de famille" in chat.text.lower(), chat.text
    chat.say("LEFEBVRE Léa Marie")
    while "Récapitulatif" not in chat.text:
        chat.click(next(t for t in buttons(chat) if t.startswith("Garder")))
    chat.click("Valider votre inscription")
    [revised] = services.store.find_dossiers(1, "03/05/2004")
    assert revised.content["etat_civil"]["nom"] == "LEFEBVRE"
    page = records.read(services.store, dossier.id)
    assert page is not None
    [entry] = [a for a in page.audit if a.action == "nom de famille corrigé"]
    assert (entry.before, entry.after) == ("LEFÈVRE", "LEFEBVRE")


def test_a_former_candidates_family_name_stays_locked_at_a_modification(services):  # noqa: F811
    to_summary(register(Chat(services), "Paris 15e", "12 rue de la Paix 75014 Paris").say("emile dubois"))
    [first] = services.store.find_dossiers(1, "03/05/2004")
    former = copy.deepcopy(first.content)  # the same dossier, made by a former candidate
    former["former_candidate_number"] = "202501123456"
    former["conversation_answers"].update(
        former=True, former_number="202501123456", former_birth_date="03/05/2004"
    )
    services.store.validate(former, academie_code="01", session=2027)
    chat = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter").say("2").say("03/05/2004")
    chat.click("Modifier").click("Modifier une rubrique").click("État civil")
    assert "Quels sont votre nom de famille" not in chat.text and "nom d'usage" in chat.text, chat.text
    assert DraftState.from_dict(services.store.load_draft("unit-2")).locked == ["nom"]


def until_summary(chat: Chat, limit: int = 40) -> Chat:
    """« Non » to every other acquis, « Suite » / « Aucune » to the lists, « Garder » what is offered."""
    for _ in range(limit):
        if "Récapitulatif" in chat.text:
            return chat
        titles = buttons(chat)
        if "Dans quel établissement préparez-vous" in chat.text:
            chat.say("emile dubois")
            continue
        if "quelles épreuves voulez-vous passer" in chat.text and not any(t.startswith("☑") for t in titles):
            chat.click(
                next(t for t in titles if t.startswith("☐"))
            )  # forme progressive: one épreuve this year
            continue
        pick = next((t for t in titles if t.startswith("Garder")), None)
        pick = pick or next((t for t in ("Aucune", "Aucun", "Non", "Anglais", "Suite") if t in titles), None)
        assert pick is not None, chat.text
        chat.click(pick)
    raise AssertionError(chat.text)


def test_a_category_changed_at_the_summary_sends_the_forme_and_its_marks_back(services):  # noqa: F811
    chat = Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("LEFÈVRE Léa Marie").say("03/05/2004").say("Paris 15e").say("12 rue de la Paix 75014 Paris")
    chat.say("lea@example.org").click("Candidat justifiant").click("Non")
    chat.click("CANDIDATS EXPERIENCE PROFESSIONNELLE - PARIS").say("MCO").click("Forme progressive")
    chat.click("Oui aux deux").click("☐ BREVET DE TECHNICIEN SUPERIEUR - MANAGEMENT COMMERCIAL OPERATIONNEL")
    chat.click("Suite").click("Oui").say("2025").say("Paris").say(
        "8"
    )  # kept: the forme progressive allows it
    until_summary(chat)
    assert "Forme de passage : progressive" in chat.text

    chat.click("Modifier une rubrique").click("Situation")
    chat.click("Scolaire")
    if "Scolaire — établissement public" in buttons(chat):
        chat.click("Scolaire — établissement public")
    until_summary(chat)
    chat.click("Valider votre inscription")
    assert "Notez votre numéro de dossier" not in chat.text  # nothing validated silently wrong
    assert "ne vont pas ensemble" in chat.text and "forme globale" in chat.text, chat.text
    assert "quelle note avez-vous obtenue" in chat.text  # the question that must change
    assert "Ne pas garder cette note" in buttons(chat)
    chat.say("8")
    assert "10" in chat.text and "quelle note" in chat.text  # still refused in forme globale
    chat.say("12")
    until_summary(chat)
    assert "Forme de passage : globale" in chat.text
    chat.click("Valider votre inscription")
    [dossier] = services.store.find_dossiers(1, "03/05/2004")
    assert dossier.content["forme"] == "globale"
    assert dossier.content["categorie"]["code"] == "SCOLAIRE_PUBLIC"
    assert [(a["epreuve_code"], a["note"]) for a in dossier.content["acquis"]] == [("E1", 12.0)]
