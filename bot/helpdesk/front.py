"""What the console borrows from the front server, imported when first needed: ``bot.web.app`` imports this
package to mount it, so importing it back at the top of a module would be a circle."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from registration.staff.directory import StaffDirectory


def security_headers() -> dict[str, str]:
    """The front's headers: CSP without inline script or style, no framing, no referrer, nosniff."""
    from bot.web.app import SECURITY_HEADERS

    return dict(SECURITY_HEADERS)


def dsfr_available() -> bool:
    """Whether the front serves the State design system at ``/dsfr``."""
    from bot.web.app import dsfr_available as available

    return available()


def client_tag(request: Request) -> str:
    """The caller's network address, keyed (HMAC) the way the web chat keys it."""
    from bot.web.app import client_tag as tag

    return tag(request)


async def staff_directory(request: Request) -> StaffDirectory:
    """The application's staff directory (``app.state.staff_directory``, else one on the front's store)."""
    known = getattr(request.app.state, "staff_directory", None)
    if isinstance(known, StaffDirectory):
        return known
    from bot.web.app import get_store

    # Built in a worker thread: it hashes a dummy password once (unknown addresses are checked against it).
    directory = await run_in_threadpool(lambda: StaffDirectory(get_store()))
    request.app.state.staff_directory = directory
    return directory
