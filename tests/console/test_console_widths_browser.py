"""No console page scrolls sideways, at 320 px (a phone) nor at 1280 px (a laptop), in real Chromium: a dossier
whose récapitulatif has long lines (épreuves, acquis, address), every page of the menu, as a responsable."""

from __future__ import annotations

import pytest

from bot.front import build_app
from registration.security.attempts import AttemptGuard
from registration.staff.directory import StaffDirectory
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import horizontal_overflow
from tests.browser.conftest import free_port
from tests.browser.replay import ServerThread
from tests.console.test_console_dossiers import dossier, validate
from tests.console.test_dossiers_browser import PASSWORD, log_in

pytestmark = pytest.mark.browser

CHEF = "chef@example.fr"
PAGES = (
    "",
    "dossiers",
    "tableau-de-bord",
    "nouveau-dossier",
    "journal",
    "reglements",
    "calendrier",
    "etablissements",
    "anciens-candidats",
    "notes",
)


@pytest.fixture(scope="module")
def console_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widths")
    url = f"sqlite:///{folder / 'console.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BTS_OUTBOX_DIR", str(folder / "outbox"))
        store = Store(url)
        store.migrate()
        directory = StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"))
        directory.add(CHEF, PASSWORD, "responsable")
        app = build_app(rasa_url="http://127.0.0.1:9", application=application_on(store))
        with ServerThread(app, free_port()) as front:
            yield front.url + "/conseillers/"
        store.dispose()


def long_dossier() -> dict:
    content = dossier("01", "DE LA FONTAINE-SAINT-ÉTIENNE-DU-GRAND-CHÊNE", "14/02/2006")
    content["residence"]["complement"] = "Résidence-des-Très-Longues-Allées-Bâtiment-C-Escalier-2-Porte-14B"
    content["epreuves"] = [
        {"code": f"E{n}", "title": "Épreuve-au-titre-très-long-" * 4 + str(n), "status": "INSCRIT"}
        for n in range(1, 9)
    ]
    content["acquis"] = [
        {
            "epreuve_code": "E1",
            "epreuve_title": "Culture-générale-et-expression-" * 5,
            "position": "BENEFICE",
            "note": 12.5,
            "annee": 2025,
            "academie": "Paris",
        }
    ]
    return content


def test_no_console_page_scrolls_sideways_at_320_or_1280_px(new_page, console_url):
    first = validate(long_dossier(), sender="web-" + "4" * 32)
    validate(long_dossier(), number=first.number)  # a second revision: what changed is a table too
    page = new_page()
    log_in(page, console_url, CHEF)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in (*PAGES, f"dossiers/{first.dossier_id}"):
            page.goto(console_url + path)
            page.wait_for_load_state("networkidle")
            assert horizontal_overflow(page) <= 0, f"{path} at {width} px: {horizontal_overflow(page)} px"
    page.goto(console_url + f"dossiers/{first.dossier_id}")
    assert "Épreuve-au-titre-très-long" in page.locator("pre.summary").first.inner_text()
