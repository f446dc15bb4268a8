"""The end of a dossier's life: documents then dossiers erased by the retention job a configured number of months
after their session's results, each erasure journalled; documents journalled when received, viewed and erased;
a restored backup loses again what had expired (real SQLite store, real files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from registration.dossier import uploads
from registration.helpdesk.audit import AuditLog
from registration.operations import backup, retention
from registration.operations.backup.cli import main as backup_main
from registration.settings import get_settings
from registration.store import Store
from tests.unit.test_store import make_content
from tests.unit.test_uploads import png_bytes


def url_of(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'bts.sqlite3'}"


@pytest.fixture
def store(tmp_path, monkeypatch):
    var_dir = tmp_path / "var"
    monkeypatch.setenv("BTS_VAR_DIR", str(var_dir))
    monkeypatch.setenv("DATABASE_URL", url_of(var_dir))
    monkeypatch.setenv("BTS_NOW", "2025-03-01T10:00:00")
    store = Store(url_of(var_dir))
    store.migrate()
    yield store
    store.dispose()


def at(monkeypatch, moment: str) -> None:
    monkeypatch.setenv("BTS_NOW", moment)


def dossier_with_document(store: Store, session: int, name: str) -> tuple[int, int]:
    content = make_content(nom=name, email=f"{name.lower()}@example.org")
    revision = store.validate(content, academie_code="01", session=session)
    store.validate(content, academie_code="01", session=session, dossier_number=revision.number)
    piece = uploads.receive(store, revision.dossier_id, png_bytes((20, 20)), f"{name}.png", "web")
    return revision.dossier_id, piece.id


def journal(store: Store, dossier_id: int) -> list[tuple[str, str]]:
    return [(e.action, e.staff_email) for e in reversed(AuditLog(store).entries(f"dossier:{dossier_id}"))]


def test_documents_then_dossiers_are_erased_after_the_results_and_journalled(store, monkeypatch):
    old, old_piece = dossier_with_document(store, 2025, "ANCIEN")
    new, _ = dossier_with_document(store, 2026, "RECENT")
    folder = get_settings().var_dir / "pieces"
    assert uploads.read_file(store, old, old_piece, viewer=(7, "chef.examens@example.fr")) is not None
    assert journal(store, old) == [
        ("pièce reçue", "candidat (web)"),
        ("pièce consultée", "chef.examens@example.fr"),
    ]

    at(monkeypatch, "2026-07-09T12:00:00")  # the day before the documents of 2025 expire (results 10/07/2025)
    assert retention.end_of_life(store) == {"dossiers": 0, "revisions": 0, "documents": 0}
    at(monkeypatch, "2026-07-10T12:00:00")
    assert retention.end_of_life(store) == {"dossiers": 0, "revisions": 0, "documents": 1}
    assert uploads.files_of(store, old) == [] and not (folder / str(old)).exists()
    assert [f.id for f in uploads.files_of(store, new)] and store.revisions(old)  # the dossier stays
    erased = AuditLog(store).entries(f"dossier:{old}")[0]
    assert erased.action == "pièce effacée" and erased.staff_email == "tâche de conservation"
    assert "12 mois après les résultats de la session 2025" in (erased.after or "")
    assert "ANCIEN" not in f"{erased.field} {erased.before} {erased.after}"

    at(monkeypatch, "2027-07-10T12:00:00")  # 24 months after the results of 2025; 12 after those of 2026
    assert retention.end_of_life(store) == {"dossiers": 1, "revisions": 2, "documents": 1}
    # Dossier numbers are national (one sequence for every session): the old dossier was 1, the recent one 2.
    assert store.revisions(old) == [] and store.find_dossiers(1, "03/05/2004") == []
    assert [(d.id, d.session) for d in store.find_dossiers(2, "03/05/2004")] == [(new, 2026)]
    went = AuditLog(store).entries(f"dossier:{old}")[0]
    assert went.action == "dossier effacé" and went.field == "académie 01, session 2025, dossier 1"
    assert went.before == "2 révision(s) avec leur PDF, 0 pièce(s)"
    assert len(store.revisions(new)) == 2 and uploads.files_of(store, new) == []


def test_the_durations_are_settings(store, monkeypatch):
    old, _ = dossier_with_document(store, 2025, "COURT")
    monkeypatch.setenv("BTS_RESULTS_DAY", "07-01")
    monkeypatch.setenv("BTS_DOSSIER_RETENTION_MONTHS", "6")
    at(monkeypatch, "2026-01-01T08:00:00")
    assert retention.end_of_life(store)["dossiers"] == 1
    assert store.revisions(old) == []


def test_a_restored_backup_loses_again_what_had_expired(store, monkeypatch, tmp_path):
    old, _ = dossier_with_document(store, 2025, "SAUVE")
    path = backup.create(
        url_of(get_settings().var_dir), get_settings().var_dir, tmp_path / "sauvegardes"
    ).path
    at(monkeypatch, "2027-08-01T08:00:00")
    assert retention.end_of_life(store)["dossiers"] == 1
    target = tmp_path / "restauree"
    assert backup_main(["--url", url_of(target), "--var-dir", str(target), "restore", str(path)]) == 0
    restored = Store(url_of(target))
    try:
        assert restored.revisions(old) == [] and restored.dossier_sessions() == []
        assert AuditLog(restored).entries(f"dossier:{old}")[0].action == "dossier effacé"
    finally:
        restored.dispose()
    assert not (target / "pieces" / str(old)).exists()
    assert get_settings().var_dir == tmp_path / "var"  # the restore's var dir did not stay in the settings
