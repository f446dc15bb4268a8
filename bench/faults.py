"""Faults against the cluster while simulated candidates register through the web chat's API.

    python -m bench.faults --rasa-venv … --model …   (make faults)

A cluster of its own (free ports, fresh databases bts_faults and bts_faults_trackers), then one phase per
fault: CANDIDATES candidates start registering, the fault strikes while they are mid-way, every candidate
must still get its confirmation. The last fault, a rolling update (`make deploy-cluster`'s request: every
server replaced one at a time, Rasa's with another model file), lasts minutes: its candidates keep starting
new registrations until it is over. A fault is survived when every candidate of its phase finishes, their
dossiers hold exactly what they answered, and no candidate has two dossiers. The last line is
``faults: K/K survived, A answers lost, D duplicate dossiers``.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import math
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench import fault_injection as inject
from bench.web_candidate import Stuck, WebCandidate, register
from bot.ops.cluster import Backends, Cluster, Ports
from bot.ops.stack import answers as answers_http
from tests.conftest import FIXED_NOW
from tests.conversations.test_registrations import BASE

CANDIDATES = 6  # per phase
WARMUP_TURNS = 4  # answers each candidate has given (on average) before the fault strikes
PHASE_TIMEOUT = 240.0  # seconds a candidate has to finish
RECOVERY_TIMEOUT = 600.0  # seconds the killed children have, after the last phase, to answer again
NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Lefebvre",
    "Moreau",
    "Laurent",
    "Lefèvre",
    "Girard",
    "Mercier",
]
FIRST_NAMES = ["Camille", "Louise Anne", "Hugo", "Nathan", "Chloé", "Inès Marie", "Lucas", "Manon", "Yanis"]
CHECKED = {  # what a candidate typed → where the dossier keeps it
    "nom": ("etat_civil", "nom"),
    "prenoms": ("etat_civil", "prenoms"),
    "date_naissance": ("etat_civil", "date_naissance"),
    "adresse": ("residence", "adresse"),
    "code_postal": ("residence", "code_postal"),
    "email": ("email",),
}


def profile(run: str, index: int) -> dict:
    nom, prenoms = NAMES[index % len(NAMES)], FIRST_NAMES[index % len(FIRST_NAMES)]
    return {
        **BASE,
        "identite": f"{nom.upper()} {prenoms}",  # name and first names in one answer, as the tests do
        "nom": nom,
        "prenoms": prenoms,
        "date_naissance": f"{index % 28 + 1:02d}/{index % 12 + 1:02d}/{2000 + index % 6}",
        "adresse": f"{index + 1} rue des Écoles",
        "email": f"candidat.{run}.{index}@exemple.fr",
    }


def expected(answers: dict, key: str) -> str:
    value = answers[key]
    return value.upper() if key == "nom" else value


@dataclass
class Outcome:
    name: str
    injected: str = ""
    finished: int = 0
    stuck: list[str] = field(default_factory=list)
    lost: int = 0
    duplicates: int = 0
    resent: int = 0
    seconds: float = 0.0
    candidates: int = 0

    @property
    def survived(self) -> bool:
        return not self.stuck and not self.lost and not self.duplicates


def stored_dossiers(dsn: str, email: str) -> list[dict]:
    """The latest content of every dossier whose first revision carries this e-mail address."""
    with psycopg.connect(dsn) as connection:
        rows = connection.execute(
            """SELECT latest.content FROM dossier d
               JOIN dossier_revision first ON first.dossier_id = d.id AND first.revision = 0
               JOIN dossier_revision latest ON latest.dossier_id = d.id AND latest.revision = d.revision
               WHERE first.content->>'email' = %s""",
            (email,),
        ).fetchall()
    return [row[0] for row in rows]


def run_phase(
    cluster: Cluster,
    dsn: str,
    run: str,
    first: int,
    name: str,
    fault: Callable[[], str],
    continuous: bool = False,
) -> Outcome:
    """CANDIDATES candidates register; once they are mid-way, the fault strikes. `continuous`: the fault
    lasts (a rolling update): it runs beside them, and each starts a new registration as soon as one ends,
    as long as the fault lasts."""
    outcome = Outcome(name)
    deadline = time.monotonic() + PHASE_TIMEOUT
    profiles: dict[int, dict] = {}
    candidates: dict[int, WebCandidate] = {}
    errors: dict[int, str] = {}
    done: set[int] = set()
    numbers = itertools.count(first)
    lock = threading.Lock()
    fault_over = threading.Event()

    def one(worker: int) -> None:
        while True:
            with lock:
                i = next(numbers)
                profiles[i] = profile(run, i)
                candidates[i] = WebCandidate(cluster.public_url, deadline if not continuous else math.inf)
            try:
                register(candidates[i], profiles[i])
                done.add(i)
            except Stuck as error:
                errors[i] = str(error)
            except Exception as error:  # noqa: BLE001 - any failure means this candidate did not finish
                errors[i] = type(error).__name__
            if not continuous or fault_over.is_set() or i in errors:
                return

    started = time.monotonic()
    threads = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(CANDIDATES)]
    for k, thread in enumerate(threads):
        thread.start()
        time.sleep(0.3 * (k % 3))  # not all on the same question
    while sum(len(c.transcript) for c in list(candidates.values())) < 2 * WARMUP_TURNS * CANDIDATES:
        if time.monotonic() > deadline or not any(t.is_alive() for t in threads):
            break
        time.sleep(0.2)
    try:
        outcome.injected = fault()
    finally:
        fault_over.set()
    deadline = max(deadline, time.monotonic() + PHASE_TIMEOUT / 2)
    for candidate in list(candidates.values()):
        candidate.deadline = min(candidate.deadline, deadline)
    for thread in threads:
        thread.join(max(1.0, deadline - time.monotonic()))
    outcome.seconds = time.monotonic() - started
    for i, answers in sorted(profiles.items()):
        candidates[i].close()
        outcome.resent += candidates[i].resent
        if i not in done:
            outcome.stuck.append(errors.get(i, "still running"))
            # Made-up candidates: their transcript can be kept to see where they were stuck.
            (cluster.var_dir / f"stuck-{i}.txt").write_text(
                "\n".join(f"{who}: {what}" for who, what in candidates[i].transcript[-30:]), encoding="utf-8"
            )
            continue
        dossiers = stored_dossiers(dsn, answers["email"])
        outcome.duplicates += max(0, len(dossiers) - 1)
        if not dossiers:
            outcome.lost += len(CHECKED)
            continue
        outcome.finished += 1
        for key, path in CHECKED.items():
            value: object = dossiers[0]
            for part in path:
                value = value.get(part) if isinstance(value, dict) else None
            if value != expected(answers, key):
                outcome.lost += 1
    outcome.candidates = len(profiles)
    return outcome


def wait_for(cluster: Cluster, names: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for name in names:
        while not answers_http(cluster.children[name].health):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer again within {timeout:.0f} s")
            time.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description="Faults against the cluster (make faults).")
    parser.add_argument("--rasa-venv", required=True, type=Path)
    parser.add_argument("--model", required=True, type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    backends = Backends(
        **{
            **Backends.from_environment().__dict__,
            "store_db": "bts_faults",
            "tracker_db": "bts_faults_trackers",
        }
    )
    dsn = backends.database_url.replace("postgresql+psycopg://", "postgresql://")
    var_dir = Path(tempfile.mkdtemp(prefix="bts-faults-"))
    cluster = Cluster(
        args.rasa_venv,
        args.model,
        var_dir,
        ports=Ports.free(),
        backends=backends,
        fresh_databases=True,
        extra_env={"BTS_NOW": FIXED_NOW, "BTS_OUTBOX_DIR": str(var_dir / "outbox")},
    )
    faults: list[tuple[str, Callable[[], str]]] = [
        ("Rasa server killed", lambda: inject.kill(cluster, "rasa-1")),
        ("action server killed", lambda: inject.kill(cluster, "actions-1")),
        ("Redis restarted", lambda: inject.restart_redis(backends)),
        ("PostgreSQL restarted", lambda: inject.restart_postgres(backends)),
        # Every server replaced one at a time, Rasa's with another model file (make deploy-cluster).
        ("rolling update", lambda: inject.deploy(cluster, inject.repacked(args.model, var_dir))),
    ]
    lasting = {"rolling update"}  # candidates keep coming while it lasts

    def stop_on_signal(signum, frame):
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, stop_on_signal)  # the cluster is stopped (finally below), not orphaned
    run = uuid.uuid4().hex[:6]
    outcomes: list[Outcome] = []
    began = time.monotonic()
    try:
        cluster.start()
        print(f"cluster ready in {time.monotonic() - began:.0f} s ({cluster.public_url})", flush=True)
        for k, (name, fault) in enumerate(faults):
            if name in lasting:  # an update starts only on a cluster whose every server answers
                wait_for(cluster, list(cluster.children), RECOVERY_TIMEOUT)
            outcome = run_phase(cluster, dsn, run, k * CANDIDATES, name, fault, continuous=name in lasting)
            outcomes.append(outcome)
            print(
                f"{name} ({outcome.injected}): {outcome.finished}/{outcome.candidates} finished in "
                f"{outcome.seconds:.0f} s, "
                f"{outcome.resent} messages sent again, {outcome.lost} answers lost, "
                f"{outcome.duplicates} duplicate dossiers{'; stuck: ' + ', '.join(outcome.stuck) if outcome.stuck else ''}",
                flush=True,
            )
            # The next fault needs what it strikes (a killed Rasa server may still be loading its model).
            wait_for(cluster, ["actions-1", "actions-2", "front", "nginx", "rasa-2"], 300)
        wait_for(cluster, list(cluster.children), RECOVERY_TIMEOUT)
        print("every child answers again after the faults", flush=True)
    finally:
        inject.ensure_redis(backends)
        inject.ensure_postgres(backends)
        restarts = {name: child.restarts for name, child in cluster.children.items() if child.restarts}
        cluster.stop()
        print(
            f"supervisor restarts: {restarts or 'none'}; logs in {var_dir}; {time.monotonic() - began:.0f} s in all"
        )
    survived = sum(o.survived for o in outcomes)
    print(
        f"faults: {survived}/{len(faults)} survived, {sum(o.lost for o in outcomes)} answers lost, "
        f"{sum(o.duplicates for o in outcomes)} duplicate dossiers"
    )
    sys.exit(0 if survived == len(faults) else 1)


if __name__ == "__main__":
    main()
