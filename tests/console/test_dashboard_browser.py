"""« Tableau de bord » and « Anciens candidats » in real Chromium: the charts and their tables, the import refused
with its lines then previewed and imported; axe-core finds no violation on these pages."""

from __future__ import annotations

import pytest

from tests.browser.chat import axe_violations, horizontal_overflow
from tests.console.test_reglements_browser import CHEF, CONSEILLER, console_url, log_in  # noqa: F401
from tests.unit.test_former import BROKEN, GOOD

pytestmark = pytest.mark.browser


def test_dashboard_has_figures_with_tables_and_no_axe_violation(new_page, console_url):  # noqa: F811
    page = new_page()
    log_in(page, console_url, CONSEILLER)
    page.get_by_role("link", name="Tableau de bord").click()
    page.wait_for_url("**/conseillers/tableau-de-bord")
    assert page.locator("h1").inner_text() == "Tableau de bord"
    assert page.locator("figure").count() == 5 and page.locator("figure svg[role=img]").count() == 5
    assert page.locator("figure table caption").count() >= 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0


def test_former_candidates_refused_then_imported(new_page, console_url, tmp_path):  # noqa: F811
    broken, good = tmp_path / "errone.csv", tmp_path / "anciens.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    page = new_page()
    log_in(page, console_url, CHEF)
    page.get_by_role("link", name="Anciens candidats").click()
    page.wait_for_url("**/conseillers/anciens-candidats")
    assert axe_violations(page) == []
    page.set_input_files("#fichier", str(broken))
    page.fill("#source", "Résultats 2026")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Fichier refusé")
    assert "errone.csv, ligne 2 : date_naissance" in page.locator("#erreurs").inner_text()
    assert axe_violations(page) == []
    page.set_input_files("#fichier", str(good))
    page.fill("#source", "Résultats 2026")
    page.get_by_role("button", name="Voir l'aperçu").click()
    page.wait_for_selector("text=Aperçu : rien n'est encore enregistré")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url("**/conseillers/anciens-candidats?publie=*")
    assert "2 candidat(s) ajouté(s)" in page.locator("[role=status]").inner_text()
    assert axe_violations(page) == []
