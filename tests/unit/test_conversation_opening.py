"""Candidates' own words, without Rasa: a first message that asks for a registration made before (« je veux
modifier mon inscription ») opens the consultation; « je garde » keeps what a former candidate's dossier offers
back; « non, c'est le 4 mai » corrects a read-back at once."""

from __future__ import annotations

import pytest

from registration.conversation.catalogue import extract
from registration.conversation.state import DraftState
from tests.unit.test_conversation import Chat, services  # noqa: F401  (fixture)


@pytest.mark.parametrize(
    "text",
    [
        "je veux modifier mon inscription",
        "bonjour, je voudrais consulter mon inscription",
        "je suis déjà inscrite, je veux corriger mon adresse",
    ],
)
def test_a_first_message_about_a_registration_made_before_opens_the_consultation(services, text):  # noqa: F811
    for intent in (None, "greet", "new_registration"):
        chat = Chat(services, f"opening-{intent}").say(text, intent, 0.9)
        assert "numéro de dossier" in chat.text.lower() or "numéro" in chat.text, chat.text
        assert "déjà été candidat" not in chat.text


@pytest.mark.parametrize(
    "text", ["je veux m'inscrire", "bonjour je voudrais faire mon inscription au BTS MCO", "inscription"]
)
def test_a_wish_to_register_is_still_one(text):
    assert extract.says_wish(text) and not extract.says_consult(text)


def test_a_former_candidate_keeps_what_is_offered_back_in_words(services):  # noqa: F811
    """« Valeur actuelle : … »: « je garde », « c'est pareil », « oui » keep it; a new answer replaces it."""
    chat = Chat(services, "former-words").say("bonjour", "greet", 1.0).click("M'inscrire").click("Oui")
    chat.say("202501123456").say("12/02/2003")
    assert "Valeur actuelle : Pas de nom d'usage" in chat.text
    chat.say("je garde", "affirm", 0.9)
    assert "Valeur actuelle : Camille" in chat.text
    chat.say("c'est pareil", "out_of_scope", 0.9)
    assert "Où êtes-vous né(e)" in chat.text
    chat.say("garder")
    assert "Quelle est votre adresse postale" in chat.text
    chat.say("oui", "affirm", 0.9)
    assert "Quelle est votre adresse électronique" in chat.text
    chat.say("camille.nouvelle@example.org")
    answers = DraftState.from_dict(services.store.load_draft("former-words")).answers
    assert answers["prenoms"] == "Camille" and answers["nom_usage"] == ""
    assert answers["naissance_arrondissement"] == "14" and answers["adresse"] == "8 rue Daguerre"
    assert answers["lieu_dit"] == "Bâtiment B"  # the former dossier's complement is not lost
    assert answers["email"] == "camille.nouvelle@example.org"


def test_a_no_to_the_read_back_with_the_right_answer_keeps_it(services):  # noqa: F811
    chat = Chat(services, "no-then").say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("Martin Léa").say("le 3 mai 2004")
    assert "J'ai compris : 3 mai 2004. Est-ce exact ?" in chat.text
    chat.say("non c'est le 4 mai 2004", "deny", 0.9)
    assert "J'ai compris : 4 mai 2004. Est-ce exact ?" in chat.text
    chat.say("oui", "affirm", 0.9)
    assert (
        DraftState.from_dict(services.store.load_draft("no-then")).answers["date_naissance"] == "04/05/2004"
    )


def test_yes_i_keep_to_keep_an_acquis_is_a_yes(services):  # noqa: F811
    """« oui je garde » to « Souhaitez-vous conserver cet acquis ? » (Valeur actuelle : Non) keeps the acquis."""
    chat = Chat(services, "former-acquis").say("bonjour", "greet", 1.0).click("M'inscrire").click("Oui")
    for typed in ["202501123456", "12/02/2003", "je garde", "c'est pareil", "garder", "oui", "inchangé"]:
        chat.say(typed)
    for typed in ["candidat individuel", "non", "candidat individuel", "je garde", "non aux deux", "suite"]:
        chat.say(typed)
    assert "Souhaitez-vous conserver cet acquis" in chat.text and "Valeur actuelle : Non" in chat.text
    chat.say("oui je garde", "affirm", 0.9)
    answers = DraftState.from_dict(services.store.load_draft("former-acquis")).answers
    assert answers["acq|320 - 31213|E1|keep"] is True


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("j'ai un tiers temps", True), ("oui je suis dyslexique", True), ("non pas du tout", False)],
)
def test_the_accommodation_question_read_in_words(services, typed, expected):  # noqa: F811
    chat = Chat(services, "handicap").say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("Martin Léa").say("12/03/2005").say("Bordeaux").say("5 cours Victor Hugo 33000 Bordeaux")
    chat.say("lea@exemple.fr").click("Scolaire")
    chat.say("ça veut dire quoi aménagement ?", "out_of_scope", 0.9)  # a question, not a yes
    assert "handicap" in chat.text
    assert "handicap" not in DraftState.from_dict(services.store.load_draft("handicap")).answers
    chat.say(typed, "out_of_scope", 0.9)
    assert DraftState.from_dict(services.store.load_draft("handicap")).answers["handicap"] is expected
