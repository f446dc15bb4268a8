"""Documents sent by candidates: what is accepted and how it is cleaned, what is refused (and nothing stored),
the upload tokens."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfWriter

from registration.dossier import uploads
from registration.settings import PARIS
from registration.store import Store
from tests.samples import paris_candidate


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_with_metadata() -> bytes:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    exif[0x8825] = {2: (48.0, 51.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"hidden comment")
    return out.getvalue() + b"<script>trailing</script>"


def png_bytes(size=(32, 32), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'uploads.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BTS_VAR_DIR", str(tmp_path / "var"))
    db = Store(url)
    db.migrate()
    yield db
    db.dispose()


def a_dossier(store: Store) -> int:
    revision = store.validate(
        paris_candidate(),
        academie_code="01",
        session=2027,
        dossier_number=None,
        validated_at=datetime(2026, 11, 26, 10, 0, tzinfo=PARIS),
        channel="web",
        sender_id="web-" + "a" * 32,
    )
    return revision.dossier_id


def test_a_pdf_is_kept_as_sent_and_an_image_is_re_encoded_without_metadata(store, tmp_path):
    dossier_id = a_dossier(store)
    pdf = pdf_bytes()
    stored = uploads.receive(store, dossier_id, pdf, "../../etc/confirmation signée.pdf", "web")
    assert stored.kind == "pdf" and stored.original_name == "confirmation signée.pdf"
    data, media_type, _ = uploads.read_file(store, dossier_id, stored.id)
    assert data == pdf and media_type == "application/pdf"

    photo = uploads.receive(store, dossier_id, jpeg_with_metadata(), "photo.jpg", "telegram")
    data, media_type, _ = uploads.read_file(store, dossier_id, photo.id)
    assert media_type == "image/jpeg" and b"secret description" not in data and b"hidden comment" not in data
    assert b"<script>" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (64, 48) and not image.getexif()

    png = uploads.receive(store, dossier_id, png_bytes(), "scan.png", "web")
    assert png.kind == "png"
    folder = tmp_path / "var" / "pieces" / str(dossier_id)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and not any("confirmation" in n or "photo" in n for n in names)
    assert all((folder / n).stat().st_mode & 0o077 == 0 for n in names)
    assert [f.id for f in uploads.files_of(store, dossier_id)] == [stored.id, photo.id, png.id]
    assert uploads.read_file(store, dossier_id + 1, stored.id) is None  # another dossier's file: not found
    assert uploads.erase_files(store, dossier_id, reason="essai") == 3
    assert not folder.exists() and uploads.files_of(store, dossier_id) == []


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("confirmation.pdf", b"\0" * 20_000_000)
    return out.getvalue()


def pixel_bomb() -> bytes:
    """A 1-bit PNG of 20 000 × 20 000 pixels: a few kilobytes that would take 400 million pixels to open."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("html renamed .pdf", lambda: b"<!DOCTYPE html><html><body>%PDF-1.4</body></html>", "type"),
        ("program renamed .pdf", lambda: b"\x7fELF\x02\x01\x01" + b"\0" * 200, "type"),
        ("windows program renamed .pdf", lambda: b"MZ\x90\x00" + b"\0" * 200, "type"),
        ("zip bomb", zip_bomb, "archive"),
        ("50 MB image", lambda: b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024), "too_big"),
        ("decompression bomb", pixel_bomb, "pixels"),
        ("truncated jpeg", lambda: jpeg_with_metadata()[:40], "image"),
        ("broken pdf", lambda: b"%PDF-1.7\n" + b"garbage" * 50, "pdf"),
        ("empty", lambda: b"", "empty"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    store, tmp_path, name, make, reason
):
    dossier_id = a_dossier(store)
    with pytest.raises(uploads.Refused) as refused:
        uploads.receive(store, dossier_id, make(), "confirmation.pdf", "web")
    assert refused.value.reason == reason, name
    assert "enregistré" in refused.value.message
    assert uploads.files_of(store, dossier_id) == []
    folder = tmp_path / "var" / "pieces" / str(dossier_id)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_upload_token_names_one_dossier_for_a_short_time(monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:00:00")
    token = uploads.upload_token(42, secret="k")
    assert token and uploads.dossier_of_token(token, secret="k") == 42
    assert uploads.dossier_of_token(token, secret="other") is None
    forged = "43" + token[2:]
    assert uploads.dossier_of_token(forged, secret="k") is None
    assert uploads.upload_token(42, secret="") is None
    monkeypatch.setenv("BTS_NOW", "2026-11-26T10:31:00")
    assert uploads.dossier_of_token(token, secret="k") is None
