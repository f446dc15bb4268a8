"""An asynchronous client for Rasa's REST channel that retries while the assistant is unreachable."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx

log = logging.getLogger(__name__)

# Statuses a reverse proxy or a starting server returns before the message reaches the dialogue.
RETRY_STATUSES = {502, 503, 504}


class RasaUnavailable(Exception):
    """The assistant did not answer (down, failing or too slow): the candidate should send again later."""


@dataclass
class RasaClient:
    """Sends a candidate's message as `sender` and returns the assistant's replies (a list of dicts)."""

    url: str
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient())

    async def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Posts the message; retries only failures where the message cannot have reached the dialogue."""
        delay = self.backoff
        for attempt in range(1, self.retries + 1):
            try:
                response = await self.client.post(
                    f"{self.url.rstrip('/')}/webhooks/rest/webhook",
                    json={"sender": sender, "message": message},
                    timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout)),
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
                log.warning("Rasa unreachable (attempt %d/%d): %s", attempt, self.retries, error)
            except httpx.HTTPError as error:
                # The message may have been processed (read timeout, dropped connection): sending it
                # again could answer the next question twice, so the candidate decides.
                log.warning("Rasa failed while answering %s: %r", sender, error)
                raise RasaUnavailable(str(error)) from error
            else:
                if response.status_code in RETRY_STATUSES:
                    log.warning(
                        "Rasa answered %d (attempt %d/%d)", response.status_code, attempt, self.retries
                    )
                elif response.status_code >= 400:
                    log.warning("Rasa answered %d", response.status_code)
                    raise RasaUnavailable(f"HTTP {response.status_code}")
                else:
                    try:
                        replies = response.json()
                    except ValueError as error:
                        raise RasaUnavailable("not JSON") from error
                    if not isinstance(replies, list) or not replies:
                        # Rasa's REST channel answers 200 with nothing when the action server failed.
                        raise RasaUnavailable("empty reply")
                    return replies
            if attempt < self.retries:
                await asyncio.sleep(delay)
                delay *= 2
        raise RasaUnavailable(f"no answer after {self.retries} attempts")

    async def aclose(self) -> None:
        await self.client.aclose()
