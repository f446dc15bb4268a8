"""Console pages of the lists the exam service maintains as published versions (the registration calendar, the
establishments it adds), for responsables only: the list in effect, loading rows (a preview with every error
and its line, nothing stored, then « Publier »), the history and going back.

The upload form sends a file; the preview sends the same text back base64-encoded in a hidden field, read again
from scratch at « Publier »: nothing the browser could edit is trusted as already checked. A source is required.
Each kind says what it shows and how it reads, publishes and restores (``calendrier.py``, ``etablissements.py``);
a kind without versions (``anciens_candidats.py``: an import) has no history and no « Revenir ».
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.helpdesk.auth import read_files, read_form, require_staff
from bot.helpdesk.pages import PREFIX, message_page, render_fragment, staff_page
from registration.conversation.engine.turn import Services
from registration.conversation.service import services
from registration.referentials.epreuve_tsv import decode_upload
from registration.staff.directory import StaffMember
from registration.store.referential_versions import PublishedList, UnknownVersion

MAX_SOURCE = 500
NO_SOURCE = "Indiquez la source (décision, note de service, courriel du rectorat…)."
NOT_TEXT = "Ce fichier n'est pas un fichier texte : un fichier CSV en UTF-8 est attendu."


@dataclass(frozen=True)
class MaintainedList:
    slug: str  # the URL part: /conseillers/<slug>
    title: str
    responsables_only: str  # what a conseiller reads (403)
    file_kind: str  # « choisissez <file_kind> »
    refused_title: str  # « Calendrier refusé »
    rows_read: str  # « Lignes lues »
    template: str  # the page's own part (the list in effect); the form and the history are shared
    page_context: Callable[[Services], dict[str, Any]]
    preview: Callable[
        [Services, str, str], Any
    ]  # (services, text, label) → .ok, .report.errors, .changes, .count
    publish: Callable[[Services, Any, str, StaffMember], Any]  # (services, preview, source, staff)
    revert: Callable[[Services, int, StaffMember], PublishedList] | None = None  # None: no versions
    history: Callable[[Services], list[PublishedList]] | None = None
    done: Callable[[Any], str] = lambda done: str(done.version)  # what publish returned, in ?publie=
    notice: Callable[[str], str] = lambda done: (  # ?publie= read back ("": none)
        f"Version {done} publiée : elle s'applique dès maintenant." if done.isdigit() else ""
    )
    publish_label: str = "Publier"

    @property
    def home(self) -> str:
        return f"{PREFIX}/{self.slug}"


def _refused(request: Request, kind: MaintainedList) -> Response | None:
    if request.state.staff_session.staff.is_responsable:
        return None
    return message_page(request, "Accès refusé", kind.responsables_only, 403)


async def _read_upload(request: Request, kind: MaintainedList, *, from_preview: bool):
    """(text, file name, source, errors) of the upload form (a file) or the publish form (the text sent back)."""
    form = await read_form(request)
    source = " ".join(form.get("source", "").split())[:MAX_SOURCE]
    errors = [] if source else [NO_SOURCE]
    if from_preview:
        name = form.get("nom", "")[:200]
        try:
            data = base64.b64decode(form.get("texte", ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
    else:
        file = (await read_files(request)).get("fichier")
        name, data = (file.filename, file.data) if file else ("", b"")
    text = decode_upload(data) if data else None
    if not data:
        errors.append(f"Aucun fichier reçu : choisissez {kind.file_kind}.")
    elif text is None:
        errors.append(NOT_TEXT)
    return text, name, source, errors


def _shared(request: Request, kind: MaintainedList) -> dict[str, Any]:
    return {"kind": kind, "csrf": request.state.staff_session.csrf, "prefix": PREFIX}


def _preview_body(request: Request, kind: MaintainedList, text: str | None, name: str, source: str, errors):
    svc = services()
    seen = kind.preview(svc, text, name or "fichier") if text else None
    problems = errors + ([str(e) for e in seen.report.errors] if seen is not None else [])
    ok = seen is not None and seen.ok and not problems
    body = render_fragment(
        "liste_apercu.html",
        ok=ok,
        errors=problems,
        seen=seen,
        name=name,
        source=source,
        encoded=base64.b64encode(text.encode("utf-8")).decode("ascii") if text else "",
        **_shared(request, kind),
    )
    return body, ok, seen


def routes(kind: MaintainedList) -> list[Route]:
    """The page, the preview, « Publier » and « Revenir à cette version » of one kind of list."""

    @require_staff(api=False)
    async def page(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        notice = kind.notice(request.query_params.get("publie", ""))

        def body() -> str:
            svc = services()
            return render_fragment(
                kind.template,
                notice=notice,
                history=kind.history(svc) if kind.history else [],
                source="",
                **kind.page_context(svc),
                **_shared(request, kind),
            )

        return staff_page(request, kind.title, await run_in_threadpool(body), current=kind.home)

    @require_staff(api=False)
    async def preview(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        text, name, source, errors = await _read_upload(request, kind, from_preview=False)
        body, ok, _ = await run_in_threadpool(_preview_body, request, kind, text, name, source, errors)
        title = "Aperçu" if ok else kind.refused_title
        return staff_page(
            request, f"{title} – {kind.title}", body, status=200 if ok else 422, current=kind.home
        )

    @require_staff(api=False)
    async def publish(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        text, name, source, errors = await _read_upload(request, kind, from_preview=True)
        body, ok, seen = await run_in_threadpool(_preview_body, request, kind, text, name, source, errors)
        if not ok:
            return staff_page(
                request, f"{kind.refused_title} – {kind.title}", body, status=422, current=kind.home
            )
        staff = request.state.staff_session.staff
        done = await run_in_threadpool(lambda: kind.publish(services(), seen, source, staff))
        return RedirectResponse(f"{kind.home}?publie={kind.done(done)}", status_code=303)

    @require_staff(api=False)
    async def revert(request: Request) -> Response:
        refused = _refused(request, kind)
        if refused is not None:
            return refused
        text = (await read_form(request)).get("version", "")
        staff = request.state.staff_session.staff
        restore = kind.revert
        try:
            if not text.isdigit() or restore is None:
                raise UnknownVersion(text)
            done = await run_in_threadpool(lambda: restore(services(), int(text), staff))
        except UnknownVersion:
            return message_page(
                request,
                "Version introuvable",
                "Cette version n'existe pas.",
                404,
                link=(kind.home, kind.title),
            )
        return RedirectResponse(f"{kind.home}?publie={done.version}", status_code=303)

    path = f"/{kind.slug}"
    found = [
        Route(path, page, name=f"helpdesk_{kind.slug}"),
        Route(f"{path}/apercu", preview, methods=["POST"], name=f"helpdesk_{kind.slug}_preview"),
        Route(f"{path}/publier", publish, methods=["POST"], name=f"helpdesk_{kind.slug}_publish"),
    ]
    if kind.revert is not None:
        found.append(Route(f"{path}/revenir", revert, methods=["POST"], name=f"helpdesk_{kind.slug}_revert"))
    return found
