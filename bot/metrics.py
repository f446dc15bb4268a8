"""Prometheus metrics of the processes that face people (front server, Telegram bridge): turns by channel,
their latency as the candidate lives it (every attempt to reach Rasa included), failures, and the help-desk
queue read from the store when scraped."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from registration.helpdesk.desk import OPEN, TAKEN, HelpDesk
from registration.settings import now

log = logging.getLogger(__name__)

CHANNELS = ("web", "widget", "telegram")  # web: the whole page; widget: embedded in a host site

TURNS = Counter("bts_turns", "Candidate messages answered by the assistant, by channel.", ["channel"])
TURN_SECONDS = Histogram(
    "bts_turn_seconds",
    "Seconds from a candidate's message to the assistant's replies, retries included, by channel.",
    ["channel"],
    buckets=(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 20.0, 40.0),
)
TURN_ERRORS = Counter(
    "bts_turn_errors",
    "Candidate messages the assistant did not answer (unavailable after every retry, or refused), by channel.",
    ["channel", "reason"],
)
RETRIES = Counter(
    "bts_rasa_retries",
    "Messages sent again to Rasa with the same message id after a failure or an empty answer, by channel.",
    ["channel"],
)

for _channel in CHANNELS:  # every series exists from the start (at 0), so that rates and alerts see it
    TURNS.labels(channel=_channel)
    TURN_SECONDS.labels(channel=_channel)
    RETRIES.labels(channel=_channel)
    for _reason in ("unavailable", "refused"):
        TURN_ERRORS.labels(channel=_channel, reason=_reason)


class HelpDeskQueue(Collector):
    """Open and taken help-desk requests and how long the oldest has waited, read when scraped."""

    def __init__(self, help_desk: Callable[[], HelpDesk]) -> None:
        self.help_desk = help_desk

    def describe(self) -> list:
        return []  # nothing is read at registration; the families appear in collect()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        requests = GaugeMetricFamily(
            "bts_helpdesk_requests",
            "Help-desk requests by status (OPEN: waiting, TAKEN: held).",
            labels=["status"],
        )
        oldest = GaugeMetricFamily(
            "bts_helpdesk_oldest_wait_seconds",
            "Seconds the oldest request of each status has waited since it was made (0 when none).",
            labels=["status"],
        )
        try:
            queue = self.help_desk().queue()
        except Exception as error:  # noqa: BLE001 - a scrape must never fail the front
            log.warning("help-desk queue not read for the metrics: %s", type(error).__name__)
            return
        at = now()
        for status in (OPEN, TAKEN):
            count, since = queue[status]
            requests.add_metric([status], count)
            oldest.add_metric([status], _seconds(at, since))
        yield requests
        yield oldest


def _seconds(at: datetime, since: datetime | None) -> float:
    return max(0.0, (at - since).total_seconds()) if since is not None else 0.0


_queue_registered = False


def watch_help_desk(help_desk: Callable[[], HelpDesk]) -> None:
    """Adds the help-desk queue to this process's metrics (once)."""
    global _queue_registered
    if not _queue_registered:
        REGISTRY.register(HelpDeskQueue(help_desk))
        _queue_registered = True
