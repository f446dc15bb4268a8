"""« Calendrier des inscriptions » through the front application in process: responsables only, upload,
preview with every error and its line, publish (the text read again), in effect at the next turn, going back."""

from __future__ import annotations

import base64

import pytest

from registration.app import current_app
from registration.lists import service
from registration.lists.core import Context
from registration.lists.kinds import CALENDAR
from registration.lists.published import context, current_referentials
from tests.console.test_console_http import EMAIL, NOW, PASSWORD, console, form_token, log_in

CHEF = "chef.examens@example.fr"
HEADER = "academie,session,opens,closes,return_deadline,service_address\n"
PARIS_LATER = (
    HEADER
    + "01,2027,2026-10-05 09:00,2027-02-05 17:00,2027-02-19,SIEC|Bureau des BTS|7 rue Ernest Renan|94749 ARCUEIL CEDEX\n"
)
BROKEN = (
    HEADER
    + "99,2027,2026-10-05 09:00,2027-02-05 17:00,2027-02-19,Rectorat\n"
    + "02,2027,2026-10-05 09:00,2026-10-01 17:00,2027-02-19,Rectorat\n"
    + "03,2027,2026-10-05 09:00,le 5 février,2027-02-19,Rectorat\n"
)


@pytest.fixture
def directory(tmp_path, monkeypatch):
    from registration.security.attempts import AttemptGuard
    from registration.staff.directory import StaffDirectory
    from registration.store import Store

    url = f"sqlite:///{tmp_path / 'calendrier.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    store = Store(url)
    store.migrate()
    staff = StaffDirectory(store, guard=AttemptGuard(store, limit=8, secret="k"))
    staff.add(EMAIL, PASSWORD, "conseiller", ["01"])
    staff.add(CHEF, PASSWORD, "responsable")
    yield staff
    store.dispose()


@pytest.fixture
def app(directory):
    from bot.front import build_app

    application = build_app(rasa_url="http://127.0.0.1:9")
    return application


def upload(client, csrf: str, text: str, source: str = "Note de service du 1er décembre 2026"):
    return client.post(
        "/conseillers/calendrier/apercu",
        data={"csrf": csrf, "source": source},
        files={"fichier": ("calendrier.csv", text.encode("utf-8"), "text/csv")},
    )


def lists_context() -> Context:
    """What the console's lists are read against in this process."""
    svc = current_app()
    return context(svc.store, svc.refs, svc.session)


def paris_closing() -> str:
    svc = current_app()
    entry = current_referentials(svc.store, svc.refs).calendar_for("01", 2027)
    assert entry is not None
    return entry.closes.strftime("%d/%m/%Y %H:%M")


async def test_a_conseiller_gets_403_and_no_menu_entry(app):
    async with console(app) as client:
        await log_in(client)
        queue = await client.get("/conseillers/")
        assert "Calendrier des inscriptions" not in queue.text
        assert (await client.get("/conseillers/calendrier")).status_code == 403
        csrf = form_token(queue)
        assert (await upload(client, csrf, PARIS_LATER)).status_code == 403
        refused = await client.post("/conseillers/calendrier/revenir", data={"csrf": csrf, "version": "0"})
        assert refused.status_code == 403
    assert current_app().store.lists_generation() == 0


async def test_errors_by_line_then_publish_then_go_back(app):
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/calendrier")
        assert home.status_code == 200 and "Session 2027 : dates par académie" in home.text
        assert "29/01/2027 17:00" in home.text and "version 0" in home.text
        csrf = form_token(home)

        broken = await upload(client, csrf, BROKEN)
        assert broken.status_code == 422
        for expected in (
            "ligne 2 : académie inconnue « 99 »",
            "ligne 3 : la clôture doit suivre",
            "ligne 4 : closes",
        ):
            assert expected in broken.text.replace("&#39;", "'").replace("&lt;", "<"), expected
        assert current_app().store.lists_generation() == 0

        preview = await upload(client, csrf, PARIS_LATER)
        assert preview.status_code == 200
        assert "clôture 29/01/2027 17:00 → 05/02/2027 17:00" in preview.text
        assert current_app().store.lists_generation() == 0  # a preview stores nothing

        tampered = base64.b64encode(BROKEN.encode()).decode()
        refused = await client.post(
            "/conseillers/calendrier/publier",
            data={"csrf": csrf, "texte": tampered, "nom": "calendrier.csv", "source": "x"},
        )
        assert refused.status_code == 422 and current_app().store.lists_generation() == 0

        encoded = base64.b64encode(PARIS_LATER.encode()).decode()
        published = await client.post(
            "/conseillers/calendrier/publier",
            data={"csrf": csrf, "texte": encoded, "nom": "calendrier.csv", "source": "Note de service"},
        )
        assert published.status_code == 303
        assert paris_closing() == "05/02/2027 17:00"  # the next turn of any server reads it
        page = await client.get(published.headers["location"])
        assert "Version 1 publiée" in page.text and "05/02/2027 17:00" in page.text
        journal = await client.get("/conseillers/journal")
        assert "publication calendrier" in journal.text

        back = await client.post("/conseillers/calendrier/revenir", data={"csrf": csrf, "version": "0"})
        assert back.status_code == 303
        assert paris_closing() == "29/01/2027 17:00"
        history = service.history(CALENDAR, lists_context())
        assert [v.version for v in history] == [2, 1] and history[0].restores == 0


async def test_every_change_needs_the_csrf_token(app):
    async with console(app) as client:
        await log_in(client, email=CHEF)
        assert (await upload(client, "forged", PARIS_LATER)).status_code == 403
        assert (
            await client.post("/conseillers/calendrier/revenir", data={"csrf": "forged", "version": "0"})
        ).status_code == 403
    assert current_app().store.lists_generation() == 0


async def test_the_example_dates_are_pointed_out_until_the_real_ones_are_published(app, capsys):
    from registration.lists.cli import main

    def warning() -> str:
        assert main(["calendrier", "check", "--session", "2027"]) == 0
        return capsys.readouterr().err

    assert "ATTENTION : pour la session 2027, le calendrier de 33 académie(s)" in warning()
    assert "(Paris, Aix-Marseille" in warning()
    async with console(app) as client:
        await log_in(client)  # a conseiller of Paris: their académie only
        board = await client.get("/conseillers/tableau-de-bord")
        assert "Dates d'exemple encore en vigueur pour la session 2027" in board.text
        assert "Paris (01)" in board.text and "Lyon (10)" not in board.text
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/calendrier")
        assert 'id="calendrier-exemple"' in home.text and "33 académies" in home.text
        csrf = form_token(home)
        encoded = base64.b64encode(PARIS_LATER.encode()).decode()  # Paris's real dates (no sample column)
        published = await client.post(
            "/conseillers/calendrier/publier",
            data={"csrf": csrf, "texte": encoded, "nom": "calendrier.csv", "source": "Note de service"},
        )
        assert published.status_code == 303
        home = await client.get("/conseillers/calendrier")
        alert = home.text.split('id="calendrier-exemple"', 1)[1].split("</div>", 1)[0]
        assert "32 académies" in alert and "Paris (01)" not in alert and "Aix-Marseille (02)" in alert
    assert "32 académie(s)" in warning() and "Paris," not in warning()
    async with console(app) as client:
        await log_in(client)
        board = await client.get("/conseillers/tableau-de-bord")
        assert "les dates publiées par le service sont en vigueur partout" in board.text
