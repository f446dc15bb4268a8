"""The front server's HTTP contract: page, health, relay to Rasa, French errors and the PDF download route."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

import bot.front as web
import bot.web.shared as shared
from bot.front import build_app
from registration.conversation.texts import WEB
from tests.browser.conftest import free_port
from tests.browser.replay import Replay, ServerThread


@pytest.fixture
def stored_token(monkeypatch) -> str:
    """A download token of dossier 175's confirmation, in the store of this process's application."""
    from registration.app import current_app
    from tests.samples import paris_candidate

    monkeypatch.setenv("BTS_FIRST_DOSSIER_NUMBER", "175")
    store = current_app().store
    revision = store.validate(paris_candidate(), academie_code="01", session=2027)
    store.attach_pdf(revision.revision_id, b"%PDF-1.7 stored")
    return store.create_download_token(revision.revision_id, timedelta(hours=1))


def front(app) -> httpx.AsyncClient:
    """An HTTP client talking to the ASGI app in process."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://front.test")


async def test_page_health_and_static_files():
    async with front(build_app(rasa_url="http://127.0.0.1:9")) as client:
        page = await client.get("/")
        assert page.status_code == 200
        assert '<html lang="fr">' in page.text
        assert "Pré-inscription au BTS" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert (await client.get("/health")).text == "ok"
        assert (await client.get("/static/chat.js")).status_code == 200
        assert (await client.get("/static/chat.css")).status_code == 200
        assert (await client.get("/static/base.css")).status_code == 200
        assert page.text.index("/static/base.css") < page.text.index("/static/chat.css")
        if shared.dsfr_available():
            assert "/dsfr/dsfr.min.css" in page.text
            assert (await client.get("/dsfr/dsfr.min.css")).status_code == 200
            assert (await client.get("/dsfr/fonts/Marianne-Regular.woff2")).status_code == 200


async def test_messages_are_relayed_to_the_rest_channel():
    replay = Replay(delay=0)
    with ServerThread(replay.app(), free_port()) as rasa:
        async with front(build_app(rasa_url=rasa.url)) as client:
            response = await client.post("/api/message", json={"message": "/greet"})
            assert response.status_code == 200
            assert response.headers["x-chat-new"] == "1"
            cookie = response.headers["set-cookie"]
            assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "bts_chat=web-" in cookie
            replies = response.json()
            assert replies[-1]["buttons"][0]["payload"] == '/choose{"choice":"new"}'
            choice = '/choose{"choice":"new"}'
            again = await client.post("/api/message", json={"message": choice})
            assert "x-chat-new" not in again.headers and "set-cookie" not in again.headers
            [(sender, received)] = replay.received.items()
            assert sender.startswith("web-") and len(sender) == 36
            assert received == ["/greet", '/choose{"choice":"new"}']


async def test_the_browser_cannot_choose_or_forge_its_sender():
    replay = Replay(delay=0)
    with ServerThread(replay.app(), free_port()) as rasa:
        async with front(build_app(rasa_url=rasa.url)) as client:
            chosen = await client.post("/api/message", json={"sender": "telegram-42", "message": "répéter"})
            assert chosen.status_code == 400
            client.cookies.set("bts_chat", "web-" + "0" * 32 + ".forged", domain="front.test")
            forged = await client.post("/api/message", json={"message": "répéter"})
            assert forged.status_code == 200 and forged.headers["x-chat-new"] == "1"
            assert list(replay.received) != ["web-" + "0" * 32]
            assert "telegram-42" not in replay.received
            form = await client.post(
                "/api/message", content=b'{"message": "x"}', headers={"content-type": "text/plain"}
            )
            assert form.status_code == 415


async def test_rasa_down_gives_a_french_503():
    closed = f"http://127.0.0.1:{free_port()}"
    async with front(build_app(rasa_url=closed)) as client:
        response = await client.post("/api/message", json={"message": "bonjour"})
        assert response.status_code == 503
        assert response.json() == {"error": WEB["unavailable"]}


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"sender": "", "message": "x"}',
        b'{"message": 3}',
        b'{"sender": "web-1", "message": "x"}',
        b"{}",
    ],
)
async def test_malformed_messages_are_refused(body):
    async with front(build_app(rasa_url="http://127.0.0.1:9")) as client:
        response = await client.post(
            "/api/message", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert "error" in response.json()


async def test_the_pdf_downloads_as_an_attachment(stored_token):
    async with front(build_app()) as client:
        response = await client.get(f"/documents/{stored_token}")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["content-disposition"] == (
            'attachment; filename="confirmation-inscription-BTS-2027-dossier-175-0.pdf"; '
            "filename*=UTF-8''confirmation-inscription-BTS-2027-dossier-175-0.pdf"
        )
        assert response.headers["cache-control"] == "no-store"
        assert response.content.startswith(b"%PDF")


async def test_an_unknown_or_expired_token_gives_a_french_404(stored_token):
    async with front(build_app()) as client:
        response = await client.get(f"/documents/{stored_token}x")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Lien de téléchargement introuvable ou expiré" in response.text
        assert '<html lang="fr">' in response.text
        assert (await client.get("/nowhere")).status_code == 404


async def test_the_environment_gives_the_rasa_url(monkeypatch):
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}/")
    async with front(build_app()) as client:
        assert (await client.post("/api/message", json={"message": "m"})).status_code == 503
    assert httpx.URL(web.DEFAULT_RASA_URL).port == 5005


async def test_a_real_store_token_downloads_its_pdf(tmp_path):
    from registration.store import Store
    from tests.application import application_on
    from tests.samples import paris_candidate

    store = Store(f"sqlite:///{tmp_path / 'front.sqlite3'}")
    store.migrate()
    revision = store.validate(paris_candidate(), academie_code="01", session=2027)
    store.attach_pdf(revision.revision_id, b"%PDF-1.7 stored")
    token = store.create_download_token(revision.revision_id, timedelta(hours=1))
    async with front(build_app(application=application_on(store))) as client:
        response = await client.get(f"/documents/{token}")
        assert response.status_code == 200
        assert response.content == b"%PDF-1.7 stored"
        assert "attachment;" in response.headers["content-disposition"]
        assert (await client.get(f"/documents/{token}x")).status_code == 404
    store.dispose()
