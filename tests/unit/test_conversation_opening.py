"""First messages that ask for a registration made before (« je veux modifier mon inscription »), without Rasa:
they open the consultation, never a new registration."""

from __future__ import annotations

import pytest

from registration.conversation import extract
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
