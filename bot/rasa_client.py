"""The one client of Rasa's REST channel, through which every chat channel (web, Telegram) sends messages."""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

DEFAULT_URL = "http://127.0.0.1:5005"
WEBHOOK_PATH = "/webhooks/rest/webhook"
TIMEOUT = 30.0  # seconds Rasa has to answer a message
CONNECT_TIMEOUT = 5.0  # seconds to open the connection (never more than TIMEOUT)
RETRIES = 3  # attempts in all
BACKOFF = 0.5  # seconds before the second attempt, doubled before each next one
# Statuses a reverse proxy or a starting server returns before the message reaches the dialogue.
RETRY_STATUSES = frozenset({502, 503, 504})
# Failures before any byte of the request left: the message cannot have reached the dialogue.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RasaUnavailable(Exception):
    """The assistant did not answer (down, failing or too slow): the candidate should send again later."""


def url_from_environment() -> str:
    """Rasa's base URL: RASA_URL, else the local default."""
    return os.environ.get("RASA_URL") or DEFAULT_URL


@dataclass
class RasaClient:
    """Sends a candidate's message as `sender` and returns the assistant's replies (a list of dicts).

    The HTTP client is made on first use, inside the event loop that serves the channel.
    """

    url: str
    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        if self.client is None or self.client.is_closed:
            self.client = httpx.AsyncClient()
        return self.client

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Posts the message and returns the replies (possibly none); raises RasaUnavailable otherwise.

        Retries only what cannot have reached the dialogue: a connection that could not be made, or a
        RETRY_STATUSES answer. After a read timeout or a dropped connection the message may have been
        processed, and sending it again could answer the next question twice: the candidate decides.
        Logs hold the sender id, status codes and error classes, never the message.
        """
        body: dict[str, Any] = {"sender": sender, "message": message}
        if metadata is not None:
            body["metadata"] = metadata
        timeout = httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            try:
                response = await self._http().post(
                    f"{self.url.rstrip('/')}{WEBHOOK_PATH}", json=body, timeout=timeout
                )
            except _NOT_SENT as error:
                log.warning(
                    "Rasa unreachable for %s (attempt %d/%d): %s",
                    sender,
                    attempt,
                    self.retries,
                    type(error).__name__,
                )
            except httpx.HTTPError as error:
                log.warning("Rasa failed while answering %s: %s", sender, type(error).__name__)
                raise RasaUnavailable(type(error).__name__) from error
            else:
                if response.status_code in RETRY_STATUSES:
                    log.warning(
                        "Rasa answered %d for %s (attempt %d/%d)",
                        response.status_code,
                        sender,
                        attempt,
                        self.retries,
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
                    return replies
            if attempt < self.retries:
                await asyncio.sleep(delay)
                delay *= 2
        raise RasaUnavailable(f"no answer after {self.retries} attempts")

    async def aclose(self) -> None:
        if self.client is not None:
            await self.client.aclose()
