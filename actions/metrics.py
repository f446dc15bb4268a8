"""Prometheus metrics of an action server: turns applied, their time, replies given again, failures.

Each action server serves its own on 127.0.0.1:BTS_METRICS_PORT (registration/metrics.py); the registration
core's counters (dossiers validated, attempt-limit refusals) are counted in the same process.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

ACTION_TURNS = Counter(
    "bts_action_turns", "Candidate turns run by this action server, by channel.", ["channel"]
)
ACTION_SECONDS = Histogram(
    "bts_action_turn_seconds",
    "Seconds the registration engine took for one turn (draft read and written included).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
REPLAYED = Counter(
    "bts_replies_replayed",
    "Messages that arrived again after a retry and were not applied twice: answered with the kept replies "
    "(kept) or with the current question asked again (asked_again).",
    ["how"],
)
ACTION_ERRORS = Counter("bts_action_errors", "Action calls that failed with an internal error.")

for _channel in ("web", "telegram"):  # every series exists from the start (at 0)
    ACTION_TURNS.labels(channel=_channel)
for _how in ("kept", "asked_again"):
    REPLAYED.labels(how=_how)
