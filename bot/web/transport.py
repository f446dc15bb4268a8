"""Headers every answer of the front server carries, whatever serves it (pages, API, static files, the
console's downloads such as ``journal.csv`` or a dossier's documents):

- ``X-Content-Type-Options: nosniff``: a browser takes the declared type, never guesses one from the bytes;
- ``Strict-Transport-Security`` over https (as the request arrived, or as a trusted proxy says it did): the
  browser comes back over https only, for a year.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000"


class TransportHeaders:
    """ASGI middleware adding :data:`HSTS` (https only) and ``nosniff`` to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https"

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if secure:
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        await self.app(scope, receive, sending)
