"""Documents a Telegram candidate sends, through the real python-telegram-bot against the local Bot API server
(getFile and the file download included): joined to the dossier the chat consults, refused with the web page's
reasons and nothing stored, and outside a consultation the candidate is told to consult first."""

from __future__ import annotations

import pytest

from bot.telegram.bridge import sender_of
from registration.conversation.state import Consultation, DraftState, Phase
from registration.conversation.texts import TELEGRAM
from registration.dossier import uploads
from registration.store import Store
from tests.telegram.test_bridge import harness, rasa, user  # noqa: F401 - fixtures
from tests.unit.test_store import make_content
from tests.unit.test_uploads import pdf_bytes


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'telegram.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path / "var"))
    created = Store(url)
    created.migrate()
    yield created
    created.dispose()


def consulting(store: Store, chat_id: int) -> int:
    """A validated dossier, opened in this chat with its number and birth date (as the conversation leaves it)."""
    done = store.validate(make_content(), academie_code="01", session=2027)
    state = DraftState(
        phase=Phase.CONSULT_MENU,
        consult=Consultation(number=done.number, dossier_id=done.dossier_id, academie="01", session=2027),
    )
    store.save_draft(sender_of(chat_id), state.to_dict())
    return done.dossier_id


def send(user, name: str, data: bytes, mime: str = "application/pdf"):  # noqa: F811
    return user._act(lambda: user.harness.api.send_file(user.chat_id, name, data, mime), f"[{name}]")


def test_a_document_joins_the_dossier_consulted(user, store):  # noqa: F811
    dossier_id = consulting(store, user.chat_id)
    send(user, "confirmation signée.pdf", pdf_bytes())
    assert user.text == TELEGRAM["document_received"].format(name="confirmation signée.pdf")
    [stored] = uploads.files_of(store, dossier_id)
    assert (
        stored.kind == "pdf"
        and stored.channel == "telegram"
        and stored.original_name.startswith("confirmation")
    )
    assert [call for call in user.harness.api.calls if call[0] == "getFile"]  # fetched from Telegram


def test_a_file_that_is_not_what_it_claims_is_refused(user, store):  # noqa: F811
    dossier_id = consulting(store, user.chat_id)
    send(user, "page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert user.text == uploads.REFUSALS["type"]
    send(user, "archive.pdf", b"PK\x03\x04" + b"\0" * 100, "application/zip")
    assert user.text == uploads.REFUSALS["archive"]
    assert uploads.files_of(store, dossier_id) == []


def test_outside_a_consultation_the_candidate_is_told_to_consult_first(user, store):  # noqa: F811
    send(user, "confirmation.pdf", pdf_bytes())
    assert user.text == TELEGRAM["document_outside"]
    assert not [call for call in user.harness.api.calls if call[0] == "getFile"]  # nothing fetched
