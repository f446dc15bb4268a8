"""A backup taken while candidates register restores on a fresh stack where a consultation and a resume code of
before the backup work (both topologies: the embedded SQLite store, the production PostgreSQL store).

For each topology, on the store of a running assistant: a candidate registers (dossier number, PDF link) and
sends a document for the dossier, a second one stops half-way with a resume code, a responsable account is
made and the journal holds an export (the operators' command lines). Then, while a third candidate is
registering, the operator's command takes the backup. A fresh store (new var dir and SQLite file; a new
PostgreSQL database, created by the restore) gets the backup with the operator's command, after a damaged
copy of the file was refused there; restoring again without --force is refused. The assistant then runs on
the restored store, with another BTS_SECRET_KEY (the secrets are not in a backup): the consultation of the
dossier, the PDF link of before, the resume code (the registration goes on to its end with the answers of
before), the responsable's login, the journal and the document all work.

One Rasa server serves the whole module: it keeps nothing the backup needs (its trackers are not backed up;
the conversation is in the store's draft). The action server and the front, which hold the store, are started
again on each store (Supervisor.replace), as a fresh stack would start them.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.web_candidate import WebCandidate, register
from bot.ops.processes import wait_http
from bot.ops.stack import Stack
from registration.dossier import uploads
from registration.store import Store
from tests.conftest import _running_stack, rasa_environment
from tests.conversations.driver import current_question, fill, validate
from tests.conversations.test_registrations import BASE
from tests.unit.test_uploads import png_bytes

pytestmark = pytest.mark.operations

ROOT = Path(__file__).resolve().parents[2]
TURNS_DEADLINE = 600.0  # seconds a candidate may take to register on a busy machine
REGISTERED = {**BASE, "nom": "Rocher", "prenoms": "Anne", "date_naissance": "14/02/2003"}
DRAFT = {**BASE, "nom": "Vasseur", "prenoms": "Paul", "date_naissance": "21/06/2005"}
DURING = {**BASE, "nom": "Marchand", "prenoms": "Lise", "date_naissance": "02/09/2004"}
STAFF_EMAIL, STAFF_PASSWORD = "responsable.sauvegarde@example.fr", "tournesol-aux-pommes-42"
RESUME_CODE = re.compile(r"code de reprise est ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("backup-source")
    yield from _running_stack(rasa_venv, model, var_dir, {"DATABASE_URL": sqlite_url(var_dir)})


def sqlite_url(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'bts.sqlite3'}"


# --- the pieces of the scenario ------------------------------------------------------------------------------


def serve_store(stack: Stack, url: str, var_dir: Path, secret_key: str | None = None) -> None:
    """The action server and the front started again on this store and var dir (Rasa stays)."""
    overrides = {"DATABASE_URL": url, "BTS_VAR_DIR": str(var_dir)}
    if secret_key:
        overrides["BTS_SECRET_KEY"] = secret_key
    assert stack.supervisor is not None
    deadline = time.monotonic() + 120
    for name in ("actions", "front"):
        child = stack.supervisor.replace(name, overrides)
        wait_http(child.health or "", deadline, stack.processes)


def candidate(stack: Stack) -> WebCandidate:
    return WebCandidate(stack.front_url, time.monotonic() + TURNS_DEADLINE)


def run_command(args: list[str], url: str, var_dir: Path, stdin: str = "") -> subprocess.CompletedProcess:
    """A command line as the operator runs it, on this store."""
    env = {**os.environ, "DATABASE_URL": url, "BTS_VAR_DIR": str(var_dir), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def consult(stack: Stack, number: int, birth_date: str) -> WebCandidate:
    reader = candidate(stack)
    reader.say("bonjour")
    reader.click("Consulter ou modifier")
    reader.say(str(number))
    reader.say(birth_date)
    assert f"{number} – 0" in reader.text, reader.dump()[-2000:]
    return reader


def send_document(stack: Stack, number: int, birth_date: str, data: bytes) -> None:
    """The candidate's consultation gives an upload link; the document is sent on its page."""
    reader = consult(stack, number, birth_date)
    upload_button = next(t for t in reader.titles() if t.lower().startswith("envoyer"))
    reader.click(upload_button)
    link = next(m["custom"]["url"] for m in reader.last if (m.get("custom") or {}).get("type") == "upload")
    sent = httpx.post(link, files={"piece": ("attestation.png", data, "image/png")}, timeout=30)
    assert sent.status_code == 200 and "Document reçu" in sent.text, sent.text


def staff_console(stack: Stack) -> httpx.Client:
    """The responsable logged in to the console."""
    client = httpx.Client(base_url=stack.front_url, timeout=30)
    form = client.get("/conseillers/connexion")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token, form.text
    done = client.post(
        "/conseillers/connexion", data={"csrf": token[1], "email": STAFF_EMAIL, "password": STAFF_PASSWORD}
    )
    assert done.status_code == 303 and done.headers["location"] == "/conseillers/", done.text[-1000:]
    return client


def damaged_copy(backup: Path, folder: Path) -> Path:
    """The backup with one byte of its database changed."""
    with tarfile.open(backup) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("database."))
    data = bytearray(backup.read_bytes())
    offset = member.offset_data + member.size // 2
    data[offset] ^= 0x01
    damaged = folder / "endommagee.tar"
    damaged.write_bytes(bytes(data))
    return damaged


def store_counts(url: str) -> tuple[int, int]:
    """(dossiers, drafts) of a store; (0, 0) when it has no schema or does not exist yet (never made here)."""
    from sqlalchemy import text

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return (0, 0)
    store = Store(url)
    try:
        with store.engine.connect() as connection:
            return (
                connection.execute(text("SELECT count(*) FROM dossier")).scalar_one(),
                connection.execute(text("SELECT count(*) FROM draft")).scalar_one(),
            )
    except Exception:
        return (0, 0)
    finally:
        store.dispose()


# --- the scenario ---------------------------------------------------------------------------------------------


def backup_and_restore(stack: Stack, source: tuple[str, Path], target: tuple[str, Path], work: Path) -> None:
    source_url, source_var = source
    target_url, target_var = target
    serve_store(stack, source_url, source_var)

    # Before the backup: a dossier with its PDF link and a document, a draft with its resume code, a
    # responsable and an entry of the journal.
    first = candidate(stack)
    document = register(first, REGISTERED)
    number, pdf_link = document["number"], document["url"]
    assert httpx.get(pdf_link, timeout=30).status_code == 200
    piece = png_bytes((40, 30))
    send_document(stack, number, REGISTERED["date_naissance"], piece)
    drafting = candidate(stack)
    drafting.say("bonjour")
    drafting.click("M'inscrire")
    code = RESUME_CODE.search(drafting.text)
    assert code, drafting.text
    fill(drafting, DRAFT, until="lieu_naissance")  # type: ignore[arg-type]
    added = run_command(
        ["registration.staff", "add", STAFF_EMAIL, "--responsable"],
        source_url,
        source_var,
        STAFF_PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    exported = run_command(
        ["registration.backoffice", "export", "--sortie", os.devnull], source_url, source_var
    )
    assert exported.returncode == 0, exported.stderr

    # The backup, while a third candidate registers.
    during = candidate(stack)
    outcome: dict[str, object] = {}

    def registering() -> None:
        try:
            outcome["document"] = register(during, DURING)
        except BaseException as error:  # said by the main thread
            outcome["error"] = error

    thread = threading.Thread(target=registering)
    thread.start()
    while len(during.transcript) < 8 and thread.is_alive():
        time.sleep(0.1)
    assert thread.is_alive(), outcome
    output = work / "sauvegardes"
    created = run_command(
        ["registration.operations.backup", "create", "--output", str(output)], source_url, source_var
    )
    thread.join(TURNS_DEADLINE)
    assert created.returncode == 0, created.stderr
    assert "error" not in outcome and outcome.get("document"), outcome
    (backup,) = output.glob("bts-backup-*.tar")
    assert backup.stat().st_mode & 0o777 == 0o600 and output.stat().st_mode & 0o777 == 0o700
    assert "Sauvegarde écrite" in created.stdout and "Pièces jointes : 1 fichier(s)" in created.stdout

    # A damaged copy is refused and changes nothing; then the backup is restored on the fresh store.
    refused = run_command(
        ["registration.operations.backup", "restore", str(damaged_copy(backup, work))], target_url, target_var
    )
    assert refused.returncode == 1 and "endommagée" in refused.stderr, refused.stderr
    assert store_counts(target_url) == (0, 0) and not (target_var / "pieces").exists()
    assert not target_var.exists() or not (target_var / "bts.sqlite3").exists()
    restored = run_command(["registration.operations.backup", "restore", str(backup)], target_url, target_var)
    assert restored.returncode == 0, restored.stderr
    assert "Restauré" in restored.stdout and "1 compte conseiller" in restored.stdout, restored.stdout
    dossiers, drafts = store_counts(target_url)
    assert (
        dossiers in (1, 2) and drafts >= 1
    )  # the third candidate's dossier is in it or not, whole either way
    again = run_command(["registration.operations.backup", "restore", str(backup)], target_url, target_var)
    assert again.returncode == 1 and "--force" in again.stderr and "contient déjà" in again.stderr, (
        again.stderr
    )
    assert store_counts(target_url) == (dossiers, drafts)

    # The assistant on the restored store, with a new secret key.
    serve_store(stack, target_url, target_var, secret_key=secrets.token_urlsafe(32))
    consult(stack, number, REGISTERED["date_naissance"])
    pdf = httpx.get(pdf_link, timeout=30)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    resumed = candidate(stack)
    resumed.say(f"reprendre {code[1]}")
    assert current_question(resumed) == "lieu_naissance", resumed.dump()[-2000:]  # type: ignore[arg-type]
    fill(resumed, DRAFT)  # type: ignore[arg-type]
    assert "VASSEUR" in resumed.text and "Paul" in resumed.text  # answered before the backup
    assert validate(resumed)["number"]  # type: ignore[arg-type]
    console = staff_console(stack)
    try:
        journal = console.get("/conseillers/journal")
        assert journal.status_code == 200 and "export des dossiers" in journal.text
        store = Store(target_url)
        try:
            revision = store.resolve_download_token(pdf_link.rsplit("/", 1)[1])
            assert revision is not None
            (sent,) = uploads.files_of(store, revision.dossier_id)
        finally:
            store.dispose()
        file = console.get(f"/conseillers/dossiers/{revision.dossier_id}/pieces/{sent.id}")
        assert file.status_code == 200 and file.content == uploads.check(piece).data
    finally:
        console.close()


def test_embedded_sqlite_backup_restores_on_a_fresh_stack(stack: Stack, tmp_path: Path):
    source_var = stack.var_dir
    target_var = tmp_path / "var-restauree"
    backup_and_restore(
        stack, (sqlite_url(source_var), source_var), (sqlite_url(target_var), target_var), tmp_path
    )
    # Restoring over the database of a running assistant is refused, even with --force.
    serve_store(stack, sqlite_url(source_var), source_var)
    candidate(stack).say("bonjour")  # the action server has the database open now
    (backup,) = (tmp_path / "sauvegardes").glob("*.tar")
    busy = run_command(
        ["registration.operations.backup", "restore", "--force", str(backup)],
        sqlite_url(source_var),
        source_var,
    )
    assert busy.returncode == 1 and "ouverte par l'assistant" in busy.stderr, busy.stderr


@pytest.fixture
def postgres_urls() -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL store (created here) and the name of another one (made by the restore); dropped after.
    Fails, never skips, when PostgreSQL is not there (scripts/test.sh starts it)."""
    import psycopg

    from bot.ops.cluster import Backends
    from bot.ops.cluster.databases import admin_dsn, drop_database, ensure_database

    backends = Backends.from_environment()
    name = f"bts_test_backup_{uuid.uuid4().hex[:8]}"
    restored = f"{name}_restored"
    dsn = admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)
    try:
        ensure_database(dsn, name, fresh=True)
        drop_database(dsn, restored)
    except psycopg.Error as error:
        pytest.fail(
            f"the PostgreSQL backup test needs PostgreSQL on {backends.pg_host}:{backends.pg_port} "
            f"(user {backends.pg_user}): {type(error).__name__}: {error}",
            pytrace=False,
        )
    base = backends.database_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}", f"{base}/{restored}"
    finally:
        for database in (name, restored):
            drop_database(dsn, database)


@pytest.mark.postgres
def test_postgresql_backup_restores_on_a_fresh_stack(stack: Stack, tmp_path: Path, postgres_urls):
    source_url, target_url = postgres_urls
    source_var, target_var = tmp_path / "var-source", tmp_path / "var-restauree"
    migrated = run_command(["registration.store", "migrate"], source_url, source_var)
    assert migrated.returncode == 0, migrated.stderr
    try:
        backup_and_restore(stack, (source_url, source_var), (target_url, target_var), tmp_path)
    finally:
        serve_store(stack, sqlite_url(stack.var_dir), stack.var_dir)  # its connections to PostgreSQL closed
