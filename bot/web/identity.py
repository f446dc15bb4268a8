"""Who is calling the front: the conversation id the server issued (the full page's signed cookie, or the
embedded page's signed header token), whether the call comes from the assistant's own pages, and the caller's
network address as a keyed tag (no IP address is stored)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from bot.web.context import application

log = logging.getLogger(__name__)

COOKIE_NAME = "bts_chat"
COOKIE_MAX_AGE = 30 * 24 * 3600  # as long as a resume code lives
# The embedded chat (/widget) cannot count on a cookie (third-party there): it keeps the same signed value in
# its own storage and sends it in this header; the server issues it in the same header of its answers.
TOKEN_HEADER = "X-Chat-Token"


def cookie_secret(request: Request) -> bytes:
    """The key signing the chat cookie: BTS_SECRET_KEY, else one made for this process (cookies then die with it)."""
    key = getattr(request.app.state, "cookie_key", None)
    if key is None:
        configured = application(request).settings.secret_key
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
    public = urlsplit(application(request).settings.public_url)
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
