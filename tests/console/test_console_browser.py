"""The console's login and queue pages in real Chromium: keyboard only, axe-core audits, reflow at 320 px."""

from __future__ import annotations

import pytest

from bot.front import build_app
from registration.security.attempts import AttemptGuard
from registration.staff.directory import StaffDirectory
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import axe_violations, horizontal_overflow
from tests.browser.conftest import free_port, new_page
from tests.browser.replay import ServerThread

__all__ = ["new_page"]  # the fixture of the web chat's tests, on this module's browser

pytestmark = pytest.mark.browser

PASSWORD = "tournesol-aux-pommes"
EMAIL = "claire.martin@example.fr"


@pytest.fixture(scope="module")
def console_url(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('console') / 'console.sqlite3'}")
    store.migrate()
    directory = StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"))
    directory.add(EMAIL, PASSWORD, "conseiller", ["01"])
    app = build_app(rasa_url="http://127.0.0.1:9", application=application_on(store))
    with ServerThread(app, free_port()) as front:
        yield front.url + "/conseillers/"
    store.dispose()


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def tab_to(page, element_id: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def test_login_and_logout_with_the_keyboard_only_and_no_axe_violation(new_page, console_url):
    page = new_page()
    page.goto(console_url)  # not logged in: the login page
    assert page.url.endswith("/conseillers/connexion")
    assert page.locator("h1").inner_text() == "Connexion"
    assert axe_violations(page) == []

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#contenu"
    tab_to(page, "email")
    page.keyboard.type(EMAIL)
    tab_to(page, "password")
    page.keyboard.type("pas le bon mot de passe")
    page.keyboard.press("Enter")
    page.wait_for_selector("#erreurs")
    assert focused_id(page) == "erreurs"  # the error summary is focused, and read out (role="alert")
    assert "Adresse électronique ou mot de passe incorrect" in page.locator("#erreurs").inner_text()
    assert page.locator("#email").input_value() == EMAIL
    assert axe_violations(page) == []

    page.keyboard.press("Tab")
    tab_to(page, "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(console_url)
    assert page.locator("h1").inner_text() == "File d'attente"
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0
    page.set_viewport_size({"width": 1024, "height": 768})

    page.goto(console_url)
    button = page.get_by_role("button", name="Se déconnecter")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Se déconnecter":
            break
    assert button.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/conseillers/connexion?fin=1")
    assert "Vous êtes déconnecté" in page.locator("[role=status]").inner_text()
    page.goto(console_url)
    assert page.url.endswith("/conseillers/connexion")


def test_empty_fields_are_named_in_the_error_summary(new_page, console_url):
    page = new_page()
    page.goto(console_url + "connexion")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector("#erreurs")
    links = page.locator("#erreurs a")
    assert links.all_inner_texts() == ["Indiquez votre adresse électronique.", "Indiquez votre mot de passe."]
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    links.first.click()
    assert focused_id(page) == "email"


def test_without_the_dsfr_the_pages_pass_axe_too(new_page, console_url, monkeypatch):
    monkeypatch.setattr("bot.web.shared.dsfr_available", lambda: False)
    page = new_page()
    page.goto(console_url + "connexion")
    assert page.locator("link[href='/dsfr/dsfr.min.css']").count() == 0
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector("#erreurs")
    assert axe_violations(page) == []
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(console_url)
    assert axe_violations(page) == []


def test_the_console_warns_before_its_idle_logout_and_stays_open_on_request(new_page, console_url):
    from playwright.sync_api import expect

    page = new_page()
    page.clock.install()
    page.goto(console_url + "connexion")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(console_url)
    idle = int(page.get_attribute("body", "data-idle-seconds"))
    assert idle == 30 * 60
    assert page.get_by_role("button", name="Rester connecté").is_hidden()
    page.clock.run_for("25:01")  # five minutes before the logout
    expect(page.get_by_role("alert")).to_contain_text("se fermera dans 5 minutes")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Rester connecté").click()
    expect(page.get_by_role("alert")).to_contain_text("prolongée")
    assert page.get_by_role("button", name="Rester connecté").is_hidden()
