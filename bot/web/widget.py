"""The chat as a widget host sites embed (docs/widget.md).

A host page loads ``/widget.js``; the script adds a launcher and a dialog that frames ``/widget``, the chat page
of ``/`` in its embedded layout. Only the origins listed in BTS_WIDGET_ORIGINS may frame it (CSP
``frame-ancestors``); none by default. The framed page names its conversation with a signed header token
rather than the cookie of the full page, which would be third-party there (see ``bot.front.uses_token``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.web.context import application
from bot.web.shared import CONTENT_POLICY, SECURITY_HEADERS, render_page
from registration.referentials import Referentials

WIDGET_ORIGINS_ENV = "BTS_WIDGET_ORIGINS"
SCRIPT = Path(__file__).resolve().parent / "static" / "widget.js"
SCRIPT_MAX_AGE = 3600  # host pages pick up a new widget.js within the hour (then revalidate with its ETag)

# scheme://host[:port], nothing else: no path, no wildcard, nothing that could end the CSP directive.
_ORIGIN = re.compile(r"^https?://[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?$")

log = logging.getLogger(__name__)


def parse_origins(value: str, source: str = WIDGET_ORIGINS_ENV) -> tuple[str, ...]:
    """The host origins of a space-separated list, normalised; what is not an origin is left out (logged)."""
    origins: list[str] = []
    for item in value.replace(",", " ").split():
        origin = item.strip().lower().removesuffix("/")
        if not _ORIGIN.fullmatch(origin):
            log.warning("%s: %r is not an origin (https://host[:port]); it is ignored", source, item)
            continue
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


def allowed_origins(request: Request) -> tuple[str, ...]:
    """The host sites allowed to embed the chat: those the front was built with, else the settings'
    BTS_WIDGET_ORIGINS (empty: none)."""
    state = request.app.state
    origins = getattr(state, "widget_origins", None)
    if origins is None:
        origins = state.widget_origins = parse_origins(application(request).settings.widget_origins)
    return tuple(origins)


def frame_headers(origins: tuple[str, ...]) -> dict[str, str]:
    """The security headers of /widget: those of every page, but framable by the allowed host origins."""

    if not origins:
        return dict(SECURITY_HEADERS)
    headers = {name: value for name, value in SECURITY_HEADERS.items() if name != "X-Frame-Options"}
    headers["Content-Security-Policy"] = f"{CONTENT_POLICY}; frame-ancestors {' '.join(origins)}"
    return headers


def academie_name(refs: Referentials, code: str) -> str | None:
    """The name of the académie of a code of referentials/academies.csv, if it is one."""
    if not re.fullmatch(r"\d{2}", code):
        return None
    academie = refs.academies.get(code)
    return academie.name if academie else None


async def widget_page(request: Request) -> Response:
    """The chat page in its embedded layout, framable by the allowed host sites only; when the host site says
    which académie offers the service (``?academie=01``), the page names it under its title."""
    from registration.documents.formatting import (
        academie_phrase,  # "l'académie de Paris", "l'académie d'Amiens"
    )

    refs = application(request).refs
    name = await run_in_threadpool(academie_name, refs, request.query_params.get("academie", ""))
    page = render_page("widget", academie_phrase(name) if name else None)
    headers = {**frame_headers(allowed_origins(request)), "Cache-Control": "no-cache"}
    return HTMLResponse(page, headers=headers)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:24] + '"'


async def widget_script(request: Request) -> Response:
    """The script host pages load: JavaScript, cacheable an hour, then revalidated with its ETag."""
    body = await run_in_threadpool(SCRIPT.read_bytes)
    etag = _etag(body)
    headers = {
        "Cache-Control": f"public, max-age={SCRIPT_MAX_AGE}",
        "ETag": etag,
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",  # host pages that isolate themselves may load it
    }
    known = {tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")}
    if etag in known:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/javascript", headers=headers)


def widget_routes() -> list[Route]:
    return [Route("/widget", widget_page), Route("/widget.js", widget_script)]
