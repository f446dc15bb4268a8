"""What the console shares with the web chat's front: security headers, the design system, how pages are
templated, the keyed client address and the application it serves (from ``bot.web.shared``,
``bot.web.identity`` and ``bot.web.context``, which do not import the console)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from bot.web import context, identity, shared
from registration.app import Application
from registration.staff.directory import StaffDirectory


def security_headers() -> dict[str, str]:
    """The front's headers: CSP without inline script or style, no framing, no referrer, nosniff."""
    return dict(shared.SECURITY_HEADERS)


def dsfr_available() -> bool:
    """Whether the front serves the State design system at ``/dsfr``."""
    return shared.dsfr_available()


def page_templates(directory: Path) -> Environment:
    """The console's templates, drawn as the chat's pages are (autoescaped, strict)."""
    return shared.page_templates(directory)


def client_tag(request: Request) -> str:
    """The caller's network address, keyed (HMAC) the way the web chat keys it."""
    return identity.client_tag(request)


def application(request: Request) -> Application:
    """The application the front serves: its store, settings, referentials, help-desk and staff directory."""
    return context.application(request)


async def staff_directory(request: Request) -> StaffDirectory:
    """The application's staff directory (made in a worker thread the first time: it hashes a dummy password
    once, against which unknown addresses are checked)."""
    found = application(request)
    return await run_in_threadpool(lambda: found.staff)
