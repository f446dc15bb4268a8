"""The one client of Rasa's REST channel, through which every chat channel (web, Telegram) sends messages."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from bot import metrics

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:5005"
WEBHOOK_PATH = "/webhooks/rest/webhook"
TIMEOUT = 30.0  # seconds Rasa has to answer one attempt
BUDGET = 40.0  # seconds for all attempts together (the web chat gives up after 45)
CONNECT_TIMEOUT = 5.0  # seconds to open the connection (never more than TIMEOUT)
RETRIES = 6  # attempts in all, within BUDGET
BACKOFF = 0.5  # seconds before the second attempt, doubled before each next one
MAX_BACKOFF = 4.0
EMPTY_RETRIES = 1  # attempts more after an empty answer (an action that failed, or a conseiller's turn)
# Server-side failures: a proxy with no server behind it, a server restarting, a store or lock unreachable.
RETRY_STATUSES = frozenset({500, 502, 503, 504})


class RasaUnavailable(Exception):
    """The assistant did not answer (down, failing or too slow): the candidate should send again later."""

    def __init__(self, detail: str, reason: str = "refused") -> None:
        super().__init__(detail)
        self.reason = reason  # for the metrics: "unavailable" (every attempt failed) or "refused"


@dataclass
class RasaClient:
    """Sends a candidate's message as `sender` and returns the assistant's replies (a list of dicts).

    The HTTP client is made on first use, inside the event loop that serves the channel.
    """

    url: str
    channel: str = "web"  # the metrics' label (web, widget, telegram); send() may name another
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self.client is None or self.client.is_closed:
            self.client = httpx.AsyncClient()
        return self.client

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None, channel: str | None = None
    ) -> list[dict[str, Any]]:
        """The replies to one message (see _send), counted in the metrics of `channel`."""
        channel = channel or self.channel
        started = time.monotonic()
        try:
            replies = await self._send(sender, message, metadata, channel)
        except RasaUnavailable as error:
            metrics.TURN_ERRORS.labels(channel=channel, reason=error.reason).inc()
            raise
        metrics.TURNS.labels(channel=channel).inc()
        metrics.TURN_SECONDS.labels(channel=channel).observe(time.monotonic() - started)
        return replies

    async def _send(
        self, sender: str, message: str, metadata: dict[str, Any] | None, channel: str
    ) -> list[dict[str, Any]]:
        """Posts the message and returns the replies (possibly none); raises RasaUnavailable otherwise.

        The message carries an id (``metadata.message_id``), the same on every attempt: the action server
        applies a message once and answers a repeated one with the same replies. So every failure where
        the message may or may not have been processed (connection refused or cut, 5xx, timeout) is
        retried, within BUDGET. An empty answer (Rasa's REST channel says nothing when the action server
        failed) is retried EMPTY_RETRIES times, then returned: a conversation a conseiller holds is quiet.
        Logs hold the sender id, status codes and error classes, never the message.
        """
        body: dict[str, Any] = {
            "sender": sender,
            "message": message,
            "metadata": {**(metadata or {}), "message_id": uuid.uuid4().hex},
        }
        deadline = time.monotonic() + BUDGET
        delay, empty_retries, failure = self.backoff, EMPTY_RETRIES, "no attempt"
        for attempt in range(1, self.retries + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            if attempt > 1:
                metrics.RETRIES.labels(channel=channel).inc()
            timeout = httpx.Timeout(min(self.timeout, remaining), connect=min(CONNECT_TIMEOUT, remaining))
            try:
                response = await self._http().post(
                    f"{self.url.rstrip('/')}{WEBHOOK_PATH}", json=body, timeout=timeout
                )
            except httpx.HTTPError as error:
                failure = type(error).__name__
                log.warning("Rasa failed for %s (attempt %d/%d): %s", sender, attempt, self.retries, failure)
            else:
                if response.status_code in RETRY_STATUSES:
                    failure = f"HTTP {response.status_code}"
                    log.warning(
                        "Rasa answered %s for %s (attempt %d/%d)", failure, sender, attempt, self.retries
                    )
                elif not response.is_success:
                    log.warning("Rasa answered %d for %s", response.status_code, sender)
                    raise RasaUnavailable(f"HTTP {response.status_code}")
                else:
                    try:
                        replies = response.json()
                    except ValueError as error:
                        raise RasaUnavailable("not JSON") from error
                    if not isinstance(replies, list):
                        raise RasaUnavailable("not a list")
                    if replies or empty_retries <= 0:
                        return replies
                    empty_retries -= 1
                    failure = "empty answer"
            if attempt < self.retries:
                await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, MAX_BACKOFF)
        if failure == "empty answer":
            return []
        raise RasaUnavailable(f"no answer after {self.retries} attempts ({failure})", reason="unavailable")

    async def aclose(self) -> None:
        if self.client is not None:
            await self.client.aclose()
