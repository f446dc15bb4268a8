"""« Règlements d'examen » through the front application in process: responsables only, upload, preview with
every error, publish (the text read again), going back, dossiers to complete, CSRF on every change."""

from __future__ import annotations

import base64
import copy
import re
from pathlib import Path

import pytest

from registration.app import current_app
from registration.lists import service
from registration.lists.kinds import EXAM_TABLES
from tests.console.test_console_calendar import lists_context
from tests.console.test_console_http import EMAIL, NOW, PASSWORD, console, form_token, log_in
from tests.unit.test_store import make_content

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "referentials" / "sources" / "epreuves"
CHEF = "chef.examens@example.fr"
BATIMENT = "32023012"


@pytest.fixture
def directory(tmp_path, monkeypatch):
    from registration.security.attempts import AttemptGuard
    from registration.staff.directory import StaffDirectory
    from registration.store import Store

    url = f"sqlite:///{tmp_path / 'reglements.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    store = Store(url)
    store.migrate()
    staff = StaffDirectory(store, guard=AttemptGuard(store, limit=8, secret="k"))
    staff.add(EMAIL, PASSWORD, "conseiller", ["01"])
    staff.add(CHEF, PASSWORD, "responsable")
    yield staff
    store.dispose()


@pytest.fixture
def app(directory):
    from bot.front import build_app

    application = build_app(rasa_url="http://127.0.0.1:9")
    return application


def upload(client, csrf: str, data: bytes, name: str = f"{BATIMENT}.tsv", **fields: str):
    return client.post(
        "/conseillers/reglements/apercu",
        data={"csrf": csrf, **fields},
        files={"fichier": (name, data, "text/tab-separated-values")},
    )


def hidden(page, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page.text)
    assert match, page.text
    return match.group(1)


async def test_a_conseiller_gets_403_and_no_menu_entry(app):
    async with console(app) as client:
        await log_in(client)
        queue = await client.get("/conseillers/")
        assert "Règlements d&#39;examen" not in queue.text
        assert (await client.get("/conseillers/reglements")).status_code == 403
        assert (await client.get(f"/conseillers/reglements/{BATIMENT}")).status_code == 403
        csrf = form_token(queue)
        refused = await upload(client, csrf, (SHARED / f"{BATIMENT}.tsv").read_bytes())
        assert refused.status_code == 403
        assert (
            await client.post(
                f"/conseillers/reglements/{BATIMENT}/revenir", data={"csrf": csrf, "version": "0"}
            )
        ).status_code == 403
    assert current_app().store.lists_generation() == 0


async def test_upload_preview_publish_and_go_back(app, tmp_path):
    old = copy.deepcopy(make_content(email="ancien@example.org"))
    old["specialite"] = {"code": BATIMENT, "title": "Bâtiment", "option": None}
    current_app().store.validate(old, academie_code="01", session=2027)
    async with console(app) as client:
        await log_in(client, email=CHEF)
        home = await client.get("/conseillers/reglements")
        assert home.status_code == 200 and "Règlements d&#39;examen" in home.text
        assert "80 spécialités : 0 vérifiées" in home.text and "<caption>" in home.text
        csrf = form_token(home)
        assert (await upload(client, "faux", b"x")).status_code == 403  # CSRF, even for a file
        text = (SHARED / f"{BATIMENT}.tsv").read_bytes()
        preview = await upload(client, csrf, text, name="batiment.tsv", specialite=BATIMENT, verifie="1")
        assert preview.status_code == 200, preview.text
        assert "Aperçu" in preview.text and "Sous-épreuve E62 : implantation-essais" in preview.text
        assert "vérifié" in preview.text and "1 dossier(s)" in preview.text
        assert current_app().store.lists_generation() == 0  # nothing stored by the preview
        assert base64.b64decode(hidden(preview, "texte")) == text
        tampered = text.replace(b"\t4\tPonctuelle", b"\t-4\tPonctuelle", 1)
        refused = await client.post(
            "/conseillers/reglements/publier",
            data={"csrf": csrf, "texte": base64.b64encode(tampered).decode(), "specialite": BATIMENT},
        )
        assert refused.status_code == 422 and "ligne 7 : coefficient « -4 »" in refused.text
        assert current_app().store.lists_generation() == 0
        published = await client.post(
            "/conseillers/reglements/publier",
            data={
                "csrf": csrf,
                "texte": hidden(preview, "texte"),
                "specialite": BATIMENT,
                "source": "",
                "date": "",
                "verifie": "1",
            },
            follow_redirects=False,
        )
        assert published.status_code == 303
        assert published.headers["location"] == f"/conseillers/reglements/{BATIMENT}?publie=1&courriels=1"
        page = await client.get(published.headers["location"])
        assert "Version 1 publiée" in page.text and "1 candidat(s) prévenu(s)" in page.text
        assert "MARTIN" in page.text and "version 0 (à vérifier)" in page.text  # to complete
        assert "Revenir à cette version" in page.text
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
        table = service.latest(EXAM_TABLES, lists_context(), BATIMENT)
        assert table is not None and table.value.level == "verifie" and table.published_by == CHEF
        back = await client.post(
            f"/conseillers/reglements/{BATIMENT}/revenir",
            data={"csrf": csrf, "version": "0"},
            follow_redirects=False,
        )
        assert back.status_code == 303
        restored = service.latest(EXAM_TABLES, lists_context(), BATIMENT)
        assert restored is not None and restored.restores == 0
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2  # a new version: told once more
        journal = await client.get("/conseillers/journal")
        assert "publication règlement" in journal.text and "retour règlement" in journal.text


async def test_a_malformed_file_is_refused_with_every_line(app):
    async with console(app) as client:
        await log_in(client, email=CHEF)
        csrf = form_token(await client.get("/conseillers/reglements"))
        bad = (
            "# Bâtiment; arrêté du 23 juin 2011; in force: yes\n"
            "unite\tepreuve\tintitule\tcoefficient\tfacultative\n"
            "U1\tE1\tCulture générale\t-2\tnon\n"
            "U1\tE2\tAnglais\t2\tpeut-être\n"
        ).encode()
        refused = await upload(client, csrf, bad)
        assert refused.status_code == 422
        for line in (
            "ligne 3 : coefficient « -2 » : un nombre positif est attendu",
            "ligne 4 : facultative « peut-être » : « oui » ou « non » est attendu",
            "ligne 4 : unité U1 en double (déjà ligne 3)",
        ):
            assert line in refused.text
        assert 'role="alert"' in refused.text and "Publier" not in refused.text
        unknown = await upload(client, csrf, bad, name="inconnu.tsv")
        assert unknown.status_code == 422 and "Spécialité « inconnu » inconnue" in unknown.text
        binary = await upload(client, csrf, b"\x00\x01PK")
        assert binary.status_code == 422 and "pas un fichier texte" in binary.text
        superseded = await upload(client, csrf, (SHARED / "32031311.tsv").read_bytes(), name="32031311.tsv")
        assert superseded.status_code == 422 and "ligne 1 : texte marqué « superseded »" in superseded.text
    assert current_app().store.lists_generation() == 0
