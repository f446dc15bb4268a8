"""The console's requests through the front application in process: académie boundaries, CSRF, take once."""

from __future__ import annotations

import pytest

from registration.app import current_app
from registration.conversation.state import DraftState
from tests.console.test_console_http import EMAIL, NOW, console, form_token, log_in


@pytest.fixture
def app(directory, tmp_path, monkeypatch):
    from bot.front import build_app

    monkeypatch.setenv("DATABASE_URL", str(directory.store.database_url))
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    application = build_app(rasa_url="http://127.0.0.1:9")
    return application


@pytest.fixture
def directory(tmp_path, monkeypatch):
    from registration.security.attempts import AttemptGuard
    from registration.staff.directory import StaffDirectory
    from registration.store import Store
    from tests.console.test_console_http import PASSWORD

    url = f"sqlite:///{tmp_path / 'requests.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    store = Store(url)
    store.migrate()
    staff = StaffDirectory(store, guard=AttemptGuard(store, limit=8, secret="k"))
    staff.add(EMAIL, PASSWORD, "conseiller", ["01", "24"])
    yield staff
    store.dispose()


# A postal code of each académie used here: the request's académie is the draft's (its address).
POSTAL_CODES = {"01": "75015", "10": "69003", "24": "94000"}


def address(academie: str | None) -> dict[str, str]:
    return {"residence_lieu": "france", "code_postal": POSTAL_CODES[academie]} if academie else {}


def a_request(academie: str | None, sender: str = "web-" + "a" * 32) -> int:
    svc = current_app()
    state = DraftState(answers={"start": "new", "nom": "MARTIN", **address(academie)})
    svc.store.save_draft(sender, state.to_dict())
    return svc.desk.open_request(
        sender, "Le candidat a demandé un conseiller", state.to_dict(), academie_code=academie, step="prenoms"
    )


async def test_a_request_of_another_academie_is_refused(app):
    lyon = a_request("10", "web-" + "b" * 32)
    paris = a_request("01", "web-" + "c" * 32)
    unknown = a_request(None, "web-" + "d" * 32)
    async with console(app) as client:
        await log_in(client)
        listed = {row["id"] for row in (await client.get("/conseillers/api/demandes")).json()}
        assert listed == {paris, unknown}
        assert (await client.get(f"/conseillers/demandes/{lyon}")).status_code == 403
        assert (await client.get(f"/conseillers/api/demandes/{lyon}/messages")).status_code == 403
        page = await client.get(f"/conseillers/demandes/{paris}")
        assert page.status_code == 200 and "MARTIN" in page.text
        csrf = form_token(page)
        assert (
            await client.post(f"/conseillers/demandes/{lyon}/prendre", data={"csrf": csrf})
        ).status_code == 403
        assert (
            await client.post(f"/conseillers/demandes/{paris}/prendre", data={"csrf": "faux"})
        ).status_code == 403


async def test_a_request_is_taken_once_and_only_its_holder_writes(app):
    paris = a_request("01")
    async with console(app) as client:
        await log_in(client)
        csrf = form_token(await client.get(f"/conseillers/demandes/{paris}"))
        taken = await client.post(
            f"/conseillers/demandes/{paris}/prendre", data={"csrf": csrf}, follow_redirects=False
        )
        assert taken.status_code == 303
        again = await client.post(f"/conseillers/demandes/{paris}/prendre", data={"csrf": csrf})
        assert again.status_code == 409
    assert current_app().desk.held("web-" + "a" * 32) is not None


async def test_without_login_the_request_pages_redirect_and_the_api_answers_401(app):
    paris = a_request("01")
    async with console(app) as client:
        page = await client.get(f"/conseillers/demandes/{paris}", follow_redirects=False)
        assert page.status_code == 303 and "/conseillers/connexion" in page.headers["location"]
        assert (await client.get("/conseillers/api/demandes")).status_code == 401
        assert (await client.get("/conseillers/nouveau-dossier", follow_redirects=False)).status_code == 303
        assert (await client.get("/conseillers/journal.csv", follow_redirects=False)).status_code == 303


async def test_the_audit_log_is_for_responsables(app):
    async with console(app) as client:
        await log_in(client)
        assert (await client.get("/conseillers/journal")).status_code == 403


async def test_a_request_follows_its_draft_to_another_academie(app, directory):
    """Asked before the address (every conseiller sees it), then a Paris address: Créteil no longer sees it."""
    from tests.console.test_console_http import PASSWORD

    directory.add("creteil@example.fr", PASSWORD, "conseiller", ["24"])
    sender = "web-" + "e" * 32
    request_id = a_request(None, sender)
    async with console(app) as client:
        await log_in(client, "creteil@example.fr")
        assert request_id in {row["id"] for row in (await client.get("/conseillers/api/demandes")).json()}
        page = await client.get(f"/conseillers/demandes/{request_id}")
        assert page.status_code == 200 and "non déterminée" in page.text

        svc = current_app()  # the candidate goes on while waiting and gives a Paris address
        state = DraftState.from_dict(svc.store.load_draft(sender))
        state.answers.update(address("01"))
        svc.store.save_draft(sender, state.to_dict())

        assert (await client.get("/conseillers/api/demandes")).json() == []
        assert "Demande n°" not in (await client.get("/conseillers/")).text
        refused = await client.get(f"/conseillers/demandes/{request_id}")
        assert refused.status_code == 403 and "MARTIN" not in refused.text
        assert (await client.get(f"/conseillers/api/demandes/{request_id}/messages")).status_code == 403
        csrf = form_token(await client.get("/conseillers/"))
        taken = await client.post(f"/conseillers/demandes/{request_id}/prendre", data={"csrf": csrf})
        assert taken.status_code == 403
    async with console(app) as client:  # a Paris conseiller sees it, with the académie and question of now
        await log_in(client)
        (row,) = (await client.get("/conseillers/api/demandes")).json()
        assert row["academie"] == "01" and row["academie_nom"] == "Paris" and row["etape"] != "prenoms"
        page = await client.get(f"/conseillers/demandes/{request_id}")
        assert page.status_code == 200 and "<dd>Paris</dd>" in page.text
    assert svc.desk.get(request_id).academie_code == "01"  # stored too, for the numbers and the journal


async def test_the_request_page_shows_what_the_candidate_pressed_not_payloads(app, tmp_path, monkeypatch):
    from registration.conversation.types import Button
    from tests.console.test_transcript import bot, tracker_with, user

    sender = "web-1"
    url = tracker_with(
        tmp_path,
        [
            user("/greet"),
            bot("Bonjour !", Button.choose("M'inscrire", "new", "start")),
            user('/choose{"choice": "new§start"}'),
        ],
    )
    monkeypatch.setenv("BTS_TRACKER_URL", url)  # read with the settings, when the application is made
    request_id = a_request("01", sender)
    async with console(app) as client:
        await log_in(client)
        page = await client.get(f"/conseillers/demandes/{request_id}")
    assert "a choisi « M&#39;inscrire »" in page.text and "(ouvre la discussion)" in page.text
    assert "/greet" not in page.text and "/choose" not in page.text


async def test_a_closed_request_follows_its_candidate_into_the_academie_registered_in(app, directory):
    """Asked before the address, taken and handed back by a responsable, then the candidate registers in Paris:
    a conseiller of Lyon or Créteil gets 403 on the request, its messages and its transcript."""
    from tests.console.test_console_http import PASSWORD

    directory.add("chef@example.fr", PASSWORD, "responsable", [])
    directory.add("lyon@example.fr", PASSWORD, "conseiller", ["10"])
    directory.add("creteil@example.fr", PASSWORD, "conseiller", ["24"])
    sender = "web-" + "f" * 32
    request_id = a_request(None, sender)
    svc = current_app()
    async with console(app) as client:
        await log_in(client, "chef@example.fr")
        csrf = form_token(await client.get(f"/conseillers/demandes/{request_id}"))
        for step, data in (("prendre", {}), ("message", {"message": "Bonjour"}), ("rendre", {})):
            done = await client.post(
                f"/conseillers/demandes/{request_id}/{step}",
                data={"csrf": csrf, **data},
                follow_redirects=False,
            )
            assert done.status_code in (200, 303), step
    assert svc.desk.get(request_id).status == "CLOSED"
    async with console(app) as client:  # closed, académie unknown: not every conseiller's any more
        await log_in(client, "lyon@example.fr")
        assert (await client.get(f"/conseillers/demandes/{request_id}")).status_code == 403

    state = DraftState.from_dict(svc.store.load_draft(sender))  # the candidate registers in Paris
    state.answers.update(address("01"))
    svc.store.save_draft(sender, state.to_dict())
    for email in ("lyon@example.fr", "creteil@example.fr"):
        async with console(app) as client:
            await log_in(client, email)
            refused = await client.get(f"/conseillers/demandes/{request_id}")
            assert refused.status_code == 403 and "MARTIN" not in refused.text
            messages = await client.get(f"/conseillers/api/demandes/{request_id}/messages")
            assert messages.status_code == 403 and "Bonjour" not in messages.text
    async with console(app) as client:  # Paris (and the responsables) still read it
        await log_in(client)
        page = await client.get(f"/conseillers/demandes/{request_id}")
        assert page.status_code == 200 and "MARTIN" in page.text and "<dd>Paris</dd>" in page.text
    assert svc.desk.get(request_id).academie_code == "01"
