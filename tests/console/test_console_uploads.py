"""Documents candidates send, through the front application in process: the consultation's link, the web
upload form (the dossier read from the signed token only), refusals with nothing stored, and the console's list
and download, refused (403) to a conseiller of another académie."""

from __future__ import annotations

import pytest

from registration.app import current_app
from registration.dossier import uploads
from tests.console.test_console_dossiers import CRETEIL, app, directory, dossier, validate
from tests.console.test_console_http import console, log_in
from tests.unit.test_uploads import jpeg_with_metadata, pdf_bytes, pixel_bomb

__all__ = ["app", "directory"]


SECRET = "front-and-actions-share-this"


@pytest.fixture
def secret(monkeypatch, tmp_path):
    monkeypatch.setenv("BTS_SECRET_KEY", SECRET)
    monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path / "var"))


async def test_a_candidate_sends_documents_on_the_web_and_the_service_reads_them(app, secret, tmp_path):
    paris = validate(dossier("01", "MARTIN", "03/05/2004"))
    token = uploads.upload_token(paris.dossier_id, SECRET)
    async with console(app) as client:
        form = await client.get(f"/pieces/{token}")
        assert form.status_code == 200 and 'type="file"' in form.text
        sent = await client.post(
            f"/pieces/{token}", files={"piece": ("confirmation signée.pdf", pdf_bytes(), "application/pdf")}
        )
        assert sent.status_code == 200 and "a bien été reçu" in sent.text
        photo = await client.post(
            f"/pieces/{token}", files={"piece": ("scan.jpg", jpeg_with_metadata(), "image/jpeg")}
        )
        assert photo.status_code == 200
        for name, data, status in (
            ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", 422),
            ("programme.pdf", b"MZ\x90\x00" + b"\0" * 500, 422),
            ("grande.png", pixel_bomb(), 422),
            ("enorme.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024), 413),
        ):
            refused = await client.post(f"/pieces/{token}", files={"piece": (name, data, "application/pdf")})
            assert refused.status_code == status, name
            assert "pas été enregistr" in refused.text, name
        expired = await client.post(
            "/pieces/1.1.0123456789abcdef0123456789abcdef", files={"piece": ("a.pdf", pdf_bytes())}
        )
        assert expired.status_code == 404
    files = uploads.files_of(current_app().store, paris.dossier_id)
    assert [f.kind for f in files] == ["pdf", "jpeg"]
    assert len(list((tmp_path / "var" / "pieces" / str(paris.dossier_id)).iterdir())) == 2

    async with console(app) as client:
        await log_in(client)
        page = await client.get(f"/conseillers/dossiers/{paris.dossier_id}")
        assert "Pièces envoyées par le candidat" in page.text and "confirmation signée.pdf" in page.text
        got = await client.get(f"/conseillers/dossiers/{paris.dossier_id}/pieces/{files[0].id}")
        assert got.status_code == 200
        assert got.content.startswith(b"%PDF") and got.headers["content-type"] == "application/pdf"
        assert "attachment" in got.headers["content-disposition"]
        other = await client.get(f"/conseillers/dossiers/{paris.dossier_id + 1}/pieces/{files[0].id}")
        assert other.status_code == 404
    async with console(app) as client:
        await log_in(client, CRETEIL)
        refused = await client.get(f"/conseillers/dossiers/{paris.dossier_id}/pieces/{files[0].id}")
        assert refused.status_code == 403 and not refused.content.startswith(b"%PDF")


async def test_the_consultation_offers_the_upload_link_for_the_dossier_checked(app, secret):
    from registration.conversation.engine.turn import Services
    from registration.conversation.service import run_turn
    from registration.conversation.types import Turn

    paris = validate(dossier("01", "MARTIN", "03/05/2004"))
    sender = "web-" + "9" * 32
    svc = current_app()
    from registration.conversation.state import DraftState, Phase

    state = DraftState(phase=Phase.CONSULT_MENU)
    state.consult.number, state.consult.dossier_id = paris.number, paris.dossier_id
    state.consult.academie, state.consult.session = "01", 2027
    svc.store.save_draft(sender, state.to_dict())
    replies = run_turn(sender, Turn(text="envoyer un document"), Services.of(svc))
    links = [r.custom["url"] for r in replies if r.custom and r.custom.get("type") == "upload"]
    assert len(links) == 1
    token = links[0].rsplit("/", 1)[1]
    assert uploads.dossier_of_token(token, SECRET) == paris.dossier_id
