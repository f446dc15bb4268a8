"""« Calendrier des inscriptions » and « Établissements ajoutés » in real Chromium: a responsable sees the dates, a malformed file is refused
with its line numbers, a correct one is previewed and published, then the shipped calendar is restored; axe-core
finds no violation on these pages."""

from __future__ import annotations

import pytest

from tests.browser.chat import axe_violations, horizontal_overflow
from tests.console.test_reglements_browser import CHEF, console_url, log_in  # noqa: F401 - the console

pytestmark = pytest.mark.browser

HEADER = "academie,session,opens,closes,return_deadline,service_address\n"


def test_refuse_preview_publish_and_go_back(new_page, console_url, tmp_path):  # noqa: F811
    broken = tmp_path / "dates-erronees.csv"
    broken.write_text(
        HEADER + "99,2027,2026-10-05 09:00,2027-02-05 17:00,2027-02-19,Rectorat\n", encoding="utf-8"
    )
    good = tmp_path / "dates.csv"
    good.write_text(
        HEADER + "04,2027,2026-10-05 09:00,2027-02-05 17:00,2027-02-19,Rectorat de Bordeaux|33060 BORDEAUX\n",
        encoding="utf-8",
    )
    page = new_page()
    log_in(page, console_url, CHEF)
    page.get_by_role("link", name="Calendrier des inscriptions").click()
    page.wait_for_url("**/conseillers/calendrier")
    assert page.locator("h1").inner_text() == "Calendrier des inscriptions"
    assert "Session 2027 : dates par académie" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.set_input_files("#fichier", str(broken))
    page.fill("#source", "Note de service")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Calendrier refusé")
    assert "ligne 2 : académie inconnue « 99 »" in page.locator("#erreurs").inner_text()
    assert axe_violations(page) == []

    page.set_input_files("#fichier", str(good))
    page.fill("#source", "Note de service du recteur")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Aperçu : rien n'est encore enregistré")
    assert "clôture 29/01/2027 17:00 → 05/02/2027 17:00" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/conseillers/calendrier?publie=*")
    assert "publiée : elle s" in page.locator("[role=status]").inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0
    page.set_viewport_size({"width": 1024, "height": 768})

    page.get_by_role("button", name="Revenir à cette version (0)").click()
    page.wait_for_url("**/conseillers/calendrier?publie=*")
    assert "Retour à la version 0." in page.locator("main").inner_text()


def test_establishments_page_preview_and_publish(new_page, console_url, tmp_path):  # noqa: F811
    schools = tmp_path / "etablissements.csv"
    schools.write_text(
        "code,name,city,academie,type,specialites,postal_code,departement\n"
        "0759992D,Lycée des Arts appliqués,Paris 11e,01,PUBLIC,32031213,75011,75\n",
        encoding="utf-8",
    )
    page = new_page()
    log_in(page, console_url, CHEF)
    page.get_by_role("link", name="Établissements ajoutés").click()
    page.wait_for_url("**/conseillers/etablissements")
    assert page.locator("h1").inner_text() == "Établissements ajoutés"
    assert axe_violations(page) == []
    page.set_input_files("#fichier", str(schools))
    page.fill("#source", "Annuaire de l'éducation")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Aperçu : rien n'est encore enregistré")
    assert "0759992D ajouté" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url("**/conseillers/etablissements?publie=*")
    assert "Lycée des Arts appliqués" in page.locator("main").inner_text()
    assert axe_violations(page) == []
