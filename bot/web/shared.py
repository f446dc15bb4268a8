"""What the front's pages, its API and the conseillers' console share: paths, the design system, security
headers, the pages' templates, and the API's JSON refusals (the application they serve: ``bot.web.context``)."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.responses import JSONResponse

from registration.conversation.texts import WEB

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = Path(__file__).resolve().parent / "static"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DSFR_DIR = ROOT / "node_modules" / "@gouvfr" / "dsfr" / "dist"


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


def dsfr_available() -> bool:
    """Whether the State design system (npm package @gouvfr/dsfr) is installed at the repository root."""
    return (DSFR_DIR / "dsfr.min.css").is_file()


def _escaped(value: Any) -> Any:
    """A value shown in a page: escaped as html.escape does (quotes included), unless already HTML."""
    return value if isinstance(value, Markup) or not isinstance(value, str) else Markup(html.escape(value))


def page_templates(directory: Path, finalize: Callable[[Any], Any] | None = None) -> Environment:
    """Jinja2 templates of pages, as the chat's and the console's are drawn: autoescaped, an unknown name an
    error, block tags taking no line of their own."""
    return Environment(
        loader=FileSystemLoader(directory),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# The candidates' pages: templates/, each extending base.html (language, DSFR style sheet when installed, the
# base and chat style sheets, scripts as files: the CSP forbids inline ones).
_environment = page_templates(TEMPLATES_DIR, finalize=_escaped)


def render(template: str, *, scripts: tuple[str, ...] = (), **context: Any) -> str:
    """One of ``templates/``, autoescaped; ``scripts`` are paths of files loaded with ``defer``."""
    return _environment.get_template(template).render(dsfr=dsfr_available(), scripts=scripts, **context)


def render_page(layout: str = "page", academie: str | None = None) -> str:
    """The chat page: whole (`page`, at /) or in a host site's dialog (`widget`, at /widget); `academie` (« l'académie
    de Paris ») names the académie offering the service when the host site says which."""
    return render("chat.html", scripts=("/static/chat.js",), layout=layout, academie=academie)


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def foreign() -> JSONResponse:
    return error(WEB["foreign"], 403)
