"""« Établissements ajoutés » through the front application in process: responsables only, the establishments
candidates typed, upload with every error and its line, publish (the text read again), found by the next
candidate's search, going back."""

from __future__ import annotations

import base64
import copy

import pytest

from registration.app import current_app
from registration.lists.kinds import establishments
from registration.lists.published import current_referentials
from tests.console.test_console_calendar import CHEF, app, directory, lists_context  # noqa: F401 - fixtures
from tests.console.test_console_http import console, form_token, log_in
from tests.unit.test_store import make_content

HEADER = "code,name,city,academie,type,specialites,postal_code,departement\n"
NEW_SCHOOL = (
    HEADER + "0759991C,Lycée des Métiers de la Mode,Paris 11e,01,PRIVE_SOUS_CONTRAT,32031213,75011,75\n"
)
BROKEN = (
    HEADER
    + "0759991D,Lycée à la mauvaise clé,Paris,01,PUBLIC,,75011,75\n"
    + "0750692V,Lycée Émile Dubois,Paris 14e,01,PUBLIC,,75014,75\n"
    + "0759992D,Lycée inconnu,Paris,99,PUBLIC,,75011,75\n"
    + "0331234M,Lycée de Bordeaux,Bordeaux,04,LYCEE,99999999,33000,33\n"
)


def upload(client, csrf: str, text: str, source: str = "Annuaire de l'éducation, fiche du 1er décembre 2026"):
    return client.post(
        "/conseillers/etablissements/apercu",
        data={"csrf": csrf, "source": source},
        files={"fichier": ("etablissements.csv", text.encode("utf-8"), "text/csv")},
    )


def found(name: str) -> list[str]:
    svc = current_app()
    return [e.code for e in current_referentials(svc.store, svc.refs).search_etablissements("01", name)]


async def test_typed_schools_errors_by_line_publish_search_and_go_back(app):  # noqa: F811
    typed = copy.deepcopy(make_content(email="mode@example.org"))
    typed["etablissement"] = {
        "code": None,
        "name": "Lycée des métiers de la mode",
        "city": "Paris",
        "type": "NON_REFERENCE",
        "unlisted": True,
    }
    current_app().store.validate(typed, academie_code="01", session=2027)
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/etablissements")
        assert home.status_code == 200 and "Lycée des métiers de la mode" in home.text
        csrf = form_token(home)

        broken = await upload(client, csrf, BROKEN)
        assert broken.status_code == 422
        text = broken.text.replace("&#39;", "'")
        for expected in (
            "ligne 2 : UAI invalide « 0759991D »",
            "ligne 3 : établissement 0750692V déjà dans la liste livrée",
            "ligne 4 : académie inconnue « 99 »",
            "ligne 5 : type « LYCEE » inconnu",
        ):
            assert expected in text, expected
        assert current_app().store.lists_generation() == 0

        preview = await upload(client, csrf, NEW_SCHOOL)
        assert preview.status_code == 200 and "0759991C ajouté : Lycée des Métiers de la Mode" in preview.text
        assert found("metiers de la mode") == []  # a preview stores nothing
        published = await client.post(
            "/conseillers/etablissements/publier",
            data={
                "csrf": csrf,
                "texte": base64.b64encode(NEW_SCHOOL.encode()).decode(),
                "nom": "etablissements.csv",
                "source": "Annuaire de l'éducation",
            },
        )
        assert published.status_code == 303
        assert found("lycee des metiers de la mode")[:1] == ["0759991C"]  # the next search finds it
        page = await client.get(published.headers["location"])
        assert "Version 1 publiée" in page.text and "0759991C" in page.text
        assert "publication établissements" in (await client.get("/conseillers/journal")).text

        back = await client.post("/conseillers/etablissements/revenir", data={"csrf": csrf, "version": "0"})
        assert back.status_code == 303 and found("lycee des metiers de la mode")[:1] != ["0759991C"]
        assert establishments.added(lists_context()) == ()


async def test_a_conseiller_gets_403(app):  # noqa: F811
    async with console(app) as client:
        await log_in(client)
        queue = await client.get("/conseillers/")
        assert "Établissements ajoutés" not in queue.text
        assert (await client.get("/conseillers/etablissements")).status_code == 403
        assert (await upload(client, form_token(queue), NEW_SCHOOL)).status_code == 403
    assert current_app().store.lists_generation() == 0


@pytest.mark.parametrize("text", ["", "code,name\n"])
async def test_an_empty_or_headless_file_is_refused(app, text):  # noqa: F811
    async with console(app) as client:
        await log_in(client, email=CHEF)
        csrf = form_token(await client.get("/conseillers/etablissements"))
        refused = await upload(client, csrf, text)
        assert refused.status_code == 422 and "Rien n'a été enregistré" in refused.text
