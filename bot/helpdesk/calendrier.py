"""« Calendrier des inscriptions », for responsables: the dates in effect per académie and session, loading new
rows (preview with every error and its line, then « Publier »), the history and going back.

As for the exam tables (``reglements.py``), « Publier » sends back the uploaded text (base64, hidden field),
read again from scratch: nothing the browser could edit is trusted as already checked. The new calendar is in
effect at the next turn of every server.
"""

from __future__ import annotations

import base64

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.helpdesk.auth import read_form, require_staff
from bot.helpdesk.list_uploads import read_upload
from bot.helpdesk.pages import PREFIX, message_page, render_fragment, staff_page
from registration import calendar_admin
from registration.conversation.service import services
from registration.staff.directory import StaffMember
from registration.store.referential_versions import UnknownVersion

TITLE = "Calendrier des inscriptions"
HOME = PREFIX + "/calendrier"
RESPONSABLES_ONLY = "Le calendrier des inscriptions est géré par les responsables du service des examens."
KIND = "le fichier CSV des dates"


def _staff(request: Request) -> StaffMember:
    return request.state.staff_session.staff


def _refused(request: Request) -> Response | None:
    if _staff(request).is_responsable:
        return None
    return message_page(request, "Accès refusé", RESPONSABLES_ONLY, 403)


def _page_body(request: Request, notice: str = "") -> str:
    svc = services()
    current = calendar_admin.in_effect(svc.store, svc.refs)
    sessions = sorted({e.session for e in current.entries}, reverse=True)
    return render_fragment(
        "calendrier.html",
        current=current,
        sessions=sessions,
        session=svc.session,
        academies=svc.refs.academies,
        history=calendar_admin.history(svc.store),
        notice=notice,
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
        source="",
    )


@require_staff(api=False)
async def calendar_page(request: Request) -> Response:
    """``GET /conseillers/calendrier``: the dates in effect, the upload form, the history."""
    refused = _refused(request)
    if refused is not None:
        return refused
    version = request.query_params.get("publie", "")
    notice = (
        f"Version {version} du calendrier publiée : elle s'applique dès maintenant."
        if version.isdigit()
        else ""
    )
    body = await run_in_threadpool(_page_body, request, notice)
    return staff_page(request, TITLE, body, current=HOME)


def _preview_body(
    request: Request, text: str | None, name: str, source: str, errors: list[str]
) -> tuple[str, bool]:
    svc = services()
    seen = calendar_admin.preview(text, svc.store, svc.refs, label=name or "fichier") if text else None
    problems = errors + ([str(e) for e in seen.report.errors] if seen is not None else [])
    ok = seen is not None and seen.ok and not problems
    body = render_fragment(
        "calendrier_apercu.html",
        ok=ok,
        errors=problems,
        seen=seen,
        name=name,
        source=source,
        academies=svc.refs.academies,
        version=calendar_admin.in_effect(svc.store, svc.refs).version,
        encoded=base64.b64encode(text.encode("utf-8")).decode("ascii") if text else "",
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
    )
    return body, ok


@require_staff(api=False)
async def calendar_preview(request: Request) -> Response:
    """``POST /conseillers/calendrier/apercu``: the uploaded rows read, every error shown; nothing stored."""
    refused = _refused(request)
    if refused is not None:
        return refused
    text, name, source, errors = await read_upload(request, from_preview=False, kind=KIND)
    body, ok = await run_in_threadpool(_preview_body, request, text, name, source, errors)
    title = "Aperçu du calendrier" if ok else "Calendrier refusé"
    return staff_page(request, f"{title} – {TITLE}", body, status=200 if ok else 422, current=HOME)


@require_staff(api=False)
async def calendar_publish(request: Request) -> Response:
    """``POST /conseillers/calendrier/publier``: the same text read again, then published."""
    refused = _refused(request)
    if refused is not None:
        return refused
    text, name, source, errors = await read_upload(request, from_preview=True, kind=KIND)
    svc = services()
    seen = calendar_admin.preview(text, svc.store, svc.refs, label=name or "fichier") if text else None
    if seen is None or not seen.ok or errors:
        body, _ = await run_in_threadpool(_preview_body, request, text, name, source, errors)
        return staff_page(request, f"Calendrier refusé – {TITLE}", body, status=422, current=HOME)
    staff = _staff(request)
    done = await run_in_threadpool(
        lambda: calendar_admin.publish(
            svc.store, svc.refs, seen.merged, source=source, published_by=staff.email, staff_id=staff.id
        )
    )
    return RedirectResponse(f"{HOME}?publie={done.version}", status_code=303)


@require_staff(api=False)
async def calendar_revert(request: Request) -> Response:
    """``POST /conseillers/calendrier/revenir``: an earlier version published again as a new one."""
    refused = _refused(request)
    if refused is not None:
        return refused
    text = (await read_form(request)).get("version", "")
    svc = services()
    staff = _staff(request)
    try:
        if not text.isdigit():
            raise UnknownVersion(text)
        done = await run_in_threadpool(
            lambda: calendar_admin.revert(
                svc.store, svc.refs, int(text), published_by=staff.email, staff_id=staff.id
            )
        )
    except UnknownVersion:
        return message_page(
            request,
            "Version introuvable",
            "Cette version du calendrier n'existe pas.",
            404,
            link=(HOME, TITLE),
        )
    return RedirectResponse(f"{HOME}?publie={done.version}", status_code=303)
