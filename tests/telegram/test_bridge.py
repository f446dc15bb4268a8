"""The Telegram bridge against the fake Bot API and a stand-in Rasa replaying canned replies."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from bot.telegram import build_application
from bot.telegram.keyboards import MAX_CALLBACK_BYTES, PayloadStore, callback_data, payload_of
from bot.telegram.webhook import webhook_app
from registration.conversation.texts import TELEGRAM
from tests.telegram.harness import TOKEN, Harness, TelegramUser, canned_rasa

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
LONG_PAYLOAD = (
    '/choose{"choice":"etablissement","value":"0750001A-LYCEE-GENERAL-ET-TECHNOLOGIQUE-JEAN-JAURES"}'
)


class CannedRasa:
    """Answers like the assistant would, from a few canned turns; records what it received."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.status: int | None = None

    def __call__(self, sender: str, message: str):
        self.received.append((sender, message))
        if self.status:
            return self.status
        if message in ("bonjour", "répéter"):
            return [
                {
                    "recipient_id": sender,
                    "text": "Que souhaitez-vous faire ?",
                    "buttons": [
                        {"title": "M'inscrire", "payload": '/choose{"choice":"new"}'},
                        {"title": "Consulter ou modifier", "payload": '/choose{"choice":"consult"}'},
                        {"title": "Aide", "payload": "/help"},
                    ],
                }
            ]
        if message == "établissement":
            return [
                {
                    "recipient_id": sender,
                    "text": "Dans quel établissement êtes-vous inscrit(e) ?",
                    "buttons": [
                        {"title": "Lycée Jean Jaurès — Paris 19e (public)", "payload": LONG_PAYLOAD},
                        {"title": "Aucune de ces propositions", "payload": "/none"},
                    ],
                }
            ]
        if message == "valider":
            return [
                {"recipient_id": sender, "text": "Votre dossier 175 – 0 est enregistré."},
                {"recipient_id": sender, "text": "Voici votre confirmation : confirmation-175.pdf"},
                {
                    "recipient_id": sender,
                    "custom": {
                        "type": "document",
                        "url": self.base + "/files/c175.pdf",
                        "filename": "confirmation-175.pdf",
                        "dossier": "175 – 0",
                    },
                },
            ]
        if message == "lien cassé":
            return [
                {
                    "recipient_id": sender,
                    "custom": {
                        "type": "document",
                        "url": self.base + "/files/absent.pdf",
                        "filename": "x.pdf",
                        "dossier": "176 – 0",
                    },
                }
            ]
        if message == "long":
            return [{"recipient_id": sender, "text": "\n".join(f"Ligne {i} " + "x" * 90 for i in range(100))}]
        if message == "lent":
            return self.slowly(sender, message)
        if message == "rien":
            return []
        return [{"recipient_id": sender, "text": f"Vous avez dit : {message}"}]

    async def slowly(self, sender: str, message: str):
        await asyncio.sleep(0.5)
        return [{"recipient_id": sender, "text": f"Vous avez dit : {message}"}]


@pytest.fixture
def rasa():
    return CannedRasa()


@pytest.fixture
def harness(rasa):
    def rasa_url(urls):
        rasa.base = urls["rasa"]
        return urls["rasa"]

    with Harness(
        rasa_url,
        extra_apps={"rasa": canned_rasa(rasa, {"c175.pdf": PDF})},
        rasa_retries=3,
        rasa_backoff=0.01,
        rasa_timeout=5,
    ) as running:
        yield running


@pytest.fixture
def user(harness):
    return TelegramUser(harness)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_commands_are_registered_in_french_at_startup(harness):
    registered = [p for m, p in harness.api.calls if m == "setMyCommands"]
    assert registered and {c["command"] for c in registered[0]["commands"]} == {
        "start",
        "aide",
        "retour",
        "abandon",
    }
    assert all(c["description"] for c in registered[0]["commands"])


def test_start_greets_with_the_chat_as_sender_and_buttons_as_inline_keyboard(user, rasa):
    user.say("/start")
    assert rasa.received == [("telegram-424242", "bonjour")]
    assert user.text == "Que souhaitez-vous faire ?"
    assert user.titles() == ["M'inscrire", "Consulter ou modifier", "Aide"]
    assert [b["row"] for b in user.buttons] == [1, 1, 1]  # a long title: one button per row
    assert user.calls("sendChatAction")


def test_short_titles_go_two_per_row(user):
    user.say("établissement")
    assert [b["row"] for b in user.buttons] == [1, 1]
    from bot.telegram.keyboards import inline_keyboard

    markup = inline_keyboard(
        1,
        [
            {"title": "Oui", "payload": "/yes"},
            {"title": "Non", "payload": "/no"},
            {"title": "Aide", "payload": "/help"},
        ],
        PayloadStore(),
    )
    assert [len(row) for row in markup.inline_keyboard] == [2, 1]


def test_deep_link_resumes_and_commands_send_navigation_words(user, rasa):
    for command in ("/start K7F-3QX", "/aide", "/retour", "/abandon", "texte libre", "/help"):
        user.say(command)
    assert [m for _, m in rasa.received] == [
        "reprendre K7F-3QX",
        "aide",
        "retour",
        "abandon",
        "texte libre",
        "/help",
    ]


def test_button_press_sends_the_payload_and_echoes_the_title(user, rasa, harness):
    user.say("/start")
    question = user.buttons[0]["message_id"]
    user.click("M'inscrire")
    assert rasa.received[-1] == ("telegram-424242", '/choose{"choice":"new"}')
    assert user.calls("answerCallbackQuery")
    shown = harness.api.messages[question]
    assert shown["text"] == "Que souhaitez-vous faire ?\n\n✔ M'inscrire" and "reply_markup" not in shown
    assert user.text == 'Vous avez dit : /choose{"choice":"new"}'


def test_long_payloads_are_kept_in_memory_under_a_short_key(user, rasa):
    user.say("établissement")
    data = user.buttons[0]["data"]
    assert len(data.encode()) <= MAX_CALLBACK_BYTES and data.startswith("k:")
    user.click("Lycée Jean Jaurès")
    assert rasa.received[-1][1] == LONG_PAYLOAD


def test_a_forgotten_key_is_explained_and_the_question_repeated(user, rasa, harness):
    user.say("établissement")
    button = user.buttons[0]
    harness.bridge.payloads = PayloadStore()  # as after a restart
    user.click("Lycée Jean Jaurès")
    assert rasa.received[-1][1] == "répéter"
    assert TELEGRAM["button_expired"] in user.text and "Que souhaitez-vous faire ?" in user.text
    assert "reply_markup" in harness.api.messages[button["message_id"]]


def test_the_confirmation_pdf_is_sent_as_a_document(user):
    user.say("valider")
    document = user.document
    assert document["document"] == "confirmation-175.pdf"
    sent = user.harness.api.documents[-1]
    assert sent["bytes"] == PDF and sent["filename"] == "confirmation-175.pdf"
    assert "175 – 0" in sent["caption"]
    assert "175 – 0" in user.text


def test_an_unreachable_pdf_is_given_as_a_link(user):
    user.say("lien cassé")
    assert "/files/absent.pdf" in user.text and "176 – 0" in user.text
    assert user.document is None


def test_long_texts_are_split(user):
    user.say("long")
    assert len(user.calls("sendMessage")) == 3
    assert all(len(p["text"]) <= 4096 for p in user.calls("sendMessage"))


def test_rasa_down_then_back_loses_nothing(user, rasa, harness):
    user.say("/start")
    question = user.buttons[0]["message_id"]
    up = harness.bridge.rasa.url
    harness.set_rasa_url(closed_port_url())
    user.click("M'inscrire")
    assert user.text == TELEGRAM["unavailable"]
    assert "reply_markup" in harness.api.messages[question]  # the question stays answerable
    harness.set_rasa_url(up)
    user.click("M'inscrire")
    assert rasa.received[-1][1] == '/choose{"choice":"new"}'
    assert harness.api.messages[question]["text"].endswith("✔ M'inscrire")


def test_rasa_errors_and_empty_answers_give_the_polite_message(user, rasa):
    rasa.status = 500
    user.say("bonjour")
    # retried: each attempt carries the same message id, so a message the dialogue did see is applied once
    assert user.text == TELEGRAM["unavailable"] and len(rasa.received) == 3
    rasa.status = 503
    user.say("bonjour")
    assert user.text == TELEGRAM["unavailable"] and len(rasa.received) == 6
    rasa.status = None
    user.say("rien")
    assert user.text == TELEGRAM["unavailable"]
    user.say("bonjour")
    assert user.text == "Que souhaitez-vous faire ?"


def test_a_chat_is_answered_in_order_while_other_chats_go_on(harness):
    api = harness.api
    first, second = api.send_text(1, "lent"), api.send_text(1, "vite")
    other = api.send_text(2, "ailleurs")
    harness.wait_processed(other)
    assert [p["text"] for m, p in api.calls if m == "sendMessage"] == ["Vous avez dit : ailleurs"]
    harness.wait_processed(first), harness.wait_processed(second)
    texts = [p["text"] for m, p in api.calls if m == "sendMessage" and p["chat_id"] == 1]
    assert texts == ["Vous avez dit : lent", "Vous avez dit : vite"]


def test_other_messages_get_a_hint(user, harness):
    update_id = harness.api.inject(
        {
            "message": {
                "message_id": 999,
                "date": 0,
                "chat": harness.api.chat(user.chat_id),
                "from": {"id": user.chat_id, "is_bot": False, "first_name": "Léa"},
                "sticker": {
                    "file_id": "s",
                    "file_unique_id": "s",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                },
            }
        }
    )
    harness.wait_processed(update_id)
    texts = [p["text"] for m, p in harness.api.calls if m == "sendMessage"]
    assert texts[-1] == TELEGRAM["text_only"]


def test_callback_data_round_trip():
    store = PayloadStore(per_chat=2)
    assert payload_of(1, callback_data(1, "/help", store), store) == "/help"
    keys = [callback_data(1, "/x" + "é" * 40 + str(i), store) for i in range(3)]
    assert payload_of(1, keys[2], store).endswith("2") and payload_of(1, keys[0], store) is None
    assert payload_of(2, keys[2], store) is None
    assert payload_of(1, "autre chose", store) is None


async def test_webhook_queues_updates_and_checks_the_secret():
    application = build_application(TOKEN, "http://127.0.0.1:9")
    transport = httpx.ASGITransport(app=webhook_app(application, "/hook", "s3cret"))
    update = {
        "update_id": 5,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 3, "type": "private"}, "text": "bonjour"},
    }
    async with httpx.AsyncClient(transport=transport, base_url="http://bridge") as client:
        assert (await client.post("/hook", json=update)).status_code == 403
        secret = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
        assert (await client.post("/hook", json=update, headers=secret)).status_code == 200
        assert (await client.post("/hook", content=b"{", headers=secret)).status_code == 400
    assert application.update_queue.get_nowait().message.text == "bonjour"


def test_a_typed_question_shows_its_example_when_its_text_has_none():
    from bot.telegram.bridge import with_example

    asked = "Quel est votre nom de famille ? (le nom de naissance)"
    expected = {"type": "input", "expects": "type", "question": asked, "example": "LEFÈVRE ou Da Silva"}
    text = "Étape 1 sur 9 : état civil\n" + asked
    assert with_example(text, expected) == text + "\nExemple : LEFÈVRE ou Da Silva"
    shown = "Quel est votre code postal ? (5 chiffres, par exemple : 75015)"
    assert with_example(shown, {**expected, "question": shown, "example": "75015"}) == shown  # already there
    assert with_example(text, {**expected, "expects": "choose"}) == text  # buttons answer it
    assert with_example("Autre chose", expected) == "Autre chose"  # not this question's message
