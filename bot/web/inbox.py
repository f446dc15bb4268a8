"""The web chat's inbox: messages a conseiller (or the assistant taking over again) wrote to this browser's
conversation, fetched every few seconds by the page (only the conversation of the signed cookie, or of the
embedded page's signed token)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.web.context import application
from bot.web.identity import conversation_of, from_own_pages
from bot.web.shared import foreign

NO_STORE = {"Cache-Control": "no-store"}


async def inbox(request: Request) -> Response:

    if not from_own_pages(request):
        return foreign()
    sender = conversation_of(request)
    if sender is None:
        return JSONResponse([], headers=NO_STORE)
    items = await run_in_threadpool(application(request).desk.undelivered, sender)
    return JSONResponse(items, headers=NO_STORE)
