"""The metrics the services define, the help-desk queue they read from the store, and the operations files
(Grafana dashboard, alert rules) that name them: a renamed metric must not leave a panel or an alert blind."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import timedelta
from pathlib import Path

import yaml
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest

import actions.metrics  # noqa: F401 (registers the action server's metrics)
import bot.metrics  # noqa: F401 (registers the front server's metrics)
import bot.ops.cluster.rollout  # noqa: F401 (registers the rolling update's metrics)
import bot.ops.supervisor  # noqa: F401 (registers the supervisor's metrics)
import registration.metrics  # noqa: F401 (registers the core's metrics)
from bot.metrics import HelpDeskQueue
from registration.helpdesk.desk import HelpDesk
from registration.security.attempts import AttemptGuard
from registration.store import Store

ROOT = Path(__file__).resolve().parents[2]
# The Rasa servers' metrics: the module imports no Rasa, but its package does (loaded by path, once).
if "bts_rasa_metrics" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("bts_rasa_metrics", ROOT / "rasa_addons" / "metrics.py")
    assert _spec is not None and _spec.loader is not None
    sys.modules["bts_rasa_metrics"] = _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
DASHBOARD = ROOT / "deploy" / "grafana" / "bts-assistant.json"
ALERTS = ROOT / "deploy" / "prometheus" / "bts-alerts.yml"
QUEUE_NAMES = {"bts_helpdesk_requests", "bts_helpdesk_oldest_wait_seconds"}
OTHER_NAMES = {
    "up",
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
}  # Prometheus', the client's


SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def defined() -> set[str]:
    """The sample names of every metric defined, with or without samples yet (labelled ones)."""
    return {
        family.name + suffix for family in REGISTRY.collect() for suffix in SUFFIXES.get(family.type, ("",))
    } | QUEUE_NAMES


def migrated(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'bts.sqlite3'}")
    store.migrate()
    return store


def used(text: str) -> set[str]:
    return set(re.findall(r"\b(bts_[a-z_]+|process_[a-z_]+|up)\b(?=[{\[\s)]|$)", text))


def expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    found = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    rules = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    found += [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    return found


def test_the_dashboard_and_the_alerts_name_only_metrics_the_services_define():
    names = defined() | OTHER_NAMES
    for expr in expressions():
        unknown = {n for n in used(expr) if n not in names}
        assert not unknown, f"{expr}: {unknown}"
    everything = " ".join(expressions())
    for metric in ("bts_turns_total", "bts_turn_seconds_bucket", "bts_turn_errors_total",
                   "bts_replies_replayed_total", "bts_registrations_validated_total", "bts_helpdesk_requests",
                   "bts_helpdesk_oldest_wait_seconds", "bts_attempt_limit_refusals_total",
                   "bts_supervisor_restarts_total"):  # fmt: skip
        assert metric in everything, metric


def test_the_help_desk_queue_is_read_from_the_store_when_scraped(tmp_path):
    desk = HelpDesk(migrated(tmp_path))
    registry = CollectorRegistry()
    registry.register(HelpDeskQueue(lambda: desk))
    empty = generate_latest(registry).decode()
    assert 'bts_helpdesk_requests{status="OPEN"} 0.0' in empty
    assert 'bts_helpdesk_oldest_wait_seconds{status="OPEN"} 0.0' in empty
    desk.open_request("web-one", "conseiller", {}, academie_code="01", step="nom")
    second = desk.open_request("web-two", "conseiller", {}, academie_code="01", step="nom")
    desk.take(second, staff_id=1)
    text = generate_latest(registry).decode()
    assert 'bts_helpdesk_requests{status="OPEN"} 1.0' in text
    assert 'bts_helpdesk_requests{status="TAKEN"} 1.0' in text
    oldest = float(re.search(r'bts_helpdesk_oldest_wait_seconds\{status="OPEN"\} (\S+)', text)[1])
    assert 0 <= oldest < timedelta(minutes=5).total_seconds()


def test_a_refused_look_up_is_counted(tmp_path):
    guard = AttemptGuard(migrated(tmp_path), limit=1, secret="s")
    before = REGISTRY.get_sample_value("bts_attempt_limit_refusals_total") or 0.0
    assert not guard.reserve(["client"], "target").refused  # the first failure is allowed
    assert guard.reserve(["client"], "target").refused
    assert REGISTRY.get_sample_value("bts_attempt_limit_refusals_total") == before + 1


def test_a_rasa_server_names_the_model_file_it_was_started_with():
    model_name = sys.modules["bts_rasa_metrics"].model_name
    assert model_name(
        ["rasa", "run", "--model", "/var/cluster/models/bts-07f6.tar.gz", "--port", "5106"]
    ) == ("bts-07f6.tar.gz")
    assert model_name(["rasa", "run", "--model=/m/current.tar.gz"]) == "current.tar.gz"
    assert model_name(["rasa", "run"]) is None
