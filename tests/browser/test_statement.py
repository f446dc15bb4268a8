"""The pages around the chat, in real Chromium with axe-core: the accessibility statement (its rate and
non-conformities are the audit's), the footer mention on every page, the dossier as an accessible web page, and
the upload page's time limit, warned of and renewed without losing the chosen file."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import expect

from bot.front import build_app
from bot.web import accessibility_audit as audit
from registration.app import current_app
from registration.dossier import uploads
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import axe_violations, horizontal_overflow
from tests.browser.conftest import free_port
from tests.browser.replay import ServerThread
from tests.console.test_console_dossiers import dossier, validate
from tests.unit.test_uploads import pdf_bytes

pytestmark = pytest.mark.browser

MENTION = f"Accessibilité : {audit.level()}"


@pytest.fixture(scope="module")
def front_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("statement")
    url = f"sqlite:///{folder / 'front.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BTS_OUTBOX_DIR", str(folder / "outbox"))
        patch.setenv("BTS_SECRET_KEY", "front-and-actions-share-this")
        patch.setenv("BTS_VAR_DIR", str(folder / "var"))
        store = Store(url)
        store.migrate()
        with ServerThread(
            build_app(rasa_url="http://127.0.0.1:9", application=application_on(store)), free_port()
        ) as front:
            yield front.url
        store.dispose()


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def footer_mention(page) -> str:
    link = page.locator("footer").get_by_role("link", name=re.compile("^Accessibilité"))
    assert link.count() == 1, page.url
    assert link.get_attribute("href") == "/accessibilite"
    return norm(link.inner_text())


def test_the_statement_gives_the_measured_rate_contact_and_recourse(new_page, front_url):
    page = new_page()
    page.goto(f"{front_url}/accessibilite")
    assert page.title().startswith("Déclaration d'accessibilité")
    assert page.get_by_role("heading", level=1).inner_text() == "Déclaration d'accessibilité"
    text = norm(page.locator("main").inner_text())
    assert f"{audit.rate()} %" in text and "RGAA" in text and "4.1" in text
    assert f"{len(audit.CRITERIA)} applicables" in text
    assert audit.level() in text and audit.level() == "partiellement conforme"
    for criterion in audit.non_conformities():
        assert f"Critère {criterion.number}" in text
    rows = page.locator("table tbody tr")
    assert rows.count() == len(audit.CRITERIA)
    assert "Défenseur des droits" in text and "Libre réponse 71120" in text
    assert "conseiller" in text  # the contact
    assert footer_mention(page) == MENTION
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0


def test_every_page_names_its_accessibility_in_the_footer(new_page, front_url):
    page = new_page()
    page.goto(f"{front_url}/")
    assert footer_mention(page) == MENTION
    page.goto(f"{front_url}/nulle-part")
    assert footer_mention(page) == MENTION
    assert axe_violations(page) == []


def test_the_dossier_as_an_accessible_page_reached_by_its_download_token(new_page, front_url):
    revision = validate(dossier("01", "MARTIN", "03/05/2004"))
    token = current_app().store.create_download_token(revision.revision_id, timedelta(hours=1))
    page = new_page()
    page.goto(f"{front_url}/dossier/{token}")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Votre dossier")
    table = page.get_by_role("table", name=re.compile("^Dossier"))
    assert table.get_by_role("rowheader", name="Nom de famille").count() == 1
    assert "MARTIN" in table.inner_text()
    assert page.get_by_role("link", name=re.compile("PDF")).get_attribute("href") == f"/documents/{token}"
    assert footer_mention(page) == MENTION
    assert (
        page.locator("footer").get_by_role("link", name="Retour à l'assistant de pré-inscription").count()
        == 1
    )
    assert axe_violations(page) == []
    missing = httpx.get(f"{front_url}/dossier/inconnu", timeout=10)
    assert missing.status_code == 404 and "expiré" in missing.text


def test_the_upload_link_warns_before_it_expires_and_is_renewed_keeping_the_file(
    new_page, front_url, tmp_path
):
    paris = validate(dossier("01", "DURAND", "04/06/2004"))
    token = uploads.upload_token(paris.dossier_id, "front-and-actions-share-this")
    signed = tmp_path / "confirmation-signee.pdf"
    signed.write_bytes(pdf_bytes())
    page = new_page()
    page.clock.install()
    page.goto(f"{front_url}/pieces/{token}")
    assert footer_mention(page) == MENTION
    assert page.get_by_role("link", name="Retour à l'assistant de pré-inscription").count() == 1
    expect(page.locator("#delai")).to_contain_text("30")
    page.set_input_files("input[type=file]", str(signed))
    assert page.locator(".expiry").is_hidden()
    page.clock.run_for("25:01")  # five minutes before the end: the warning, and a way to renew
    warning = page.get_by_role("alert")
    assert "expire dans 5" in norm(warning.inner_text())
    renew = page.get_by_role("button", name="Prolonger le lien de 30 minutes")
    assert axe_violations(page) == []
    renew.click()
    expect(page.get_by_role("status")).to_contain_text("prolongé")
    renewed = page.evaluate("window.location.pathname").split("/")[-1]
    # A new link for the same dossier (the same one here, the tests' clock being stopped on the server).
    assert uploads.dossier_of_token(renewed, "front-and-actions-share-this") == paris.dossier_id
    assert "30" in page.get_by_role("status").inner_text()
    assert page.evaluate("document.querySelector('input[type=file]').files.length") == 1  # the file is kept
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "a bien été reçu" in page.locator("main").inner_text()
    # A link that is no longer valid cannot be renewed.
    refused = httpx.post(f"{front_url}/pieces/1.1.{'0' * 32}/prolonger", timeout=10)
    assert refused.status_code == 410 and "n'est plus valable" in refused.json()["error"]
