"""The conversation engine without Rasa: real referentials and a real SQLite store, turn by turn."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registration.conversation.engine.turn import Services
from registration.conversation.readers.matching import match_choice
from registration.conversation.service import run_turn
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Choice, Turn
from registration.store import Store
from tests.application import services_on


def make_services(tmp_path, monkeypatch) -> Services:
    """The conversation's services on a new SQLite store with the demonstration former candidates, at the
    tests' moment, with the settings the environment has now."""
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    store = Store(f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    store.migrate()
    store.seed_former_candidates()
    return services_on(store, session=2027)


@pytest.fixture()
def services(tmp_path, monkeypatch):
    return make_services(tmp_path, monkeypatch)


class Chat:
    def __init__(self, services: Services, sender: str = "unit-1"):
        self.services, self.sender, self.replies = services, sender, []
        self.expected: dict = {}  # what the question asked now expects (the turn's « input » payload)

    def say(self, text: str, intent: str | None = None, confidence: float = 0.0, **entities):
        values = {key: [value] for key, value in entities.items()}
        if text.startswith("/choose{"):  # a button payload, parsed as Rasa does when it is well formed
            try:
                values = {"choice": [str(json.loads(text[len("/choose") :])["choice"])]}
                intent, confidence = "choose", 1.0
            except (ValueError, KeyError, TypeError):
                pass
        replies = run_turn(self.sender, Turn(text, intent, confidence, values), self.services)
        self.replies = [r for r in replies if (r.custom or {}).get("type") != "input"]
        self.expected = (
            next((r.custom for r in replies if (r.custom or {}).get("type") == "input"), None) or {}
        )
        return self

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def click(self, title: str):
        for reply in self.replies:
            for button in reply.buttons:
                if button.title.startswith(title):
                    intent = None if button.payload.startswith("/choose") else button.payload[1:]
                    return self.say(button.payload, intent, 1.0)
        raise AssertionError(f"no button {title!r}: {[b.title for r in self.replies for b in r.buttons]}")


def to_date(chat: Chat) -> Chat:
    chat.say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    return chat.say("LEFÈVRE Léa Marie")


def test_every_question_offers_help_and_a_wrong_date_is_explained(services):
    chat = to_date(Chat(services))
    assert "date de naissance" in chat.text
    chat.say("le 45 mai")
    assert "Je n'ai pas compris" in chat.text or "date" in chat.text
    assert "date de naissance" in chat.replies[-1].text  # the same question again


def test_back_shows_the_previous_answer_and_keep_button(services):
    chat = to_date(Chat(services))
    chat.say("retour")
    assert "Léa Marie" in chat.text
    assert any(b.title.startswith("Garder") for b in chat.replies[-1].buttons)
    chat.click("Garder")
    assert "date de naissance" in chat.text


def test_three_failures_offer_a_person_and_record_the_request(services):
    chat = to_date(Chat(services)).say("03/05/2004").click("En France")
    for _ in range(3):
        chat.say("zzz")
    assert "conseiller" in chat.text.lower()
    chat.click("Parler à un conseiller")
    assert services.desk.requests()[0].sender_id == "unit-1"


def test_sentence_with_several_answers_is_echoed(services):
    chat = Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("je m'appelle Léa Martin, née le 3 mai 2004 à Paris 15e")
    assert "3 mai 2004" in chat.text and "Paris 15e" in chat.text and "MARTIN" in chat.text
    chat.click("Ajouter un nom d'usage")  # all exact, and a usage name to add: that question only
    assert "nom d'usage" in chat.text
    chat.click("Pas de nom d'usage")
    assert "adresse postale" in chat.text


def test_abandon_asks_then_forgets(services):
    chat = to_date(Chat(services))
    chat.say("abandon")
    chat.click("Oui, abandonner")
    assert services.store.load_draft("unit-1") is None


def test_resume_code_moves_the_draft(services):
    to_date(Chat(services))
    code = services.store.resume_code_for("unit-1")
    other = Chat(services, "unit-2").say(f"reprendre {code}")
    assert "date de naissance" in other.text
    assert services.store.load_draft("unit-1") is None


def test_reprise_as_a_surname_is_a_surname(services):
    chat = Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("Reprise", "resume", 0.9)
    assert "Nom de famille : REPRISE" in chat.text


def test_match_choice_reads_titles_numbers_and_typos():
    choices = [
        Choice("a", "Scolaire — établissement public"),
        Choice("b", "Scolaire — établissement privé sous contrat"),
        Choice("c", "Enseignement à distance"),
    ]
    assert match_choice("enseignement a distance", choices).id == "c"
    assert match_choice("2", choices).id == "b"
    assert match_choice("scolaire public", choices).id == "a"
    assert match_choice("enseignemnt a distence", choices).id == "c"
    assert match_choice("scolaire", choices) is None  # ambiguous: asked again


HOSTILE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(
        [
            "",
            " ",
            "'; DROP TABLE dossier; --",
            "<script>alert(1)</script>",
            "\u202e\u200d🙂",
            '/choose{"choice": "nope"}',
            "/choose{",
            "x" * 10_000,
            "00/00/0000",
            "99999",
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(HOSTILE, min_size=1, max_size=6))
def test_hostile_answers_never_break_the_conversation(services, texts):
    services.store.delete_draft("hostile")
    chat = to_date(Chat(services, sender="hostile"))
    for text in texts:
        chat.say(text)
        assert chat.replies and all(reply.text or reply.custom for reply in chat.replies)
        assert MSG["error_internal"] not in chat.text


def test_first_message_saying_what_one_wants_starts_it(services):
    chat = Chat(services, "unit-3").say("je voudrais m'inscrire au bts", "new_registration", 0.93)
    assert "pré-inscription au BTS" in chat.text and "déjà été candidat" in chat.text


def test_a_name_that_looks_like_a_command_word_is_a_name(services):
    chat = Chat(services).say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("Aidé", "help", 0.95)
    assert "Nom de famille : AIDÉ" in chat.text
    chat.say("AIDE")  # the command word itself, in capitals, is still help
    from registration.conversation.texts import QUESTIONS

    assert QUESTIONS["prenoms"]["help"] in chat.text
