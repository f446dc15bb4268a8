"""The application is built in one place (registration/app.py): one store, so one SQLAlchemy engine, per process,
whichever thread asks first and whatever the front serves (chat, console, uploads)."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import httpx
import pytest

import registration.store.engine
from registration.app import create_app, current_app
from registration.settings import Settings
from registration.store import Store
from tests.browser.conftest import free_port
from tests.browser.replay import Replay, ServerThread
from tests.samples import paris_candidate
from tests.unit.test_uploads import pdf_bytes

SECRET = "one-front-one-store"
EMAIL = "claire.martin@example.fr"
PASSWORD = "tournesol-aux-pommes"


@pytest.fixture
def engines(monkeypatch) -> list:
    """Every SQLAlchemy engine the store makes from now on in this process."""
    made: list = []
    create_engine = registration.store.engine.create_engine

    def counted(*args, **kwargs):
        engine = create_engine(*args, **kwargs)
        made.append(engine)
        return engine

    monkeypatch.setattr(registration.store.engine, "create_engine", counted)
    return made


def test_the_settings_are_read_once_per_application(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'a.sqlite3'}")
    monkeypatch.setenv("BTS_HELPDESK_HOURS", "le lundi")
    application = create_app()
    monkeypatch.setenv("BTS_HELPDESK_HOURS", "le mardi")
    try:
        assert application.settings.helpdesk_hours == "le lundi"  # what the environment said when it was made
        assert application.store.database_url == f"sqlite:///{tmp_path / 'a.sqlite3'}"
        assert Settings.from_environment().helpdesk_hours == "le mardi"
    finally:
        application.dispose()


def test_the_process_application_is_made_once_whichever_thread_asks(monkeypatch, tmp_path, engines):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'once.sqlite3'}")
    start = threading.Barrier(8)
    found = []

    def ask() -> None:
        start.wait()
        found.append(current_app())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(found) == 8 and all(made is found[0] for made in found)
    assert len(engines) == 1


def test_a_front_process_serving_chat_console_and_uploads_holds_one_store_engine(
    monkeypatch, tmp_path, engines
):
    """The front server started in this process (uvicorn, as in production) with the application of this
    process: the chat (page, messages relayed to Rasa, inbox, PDF, dossier page), the console (login, queue,
    dossiers, a dossier's page, a request) and the upload page all use its one store."""
    url = f"sqlite:///{tmp_path / 'front.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_SECRET_KEY", SECRET)
    monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("BTS_MAIL_RETRY_SECONDS", "0")
    # What the command lines would have written before the front starts: a conseiller, a validated dossier.
    prepared = create_app()
    prepared.staff.add(EMAIL, PASSWORD, "conseiller", ["01"])
    revision = prepared.store.validate(paris_candidate(), academie_code="01", session=2027)
    prepared.store.attach_pdf(revision.revision_id, b"%PDF-1.7 stored")
    token = prepared.store.create_download_token(revision.revision_id, timedelta(hours=1))
    request_id = prepared.desk.open_request(
        "web-" + "b" * 32, "Le candidat a demandé un conseiller", {}, academie_code="01", step="nom"
    )
    prepared.dispose()
    engines.clear()

    from bot.front import build_app
    from registration.dossier import uploads

    replay = Replay(delay=0)
    with (
        ServerThread(replay.app(), free_port()) as rasa,
        ServerThread(build_app(rasa_url=rasa.url), free_port()) as front,
        httpx.Client(base_url=front.url, timeout=30) as client,
    ):
        same_origin = {"sec-fetch-site": "same-origin"}
        assert client.get("/").status_code == 200
        chat = client.post("/api/message", json={"message": "/greet"}, headers=same_origin)
        assert chat.status_code == 200 and chat.json()
        assert client.get("/api/inbox", headers=same_origin).json() == []
        assert client.get(f"/documents/{token}").content == b"%PDF-1.7 stored"
        assert client.get(f"/dossier/{token}").status_code == 200
        assert client.get("/widget", params={"academie": "01"}).status_code == 200

        login = client.get("/conseillers/connexion")
        csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
        done = client.post(
            "/conseillers/connexion", data={"csrf": csrf, "email": EMAIL, "password": PASSWORD}
        )
        assert done.status_code == 303
        assert "File d&#39;attente" in client.get("/conseillers/").text
        assert client.get("/conseillers/dossiers").status_code == 200
        assert client.get(f"/conseillers/dossiers/{revision.dossier_id}").status_code == 200
        assert [row["id"] for row in client.get("/conseillers/api/demandes").json()] == [request_id]
        assert client.get(f"/conseillers/demandes/{request_id}").status_code == 200

        piece = uploads.upload_token(revision.dossier_id, SECRET)
        assert client.get(f"/pieces/{piece}").status_code == 200
        sent = client.post(
            f"/pieces/{piece}", files={"piece": ("signee.pdf", pdf_bytes(), "application/pdf")}
        )
        assert sent.status_code == 200 and "a bien été reçu" in sent.text

    assert len(engines) == 1, [engine.url for engine in engines]
    assert {str(engine.url) for engine in engines} == {url}
    assert isinstance(current_app().store, Store) and current_app().store.engine is engines[0]
