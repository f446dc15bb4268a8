"""The candidates' pages besides the chat: the accessibility statement (/accessibilite) and the dossier as an
accessible web page (/dossier/{token}, the HTML equivalent of the confirmation PDF), each a fragment of
templates/ drawn in the page frame (templates/page.html) whose footer carries the accessibility mention and the
way back to the assistant."""

from __future__ import annotations

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from bot.web import accessibility_audit as audit
from bot.web.context import application
from bot.web.shared import SECURITY_HEADERS, render
from registration.conversation.texts import WEB
from registration.documents.dossier_html import dossier_html


def page_response(title: str, body: str, *, status: int = 200) -> HTMLResponse:
    """A whole page: `title` (plain text) in its title, `body` (HTML of a fragment) in its main region."""
    return HTMLResponse(
        render("page.html", title=title, body=Markup(body), level=audit.level()),
        status_code=status,
        headers={**SECURITY_HEADERS, "Cache-Control": "no-store", "X-Robots-Tag": "noindex"},
    )


def statement_body() -> str:
    return render(
        "accessibilite.html",
        level=audit.level(),
        audit_date=audit.AUDIT_DATE,
        rate=audit.rate(),
        conforming=sum(1 for c in audit.CRITERIA if c.result == audit.C),
        applicable=len(audit.CRITERIA),
        pages=audit.PAGES,
        non_conformities=audit.non_conformities(),
        criteria=audit.CRITERIA,
    )


async def statement(request: Request) -> Response:
    return page_response(WEB["statement_title"], statement_body())


async def dossier_page(request: Request) -> Response:
    """The dossier behind a download token, as HTML (the same token as its PDF, /documents/{token})."""
    token = request.path_params["token"]
    revision = await run_in_threadpool(application(request).store.resolve_download_token, token)
    if revision is None:
        title = WEB["dossier_not_found_title"]
        return page_response(
            title, render("message.html", title=title, text=WEB["dossier_not_found"]), status=404
        )
    title = WEB["dossier_title"].format(label=revision.label)
    body = render(
        "dossier.html",
        label=revision.label,
        pdf_url=f"/documents/{token}",
        dossier=Markup(dossier_html(revision.content, level=3, caption=title)),
    )
    return page_response(title, body)


def page_routes() -> list[Route]:
    return [Route("/accessibilite", statement), Route("/dossier/{token}", dossier_page)]
