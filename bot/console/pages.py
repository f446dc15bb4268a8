"""The console's HTML: Jinja2 templates (autoescaped) and the page frame every console page is drawn in.

A page is a body fragment (its own template, rendered with :func:`render_fragment`) put into the frame by
:func:`render_page`: language, DSFR style sheet when installed, skip link, header with the account and the
logout button, navigation, the ``<h1>`` (the page's title), the main region, footer. Fragments therefore start
at ``<h2>``. Scripts and styles are files under ``static/`` (``/conseillers/static/...``): the CSP forbids
inline ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse

from bot.console import front
from bot.console.texts import LINKS, MENU, SERVICE_NAME, TITLES
from registration.settings import paris_time
from registration.staff.directory import StaffMember

PREFIX = "/conseillers"
STATIC_URL = PREFIX + "/static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# The console's menu: (path, label); the current page's entry is marked aria-current="page".
NAVIGATION: tuple[tuple[str, str], ...] = tuple((PREFIX + path, label) for path, label in MENU.items())
RESPONSABLES_MENU = frozenset(
    {
        PREFIX + "/reglements",
        PREFIX + "/calendrier",
        PREFIX + "/etablissements",
        PREFIX + "/diplomes",
        PREFIX + "/anciens-candidats",
        PREFIX + "/notes",
    }
)  # shown to responsables only

_environment = front.page_templates(TEMPLATES_DIR)
_environment.globals.update(prefix=PREFIX, static_url=STATIC_URL, service_name=SERVICE_NAME)


def paris(moment: Any, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A stored time as people in France read it (Paris time); a date as it is; nothing as « — »."""
    if moment is None:
        return "—"
    if isinstance(moment, datetime):
        return paris_time(moment).strftime(pattern)
    return str(moment.strftime(pattern))


_environment.filters["paris"] = paris


def render_fragment(template: str, **context: Any) -> str:
    """Renders one of ``templates/`` (autoescaped) to put into :func:`render_page`."""
    return _environment.get_template(template).render(**context)


def render_page(
    title: str,
    body_html: str,
    staff: StaffMember | None,
    csrf: str | None,
    *,
    current: str | None = None,
    scripts: Sequence[str] = (),
    styles: Sequence[str] = (),
    error: bool = False,
    idle: timedelta,
) -> str:
    """A whole console page: the frame around ``body_html`` (trusted HTML, e.g. from :func:`render_fragment`).

    ``title`` is the ``<h1>`` and the window's title; ``staff`` and ``csrf`` (None on the login page) show
    the account and the logout form; ``current`` is the path of the menu entry to mark as the current page;
    ``scripts`` and ``styles`` are extra file names under ``static/`` (loaded with ``defer``); ``error``
    prefixes the window's title with « Erreur – » (a refused form), so that it is the first thing heard.
    """
    return render_fragment(
        "base.html",
        title=title,
        window_title=TITLES["error"].format(title=title) if error else title,
        body=Markup(body_html),
        staff=staff,
        csrf=csrf,
        dsfr=front.dsfr_available(),
        navigation=(
            tuple(e for e in NAVIGATION if staff.is_responsable or e[0] not in RESPONSABLES_MENU)
            if staff is not None
            else ()
        ),
        current=current,
        idle_seconds=int(idle.total_seconds()),
        scripts=[f"{STATIC_URL}/{name}" for name in scripts],
        styles=[f"{STATIC_URL}/{name}" for name in styles],
    )


def html_response(page: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    """A console page with the front's security headers; never cached (it shows personal data)."""
    return HTMLResponse(
        page,
        status_code=status,
        headers={**front.security_headers(), "Cache-Control": "no-store", **(headers or {})},
    )


def idle_of(request: Request) -> timedelta:
    """How long a conseiller's session lives without a request (the settings' BTS_STAFF_IDLE_MINUTES)."""
    return front.application(request).settings.staff_idle()


def staff_page(
    request: Request,
    title: str,
    body_html: str,
    *,
    status: int = 200,
    current: str | None = None,
    scripts: Sequence[str] = (),
    styles: Sequence[str] = (),
) -> HTMLResponse:
    """The response of a page behind :func:`~bot.console.auth.require_staff`: the frame with its account."""
    session = getattr(request.state, "staff_session", None)
    staff = session.staff if session is not None else None
    csrf = session.csrf if session is not None else None
    page = render_page(
        title, body_html, staff, csrf, current=current, scripts=scripts, styles=styles, idle=idle_of(request)
    )
    return html_response(page, status)


def message_page(
    request: Request, title: str, text: str, status: int, link: tuple[str, str] | None = None
) -> HTMLResponse:
    """A short page that only says something (refused, not found...), with one link onwards."""
    body = render_fragment("message.html", text=text, link=link or (PREFIX + "/", LINKS["queue"]))
    return staff_page(request, title, body, status=status)


def json_error(message: str, status: int, headers: dict[str, str] | None = None) -> JSONResponse:
    """An API refusal: ``{"error": "<French message>"}``, never cached."""
    return JSONResponse(
        {"error": message}, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})}
    )
