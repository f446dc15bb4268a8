"""The accessible web chat: its page (whole, or embedded by a host site: see bot/web/widget.py), a relay to the
Rasa REST channel, and the confirmation PDF download."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.console import helpdesk_routes
from bot.metrics import watch_help_desk
from bot.rasa_client import DEFAULT_URL as DEFAULT_RASA_URL  # noqa: F401 (kept importable from the front)
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.web.context import application_of
from bot.web.identity import (
    client_tag,
    conversation_of,
    from_own_pages,
    issue_conversation,
    new_sender,
    uses_token,
)
from bot.web.inbox import inbox
from bot.web.pages import page_routes
from bot.web.shared import (
    DSFR_DIR,
    SECURITY_HEADERS,
    STATIC_DIR,
    dsfr_available,
    error,
    foreign,
    render,
    render_page,
)
from bot.web.transport import TransportHeaders
from bot.web.upload_time import upload_time_routes
from bot.web.uploads import upload_routes
from bot.web.widget import parse_origins, widget_routes
from registration import metrics
from registration.app import Application
from registration.conversation.texts import WEB
from registration.operations import mail_retry

MAX_MESSAGE_CHARS = 2000
THROTTLED = "throttled"  # the custom payload type by which the assistant says "too many failed look-ups"

log = logging.getLogger(__name__)


def rasa_url(request: Request) -> str:
    """Rasa's base URL: the one given to build_app, else the settings' (RASA_URL)."""
    given = getattr(request.app.state, "rasa_url", None)
    return (given or application_of(request.app).settings.rasa_url).rstrip("/")


def get_rasa(request: Request) -> RasaClient:
    """The application's client of Rasa's REST channel, created on first use."""
    rasa = getattr(request.app.state, "rasa", None)
    if rasa is None:
        rasa = request.app.state.rasa = RasaClient(rasa_url(request))
    return rasa


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    # The application (its store, referentials, staff directory) is made before the first request.
    front = await asyncio.to_thread(application_of, app)
    # Metrics on BTS_METRICS_PORT (127.0.0.1, never this server's public port), with the help-desk queue.
    if metrics.serve_if_given(front.settings.metrics_port) is not None:
        watch_help_desk(lambda: front.desk)
    every = front.settings.mail_retry_seconds
    retrying = asyncio.create_task(_send_mail_again(front, every)) if every else None
    yield
    if retrying is not None:
        retrying.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await retrying
    rasa = getattr(app.state, "rasa", None)
    if rasa is not None:
        await rasa.aclose()


async def _send_mail_again(front: Application, every: float) -> None:
    """The confirmation e-mails that could not leave, tried again every BTS_MAIL_RETRY_SECONDS (with backoff)."""
    while True:
        await asyncio.sleep(every)
        try:
            await asyncio.to_thread(mail_retry.run_once, front)
        except Exception as failure:  # the next round tries again; the front keeps serving
            log.warning("confirmation e-mail retry failed: %s", type(failure).__name__)


# --- routes -------------------------------------------------------------------------------------------


async def index(request: Request) -> Response:
    return HTMLResponse(render_page(), headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


async def message(request: Request) -> Response:
    """Relays one candidate message to Rasa's REST channel under the sender id this server issued.

    The body is ``{"message": "..."}``; a body naming a sender is refused (400): only the signed, HttpOnly
    cookie (full page) or the signed X-Chat-Token header (embedded page) says whose conversation this is.
    When the assistant refuses a look-up for too many failures, the replies come back with HTTP 429.
    """
    if not from_own_pages(request):
        return foreign()
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return error(WEB["bad_request"], 415)
    try:
        body: Any = await request.json()
    except ValueError:
        return error(WEB["bad_request"], 400)
    if not isinstance(body, dict) or set(body) - {"message"}:
        return error(WEB["bad_request"], 400)
    text = body.get("message")
    if not isinstance(text, str):
        return error(WEB["bad_request"], 400)
    if len(text) > MAX_MESSAGE_CHARS:
        return error(WEB["too_long"].format(max=MAX_MESSAGE_CHARS), 413)
    sender = conversation_of(request)
    issued = sender is None
    if sender is None:
        sender = new_sender()
    try:
        replies = await get_rasa(request).send(
            sender,
            text,
            metadata={"client": client_tag(request), "surface": "widget" if uses_token(request) else "web"},
            channel="widget" if uses_token(request) else "web",
        )
    except RasaUnavailable:
        return error(WEB["unavailable"], 503)
    throttled = any(
        isinstance(r, dict) and isinstance(r.get("custom"), dict) and r["custom"].get("type") == THROTTLED
        for r in replies
    )
    headers = {"Cache-Control": "no-store"}
    if throttled:
        headers["Retry-After"] = str(
            next(
                int(r["custom"].get("retry_after") or 900)
                for r in replies
                if isinstance(r, dict)
                and isinstance(r.get("custom"), dict)
                and r["custom"].get("type") == THROTTLED
            )
        )
    if issued:
        headers["X-Chat-New"] = "1"
    result = JSONResponse(replies, status_code=429 if throttled else 200, headers=headers)
    if issued:
        issue_conversation(request, result, sender)
    return result


async def restart(request: Request) -> Response:
    """Starts a new conversation in this browser: a new sender id (the old draft stays resumable by its code)."""
    if not from_own_pages(request):
        return foreign()
    result = JSONResponse({"ok": True}, headers={"Cache-Control": "no-store"})
    issue_conversation(request, result, new_sender())
    return result


def not_found(title: str, text: str) -> HTMLResponse:
    body = render("not_found.html", title=title, text=text)
    return HTMLResponse(body, status_code=404, headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})


def content_disposition(filename: str) -> str:
    """An attachment header that survives any file name (ASCII fallback plus RFC 5987 UTF-8 form)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)
    fallback = fallback or "document.pdf"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def document(request: Request) -> Response:
    """The confirmation PDF behind an unguessable, expiring download token."""
    token = request.path_params["token"]
    revision = await run_in_threadpool(application_of(request.app).store.resolve_download_token, token)
    if revision is None or not revision.pdf:
        return not_found(WEB["download_not_found_title"], WEB["download_not_found"])
    return Response(
        revision.pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(revision.filename),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex",
        },
    )


async def page_not_found(request: Request, exc: Exception) -> Response:
    return not_found(WEB["page_not_found_title"], WEB["page_not_found"])


def build_app(
    rasa_url: str | None = None,
    widget_origins: Iterable[str] | str | None = None,
    *,
    application: Application | None = None,
) -> Starlette:
    """The front server serving ``application`` (default: this process's, made when the server starts); for
    tests, `rasa_url` overrides the settings' RASA_URL and `widget_origins` their BTS_WIDGET_ORIGINS (the host
    sites allowed to embed the chat)."""
    routes = [
        Route("/", index),
        *widget_routes(),
        Route("/health", health),
        Route("/api/message", message, methods=["POST"]),
        Route("/api/restart", restart, methods=["POST"]),
        Route("/api/inbox", inbox),
        Route("/documents/{token}", document),
        *upload_time_routes(),
        *upload_routes(),
        *page_routes(),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        Mount("/conseillers", routes=helpdesk_routes()),
    ]
    if dsfr_available():
        routes.append(Mount("/dsfr", StaticFiles(directory=DSFR_DIR), name="dsfr"))
    front = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: page_not_found},
        middleware=[Middleware(TransportHeaders)],
    )
    front.state.application = application
    front.state.rasa_url = rasa_url
    if widget_origins is not None:
        given = widget_origins if isinstance(widget_origins, str) else " ".join(widget_origins)
        front.state.widget_origins = parse_origins(given, source="build_app")
    return front


app = build_app()
