"""Who is asking: the staff session cookie, the login requirement and the CSRF check of the console.

The session cookie ``bts_staff`` holds a random token (only its SHA-256 is stored); it is HttpOnly,
SameSite=Strict, Secure when the request came over https, and sent only under ``/conseillers``. Every
endpoint of the console but the login page is wrapped in :func:`require_staff`:

- without a valid session, a page answers 303 to the login page (which brings the person back afterwards)
  and an API endpoint (``api=True``, everything under ``/conseillers/api/``) answers 401
  ``{"error": "..."}``;
- a request that may change something (any method but GET, HEAD, OPTIONS) must carry the session's CSRF
  token, in the form field ``csrf`` or the header ``X-CSRF-Token``, else 403.

Inside the endpoint, ``request.state.staff_session`` is the :class:`~registration.staff.directory.ActiveSession`
(``.staff`` is the :class:`~registration.staff.directory.StaffMember`, ``.csrf`` the token for its forms).
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Awaitable, Callable
from typing import TypeGuard
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.console import front
from bot.console.pages import PREFIX, json_error, message_page
from bot.console.texts import MESSAGES, TITLES
from bot.web.forms import FormRefused, FormTooLarge, UploadedFile, read_multipart
from registration.staff.directory import ActiveSession

SESSION_COOKIE = "bts_staff"
LOGIN_PATH = PREFIX + "/connexion"
API_PREFIX = PREFIX + "/api/"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 100
MAX_UPLOAD_BYTES = 1024 * 1024  # a multipart form with a file (an exam table)
MAX_FORM_FILES = 1

__all__ = ["FormTooLarge", "UploadedFile", "read_files", "read_form", "require_staff"]

Endpoint = Callable[[Request], Awaitable[Response]]
_UNREAD = object()


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    """A console cookie: HttpOnly, SameSite=Strict, Secure over https, path /conseillers, ends with the browser."""
    response.set_cookie(
        name,
        value,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def delete_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path=PREFIX, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


async def current_staff(request: Request, *, touch: bool = True) -> ActiveSession | None:
    """The valid session of this request's cookie, or None; read once per request.

    The request keeps the session alive (its idle time starts again) unless ``touch`` is False, which is for
    what a page does on its own (polling for news): an unattended console must still time out.
    """
    known = getattr(request.state, "staff_session", _UNREAD)
    if known is None or isinstance(known, ActiveSession):
        return known
    token = request.cookies.get(SESSION_COOKIE)
    session = None
    if token:
        directory = await front.staff_directory(request)
        session = await run_in_threadpool(functools.partial(directory.resolve_session, token, touch=touch))
    request.state.staff_session = session
    return session


def is_safe_next(path: str | None) -> TypeGuard[str]:
    """Whether a page to come back to after login stays inside the console (no open redirect)."""
    return bool(
        path
        and path.startswith(PREFIX + "/")
        and not path.startswith(API_PREFIX)
        and "\\" not in path
        and "//" not in path
        and "/." not in path  # no "." or ".." segment, which a browser would resolve out of the console
        and "%2e" not in path.lower()
        and all(32 < ord(c) < 127 for c in path)
    )


def login_redirect(request: Request) -> RedirectResponse:
    """303 to the login page, which will come back to the page asked for; a stale cookie is cleared."""
    query: dict[str, str] = {}
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method in SAFE_METHODS and is_safe_next(wanted) and request.url.path != PREFIX + "/":
        query["suite"] = wanted
    if request.cookies.get(SESSION_COOKIE):
        query["expiree"] = "1"
    location = LOGIN_PATH + (f"?{urlencode(query)}" if query else "")
    response = RedirectResponse(location, status_code=303, headers={"Cache-Control": "no-store"})
    if request.cookies.get(SESSION_COOKIE):
        delete_cookie(request, response, SESSION_COOKIE)
    return response


async def read_form(request: Request) -> dict[str, str]:
    """The fields of an ``application/x-www-form-urlencoded`` or ``multipart/form-data`` body (the console's
    forms), read once per request; the files of a multipart form are in :func:`read_files`.

    A multipart body is parsed as a stream with its limits applied while it is read (``bot.web.forms``: one
    file, :data:`MAX_FORM_FIELDS` fields); a name given twice keeps its first value; another content type, or
    a malformed body, gives no field. :class:`FormTooLarge` above :data:`MAX_FORM_BYTES`
    (:data:`MAX_UPLOAD_BYTES` for a multipart form).
    """
    known = getattr(request.state, "helpdesk_form", None)
    if known is not None:
        return known
    fields: dict[str, str] = {}
    full_type = request.headers.get("content-type", "")
    content_type = full_type.split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        try:
            fields, files = await read_multipart(
                request,
                max_bytes=MAX_UPLOAD_BYTES,
                max_files=MAX_FORM_FILES,
                max_fields=MAX_FORM_FIELDS,
                max_part_size=MAX_UPLOAD_BYTES,  # the preview sends its file back in a field
            )
        except FormRefused:
            fields, files = {}, {}
        request.state.helpdesk_files = files
    elif content_type == "application/x-www-form-urlencoded":
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise FormTooLarge()
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
        except (UnicodeDecodeError, ValueError):
            pairs = []
        for name, value in pairs:
            fields.setdefault(name, value)
    request.state.helpdesk_form = fields
    return fields


async def read_files(request: Request) -> dict[str, UploadedFile]:
    """The files of a ``multipart/form-data`` form (empty for any other body)."""
    await read_form(request)
    return getattr(request.state, "helpdesk_files", {})


async def submitted_csrf(request: Request) -> str:
    """The CSRF token the request carries: header ``X-CSRF-Token``, else the form field ``csrf``."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    return (await read_form(request)).get(CSRF_FIELD, "")


def csrf_matches(expected: str, given: str) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())


async def _csrf_refusal(request: Request, session: ActiveSession, api: bool) -> Response | None:
    """The 403 (or 413) answer when a request that may change something lacks the session's CSRF token."""
    try:
        given = await submitted_csrf(request)
    except FormTooLarge:
        return (
            json_error(MESSAGES["form_too_large"], 413)
            if api
            else message_page(request, TITLES["action_refused"], MESSAGES["form_too_large"], 413)
        )
    if csrf_matches(session.csrf, given):
        return None
    return (
        json_error(MESSAGES["csrf_refused"], 403)
        if api
        else message_page(request, TITLES["action_refused"], MESSAGES["csrf_refused"], 403)
    )


def require_staff(api: bool = False, *, touch: bool = True) -> Callable[[Endpoint], Endpoint]:
    """Wraps an endpoint of the console: login required (303 to the login page, or 401 JSON when ``api``),
    and the session's CSRF token on every request that is not GET, HEAD or OPTIONS (else 403).

    ``touch=False`` for requests the page makes by itself (polling): they do not keep the session alive."""

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            session = await current_staff(request, touch=touch)
            if session is None:
                return json_error(MESSAGES["login_required"], 401) if api else login_redirect(request)
            if request.method not in SAFE_METHODS:
                refusal = await _csrf_refusal(request, session, api)
                if refusal is not None:
                    return refusal
            return await endpoint(request)

        return guarded

    return decorate
