"""A rolling update of the production topology while candidates talk (issue 21, `make deploy-cluster`).

The cluster runs as an operator starts it (`setsid make run-cluster`'s command, on ports and databases of its
own). First, an update to a model file Rasa cannot load stops at the first Rasa server, which goes back to
its model. Then three candidates register through nginx one after another without a pause while the operator's
command (`python -m bot.cluster.deploy`, what `make deploy-cluster` runs) asks for an update to another
model file. Every server is replaced one at a time (new processes; Rasa's loading the new file), and not one
candidate notices: no message had to be sent again, every registration ends with exactly one dossier
holding what was typed. The cluster then stops leaving nothing behind, the front's stand-in included.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from bench.fault_injection import repacked
from bench.faults import CHECKED, expected, profile, stored_dossiers
from bench.web_candidate import WebCandidate, register
from bot.cluster import Backends
from bot.cluster.databases import admin_dsn
from tests.conftest import FIXED_NOW
from tests.operations.assistant import Assistant, new_assistant

pytestmark = pytest.mark.operations

CANDIDATES = 3
PATTERNS = {  # child → its command line
    "actions-1": r"actions\.server --host 127\.0\.0\.1 --port {actions-1}\b",
    "actions-2": r"actions\.server --host 127\.0\.0\.1 --port {actions-2}\b",
    "rasa-1": r"rasa run .*--port {rasa-1}\b",
    "rasa-2": r"rasa run .*--port {rasa-2}\b",
    "front": r"uvicorn bot\.web\.app:app --host 127\.0\.0\.1 --port {front}\b",
}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, rasa) -> Iterator[tuple[Assistant, str]]:
    """A running cluster on fresh databases of its own (one for the module); the store's DSN."""
    name = f"bts_roll_{uuid.uuid4().hex[:8]}"
    backends = Backends(store_db=name, tracker_db=f"{name}_trackers")
    assistant = new_assistant(tmp_path_factory.mktemp("rolling"), cluster=True)
    try:
        assistant.start(
            *rasa,
            {
                "BTS_NOW": FIXED_NOW,
                "CLUSTER_STORE_DB": backends.store_db,
                "CLUSTER_TRACKER_DB": backends.tracker_db,
            },
        )
        assistant.wait_ready(900)
        yield assistant, backends.database_url.replace("postgresql+psycopg://", "postgresql://")
    finally:
        assistant.kill_everything()
        dsn = admin_dsn(backends.pg_host, backends.pg_port, backends.pg_user, backends.pg_password)
        with psycopg.connect(dsn, autocommit=True) as connection:
            for database in (backends.store_db, backends.tracker_db):
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def deploy(assistant: Assistant, model: Path) -> subprocess.CompletedProcess:
    """What `make deploy-cluster` runs once the model is trained."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cluster.deploy",
            "--var-dir",
            str(assistant.var_dir),
            "--model",
            str(model),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )


def broken_model(folder: Path) -> Path:
    """A file that passes for a model (a gzip'd tar with metadata.json) but that Rasa cannot load."""
    (folder / "metadata.json").write_text("{}", encoding="utf-8")
    path = folder / "broken.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        archive.add(folder / "metadata.json", arcname="metadata.json")
    return path


def test_a_model_rasa_cannot_load_is_taken_back_and_nothing_else_changes(cluster, tmp_path):
    """Rasa starts without a model when its file does not load (and would answer /webhooks/rest/): the
    update sees it on /webhooks/ready/, puts rasa-1 back on its model and stops before rasa-2."""
    assistant, _ = cluster
    patterns = {name: pattern.format(**assistant.ports) for name, pattern in PATTERNS.items()}
    before = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    model_before = next(
        part for part in assistant.pids()[before["rasa-1"]].split() if part.endswith(".tar.gz")
    )
    done = deploy(assistant, broken_model(tmp_path))
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stdout + done.stderr
    assert "remis sur l'ancien modèle" in lines[-1] and lines[-1].startswith("ÉCHEC"), done.stdout
    after = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    assert after["rasa-2"] == before["rasa-2"] and after["front"] == before["front"]  # never reached
    assert after["rasa-1"] != before["rasa-1"]  # started on the broken file, then on its model again
    assert model_before in assistant.pids()[after["rasa-1"]]
    web = WebCandidate(assistant.front_url, time.monotonic() + 300)
    try:  # the cluster serves as before
        register(web, profile(uuid.uuid4().hex[:6], 0))
    finally:
        web.close()


def test_every_server_is_replaced_while_candidates_talk_and_none_notices(cluster, rasa, tmp_path):
    assistant, dsn = cluster
    patterns = {name: pattern.format(**assistant.ports) for name, pattern in PATTERNS.items()}
    before = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    new_model = repacked(Path(rasa[1]), tmp_path)

    updating = threading.Event()
    updating.set()
    numbers = itertools.count()
    finished: list[tuple[dict, WebCandidate]] = []
    failures: list[str] = []
    run = uuid.uuid4().hex[:6]

    def candidate() -> None:
        while updating.is_set():
            answers = profile(run, next(numbers))
            web = WebCandidate(assistant.front_url, time.monotonic() + 600)
            try:
                register(web, answers)
                finished.append((answers, web))
            except Exception as error:  # noqa: BLE001 - reported below with the candidate's last words
                failures.append(f"{answers['email']}: {error!r} after {web.transcript[-2:]}")
                return
            finally:
                web.close()

    threads = [threading.Thread(target=candidate, daemon=True) for _ in range(CANDIDATES)]
    for thread in threads:
        thread.start()
    time.sleep(5)  # the candidates are mid-way when the update begins
    done = deploy(assistant, new_model)
    updating.clear()
    for thread in threads:
        thread.join(600)

    lines = done.stdout.splitlines()
    assert done.returncode == 0 and lines[-1] == "OK", done.stdout + done.stderr
    for name in patterns:
        assert any(line.startswith(f"{name} : mis à jour") for line in lines), done.stdout
    after = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    assert all(after[name] != before[name] for name in patterns), (before, after)
    pinned = next(line for line in lines if line.startswith("Modèle : ")).removeprefix("Modèle : ")
    for name in ("rasa-1", "rasa-2"):
        assert pinned in assistant.pids()[after[name]], "the Rasa servers run the new model file"
    assert "front updated" in assistant.supervisor_log

    assert not failures, failures
    assert len(finished) >= CANDIDATES, "every candidate finished at least one registration"
    assert sum(web.resent for _, web in finished) == 0, "no message had to be sent again"
    for answers, _ in finished:
        dossiers = stored_dossiers(dsn, answers["email"])
        assert len(dossiers) == 1, answers["email"]
        for key, path in CHECKED.items():
            value: object = dossiers[0]
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            assert value == expected(answers, key), (answers["email"], key)

    assistant.signal("term-group")
    seconds, left, ports = assistant.wait_gone()
    assert not left and not ports, (left, ports)  # the front's stand-in's port among them
