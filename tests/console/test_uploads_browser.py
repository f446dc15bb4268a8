"""The page where a candidate sends documents, in real Chromium: reached by the link of the consultation, a file
sent and acknowledged, a file that is not what it claims refused with nothing stored; axe-core on each state."""

from __future__ import annotations

import pytest

from bot.front import build_app
from registration.app import current_app
from registration.dossier import uploads
from registration.store import Store
from tests.application import application_on
from tests.browser.chat import axe_violations, horizontal_overflow
from tests.browser.conftest import free_port
from tests.browser.replay import ServerThread
from tests.console.test_console_dossiers import dossier, validate
from tests.unit.test_uploads import pdf_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def front_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pieces")
    url = f"sqlite:///{folder / 'front.sqlite3'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", url)
        patch.setenv("BTS_OUTBOX_DIR", str(folder / "outbox"))
        patch.setenv("BTS_SECRET_KEY", "front-and-actions-share-this")
        patch.setenv("BTS_VAR_DIR", str(folder / "var"))
        store = Store(url)
        store.migrate()
        with ServerThread(
            build_app(rasa_url="http://127.0.0.1:9", application=application_on(store)), free_port()
        ) as front:
            yield front.url
        store.dispose()


def test_send_a_signed_confirmation_and_be_refused_a_fake_pdf(new_page, front_url, tmp_path):
    paris = validate(dossier("01", "MARTIN", "03/05/2004"))
    token = uploads.upload_token(paris.dossier_id, "front-and-actions-share-this")
    signed = tmp_path / "confirmation-signee.pdf"
    signed.write_bytes(pdf_bytes())
    fake = tmp_path / "page.pdf"
    fake.write_bytes(b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")

    page = new_page()
    page.goto(f"{front_url}/pieces/{token}")
    assert page.locator("input[type=file]").count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) <= 0
    page.set_viewport_size({"width": 1024, "height": 768})

    page.set_input_files("input[type=file]", str(fake))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "pas été enregistr" in page.locator("body").inner_text()
    assert axe_violations(page) == []
    assert uploads.files_of(current_app().store, paris.dossier_id) == []

    page.goto(f"{front_url}/pieces/{token}")
    page.set_input_files("input[type=file]", str(signed))
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "a bien été reçu" in page.locator("body").inner_text()
    assert axe_violations(page) == []
    assert [f.kind for f in uploads.files_of(current_app().store, paris.dossier_id)] == ["pdf"]
