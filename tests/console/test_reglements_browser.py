"""« Règlements d'examen » in real Chromium: a responsable uploads a table, sees the preview, publishes; a
malformed file is refused with its line numbers and nothing changes; going back to the previous version;
axe-core finds no violation on the new pages; a conseiller is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.front import build_app
from registration.security.attempts import AttemptGuard
from registration.staff.directory import StaffDirectory
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import axe_violations, horizontal_overflow
from tests.browser.conftest import free_port
from tests.browser.replay import ServerThread

pytestmark = pytest.mark.browser

PASSWORD = "tournesol-aux-pommes"
CHEF, CONSEILLER = "chef.examens@example.fr", "claire.martin@example.fr"
SHARED = Path(__file__).resolve().parents[2] / "referentials" / "sources" / "epreuves"
BATIMENT = "32023012"


@pytest.fixture(scope="module")
def console_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reglements")
    url = f"sqlite:///{folder / 'console.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BTS_OUTBOX_DIR", str(folder / "outbox"))
        store = Store(url)
        store.migrate()
        directory = StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"))
        directory.add(CHEF, PASSWORD, "responsable")
        directory.add(CONSEILLER, PASSWORD, "conseiller", ["01"])
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


def test_upload_preview_publish_refuse_and_go_back(new_page, console_url, tmp_path):  # noqa: F811
    page = new_page()
    log_in(page, console_url, CHEF)
    page.get_by_role("link", name="Règlements d'examen").click()
    page.wait_for_url("**/conseillers/reglements")
    assert page.locator("h1").inner_text() == "Règlements d'examen"
    assert "80 spécialités" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.select_option("#specialite", BATIMENT)
    page.set_input_files("#fichier", str(SHARED / f"{BATIMENT}.tsv"))
    page.fill("#source", "Arrêté du 23 juin 2011 (Bâtiment), annexe II c")
    page.locator("label[for=verifie]").click()  # the DSFR draws the box on the label
    assert page.is_checked("#verifie")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Aperçu : rien n'est encore enregistré")
    assert "Sous-épreuve E62 : implantation-essais" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(f"**/conseillers/reglements/{BATIMENT}?publie=1*")
    assert "Version 1 publiée" in page.locator("[role=status]").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0
    page.set_viewport_size({"width": 1024, "height": 768})

    changed = tmp_path / f"{BATIMENT}.tsv"
    changed.write_text(
        (SHARED / f"{BATIMENT}.tsv")
        .read_text(encoding="utf-8")
        .replace("\t4\tPonctuelle écrite, 4 h", "\t5\tPonctuelle écrite, 4 h", 1),
        encoding="utf-8",
    )
    page.set_input_files("#fichier", str(changed))
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(f"**/conseillers/reglements/{BATIMENT}?publie=2*")
    assert "E1 (coefficient 4 → 5)" in page.locator("main").inner_text()

    malformed = tmp_path / "malforme.tsv"
    malformed.write_text(
        "# Bâtiment; arrêté du 23 juin 2011; in force: yes\n"
        "unite\tepreuve\tintitule\tcoefficient\tfacultative\n"
        "U1\tE1\tCulture générale\t-2\tnon\n"
        "U1\tE2\tAnglais\t2\tpeut-être\n",
        encoding="utf-8",
    )
    page.set_input_files("#fichier", str(malformed))
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("#erreurs")
    errors = page.locator("#erreurs li").all_inner_texts()
    assert errors == [
        "ligne 3 : coefficient « -2 » : un nombre positif est attendu",
        "ligne 4 : facultative « peut-être » : « oui » ou « non » est attendu",
        "ligne 4 : unité U1 en double (déjà ligne 3)",
    ]
    assert page.get_by_role("button", name="Publier").count() == 0
    assert axe_violations(page) == []

    page.goto(console_url + f"reglements/{BATIMENT}")
    assert "2, publiée le" in page.locator("main").inner_text()  # nothing changed
    page.locator("form:has(input[name=version][value='1']) button").click()
    page.wait_for_url(f"**/conseillers/reglements/{BATIMENT}?publie=3*")
    history = page.locator("#historique + .fr-table tbody tr").first.inner_text()
    assert "Retour à la version 1" in history and "E1 (coefficient 5 → 4)" in history
    assert axe_violations(page) == []


def test_a_conseiller_is_refused(new_page, console_url):  # noqa: F811
    page = new_page()
    log_in(page, console_url, CONSEILLER)
    assert page.get_by_role("link", name="Règlements d'examen").count() == 0
    response = page.goto(console_url + "reglements")
    assert response.status == 403
    assert (
        "réservé" in page.locator("main").inner_text() or "responsables" in page.locator("main").inner_text()
    )
    assert axe_violations(page) == []
