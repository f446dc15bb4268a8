"""« Diplômes (acquis) » through the front application in process: responsables only, the lists in effect with
what is not verified, upload with every error and its line, publish (the text read again), in effect for the
next turn, going back, the journal."""

from __future__ import annotations

import base64

from registration.app import current_app
from registration.lists import service
from registration.lists.kinds import DIPLOMAS
from registration.lists.published import current_referentials
from tests.console.test_console_calendar import CHEF, app, directory, lists_context  # noqa: F401 - fixtures
from tests.console.test_console_http import console, form_token, log_in
from tests.unit.test_acquis_declared import CPI, UPLOAD

BROKEN = "specialite;code;intitule;epreuve;position;verifie\n32020009;X;Y;E9;BENEFICE;oui\n32020009;X;Y;E1;DISPENSE;\n"


def upload(client, csrf: str, text: str, source: str = "Arrêté de la spécialité, annexe des dispenses"):
    return client.post(
        "/conseillers/diplomes/apercu",
        data={"csrf": csrf, "source": source},
        files={"fichier": ("diplomes.csv", text.encode("utf-8"), "text/csv")},
    )


def in_effect() -> tuple:
    svc = current_app()
    return current_referentials(svc.store, svc.refs).diplomas_for(CPI)


async def test_lists_errors_by_line_publish_and_go_back(app):  # noqa: F811
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/diplomes")
        assert home.status_code == 200
        text = home.text.replace("&#39;", "'")
        assert "Conception des produits industriels (32020009)" in text  # among the specialties with no list
        assert "non vérifié" in text and "code inventé" in text  # the shipped file's invented codes, said so
        csrf = form_token(home)

        broken = await upload(client, csrf, BROKEN)
        assert broken.status_code == 422
        refused = broken.text.replace("&#39;", "'")
        assert "ligne 2 : épreuve « E9 » inconnue pour la spécialité 32020009" in refused
        assert "ligne 3 : verifie : « oui » ou « non » attendu" in refused

        preview = await upload(client, csrf, UPLOAD)
        assert preview.status_code == 200 and "32020009 : ajouté 320 - 20009" in preview.text
        assert in_effect() == ()  # a preview stores nothing
        published = await client.post(
            "/conseillers/diplomes/publier",
            data={
                "csrf": csrf,
                "texte": base64.b64encode(UPLOAD.encode()).decode(),
                "nom": "diplomes.csv",
                "source": "Arrêté de la spécialité",
            },
        )
        assert published.status_code == 303
        assert [d.code for d in in_effect()] == ["320 - 20009"]
        page = await client.get(published.headers["location"])
        assert "Version 1 publiée" in page.text and "liste publiée par le service" in page.text
        assert "publication diplômes" in (await client.get("/conseillers/journal")).text

        back = await client.post("/conseillers/diplomes/revenir", data={"csrf": csrf, "version": "0"})
        assert back.status_code == 303 and in_effect() == ()
        assert service.in_effect(DIPLOMAS, lists_context()).value == {}


async def test_a_conseiller_gets_403(app):  # noqa: F811
    async with console(app) as client:
        await log_in(client)
        queue = await client.get("/conseillers/")
        assert "Diplômes (acquis)" not in queue.text
        assert (await client.get("/conseillers/diplomes")).status_code == 403
        assert (await upload(client, form_token(queue), UPLOAD)).status_code == 403
    assert current_app().store.lists_generation() == 0
