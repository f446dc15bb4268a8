"""Backups of the SQLite store without a server: the archive, its manifest and checksums, the refusals, the
restore of an older schema, and a backup taken while drafts are written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from registration.dossier import uploads
from registration.operations import backup
from registration.operations.backup import manifest as manifest_module
from registration.operations.backup import sqlite as sqlite_backup
from registration.operations.backup.cli import main
from registration.operations.backup.contents import known_revisions
from registration.store import MIGRATIONS_DIR, Store
from tests.samples import paris_candidate
from tests.unit.test_uploads import png_bytes


def url_of(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'bts.sqlite3'}"


@pytest.fixture
def source(tmp_path, monkeypatch) -> Path:
    """A store with a dossier, a document sent for it and a draft, in its own var dir (the settings' one)."""
    var_dir = tmp_path / "var"
    monkeypatch.setenv("BTS_VAR_DIR", str(var_dir))
    monkeypatch.setenv("DATABASE_URL", url_of(var_dir))
    store = Store(url_of(var_dir))
    store.migrate()
    revision = store.validate(paris_candidate(), academie_code="01", session=2027)
    uploads.receive(store, revision.dossier_id, png_bytes((20, 20)), "scan.png", "web")
    store.save_draft("web-brouillon", {"answers": {"nom": "MARTIN"}})
    store.dispose()
    return var_dir


def create(var_dir: Path, output: Path) -> Path:
    return backup.create(url_of(var_dir), var_dir, output).path


def test_a_backup_is_one_private_file_whose_manifest_counts_and_checksums_its_members(source, tmp_path):
    path = create(source, tmp_path / "sauvegardes")
    assert path.name.startswith("bts-backup-") and path.suffix == ".tar"
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    with tarfile.open(path) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert names[0] == "database.sqlite3" and names[-1] == "manifest.json"
    assert len([n for n in names if n.startswith("pieces/")]) == 1
    assert manifest["format"] == manifest_module.FORMAT and manifest["dialect"] == "sqlite"
    assert manifest["topology"] == "embedded" and manifest["alembic_revision"] == max(known_revisions())
    assert manifest["counts"]["dossier"] == 1 and manifest["counts"]["draft"] == 1
    assert manifest["counts"]["dossier_file"] == 1 and set(manifest["members"]) == set(names) - {
        "manifest.json"
    }
    assert all(len(m["sha256"]) == 64 for m in manifest["members"].values())
    assert backup.inspect(path).counts == manifest["counts"]
    assert "MARTIN" not in json.dumps(manifest)  # counts and random names only


def test_restore_on_a_fresh_var_dir_brings_back_the_database_and_the_pieces(source, tmp_path):
    path = create(source, tmp_path / "sauvegardes")
    target = tmp_path / "ailleurs"
    restored = backup.restore(path, url_of(target), target)
    assert restored.counts["dossier"] == 1 and restored.counts["dossier_file"] == 1
    store = Store(url_of(target))
    try:
        (dossier,) = store.find_dossiers(1, paris_candidate()["etat_civil"]["date_naissance"])
        (piece,) = uploads.files_of(store, dossier.id)
        assert store.load_draft("web-brouillon") == {"answers": {"nom": "MARTIN"}}
    finally:
        store.dispose()
    folder = target / "pieces" / str(dossier.id)
    (stored,) = folder.iterdir()
    assert stored.read_bytes() == (source / "pieces" / str(dossier.id) / stored.name).read_bytes()
    assert stored.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    assert (target / "bts.sqlite3").stat().st_mode & 0o777 == 0o600
    assert piece.size == stored.stat().st_size


def flip_one_byte(path: Path, member_prefix: str) -> None:
    with tarfile.open(path) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(member_prefix))
    data = bytearray(path.read_bytes())
    data[member.offset_data + member.size // 2] ^= 0x20
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("member", ["database.", "pieces/", "manifest.json"])
def test_a_damaged_backup_is_refused_and_nothing_is_changed(source, tmp_path, capsys, member):
    path = create(source, tmp_path / "sauvegardes")
    flip_one_byte(path, member)
    target = tmp_path / "ailleurs"
    assert main(["--url", url_of(target), "--var-dir", str(target), "restore", str(path)]) == 1
    assert "endommagée" in capsys.readouterr().err
    assert not target.exists()
    assert main(["inspect", str(path)]) == 1


def test_a_truncated_or_foreign_file_is_refused(source, tmp_path, capsys):
    path = create(source, tmp_path / "sauvegardes")
    truncated = tmp_path / "tronquee.tar"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    foreign = tmp_path / "photo.tar"
    foreign.write_bytes(png_bytes())
    other_tar = tmp_path / "autre.tar"
    with tarfile.open(other_tar, "w") as tar:
        tar.add(source / "bts.sqlite3", arcname="notes.txt")
    no_manifest = tmp_path / "sans-manifeste.tar"
    with tarfile.open(no_manifest, "w") as tar:
        tar.add(source / "bts.sqlite3", arcname="database.sqlite3")
    for path, message in (
        (truncated, "tronquée"),
        (foreign, "n'est pas une sauvegarde"),
        (other_tar, "n'est pas une sauvegarde"),
        (no_manifest, "le manifeste manque"),
    ):
        target = tmp_path / "ailleurs"
        assert main(["--url", url_of(target), "--var-dir", str(target), "restore", str(path)]) == 1
        assert message in capsys.readouterr().err
        assert not target.exists()


def test_a_database_holding_dossiers_is_replaced_only_with_force(source, tmp_path, capsys):
    path = create(source, tmp_path / "sauvegardes")
    target = tmp_path / "ailleurs"
    store = Store(url_of(target))
    store.migrate()
    for _ in range(2):
        store.validate(paris_candidate(), academie_code="01", session=2027)
    store.dispose()
    (target / "pieces" / "99").mkdir(parents=True)
    (target / "pieces" / "99" / "ancienne.pdf").write_bytes(b"%PDF-")
    before = (target / "bts.sqlite3").read_bytes()
    assert main(["--url", url_of(target), "--var-dir", str(target), "restore", str(path)]) == 1
    err = capsys.readouterr().err
    assert "contient déjà 2 dossier(s)" in err and "--force" in err
    assert (target / "bts.sqlite3").read_bytes() == before and (target / "pieces" / "99").exists()
    assert main(["--url", url_of(target), "--var-dir", str(target), "restore", "--force", str(path)]) == 0
    assert "1 dossier," in capsys.readouterr().out
    assert not (target / "pieces" / "99").exists()  # the old database's files went with it
    assert not list(target.glob(".*"))  # no staging folder left


def test_an_older_schema_is_migrated_after_the_restore(tmp_path, capsys):
    old = tmp_path / "ancienne"
    old.mkdir()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = url_of(old)
    command.upgrade(config, "0008")
    path = create(old, tmp_path / "sauvegardes")
    assert backup.inspect(path).alembic_revision == "0008"
    target = tmp_path / "ailleurs"
    assert main(["--url", url_of(target), "--var-dir", str(target), "restore", str(path)]) == 0
    head = max(known_revisions())
    assert f"Schéma mis à jour : 0008 → {head}" in capsys.readouterr().out


def test_a_backup_of_another_dialect_or_a_newer_schema_is_refused(source, tmp_path, capsys):
    path = create(source, tmp_path / "sauvegardes")
    url = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"  # never reached: refused before
    assert main(["--url", url, "--var-dir", str(tmp_path / "pg"), "restore", str(path)]) == 1
    assert "base SQLite (topologie intégrée)" in capsys.readouterr().err
    with sqlite3.connect(source / "bts.sqlite3") as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    newer = create(source, tmp_path / "plus-recente")
    target = tmp_path / "ailleurs"
    assert main(["--url", url_of(target), "--var-dir", str(target), "restore", str(newer)]) == 1
    assert "version plus récente de l'application (schéma 9999" in capsys.readouterr().err
    assert not target.exists()


def test_restoring_over_a_database_a_process_has_open_is_refused(source, tmp_path, capsys):
    path = create(source, tmp_path / "sauvegardes")
    database = source / "bts.sqlite3"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sqlite3, sys; c = sqlite3.connect({str(database)!r}); print(1, flush=True); "
            "sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "1"
        assert sqlite_backup.users_of(database) == [holder.pid]
        assert main(["--url", url_of(source), "--var-dir", str(source), "restore", "--force", str(path)]) == 1
        assert f"ouverte par l'assistant (processus {holder.pid})" in capsys.readouterr().err
    finally:
        holder.communicate("")


def test_a_backup_taken_while_drafts_are_written_is_a_consistent_snapshot(source, tmp_path):
    store = Store(url_of(source))
    stop = threading.Event()
    written: list[int] = []

    def write() -> None:
        while not stop.is_set():
            store.save_draft(f"web-{len(written)}", {"answers": {"i": len(written)}})
            written.append(1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            time.sleep(0.01)
        paths = [create(source, tmp_path / "sauvegardes") for _ in range(3)]
    finally:
        stop.set()
        writer.join()
        store.dispose()
    counts = [backup.inspect(path).counts["draft"] for path in paths]
    assert counts == sorted(counts) and 20 < counts[-1] <= len(written) + 1
    target = tmp_path / "ailleurs"
    assert backup.restore(paths[-1], url_of(target), target).counts["draft"] == counts[-1]


def test_keep_erases_the_oldest_backups(source, tmp_path):
    output = tmp_path / "sauvegardes"
    first = create(source, output)
    second = create(source, output)
    third = backup.create(url_of(source), source, output, keep=2)
    assert third.pruned == 1 and not first.exists() and second.exists() and third.path.exists()
