"""A rolling update of the production topology while candidates talk (issue 21, `make deploy-cluster`).

The cluster runs as an operator starts it (`setsid make run-cluster`'s command, on ports and databases of its
own). First, an update to a model file Rasa cannot load stops at the first Rasa server, which goes back to
its model. Then three candidates register through nginx one after another without a pause while the operator's
command (`python -m bot.ops.cluster.deploy`, what `make deploy-cluster` runs) asks for an update to another
model file. Every server is replaced one at a time (new processes; Rasa's loading the new file), and not one
candidate notices: no message had to be sent again, every registration ends with exactly one dossier
holding what was typed. The cluster then stops leaving nothing behind, the front's stand-in included.
"""

from __future__ import annotations

import itertools
import os
import shutil
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
from bench.web_candidate import Unanswered, WebCandidate, register
from bot.ops.cluster import Backends
from bot.ops.cluster.databases import admin_dsn
from tests.conftest import FIXED_NOW
from tests.operations.assistant import ROOT, Assistant, new_assistant

pytestmark = pytest.mark.operations

CANDIDATES = 3
# Where a failing run's logs are kept (the cluster's folder is a temporary one): BTS_TEST_LOGS or var/test-logs.
KEPT_LOGS = Path(os.environ.get("BTS_TEST_LOGS") or ROOT / "var" / "test-logs")
PATTERNS = {  # child → its command line
    "actions-1": r"actions\.server --host 127\.0\.0\.1 --port {actions-1}\b",
    "actions-2": r"actions\.server --host 127\.0\.0\.1 --port {actions-2}\b",
    "rasa-1": r"rasa run .*--port {rasa-1}\b",
    "rasa-2": r"rasa run .*--port {rasa-2}\b",
    "front": r"uvicorn bot\.front:app --host 127\.0\.0\.1 --port {front}\b",
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
            "bot.ops.cluster.deploy",
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


def deploy_while_watched(assistant: Assistant, model: Path) -> tuple[int, list[tuple[float, str]]]:
    """`deploy` that also says when (time.time()) each line of the update came: the step under way."""
    command = [sys.executable, "-m", "bot.ops.cluster.deploy", "--var-dir", str(assistant.var_dir)]
    with subprocess.Popen(
        [*command, "--model", str(model)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as update:
        assert update.stdout is not None
        watchdog = threading.Timer(1200, update.kill)  # as `deploy`'s timeout
        watchdog.start()
        try:
            lines = [(time.time(), line.rstrip("\n")) for line in update.stdout]
        finally:
            watchdog.cancel()
        return update.wait(timeout=60), lines


def step_at(moment: float, lines: list[tuple[float, str]]) -> str:
    """The update's step under way at `moment`: the line it printed last before (then the step after it)."""
    if not lines or moment < lines[0][0]:
        return "before the update's first line"
    said = [line for at, line in lines if at <= moment]
    return f"after « {said[-1]} »" if said else "?"


def upstream_lines(var_dir: Path, around: float, margin: float = 2.0) -> list[str]:
    """nginx's per-request lines (bot/ops/cluster/nginx.py, upstreams.log) that ended while this request was
    under way (which server answered or failed, status, seconds); only those not 200."""
    path = var_dir / "nginx" / "upstreams.log"
    found = []
    for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
        fields = line.split()
        if len(fields) >= 3 and around - margin <= float(fields[0]) and fields[2] != "200":
            found.append(line)
    return found


def failure_report(
    assistant: Assistant, lines: list[tuple[float, str]], unanswered: list[tuple[str, Unanswered]]
) -> str:
    """Each unanswered request (who, when in the update, how, how long, what nginx saw); the logs kept."""
    kept = KEPT_LOGS / f"rolling-update-{time.strftime('%Y%m%d-%H%M%S')}"
    shutil.copytree(
        assistant.var_dir, kept, ignore=shutil.ignore_patterns("*.sock", "models", "*.tar.gz", "*.sqlite3*")
    )
    began = lines[0][0] if lines else 0.0
    report = [f"{len(unanswered)} requests without an answer; logs kept in {kept}"]
    for email, failed in unanswered:
        end = failed.at + failed.seconds
        nginx = [
            line
            for line in upstream_lines(assistant.var_dir, failed.at)
            if float(line.split()[0]) <= end + 2.0
        ]
        report.append(
            f"- {email} « {failed.message[:40]} »: {failed.outcome} after {failed.seconds:.1f} s, "
            f"t={failed.at - began:+.1f} s into the update, {step_at(failed.at, lines)}; "
            f"nginx (epoch port status seconds upstream upstream-status upstream-seconds): {nginx or 'nothing'}"
        )
    report.append("update: " + " | ".join(f"{at - began:+.1f} s {line}" for at, line in lines))
    return "\n".join(report)


def test_every_server_is_replaced_while_candidates_talk_and_none_notices(cluster, rasa, tmp_path):
    assistant, dsn = cluster
    patterns = {name: pattern.format(**assistant.ports) for name, pattern in PATTERNS.items()}
    before = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    new_model = repacked(Path(rasa[1]), tmp_path)

    updating = threading.Event()
    updating.set()
    numbers = itertools.count()
    finished: list[tuple[dict, WebCandidate]] = []
    everyone: list[tuple[dict, WebCandidate]] = []
    failures: list[str] = []
    run = uuid.uuid4().hex[:6]

    def candidate() -> None:
        while updating.is_set():
            answers = profile(run, next(numbers))
            web = WebCandidate(assistant.front_url, time.monotonic() + 600)
            everyone.append((answers, web))
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
    returncode, timed = deploy_while_watched(assistant, new_model)
    updating.clear()
    for thread in threads:
        thread.join(600)
    unanswered = [(answers["email"], failed) for answers, web in everyone for failed in web.unanswered]
    report = failure_report(assistant, timed, unanswered) if unanswered or failures else ""

    lines = [line for _, line in timed]
    assert returncode == 0 and lines[-1] == "OK", "\n".join(lines) + "\n" + report
    for name in patterns:
        assert any(line.startswith(f"{name} : mis à jour") for line in lines), lines
    after = {name: assistant.child_pid(pattern) for name, pattern in patterns.items()}
    assert all(after[name] != before[name] for name in patterns), (before, after)
    pinned = next(line for line in lines if line.startswith("Modèle : ")).removeprefix("Modèle : ")
    for name in ("rasa-1", "rasa-2"):
        assert pinned in assistant.pids()[after[name]], "the Rasa servers run the new model file"
    assert "front updated" in assistant.supervisor_log

    assert not failures, f"{failures}\n{report}"
    assert len(finished) >= CANDIDATES, "every candidate finished at least one registration"
    assert sum(web.resent for _, web in finished) == 0, f"no message had to be sent again\n{report}"
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
