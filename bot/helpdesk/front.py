"""What the console shares with the web chat's front: security headers, the design system, how pages are
templated, the keyed client address and the store (from ``bot.web.shared`` and ``bot.web.identity``, which do
not import the console)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from bot.web import identity, shared
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


async def staff_directory(request: Request) -> StaffDirectory:
    """The application's staff directory (``app.state.staff_directory``, else one on the front's store)."""
    known = getattr(request.app.state, "staff_directory", None)
    if isinstance(known, StaffDirectory):
        return known
    # Built in a worker thread: it hashes a dummy password once (unknown addresses are checked against it).
    directory = await run_in_threadpool(lambda: StaffDirectory(shared.get_store()))
    request.app.state.staff_directory = directory
    return directory
