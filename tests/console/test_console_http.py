"""The console's shell through the front application in process: login, lockout, sessions, CSRF, logout."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import httpx
import pytest
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from bot.console.auth import require_staff
from bot.console.texts import MESSAGES
from bot.front import build_app
from registration.settings import PARIS
from registration.staff.directory import LOGIN_REFUSED, StaffDirectory
from registration.store import Store
from tests.application import application_on

PASSWORD = "tournesol-aux-pommes"
EMAIL = "claire.martin@example.fr"
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=PARIS)


@pytest.fixture
def registration_app(tmp_path, monkeypatch):
    """The application the front serves: a new store, login attempts limited to 8 per client (secret "k")."""
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    store = Store(f"sqlite:///{tmp_path / 'console.sqlite3'}")
    store.migrate()
    made = application_on(store, lookup_limit=8, secret_key="k")
    made.staff.add(EMAIL, PASSWORD, "conseiller", ["01", "24"])
    yield made
    store.dispose()


@pytest.fixture
def directory(registration_app) -> StaffDirectory:
    return registration_app.staff


@pytest.fixture
def app(registration_app):
    return build_app(rasa_url="http://127.0.0.1:9", application=registration_app)


def console(app, scheme: str = "http") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"{scheme}://front.test")


def form_token(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, page.text
    return match.group(1)


async def log_in(client: httpx.AsyncClient, email: str = EMAIL, password: str = PASSWORD, **extra: str):
    page = await client.get("/conseillers/connexion")
    assert page.status_code == 200
    return await client.post(
        "/conseillers/connexion",
        data={"csrf": form_token(page), "email": email, "password": password, **extra},
    )


def move_clock(monkeypatch, **delta: float) -> None:
    monkeypatch.setenv("BTS_NOW", (NOW + timedelta(**delta)).replace(tzinfo=None).isoformat())


async def test_login_opens_the_queue_with_a_strict_session_cookie(app):
    async with console(app) as client:
        form = await client.get("/conseillers/connexion")
        assert '<html lang="fr"' in form.text and 'for="email"' in form.text and 'for="password"' in form.text
        assert 'href="#contenu"' in form.text and "<h1>Connexion</h1>" in form.text
        assert "script-src 'self'" in form.headers["content-security-policy"]
        assert "<script>" not in form.text and "<style" not in form.text and " style=" not in form.text
        done = await log_in(client)
        assert done.status_code == 303 and done.headers["location"] == "/conseillers/"
        cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("bts_staff="))
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/conseillers" in cookie
        assert "Secure" not in cookie  # plain http here; see the https test
        queue = await client.get("/conseillers/")
        assert queue.status_code == 200
        assert "<h1>File d&#39;attente</h1>" in queue.text and "File d&#39;attente –" in queue.text
        assert EMAIL in queue.text and "Paris (01)" in queue.text and "Créteil (24)" in queue.text
        assert 'id="contenu"' in queue.text and "Se déconnecter" in queue.text
        assert queue.headers["cache-control"] == "no-store"
        assert (await client.get("/conseillers/static/helpdesk.css")).status_code == 200
        assert (
            '<link rel="stylesheet" href="/static/base.css">' in queue.text
        )  # the base shared with the chat
        assert (await client.get("/static/base.css")).status_code == 200
        assert (await client.get("/conseillers/static/helpdesk.js")).status_code == 200
        back = await client.get("/conseillers/connexion")
        assert back.status_code == 303 and back.headers["location"] == "/conseillers/"


async def test_the_session_cookie_is_secure_over_https(app):
    async with console(app, "https") as client:
        done = await log_in(client)
        cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("bts_staff="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


async def test_a_wrong_password_and_an_unknown_address_get_the_same_french_message(app):
    async with console(app) as client:
        wrong = await log_in(client, password="pas le bon mot de passe")
        unknown = await log_in(client, email="personne@example.fr")
        for response in (wrong, unknown):
            assert response.status_code == 401
            assert 'role="alert"' in response.text and "La connexion a échoué" in response.text
            assert LOGIN_REFUSED.replace("'", "&#39;") in response.text
            assert "bts_staff=" not in "".join(response.headers.get_list("set-cookie"))
        assert f'value="{EMAIL}"' in wrong.text and PASSWORD not in wrong.text
        assert wrong.text.replace(EMAIL, "X") == unknown.text.replace("personne@example.fr", "X").replace(
            form_token(unknown), form_token(wrong)
        )
        empty = await log_in(client, email="", password="")
        assert empty.status_code == 400
        assert 'href="#email"' in empty.text and 'href="#password"' in empty.text
        assert 'aria-invalid="true"' in empty.text


async def test_five_wrong_passwords_lock_the_account_then_it_opens_again(app, monkeypatch):
    async with console(app) as client:
        for _ in range(5):
            assert (await log_in(client, password="pas le bon mot de passe")).status_code == 401
        locked = await log_in(client)
        assert locked.status_code == 401 and "La connexion a échoué" in locked.text
        move_clock(monkeypatch, minutes=16)
        assert (await log_in(client)).status_code == 303


async def test_too_many_failures_from_one_client_get_429(app):
    async with console(app) as client:
        for number in range(8):
            assert (await log_in(client, email=f"x{number}@example.fr")).status_code == 401
        throttled = await log_in(client)
        assert throttled.status_code == 429 and throttled.headers["retry-after"] == "900"
        assert "Trop d&#39;essais de connexion" in throttled.text


async def test_without_a_session_pages_redirect_and_the_api_answers_401(app):
    async with console(app) as client:
        for path in ("/conseillers/", "/conseillers/demandes/12"):
            response = await client.get(path)
            assert response.status_code == 303
            assert response.headers["location"].startswith("/conseillers/connexion")
        assert (await client.get("/conseillers/demandes/12")).headers["location"] == (
            "/conseillers/connexion?suite=%2Fconseillers%2Fdemandes%2F12"
        )
        assert (await client.post("/conseillers/deconnexion")).status_code == 303
        for method in ("GET", "POST", "DELETE"):
            response = await client.request(method, "/conseillers/api/demandes")
            assert response.status_code == 401 and response.json() == {"error": MESSAGES["login_required"]}
        client.cookies.set("bts_staff", "forged-token", domain="front.test", path="/conseillers")
        assert (await client.get("/conseillers/api/demandes/3")).status_code == 401
        expired = await client.get("/conseillers/")
        assert expired.status_code == 303 and "expiree=1" in expired.headers["location"]


async def test_login_comes_back_to_the_page_asked_for_but_never_leaves_the_console(app):
    async with console(app) as client:
        asked = await log_in(client, suite="/conseillers/demandes/12")
        assert asked.headers["location"] == "/conseillers/demandes/12"
        assert (await client.get("/conseillers/demandes/12")).status_code == 404  # logged in: a French 404
    for elsewhere in (
        "https://ailleurs.example",
        "//ailleurs.example/x",
        "/conseillers/../admin",
        "/documents/x",
    ):
        async with console(app) as client:
            response = await log_in(client, suite=elsewhere)
            assert response.headers["location"] == "/conseillers/", elsewhere


async def test_every_post_needs_the_csrf_token(app):
    async with console(app) as client:
        page = await client.get("/conseillers/connexion")
        forged_login = await client.post(
            "/conseillers/connexion", data={"csrf": "autre", "email": EMAIL, "password": PASSWORD}
        )
        assert forged_login.status_code == 403 and "bts_staff=" not in forged_login.headers.get(
            "set-cookie", ""
        )
        client.cookies.delete("bts_staff_login")
        no_cookie = await client.post(
            "/conseillers/connexion", data={"csrf": form_token(page), "email": EMAIL, "password": PASSWORD}
        )
        assert no_cookie.status_code == 403
        await log_in(client)
        queue = await client.get("/conseillers/")
        csrf = form_token(queue)
        assert (await client.post("/conseillers/deconnexion")).status_code == 403
        assert (await client.post("/conseillers/deconnexion", data={"csrf": "faux"})).status_code == 403
        refused = await client.post("/conseillers/api/demandes/3/prise", headers={"X-CSRF-Token": "faux"})
        assert refused.status_code == 403 and refused.json() == {"error": MESSAGES["csrf_refused"]}
        allowed = await client.post("/conseillers/api/demandes/3/prise", headers={"X-CSRF-Token": csrf})
        assert (
            allowed.status_code == 404 and "error" in allowed.json()
        )  # past the checks: no such endpoint yet
        assert (await client.get("/conseillers/")).status_code == 200  # still logged in


async def test_logout_ends_the_session(app):
    async with console(app) as client:
        await log_in(client)
        token = client.cookies.get("bts_staff", path="/conseillers")
        csrf = form_token(await client.get("/conseillers/"))
        out = await client.post("/conseillers/deconnexion", data={"csrf": csrf})
        assert out.status_code == 303 and out.headers["location"] == "/conseillers/connexion?fin=1"
        assert 'bts_staff=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
        goodbye = await client.get(out.headers["location"])
        assert "Vous êtes déconnecté" in goodbye.text and 'role="status"' in goodbye.text
        client.cookies.set("bts_staff", token, domain="front.test", path="/conseillers")
        assert (await client.get("/conseillers/")).status_code == 303
        assert (await client.get("/conseillers/api/demandes")).status_code == 401


async def test_thirty_idle_minutes_end_the_session(app, monkeypatch):
    async with console(app) as client:
        await log_in(client)
        move_clock(monkeypatch, minutes=29)
        assert (await client.get("/conseillers/")).status_code == 200
        move_clock(monkeypatch, minutes=58, seconds=59)  # 29 min 59 s after the last request
        assert (await client.get("/conseillers/")).status_code == 200
        move_clock(monkeypatch, minutes=89)
        expired = await client.get("/conseillers/")
        assert expired.status_code == 303 and "expiree=1" in expired.headers["location"]
        notice = await client.get(expired.headers["location"])
        assert "30 minutes sans activité" in notice.text


async def test_a_disabled_account_is_logged_out_at_its_next_request(app, directory):
    async with console(app) as client:
        await log_in(client)
        directory.disable(EMAIL)
        assert (await client.get("/conseillers/")).status_code == 303


async def test_requests_made_with_touch_false_do_not_keep_the_session_alive(app, monkeypatch):
    @require_staff(api=True, touch=False)
    async def news(request):
        return JSONResponse({"staff": request.state.staff_session.staff.email})

    [mount] = [route for route in app.routes if isinstance(route, Mount) and route.path == "/conseillers"]
    mount.routes.insert(0, Route("/api/nouvelles", news))
    async with console(app) as client:
        await log_in(client)
        move_clock(monkeypatch, minutes=20)
        assert (await client.get("/conseillers/api/nouvelles")).json() == {"staff": EMAIL}
        move_clock(monkeypatch, minutes=31)  # polled 11 minutes ago, but last used 31 minutes ago
        assert (await client.get("/conseillers/api/nouvelles")).status_code == 401
