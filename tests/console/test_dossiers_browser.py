"""The back office in real Chromium: a request follows its draft to another académie (the defect reproduced
and fixed); search → open a dossier → « confirmation reçue » → the candidate reads it in the consultation and
gets the e-mail; a conseiller of another académie gets 403 and none of the rows; axe-core on every new page."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from bot.front import build_app
from registration.app import current_app
from registration.conversation.engine.turn import Services
from registration.conversation.state import DraftState
from registration.security.attempts import AttemptGuard
from registration.staff.directory import StaffDirectory
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import axe_violations, horizontal_overflow
from tests.browser.conftest import free_port
from tests.browser.replay import ServerThread
from tests.console.test_console_dossiers import dossier, validate
from tests.console.test_console_requests import address
from tests.unit.test_conversation import Chat

pytestmark = pytest.mark.browser

PASSWORD = "tournesol-aux-pommes"
PARIS, CRETEIL = "paris@example.fr", "creteil@example.fr"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("backoffice")


@pytest.fixture(scope="module")
def console_url(folder):
    url = f"sqlite:///{folder / 'console.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BTS_OUTBOX_DIR", str(folder / "outbox"))
        store = Store(url)
        store.migrate()
        directory = StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"))
        directory.add(PARIS, PASSWORD, "conseiller", ["01"])
        directory.add(CRETEIL, PASSWORD, "conseiller", ["24"])
        app = build_app(rasa_url="http://127.0.0.1:9", application=application_on(store))
        with ServerThread(app, free_port()) as front:
            yield front.url + "/conseillers/"
        store.dispose()


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "connexion")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(url)


def test_a_request_made_before_the_address_follows_the_draft_to_paris(new_page, console_url):  # noqa: F811
    svc = current_app()
    sender = "web-" + "1" * 32
    state = DraftState(answers={"start": "new", "former": False, "nom": "MARTIN", "prenoms": "Léa"})
    svc.store.save_draft(sender, state.to_dict())
    request_id = svc.desk.open_request(
        sender,
        "Le candidat a demandé un conseiller",
        state.to_dict(),
        academie_code=None,
        step="date_naissance",
    )
    page = new_page()
    log_in(page, console_url, CRETEIL)
    assert f"Demande n° {request_id}" in page.locator("#file").inner_text()  # académie not known: every one

    state.answers.update(address("01"))  # the candidate goes on while waiting: a Paris address
    svc.store.save_draft(sender, state.to_dict())
    page.reload()
    page.wait_for_function("() => !document.querySelector('#file').textContent.includes('Demande n°')")
    response = page.goto(console_url + f"demandes/{request_id}")
    assert response is not None and response.status == 403
    assert "Accès refusé" in page.locator("h1").inner_text()
    assert (
        "MARTIN" not in page.content() and page.get_by_role("button", name="Prendre en charge").count() == 0
    )

    other = new_page()
    log_in(other, console_url, PARIS)
    other.goto(console_url + f"demandes/{request_id}")
    facts = other.locator("dl.facts").inner_text()
    assert "Paris" in facts and "non déterminée" not in facts and "date_naissance" not in facts


def test_search_open_mark_received_then_the_candidate_reads_it(new_page, console_url, folder):  # noqa: F811
    mine = validate(dossier("01", "BERTRAND", "21/03/2005"), sender="web-" + "2" * 32)
    other = validate(dossier("24", "BERTIN", "21/03/2005"), sender="telegram-77")
    page = new_page()
    log_in(page, console_url, PARIS)
    page.get_by_role("link", name="Dossiers").click()
    page.wait_for_url("**/conseillers/dossiers")
    assert axe_violations(page) == []
    page.fill("#q", "bert")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/dossiers?q=bert*")
    assert "1 dossier." in page.locator("#compte").inner_text()
    assert "BERTIN" not in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0
    page.set_viewport_size({"width": 1024, "height": 768})

    page.get_by_role("link", name=f"{mine.number} – 0").click()
    page.wait_for_url(f"**/dossiers/{mine.dossier_id}")
    assert "en attente de la confirmation signée" in page.locator("#etat-actuel").inner_text()
    assert axe_violations(page) == []
    page.select_option("#etat", "recue")
    page.fill("#recue_le", "2026-11-26")
    page.get_by_role("button", name="Enregistrer l'état").click()
    page.wait_for_selector("[role=status]")
    assert page.locator("#etat-actuel").inner_text() == "confirmation reçue le 26/11/2026"
    assert "informé par courriel" in page.locator("[role=status]").inner_text()
    assert axe_violations(page) == []

    for url in (f"dossiers/{other.dossier_id}", f"dossiers/{other.dossier_id}/revisions/0.pdf"):
        response = page.goto(console_url + url)
        assert response is not None and response.status == 403, url

    chat = Chat(Services.of(current_app()), "web-" + "3" * 32)
    chat.say("bonjour", "greet", 1.0).click("Consulter")
    chat.say(str(mine.number)).say("21/03/2005")
    assert "Confirmation signée : confirmation reçue le 26/11/2026." in chat.text

    (mail,) = [
        BytesParser(policy=policy.default).parsebytes(p.read_bytes())
        for p in Path(folder / "outbox").glob("*etat*.eml")
    ]
    assert "confirmation reçue" in mail["Subject"] and mail["To"] == dossier()["email"]
