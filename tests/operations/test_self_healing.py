"""The embedded assistant (`make run`'s code, started with make) heals itself and is watched (issue 21).

A candidate registers through the web chat's API while the action server, then Rasa, then the front server
are killed with -9, each just before one of the candidate's messages: that message reaches a child being
started again. The candidate still gets one dossier holding what they answered, and the supervisor's log
names each restart. Then every service's /metrics, on 127.0.0.1, shows its counters moved; last, a SIGTERM
to the whole process group stops everything.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bench.web_candidate import WebCandidate, register
from registration.models import DossierRevision
from registration.store import Store
from tests.conversations.test_registrations import BASE
from tests.operations.assistant import STOP_BUDGET, Assistant

pytestmark = pytest.mark.operations

# Before which message of the candidate each child is killed: (name in the supervisor's log, command line).
KILLS = {
    3: ("actions", r"-m actions\.server"),
    7: ("rasa", r"rasa run"),
    11: ("front", r"uvicorn bot\.front"),
}
REGISTRATION_TIMEOUT = (
    600.0  # seconds: Rasa loads its model again after its kill (a minute on a busy machine)
)


@dataclass
class KilledMeanwhile(WebCandidate):
    """A web candidate before whose messages some children are killed with -9."""

    assistant: Assistant | None = None
    sent: int = 0
    killed: list[str] = field(default_factory=list)

    def say(self, message: str) -> list[dict]:
        if self.sent in KILLS and self.assistant is not None:
            name, pattern = KILLS[self.sent]
            os.kill(self.assistant.child_pid(pattern), signal.SIGKILL)
            self.killed.append(name)
        self.sent += 1
        return super().say(message)


def store(assistant: Assistant) -> Store:
    return Store(f"sqlite:///{assistant.var_dir / 'bts.sqlite3'}")


def dossiers_of(assistant: Assistant, email: str) -> list[dict]:
    """The first revision's content of every dossier made with this e-mail address."""
    return store(assistant).transaction(
        lambda session: [
            r.content
            for r in session.query(DossierRevision).filter_by(revision=0)
            if r.content["email"] == email
        ]
    )


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """What `curl 127.0.0.1:<port>/metrics` shows: (sample name, labels) → value."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def every_child_up(assistant: Assistant, timeout: float = 120.0) -> dict:
    """The supervisor's metrics once they say every child answered its last health check (checked every
    5 s: a child just started again may not have been checked yet)."""
    deadline = time.monotonic() + timeout
    while True:
        samples = scrape(assistant.ports["supervisor_metrics"])
        up = {
            name: value(samples, "bts_supervisor_child_up", child=name)
            for name in ("actions", "rasa", "front")
        }
        if all(up.values()):
            return samples
        assert time.monotonic() < deadline, f"not every child is up: {up}"
        time.sleep(1)


def profile(tag: str) -> dict:
    return {
        **BASE,
        "nom": f"Resilient{tag}",
        "email": f"candidat.{tag}@exemple.fr",
        "date_naissance": "09/09/2004",
    }


def test_each_child_killed_during_a_registration_is_restarted_and_the_candidate_gets_one_dossier(running):
    answers = profile("kills")
    candidate = KilledMeanwhile(running.front_url, time.monotonic() + REGISTRATION_TIMEOUT, assistant=running)
    try:
        document = register(candidate, answers)
    finally:
        candidate.close()
    assert candidate.killed == ["actions", "rasa", "front"], candidate.killed
    assert candidate.resent >= 1  # at least while the front server was down
    assert document["dossier"].endswith("– 0")
    dossiers = dossiers_of(running, answers["email"])
    assert len(dossiers) == 1, dossiers
    civil, residence = dossiers[0]["etat_civil"], dossiers[0]["residence"]
    assert (civil["nom"], civil["prenoms"], civil["date_naissance"]) == (
        answers["nom"].upper(),
        answers["prenoms"],
        answers["date_naissance"],
    )
    assert (residence["adresse"], residence["code_postal"]) == (answers["adresse"], answers["code_postal"])
    log = running.supervisor_log
    for name in ("actions", "rasa", "front"):
        assert f"{name} exited with code -9" in log, log
        assert f"{name} started again (restart 1," in log, log
    assert running.make is not None and running.make.poll() is None  # the same run: nothing stopped it
    supervisor = every_child_up(running)
    for name in ("actions", "rasa", "front"):
        assert value(supervisor, "bts_supervisor_restarts_total", child=name, reason="exited") == 1


def test_every_service_serves_its_metrics_on_localhost_and_the_counters_move(running, rasa):
    ports = {name: running.ports[f"{name}_metrics"] for name in ("supervisor", "front", "action", "rasa")}
    before = {name: scrape(port) for name, port in ports.items()}
    answers = profile("metrics")
    candidate = WebCandidate(running.front_url, time.monotonic() + REGISTRATION_TIMEOUT)
    try:
        register(candidate, answers)
    finally:
        candidate.close()
    turns = sum(1 for who, _ in candidate.transcript if who == "candidat")
    after = {name: scrape(port) for name, port in ports.items()}

    def moved(service: str, name: str, **labels: str) -> float:
        return value(after[service], name, **labels) - value(before[service], name, **labels)

    assert moved("front", "bts_turns_total", channel="web") >= turns
    assert moved("front", "bts_turn_seconds_count", channel="web") >= turns
    assert value(after["front"], "bts_turn_seconds_bucket", channel="web", le="+Inf") > 0
    assert ("bts_helpdesk_requests", (("status", "OPEN"),)) in after["front"]
    assert ("bts_helpdesk_oldest_wait_seconds", (("status", "OPEN"),)) in after["front"]
    assert moved("action", "bts_action_turns_total", channel="web") >= turns
    assert moved("action", "bts_action_turn_seconds_count") >= turns
    assert moved("action", "bts_registrations_validated_total", kind="new") == 1
    assert ("bts_attempt_limit_refusals_total", ()) in after["action"]
    assert ("bts_replies_replayed_total", (("how", "kept"),)) in after["action"]
    assert moved("rasa", "bts_rasa_messages_total") >= turns
    assert moved("rasa", "bts_rasa_tracker_seconds_count", operation="retrieve") >= turns
    assert moved("rasa", "bts_rasa_tracker_seconds_count", operation="save") >= turns
    assert value(after["rasa"], "bts_rasa_model_info", model=Path(rasa[1]).name) == 1
    assert every_child_up(running)  # the supervisor's health checks, every 5 s
    assert value(after["action"], "process_resident_memory_bytes") > 0  # the process collector too
    # Only on 127.0.0.1, and never through the public port.
    for port in ports.values():
        assert f"127.0.0.1:{port}" in localhost_listeners()
    assert httpx.get(f"{running.front_url}/metrics", timeout=10).status_code == 404


def localhost_listeners() -> set[str]:
    """host:port of every listening IPv4 socket."""
    found = set()
    with open("/proc/net/tcp", encoding="ascii") as table:
        for line in table.read().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A":
                host, port = parts[1].split(":")
                address = ".".join(str(int(host[i : i + 2], 16)) for i in (6, 4, 2, 0))
                found.add(f"{address}:{int(port, 16)}")
    return found


def test_a_sigterm_to_the_process_group_stops_everything(running):
    """Last: what a service manager does (make forwards the signal: the supervisor gets it twice)."""
    running.signal("term-group")
    seconds, left, ports = running.wait_gone()
    assert not left and not ports, (left, ports, running.supervisor_log[-2000:])
    assert seconds <= STOP_BUDGET
    assert "children stopped: " in running.supervisor_log
