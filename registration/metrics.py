"""Prometheus metrics of the registration core, and serving a process's metrics on 127.0.0.1.

Every service process (front server, action server, Telegram bridge, supervisor) serves its own metrics on
``http://127.0.0.1:<BTS_METRICS_PORT>/metrics`` when that variable is set (the supervisors give each child
its port; the process reads it with its settings). Only 127.0.0.1: the metrics port is never the public one, and nginx never forwards to it.
Counting costs a few microseconds per turn (an increment under a lock); nothing is computed until scraped.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter, start_http_server

log = logging.getLogger(__name__)

PORT_VARIABLE = "BTS_METRICS_PORT"
HOST = "127.0.0.1"

REGISTRATIONS_VALIDATED = Counter(
    "bts_registrations_validated",
    "Dossiers validated: new registrations (revision 0) and modifications (later revisions).",
    ["kind"],
)
ATTEMPT_LIMIT_REFUSALS = Counter(
    "bts_attempt_limit_refusals",
    "Look-ups and logins refused because a client or a target had too many failures in the window.",
)

for _kind in ("new", "modification"):  # both series exist from the start (at 0)
    REGISTRATIONS_VALIDATED.labels(kind=_kind)


def serve(port: int) -> None:
    """Serves this process's metrics on http://127.0.0.1:<port>/metrics from a daemon thread."""
    start_http_server(port, addr=HOST)


def serve_if_given(port: int | None) -> int | None:
    """Serves the metrics on ``port`` (the settings' BTS_METRICS_PORT) when there is one; returns it. A port
    already taken is logged and the service goes on without metrics (a metrics port must never stop a
    service)."""
    if not port:
        return None
    try:
        serve(port)
    except OSError as error:
        log.error("metrics not served: port %d on %s: %s", port, HOST, error)
        return None
    return port
