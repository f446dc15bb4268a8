"""The candidates' pages besides the chat: the accessibility statement (/accessibilite) and the dossier as an
accessible web page (/dossier/{token}, the HTML equivalent of the confirmation PDF), in one page template
(templates/page.html) whose footer carries the accessibility mention and the way back to the assistant."""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.web import accessibility_audit as audit
from bot.web.context import application
from bot.web.shared import DSFR_LINKS, SECURITY_HEADERS, dsfr_available
from registration.documents.dossier_html import dossier_html

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOT_FOUND = (
    "Lien introuvable ou expiré",
    "Ce lien ne permet plus de lire votre dossier : il a peut-être expiré. Vous pouvez obtenir un nouveau lien en "
    "consultant votre dossier auprès de l'assistant, avec votre numéro de dossier et votre date de naissance.",
)


def template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def render(title: str, body: str, scripts: str = "") -> str:
    """A whole page: `title` (plain text) in its title, `body` (HTML) in its main region."""
    return template("page.html").substitute(
        title=html.escape(title),
        dsfr=DSFR_LINKS if dsfr_available() else "",
        scripts=scripts,
        body=body,
        level=html.escape(audit.level()),
    )


def page_response(title: str, body: str, *, status: int = 200, scripts: str = "") -> HTMLResponse:
    return HTMLResponse(
        render(title, body, scripts),
        status_code=status,
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


def statement_body() -> str:
    e = html.escape
    criteria = "\n".join(
        f"          <tr><td>{e(c.number)}</td><td>{e(c.title)}</td><td>{e(c.how)}</td>"
        f"<td>{e(c.result)}{(' : ' + e(c.note)) if c.note else ''}</td></tr>"
        for c in audit.CRITERIA
    )
    return template("accessibilite.html").substitute(
        level=e(audit.level()),
        audit_date=e(audit.AUDIT_DATE),
        rate=audit.rate(),
        conforming=sum(1 for c in audit.CRITERIA if c.result == audit.C),
        applicable=len(audit.CRITERIA),
        pages="\n".join(f"        <li>{e(page)}</li>" for page in audit.PAGES),
        non_conformities="\n".join(
            f"        <li>Critère {e(c.number)} ({e(c.title)})&#8239;: {e(c.note)}.</li>"
            for c in audit.non_conformities()
        ),
        criteria=criteria,
    )


async def statement(request: Request) -> Response:
    return page_response("Déclaration d'accessibilité", statement_body())


async def dossier_page(request: Request) -> Response:
    """The dossier behind a download token, as HTML (the same token as its PDF, /documents/{token})."""
    token = request.path_params["token"]
    revision = await run_in_threadpool(application(request).store.resolve_download_token, token)
    if revision is None:
        title, text = NOT_FOUND
        body = f"    <h1>{html.escape(title)}</h1>\n    <p>{html.escape(text)}</p>"
        return page_response(title, body, status=404)
    body = template("dossier.html").substitute(
        label=html.escape(revision.label),
        pdf_url=html.escape(f"/documents/{token}"),
        dossier=dossier_html(revision.content, level=3, caption=f"Dossier {revision.label}"),
    )
    return page_response(f"Dossier {revision.label}", body)


def page_routes() -> list[Route]:
    return [Route("/accessibilite", statement), Route("/dossier/{token}", dossier_page)]
