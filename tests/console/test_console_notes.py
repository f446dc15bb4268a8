"""« Notes d'information » through the front application in process: a responsable uploads each académie's PDF
note, joined to that académie's confirmation e-mails only (outbox), replaced, removed, journalled; conseillers
get 403."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from registration.app import current_app
from registration.dossier.finalise import finalize
from tests.console.test_console_dossiers import dossier
from tests.console.test_console_http import EMAIL, NOW, PASSWORD, console, form_token, log_in

CHEF = "chef.examens@example.fr"
NOTE = b"%PDF-1.4 note d'information de l'academie de Paris"


@pytest.fixture
def app(tmp_path, monkeypatch):
    from bot.front import build_app
    from registration.security.attempts import AttemptGuard
    from registration.staff.directory import StaffDirectory
    from registration.store import Store

    url = f"sqlite:///{tmp_path / 'notes.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("BTS_NOW", NOW.replace(tzinfo=None).isoformat())
    store = Store(url)
    store.migrate()
    staff = StaffDirectory(store, guard=AttemptGuard(store, limit=8, secret="k"))
    staff.add(EMAIL, PASSWORD, "conseiller", ["01"])
    staff.add(CHEF, PASSWORD, "responsable")
    application = build_app(rasa_url="http://127.0.0.1:9")
    yield application
    store.dispose()


def attachments(outbox: Path, to: str) -> list[str]:
    messages = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in outbox.glob("*.eml")]
    [message] = [m for m in messages if m["To"] == to]
    return [part.get_filename() for part in message.iter_attachments()]


async def test_each_academie_joins_its_own_note_to_its_confirmations(app, tmp_path):
    async with console(app) as client:
        await log_in(client)
        assert (await client.get("/conseillers/notes")).status_code == 403
    async with console(app) as client:
        await log_in(client, email=CHEF)
        page = await client.get("/conseillers/notes")
        assert page.status_code == 200 and "Aucune note déposée" in page.text
        csrf = form_token(page)
        refused = await client.post(
            "/conseillers/notes",
            data={"csrf": csrf, "academie": "01"},
            files={"fichier": ("note.txt", b"pas un PDF", "text/plain")},
        )
        assert refused.status_code == 422 and "pas un PDF" in refused.text
        done = await client.post(
            "/conseillers/notes",
            data={"csrf": csrf, "academie": "01"},
            files={"fichier": ("note-paris-2027.pdf", NOTE, "application/pdf")},
        )
        assert done.status_code == 303
        page = await client.get(done.headers["location"])
        assert "Note enregistrée" in page.text and "note-paris-2027.pdf" in page.text
        journal = await client.get("/conseillers/journal")
        assert "note d&#39;information" in journal.text or "note d'information" in journal.text

        svc = current_app()
        paris = finalize(
            svc.store,
            svc.refs,
            dossier("01", "MARTIN", "03/05/2004", email="paris@example.org"),
            settings=svc.settings,
        )
        creteil = finalize(
            svc.store,
            svc.refs,
            dossier("24", "BERTIN", "04/05/2004", email="creteil@example.org"),
            settings=svc.settings,
        )
        assert paris.mail_sent and creteil.mail_sent
        outbox = tmp_path / "outbox"
        assert attachments(outbox, "paris@example.org") == [paris.filename, "note-paris-2027.pdf"]
        assert attachments(outbox, "creteil@example.org") == [creteil.filename]  # Créteil has none
        assert svc.store.information_note("01") == ("note-paris-2027.pdf", NOTE)

        removed = await client.post("/conseillers/notes/retirer", data={"csrf": csrf, "academie": "01"})
        assert removed.status_code == 303 and svc.store.information_note("01") is None
