"""The dossiers in the console, through the front application in process: scope by académie, search and
filters, a dossier's page and PDFs, the signed confirmation's state (history, audit, e-mail, consultation),
and the exports."""

from __future__ import annotations

import copy
import csv
import io
import json
from email import policy
from email.parser import BytesParser

import pytest

from registration.app import current_app
from tests.console.test_console_http import EMAIL, NOW, PASSWORD, console, form_token, log_in
from tests.samples import paris_candidate

CRETEIL = "creteil@example.fr"


def dossier(academie: str = "01", name: str = "LEFÈVRE", birth: str = "14/02/2006", **changes) -> dict:
    content = paris_candidate()
    content["academie"] = {"code": academie, "name": {"01": "Paris", "24": "Créteil"}[academie]}
    content["etat_civil"].update(nom=name, date_naissance=birth)
    content.update(changes)
    return content


def validate(content: dict, sender: str = "web-" + "f" * 32, number: int | None = None):
    svc = current_app()
    revision = svc.store.validate(
        content,
        academie_code=content["academie"]["code"],
        session=2027,
        dossier_number=number,
        validated_at=NOW,
        channel=sender.split("-")[0],
        sender_id=sender,
    )
    svc.store.attach_pdf(revision.revision_id, b"%PDF-1.4 revision " + str(revision.revision).encode())
    return revision


@pytest.fixture
def app(directory, tmp_path, monkeypatch):
    from bot.front import build_app

    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    application = build_app(rasa_url="http://127.0.0.1:9")
    return application


@pytest.fixture
def directory(tmp_path, monkeypatch):
    from registration.security.attempts import AttemptGuard
    from registration.staff.directory import StaffDirectory
    from registration.store import Store

    url = f"sqlite:///{tmp_path / 'dossiers.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    store = Store(url)
    store.migrate()
    staff = StaffDirectory(store, guard=AttemptGuard(store, limit=50, secret="k"))
    staff.add(EMAIL, PASSWORD, "conseiller", ["01"])
    staff.add(CRETEIL, PASSWORD, "conseiller", ["24"])
    staff.add("chef@example.fr", PASSWORD, "responsable", [])
    yield staff
    store.dispose()


async def test_a_conseiller_finds_the_dossiers_of_their_academies_only(app):
    paris = validate(dossier("01", "MARTIN", "03/05/2004", former_candidate_number="202501123456"))
    validate(dossier("01", "DURAND", "01/01/2000"), sender="telegram-42")
    creteil = validate(dossier("24", "MARTINEZ", "03/05/2004"))
    async with console(app) as client:
        await log_in(client)
        page = await client.get("/conseillers/dossiers")
        assert page.status_code == 200 and "2 dossiers." in page.text
        assert "MARTIN" in page.text and "MARTINEZ" not in page.text
        for query, found in (
            ("q=mart", "MARTIN"),
            ("q=03/05/2004", "MARTIN"),
            (f"q={paris.number}", "MARTIN"),
            ("q=2025 01 123456", "MARTIN"),
            ("canal=telegram", "DURAND"),
            ("etat=attente&tri=nom", "DURAND"),
        ):
            listed = await client.get(f"/conseillers/dossiers?{query}")
            assert found in listed.text, query
        only = await client.get("/conseillers/dossiers?q=durand")
        assert "1 dossier." in only.text and "MARTIN " not in only.text
        assert "en attente de la confirmation signée : 1" in only.text
        none = await client.get("/conseillers/dossiers?du=2026-11-28")
        assert "0 dossiers." in none.text
        refused = await client.get(f"/conseillers/dossiers/{creteil.dossier_id}")
        assert refused.status_code == 403 and "MARTINEZ" not in refused.text
        pdf = await client.get(f"/conseillers/dossiers/{creteil.dossier_id}/revisions/0.pdf")
        assert pdf.status_code == 403 and not pdf.content.startswith(b"%PDF")
        csrf = form_token(page)
        changed = await client.post(
            f"/conseillers/dossiers/{creteil.dossier_id}/etat", data={"csrf": csrf, "etat": "recue"}
        )
        assert changed.status_code == 403
        exported = await client.get("/conseillers/dossiers/export.csv")
        assert "MARTINEZ" not in exported.text and exported.text.count("\r\n") == 3
    async with console(app) as client:
        await log_in(client, CRETEIL)
        listed = await client.get("/conseillers/dossiers?q=mart")
        assert "MARTINEZ" in listed.text and "1 dossier." in listed.text


async def test_a_dossier_page_shows_every_revision_its_pdf_and_what_changed(app):
    first = validate(dossier("01", "MARTIN"))
    changed = dossier("01", "MARTIN")
    changed["email"] = "nouvelle@example.org"
    validate(changed, number=first.number)
    async with console(app) as client:
        await log_in(client)
        page = await client.get(f"/conseillers/dossiers/{first.dossier_id}")
        assert page.status_code == 200
        assert f"Révision {first.number} – 1" in page.text and f"Révision {first.number} – 0" in page.text
        assert "Adresse électronique" in page.text and "nouvelle@example.org" in page.text
        for revision in (0, 1):
            pdf = await client.get(f"/conseillers/dossiers/{first.dossier_id}/revisions/{revision}.pdf")
            assert pdf.status_code == 200 and pdf.content == b"%PDF-1.4 revision " + str(revision).encode()
            assert pdf.headers["content-type"] == "application/pdf"
        assert (
            await client.get(f"/conseillers/dossiers/{first.dossier_id}/revisions/7.pdf")
        ).status_code == 404


async def test_a_confirmation_received_is_recorded_audited_mailed_and_read_in_the_consultation(app, tmp_path):
    revision = validate(dossier("01", "MARTIN", "03/05/2004"))
    url = f"/conseillers/dossiers/{revision.dossier_id}"
    async with console(app) as client:
        await log_in(client)
        csrf = form_token(await client.get(url))
        refused = await client.post(url + "/etat", data={"csrf": csrf, "etat": "annule", "detail": ""})
        assert refused.status_code == 422 and "Indiquez le motif" in refused.text
        done = await client.post(
            url + "/etat",
            data={"csrf": csrf, "etat": "recue", "recue_le": "2026-11-26"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        page = await client.get(done.headers["location"])
        assert "confirmation reçue le 26/11/2026" in page.text and "informé par courriel" in page.text
        late = await client.post(
            url + "/etat",
            data={"csrf": csrf, "etat": "incomplet", "detail": "copie de la pièce d'identité"},
            follow_redirects=True,
        )
        assert late.status_code == 200  # followed to the page
        assert "pièces manquantes : copie de la pièce d&#39;identité" in late.text
    mails = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(mails) == 2
    first = BytesParser(policy=policy.default).parsebytes(mails[0].read_bytes())
    assert first["To"] == "zoe.lefevre@example.org" or "@" in first["To"]
    assert "confirmation reçue le 26/11/2026" in first.get_body().get_content()
    view = current_app().store.find_dossiers(revision.number, "03/05/2004")[0]
    assert (view.status, view.status_detail) == ("incomplet", "copie de la pièce d'identité")
    from registration.helpdesk import AuditLog

    entries = AuditLog(current_app().store).entries(subject=f"dossier:{revision.dossier_id}")
    assert [e.action for e in entries] == ["état du dossier", "état du dossier"]
    assert entries[-1].before == "en attente de la confirmation signée"


async def test_a_confirmation_after_the_return_deadline_is_flagged_late(app):
    revision = validate(dossier("01"))
    async with console(app) as client:
        await log_in(client)
        url = f"/conseillers/dossiers/{revision.dossier_id}"
        csrf = form_token(await client.get(url))
        page = await client.post(
            url + "/etat",
            data={"csrf": csrf, "etat": "recue", "recue_le": "2027-02-13"},
            follow_redirects=True,
        )
        assert "confirmation reçue le 13/02/2027 (hors délai)" in page.text


async def test_the_exports_are_for_french_spreadsheets_and_json_lines_and_journaled(app):
    content = dossier("01", "MARTIN", "03/05/2004")
    content["acquis"] = [
        {
            "epreuve_code": "E1",
            "epreuve_title": "Culture générale",
            "position": "BENEFICE",
            "note": 12.5,
            "annee": 2025,
            "academie": "Paris",
        }
    ]
    validate(content)
    async with console(app) as client:
        await log_in(client, "chef@example.fr")
        exported = await client.get("/conseillers/dossiers/export.csv")
        assert exported.headers["content-type"].startswith("text/csv")
        assert exported.content.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
        assert len(rows) == 1 and rows[0]["nom"] == "MARTIN" and rows[0]["date_validation"] == "27/11/2026"
        assert rows[0]["acquis"] == "E1 Culture générale : BENEFICE 12,5/20 (2025, Paris)"
        assert rows[0]["etat"] == "en attente de la confirmation signée"
        lines = (await client.get("/conseillers/dossiers/export.jsonl")).text.splitlines()
        assert json.loads(lines[0])["acquis"][0]["note"] == 12.5
        journal = await client.get("/conseillers/journal")
        assert journal.text.count("export des dossiers") == 2
    from registration.backoffice.export import HEADER

    documented = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "export.md").read_text()
    assert all(f"`{name}`" in documented for name in HEADER)


def test_revisions_compare_field_by_field():
    from registration.backoffice.records import changes_between

    before = paris_candidate()
    after = copy.deepcopy(before)
    after["etat_civil"]["prenoms"] = "Zoé"
    changes = changes_between(before, after)
    assert [(c.field, c.before, c.after) for c in changes] == [("Prénoms", "Zoé Françoise", "Zoé")]


async def test_probable_duplicates_are_listed_until_the_service_cancels_one(app):
    """Two dossiers of one person and specialty (names written differently) are listed together, within the
    conseiller's académies; cancelling one resolves the group."""
    first = validate(dossier("01", "DOUBLON", "07/07/2005"))
    second = validate(dossier("01", "Doublon", "07/07/2005"), sender="telegram-77")
    validate(dossier("01", "DOUBLON", "08/07/2005"))  # another birth date: another person
    other_specialty = dossier("01", "DOUBLON", "07/07/2005")
    other_specialty["specialite"] = {**other_specialty["specialite"], "code": "32033401"}
    validate(other_specialty)
    validate(dossier("24", "MARTINEZ", "03/05/2004"))
    validate(dossier("24", "Martinez", "03/05/2004"))  # Créteil's: not this conseiller's
    async with console(app) as client:
        await log_in(client)
        listed = await client.get("/conseillers/dossiers")
        assert 'href="/conseillers/dossiers/doublons"' in listed.text
        page = await client.get("/conseillers/dossiers/doublons")
        assert page.status_code == 200 and "1 groupe de doublons probables." in page.text
        assert f"/conseillers/dossiers/{first.dossier_id}" in page.text
        assert f"/conseillers/dossiers/{second.dossier_id}" in page.text
        assert "MARTINEZ" not in page.text.upper() and "08/07/2005" not in page.text
        changed = await client.post(
            f"/conseillers/dossiers/{second.dossier_id}/etat",
            data={"csrf": form_token(page), "etat": "annule", "detail": "doublon du dossier " + first.label},
        )
        assert changed.status_code in (200, 303), changed.text[-500:]
        resolved = await client.get("/conseillers/dossiers/doublons")
        assert "0 groupe de doublons probables." in resolved.text
