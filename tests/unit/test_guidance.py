"""What each turn says its question expects (registration/conversation/engine/guidance.py), through real turns."""

from __future__ import annotations

from registration.conversation.engine.guidance import example_in
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)


def test_each_typed_question_says_its_purpose_keyboard_length_and_example(services):  # noqa: F811
    chat = Chat(services).say("bonjour", "greet", 1.0)
    assert chat.expected["expects"] == "choose" and chat.expected["question"] == "Que souhaitez-vous faire ?"
    chat.click("M'inscrire").click("Non")
    seen = {}
    for answer in ("LEFÈVRE", "Léa Marie", "03/05/2004"):
        seen[chat.expected["key"]] = chat.expected
        chat.say(answer)
    seen[chat.expected["key"]] = chat.expected
    assert seen["identite"]["autocomplete"] == "name" and seen["identite"]["example"] == "LEFÈVRE Léa Marie"
    assert (seen["prenoms"]["autocomplete"], seen["prenoms"]["maxlength"]) == ("given-name", 60)
    assert (seen["date_naissance"]["autocomplete"], seen["date_naissance"]["inputmode"]) == (
        "bday",
        "numeric",
    )
    assert (
        all(e["expects"] == "type" for k, e in seen.items() if k != "lieu_naissance")
        and "error" not in seen["prenoms"]
    )
    assert seen["date_naissance"]["title"] == "État civil (étape 1 sur 9)"


def test_an_error_is_carried_until_the_next_answer(services):  # noqa: F811
    chat = (
        Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non").say("LEFÈVRE Léa Marie")
    )
    chat.say("le 45 mai")
    assert chat.expected["error"] and chat.expected["error"] in chat.text
    chat.say("03/05/2004")
    assert "error" not in chat.expected


def test_a_long_list_is_summarised_and_typed(services):  # noqa: F811
    chat = (
        Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non").say("LEFÈVRE Léa Marie")
    )
    chat.say("03/05/2004").click("En France").say("75")
    assert chat.expected["key"] == "naissance_arrondissement"
    assert chat.expected["expects"] == "type" and chat.expected["inputmode"] == "numeric"
    assert chat.expected["summary"] == "20 arrondissements, tapez le numéro."
    assert "Ailleurs que dans la ville de Paris" not in [b.title for r in chat.replies for b in r.buttons]


def test_a_long_list_names_its_way_out_and_counts_only_the_listed_items(services):  # noqa: F811
    chat = (
        Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non").say("LEFÈVRE Léa Marie")
    )
    chat.say("03/05/2004").click("En France").say("13")
    assert chat.expected["key"] == "naissance_arrondissement" and chat.expected["count"] == 17
    assert chat.expected["summary"] == (
        "16 arrondissements, tapez le numéro. Sinon, choisissez « Ailleurs que dans la ville de Marseille »."
    )


def test_examples_are_read_from_the_question_then_its_help():
    assert example_in("Quel est votre code postal ? (5 chiffres, par exemple : 75015)") == "75015"
    assert (
        example_in("Sans exemple.", "Lettres acceptées. Exemple : LEFÈVRE ou Da Silva.")
        == "LEFÈVRE ou Da Silva"
    )
    assert example_in("Rien ici.") is None
