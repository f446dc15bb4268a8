"""« Anciens candidats » through the front application in process: responsables only, upload, preview with every
error and its line (nothing stored), import of the text read again, in the journal."""

from __future__ import annotations

import base64
import html

from registration.app import current_app
from tests.console.test_console_calendar import CHEF, app, directory  # noqa: F401 - fixtures of this module
from tests.console.test_console_http import console, form_token, log_in
from tests.unit.test_former import BROKEN, GOOD


def upload(client, csrf: str, text: str, source: str = "Résultats de la session 2026"):
    return client.post(
        "/conseillers/anciens-candidats/apercu",
        data={"csrf": csrf, "source": source},
        files={"fichier": ("anciens.csv", text.encode("utf-8"), "text/csv")},
    )


async def test_a_conseiller_gets_403_and_no_menu_entry(app):  # noqa: F811
    async with console(app) as client:
        await log_in(client)
        queue = await client.get("/conseillers/")
        assert "Anciens candidats" not in queue.text and "Tableau de bord" in queue.text
        assert (await client.get("/conseillers/anciens-candidats")).status_code == 403
        assert (await upload(client, form_token(queue), GOOD)).status_code == 403
    assert current_app().store.count_former_candidates() == 0


async def test_errors_by_line_change_nothing_then_preview_and_import(app):  # noqa: F811
    store = current_app().store
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/anciens-candidats")
        assert home.status_code == 200 and "Anciens candidats enregistrés : <strong>0</strong>" in home.text
        assert "Aucun import pour l" in home.text
        csrf = form_token(home)

        broken = await upload(client, csrf, BROKEN)
        text = html.unescape(broken.text)
        assert broken.status_code == 422 and "Fichier refusé : 7 erreur(s)" in text
        assert "anciens.csv, ligne 2 : date_naissance" in text and "ligne 9 : le candidat" in text
        assert "Rien n'a été enregistré" in text and store.count_former_candidates() == 0

        preview = await upload(client, csrf, GOOD)
        text = html.unescape(preview.text)
        assert preview.status_code == 200 and "2 nouveau(x) candidat(s)" in text
        assert '<button class="fr-btn" type="submit">Importer</button>' in preview.text
        assert store.count_former_candidates() == 0  # a preview stores nothing

        tampered = base64.b64encode(BROKEN.encode()).decode()
        refused = await client.post(
            "/conseillers/anciens-candidats/publier",
            data={"csrf": csrf, "texte": tampered, "nom": "anciens.csv", "source": "x"},
        )
        assert refused.status_code == 422 and store.count_former_candidates() == 0

        encoded = base64.b64encode(GOOD.encode()).decode()
        done = await client.post(
            "/conseillers/anciens-candidats/publier",
            data={"csrf": csrf, "texte": encoded, "nom": "anciens.csv", "source": "Résultats 2026"},
        )
        assert done.status_code == 303 and done.headers["location"].endswith("?publie=2-0")
        assert store.find_former_candidate("202601000123", "03/04/2005") is not None
        page = html.unescape((await client.get(done.headers["location"])).text)
        assert "Import enregistré : 2 candidat(s) ajouté(s), 0 remplacé(s)" in page
        assert "Anciens candidats enregistrés : <strong>2</strong>" in page
        assert "Résultats 2026 ; 2 ajouté(s), 0 remplacé(s)" in page
        journal = html.unescape((await client.get("/conseillers/journal")).text)
        assert "import des anciens candidats" in journal
        # no version to go back to
        assert (
            await client.post("/conseillers/anciens-candidats/revenir", data={"csrf": csrf})
        ).status_code == 404
