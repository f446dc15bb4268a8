"""The accessible web chat: its page (whole, or embedded by a host site: see bot/web/widget.py), a relay to the
Rasa REST channel, and the confirmation PDF download."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import html
import logging
import os
import secrets
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.helpdesk import helpdesk_routes
from bot.rasa_client import DEFAULT_URL as DEFAULT_RASA_URL  # noqa: F401 (kept importable from the front)
from bot.rasa_client import RasaClient, RasaUnavailable, url_from_environment
from bot.web.inbox import inbox
from bot.web.widget import configured_origins, parse_origins, widget_routes

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = Path(__file__).resolve().parent / "static"
DSFR_DIR = ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist"

MAX_MESSAGE_CHARS = 2000
COOKIE_NAME = "bts_chat"
COOKIE_MAX_AGE = 30 * 24 * 3600  # as long as a resume code lives
# The embedded chat (/widget) cannot count on a cookie (third-party there): it keeps the same signed value in
# its own storage and sends it in this header; the server issues it in the same header of its answers.
TOKEN_HEADER = "X-Chat-Token"
THROTTLED = "throttled"  # the custom payload type by which the assistant says "too many failed look-ups"

log = logging.getLogger(__name__)

UNAVAILABLE = (
    "Le service est momentanément indisponible. Votre réponse n'est pas perdue : réessayez dans un instant."
)
BAD_REQUEST = "Le message n'a pas pu être lu. Rechargez la page puis réessayez."
FOREIGN = "Cette adresse ne répond qu'aux pages de l'assistant de pré-inscription."
TOO_LONG = f"Votre message est trop long : {MAX_MESSAGE_CHARS} caractères au plus."

# The page only loads its own files: no inline script or style, no third-party origin.
CONTENT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
# No page may be framed, except /widget by the configured host sites (bot/web/widget.py).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_POLICY + "; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

DSFR_LINKS = (
    '<link rel="stylesheet" href="/dsfr/dsfr.min.css">\n'
    '  <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">'
)

NOT_FOUND_PAGE = """<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} – Pré-inscription au BTS</title>
  {dsfr}
  <link rel="stylesheet" href="/static/chat.css">
</head>
<body>
  <main id="contenu" class="page fr-container">
    <h1>{title}</h1>
    <p>{text}</p>
    <p><a class="fr-link" href="/">Retourner à l'assistant de pré-inscription</a></p>
  </main>
</body>
</html>
"""


def dsfr_available() -> bool:
    """Whether the State design system (npm package @gouvfr/dsfr) is installed at the repository root."""
    return (DSFR_DIR / "dsfr.min.css").is_file()


def cookie_secret(request: Request) -> bytes:
    """The key signing the chat cookie: BTS_SECRET_KEY, else one made for this process (cookies then die with it)."""
    key = getattr(request.app.state, "cookie_key", None)
    if key is None:
        configured = os.environ.get("BTS_SECRET_KEY")
        if not configured:
            log.warning("BTS_SECRET_KEY is not set: chat cookies will not survive a restart")
        key = request.app.state.cookie_key = (configured or secrets.token_urlsafe(32)).encode("utf-8")
    return key


def _sign(key: bytes, sender: str) -> str:
    return hmac.new(key, sender.encode("ascii"), hashlib.sha256).hexdigest()


def signed_sender(request: Request, sender: str) -> str:
    """The value the browser keeps (cookie or embedded page's token): the sender id and its HMAC."""
    return f"{sender}.{_sign(cookie_secret(request), sender)}"


def _verified(request: Request, value: str) -> str | None:
    sender, _, signature = value.partition(".")
    if not sender.startswith("web-") or len(sender) != 36 or not signature:
        return None
    if not hmac.compare_digest(signature, _sign(cookie_secret(request), sender)):
        return None
    return sender


def sender_from_cookie(request: Request) -> str | None:
    """The conversation id the server issued to this browser, if its cookie is there and genuine."""
    return _verified(request, request.cookies.get(COOKIE_NAME, ""))


def sender_from_token(request: Request) -> str | None:
    """The conversation id the server issued to the embedded page, if its header token is genuine."""
    return _verified(request, request.headers.get(TOKEN_HEADER, ""))


def uses_token(request: Request) -> bool:
    """Whether the caller is the embedded page, which names its conversation by header rather than cookie.

    It sends the header even before it has a token (any value that is not a genuine token starts a new
    conversation), so that the server answers with a token rather than a cookie it could not keep.
    """
    return TOKEN_HEADER in request.headers


def conversation_of(request: Request) -> str | None:
    """The conversation id of the caller: the header token of the embedded page, else the full page's cookie."""
    return sender_from_token(request) if uses_token(request) else sender_from_cookie(request)


def set_sender_cookie(request: Request, response: Response, sender: str) -> None:
    secure = request.url.scheme == "https"
    response.set_cookie(
        COOKIE_NAME,
        signed_sender(request, sender),
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def issue_conversation(request: Request, response: Response, sender: str) -> None:
    """Hands a new conversation id to the caller the way it keeps it: header token, or cookie."""
    if uses_token(request):
        response.headers[TOKEN_HEADER] = signed_sender(request, sender)
    else:
        set_sender_cookie(request, response, sender)


def own_origins(request: Request) -> set[str]:
    """The origins of the assistant's own pages: the address this request came to, and BTS_PUBLIC_URL's."""
    origins = {f"{request.url.scheme}://{request.url.netloc}".lower()}
    public = urlsplit(os.environ.get("BTS_PUBLIC_URL", "").strip())
    if public.scheme and public.netloc:
        origins.add(f"{public.scheme}://{public.netloc}".lower())
    return origins


def from_own_pages(request: Request) -> bool:
    """Whether a call to the API comes from the assistant's own pages (the full page or the embedded one).

    Browsers say where a request comes from: Sec-Fetch-Site (all current browsers), else Origin. A page of
    another origin, even an allowed host site, gets nothing; the host site only frames /widget, which is on
    the assistant's origin. A client that sends neither header is not a browser page (it gets no more than
    what its own requests give it: a new conversation, or the one its cookie or token names).
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() in own_origins(request)
    return True


def new_sender() -> str:
    return "web-" + secrets.token_hex(16)


def client_tag(request: Request) -> str:
    """The candidate's network address, keyed (HMAC) so that no IP address is stored in the trackers.

    uvicorn puts the proxy's X-Forwarded-For here when the proxy is trusted (--forwarded-allow-ips).
    """
    address = request.client.host if request.client else ""
    return "ip-" + hmac.new(cookie_secret(request), address.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def rasa_url(request: Request) -> str:
    """Rasa's base URL: the one given to build_app, else RASA_URL from the environment."""
    return (getattr(request.app.state, "rasa_url", None) or url_from_environment()).rstrip("/")


# --- lazily created shared resources ------------------------------------------------------------------

_store = None
_store_lock = threading.Lock()


def get_store():
    """The registration store, created once on first use (it reads DATABASE_URL from the environment)."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                from registration.store import Store

                _store = Store()
    return _store


def get_rasa(request: Request) -> RasaClient:
    """The application's client of Rasa's REST channel, created on first use."""
    rasa = getattr(request.app.state, "rasa", None)
    if rasa is None:
        rasa = request.app.state.rasa = RasaClient(rasa_url(request))
    return rasa


@contextlib.asynccontextmanager
async def lifespan(app: Starlette):
    yield
    rasa = getattr(app.state, "rasa", None)
    if rasa is not None:
        await rasa.aclose()


# --- routes -------------------------------------------------------------------------------------------


def render_page(layout: str = "page", note: str = "") -> str:
    """The chat page: whole (`page`, at /) or in a host site's dialog (`widget`, at /widget); `note` is a
    paragraph of HTML shown under the title (already escaped)."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    page = page.replace("<!-- DSFR -->", DSFR_LINKS if dsfr_available() else "")
    page = page.replace("<!-- NOTE -->", note)
    if layout != "page":
        page = page.replace('<body data-layout="page">', f'<body data-layout="{html.escape(layout)}">')
    return page


async def index(request: Request) -> Response:
    return HTMLResponse(render_page(), headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def foreign() -> JSONResponse:
    return error(FOREIGN, 403)


async def message(request: Request) -> Response:
    """Relays one candidate message to Rasa's REST channel under the sender id this server issued.

    The body is ``{"message": "..."}``; a body naming a sender is refused (400): only the signed, HttpOnly
    cookie (full page) or the signed X-Chat-Token header (embedded page) says whose conversation this is.
    When the assistant refuses a look-up for too many failures, the replies come back with HTTP 429.
    """
    if not from_own_pages(request):
        return foreign()
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return error(BAD_REQUEST, 415)
    try:
        body: Any = await request.json()
    except ValueError:
        return error(BAD_REQUEST, 400)
    if not isinstance(body, dict) or set(body) - {"message"}:
        return error(BAD_REQUEST, 400)
    text = body.get("message")
    if not isinstance(text, str):
        return error(BAD_REQUEST, 400)
    if len(text) > MAX_MESSAGE_CHARS:
        return error(TOO_LONG, 413)
    sender = conversation_of(request)
    issued = sender is None
    if sender is None:
        sender = new_sender()
    try:
        replies = await get_rasa(request).send(sender, text, metadata={"client": client_tag(request)})
    except RasaUnavailable:
        return error(UNAVAILABLE, 503)
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
    body = NOT_FOUND_PAGE.format(
        title=html.escape(title), text=html.escape(text), dsfr=DSFR_LINKS if dsfr_available() else ""
    )
    return HTMLResponse(body, status_code=404, headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})


def content_disposition(filename: str) -> str:
    """An attachment header that survives any file name (ASCII fallback plus RFC 5987 UTF-8 form)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "_" for c in filename)
    fallback = fallback or "document.pdf"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def document(request: Request) -> Response:
    """The confirmation PDF behind an unguessable, expiring download token."""
    token = request.path_params["token"]
    revision = await run_in_threadpool(get_store().resolve_download_token, token)
    if revision is None or not revision.pdf:
        return not_found(
            "Lien de téléchargement introuvable ou expiré",
            "Ce lien ne permet plus de télécharger la confirmation d'inscription : il a peut-être expiré. "
            "Vous pouvez obtenir un nouveau lien en consultant votre dossier auprès de l'assistant, "
            "avec votre numéro de dossier et votre date de naissance.",
        )
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
    return not_found("Page introuvable", "L'adresse demandée n'existe pas.")


def build_app(rasa_url: str | None = None, widget_origins: Iterable[str] | str | None = None) -> Starlette:
    """The front application; `rasa_url` overrides the RASA_URL environment variable and `widget_origins`
    the BTS_WIDGET_ORIGINS one (the host sites allowed to embed the chat), for tests."""
    routes = [
        Route("/", index),
        *widget_routes(),
        Route("/health", health),
        Route("/api/message", message, methods=["POST"]),
        Route("/api/restart", restart, methods=["POST"]),
        Route("/api/inbox", inbox),
        Route("/documents/{token}", document),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        Mount("/conseillers", routes=helpdesk_routes()),
    ]
    if dsfr_available():
        routes.append(Mount("/dsfr", StaticFiles(directory=DSFR_DIR), name="dsfr"))
    application = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: page_not_found})
    application.state.rasa_url = rasa_url
    if widget_origins is None:
        application.state.widget_origins = configured_origins()
    else:
        given = widget_origins if isinstance(widget_origins, str) else " ".join(widget_origins)
        application.state.widget_origins = parse_origins(given, source="build_app")
    return application


app = build_app()
