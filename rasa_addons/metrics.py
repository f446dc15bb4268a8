"""Prometheus metrics of a Rasa server, on 127.0.0.1:BTS_METRICS_PORT when the supervisor gives one.

Rasa 3.6 serves no metrics of its own. What the tracker store sees is what a turn costs Rasa in storage and
how many messages it handled; which model file the server runs tells, during a rolling update, which servers
are already on the new one; the process collector adds CPU time and resident memory. This module runs in the
Rasa server (Python 3.10).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from prometheus_client import Counter, Gauge, Histogram, start_http_server

logger = logging.getLogger(__name__)

PORT_VARIABLE = "BTS_METRICS_PORT"

MESSAGES = Counter("bts_rasa_messages", "Candidates' messages this Rasa server handled (user events saved).")
TRACKER_SECONDS = Histogram(
    "bts_rasa_tracker_seconds",
    "Time to load a conversation's tracker (retrieve) or write its new events (save).",
    ["operation"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
MODEL = Gauge("bts_rasa_model_info", "1 for the model file this Rasa server runs.", ["model"])

_started = threading.Lock()
_served = False


def model_name(argv: list[str]) -> str | None:
    """The file name given to `rasa run --model`."""
    for i, arg in enumerate(argv):
        if arg == "--model" and i + 1 < len(argv):
            return Path(argv[i + 1]).name
        if arg.startswith("--model="):
            return Path(arg.split("=", 1)[1]).name
    return None


def serve_once() -> int | None:
    """Serves the metrics once per process (the tracker store may be made more than once); returns the port.
    A port already taken is logged and Rasa goes on without metrics."""
    global _served
    with _started:
        if _served:
            return None
        _served = True
    model = model_name(sys.argv)
    if model:
        MODEL.labels(model=model).set(1)
    value = os.environ.get(PORT_VARIABLE)
    if not value:
        return None
    try:
        start_http_server(int(value), addr="127.0.0.1")
    except OSError as error:
        logger.error("metrics not served on 127.0.0.1:%s: %s", value, error)
        return None
    return int(value)
