"""What the front's pages, its API and the conseillers' console share: paths, the design system, security
headers, the page template, and the API's JSON refusals (the application they serve: ``bot.web.context``)."""

from __future__ import annotations

import html
from pathlib import Path

from starlette.responses import JSONResponse

ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = Path(__file__).resolve().parent / "static"
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

DSFR_LINKS = (
    '<link rel="stylesheet" href="/dsfr/dsfr.min.css">\n'
    '  <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml">'
)


def dsfr_available() -> bool:
    """Whether the State design system (npm package @gouvfr/dsfr) is installed at the repository root."""
    return (DSFR_DIR / "dsfr.min.css").is_file()


def render_page(layout: str = "page", note: str = "") -> str:
    """The chat page: whole (`page`, at /) or in a host site's dialog (`widget`, at /widget); `note` is a
    paragraph of HTML shown under the title (already escaped)."""
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    page = page.replace("<!-- DSFR -->", DSFR_LINKS if dsfr_available() else "")
    page = page.replace("<!-- NOTE -->", note)
    if layout != "page":
        page = page.replace('<body data-layout="page">', f'<body data-layout="{html.escape(layout)}">')
    return page


FOREIGN = "Cette adresse ne répond qu'aux pages de l'assistant de pré-inscription."


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


def foreign() -> JSONResponse:
    return error(FOREIGN, 403)
