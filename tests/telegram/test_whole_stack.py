"""Whole registrations through Telegram: the fake Bot API, the real bridge, the real assistant (`stack`)."""

from __future__ import annotations

import re
import socket
import uuid

import pytest

from registration.conversation.texts import TELEGRAM
from registration.store import Store
from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill
from tests.conversations.test_registrations import BASE as REST_BASE
from tests.telegram.harness import Harness, TelegramUser

pytestmark = pytest.mark.conversation

# The REST suite's profile; the birth-date question reads like the former candidate's one (the driver may
# take one for the other), and the acquis question is also asked as a list of diplomas.
BASE = {**REST_BASE, "former_birth_date": REST_BASE["date_naissance"], "acquis_diplomas": ("click", "Aucun")}
LABEL = re.compile(r"(\d+) – (\d+)")


def new_chat_id() -> int:
    return 10_000_000 + uuid.uuid4().int % 10_000_000


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def validate(user: TelegramUser) -> dict:
    """Presses « Valider votre inscription »; returns the PDF the bot sent, checked."""
    user.click("Valider votre inscription")
    assert user.document, user.dump()[-3000:]
    sent = user.harness.api.documents[-1]
    assert sent["chat_id"] == user.chat_id
    assert sent["bytes"].startswith(b"%PDF") and sent["filename"].endswith(".pdf")
    assert "– 0" in sent["caption"]
    return sent


def stored_content(stack, sent: dict, birth_date: str) -> dict:
    """The dossier whose confirmation PDF is the one sent (numbers repeat across académies)."""
    number = int(LABEL.search(sent["caption"]).group(1))
    store = Store(stack.extra_env["DATABASE_URL"])
    dossiers = [
        d
        for d in store.find_dossiers(number, birth_date)
        if any(r.pdf == sent["bytes"] for r in store.revisions(d.id))
    ]
    assert len(dossiers) == 1
    return dossiers[0].content


def test_registration_with_buttons_and_typed_answers(stack):
    with Harness(stack.rasa_url) as harness:
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say("/start")
        assert "pré-inscription au BTS" in user.text and "M'inscrire" in user.titles()
        question = user.buttons[0]["message_id"]
        fill(user, {**BASE, "nom": "Telegram-Martin"})
        assert harness.api.messages[question]["text"].endswith("✔ M'inscrire")  # the chosen title is echoed
        assert "reply_markup" not in harness.api.messages[question]
        sent = validate(user)
        assert LABEL.search(user.text).group(0) in sent["caption"]
    content = stored_content(stack, sent, "03/05/2004")
    assert content["etat_civil"]["nom"] == "TELEGRAM-MARTIN"
    assert content["specialite"]["code"] == "32031213"


def test_rasa_down_then_back_continues_without_loss(stack):
    with Harness(closed_port_url(), rasa_backoff=0.05) as harness:
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say("/start")
        assert user.text == TELEGRAM["unavailable"]
        harness.set_rasa_url(stack.rasa_url)
        user.say("/start")
        fill(user, {**BASE, "nom": "Panne"}, until="lieu_naissance")
        # A button pressed while the assistant is down: the polite message, the question still answerable.
        harness.set_rasa_url(closed_port_url())
        user.click("En France")
        assert user.text == TELEGRAM["unavailable"]
        harness.set_rasa_url(stack.rasa_url)
        user.click("En France")
        assert current_question(user) == "naissance_departement"
        # A typed answer sent while it is down is simply sent again.
        harness.set_rasa_url(closed_port_url())
        user.say("75")
        assert user.text == TELEGRAM["unavailable"]
        harness.set_rasa_url(stack.rasa_url)
        user.say("75")
        assert current_question(user) == "naissance_arrondissement"
        fill(user, BASE)
        sent = validate(user)
    content = stored_content(stack, sent, "03/05/2004")
    assert content["etat_civil"]["nom"] == "PANNE"
    assert content["naissance"]["departement"] == "75"


def test_draft_started_on_the_web_is_resumed_by_deep_link(stack):
    web = Candidate(stack.rasa_url, sender="web-" + uuid.uuid4().hex[:12])
    web.say("bonjour")
    fill(web, {**BASE, "nom": "Durand"}, until="lieu_naissance")
    store = Store(stack.extra_env["DATABASE_URL"])
    code = store.resume_code_for(web.sender)
    assert code
    with Harness(stack.rasa_url) as harness:
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say(f"/start {code}")
        assert current_question(user) == "lieu_naissance"
        assert "nouveau code de reprise" in user.text and code not in user.text  # the typed code is used up
        fill(user, BASE)
        sent = validate(user)
    assert store.resume_code_for(web.sender) is None
    content = stored_content(stack, sent, "03/05/2004")
    assert content["etat_civil"]["nom"] == "DURAND" and content["etat_civil"]["prenoms"] == "Léa Marie"


def test_a_stale_telegram_button_is_refused(stack):
    with Harness(stack.rasa_url) as harness:
        user = TelegramUser(harness, chat_id=new_chat_id())
        user.say("/start")
        old = next(b for b in user.buttons if b["title"].startswith("Consulter"))  # an old keyboard, kept
        user.click("M'inscrire")
        asked = current_question(user)
        press = lambda: harness.api.press(user.chat_id, old["message_id"], old["data"])  # noqa: E731
        user._act(press, "[ancien bouton]")
        assert "cette question a changé" in user.text
        assert current_question(user) == asked
    draft = Store(stack.extra_env["DATABASE_URL"]).load_draft(f"telegram-{user.chat_id}")
    assert draft is None or draft["answers"].get("start") == "new"
