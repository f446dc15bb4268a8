"""« Établissements ajoutés », for responsables: the establishments candidates typed because they did not find
them (with how many dossiers name each), the establishments the service added, loading more (preview with every
error and its line, then « Publier »), the history and going back. An added establishment is in the list every
candidate searches from the next turn of every server."""

from __future__ import annotations

import base64

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.helpdesk.auth import read_form, require_staff
from bot.helpdesk.list_uploads import read_upload
from bot.helpdesk.pages import PREFIX, message_page, render_fragment, staff_page
from registration import establishments_admin
from registration.conversation.service import services
from registration.staff.directory import StaffMember
from registration.store.referential_versions import UnknownVersion

TITLE = "Établissements ajoutés"
HOME = PREFIX + "/etablissements"
RESPONSABLES_ONLY = "La liste des établissements est gérée par les responsables du service des examens."
KIND = "le fichier CSV des établissements"


def _staff(request: Request) -> StaffMember:
    return request.state.staff_session.staff


def _refused(request: Request) -> Response | None:
    if _staff(request).is_responsable:
        return None
    return message_page(request, "Accès refusé", RESPONSABLES_ONLY, 403)


def _page_body(request: Request, notice: str) -> str:
    svc = services()
    return render_fragment(
        "etablissements.html",
        unlisted=establishments_admin.unlisted(svc.store, svc.session),
        added=establishments_admin.added(svc.store),
        history=establishments_admin.history(svc.store),
        academies=svc.refs.academies,
        session=svc.session,
        notice=notice,
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
        source="",
    )


@require_staff(api=False)
async def etablissements_page(request: Request) -> Response:
    """``GET /conseillers/etablissements``: to confirm, added, the upload form, the history."""
    refused = _refused(request)
    if refused is not None:
        return refused
    version = request.query_params.get("publie", "")
    notice = f"Version {version} publiée : elle s'applique dès maintenant." if version.isdigit() else ""
    body = await run_in_threadpool(_page_body, request, notice)
    return staff_page(request, TITLE, body, current=HOME)


def _preview_body(
    request: Request, text: str | None, name: str, source: str, errors: list[str]
) -> tuple[str, bool]:
    svc = services()
    seen = establishments_admin.preview(text, svc.store, svc.refs, label=name or "fichier") if text else None
    problems = errors + ([str(e) for e in seen.report.errors] if seen is not None else [])
    ok = seen is not None and seen.ok and not problems
    body = render_fragment(
        "etablissements_apercu.html",
        ok=ok,
        errors=problems,
        seen=seen,
        name=name,
        source=source,
        encoded=base64.b64encode(text.encode("utf-8")).decode("ascii") if text else "",
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
    )
    return body, ok


@require_staff(api=False)
async def etablissements_preview(request: Request) -> Response:
    """``POST /conseillers/etablissements/apercu``: the uploaded rows read, every error shown; nothing stored."""
    refused = _refused(request)
    if refused is not None:
        return refused
    text, name, source, errors = await read_upload(request, from_preview=False, kind=KIND)
    body, ok = await run_in_threadpool(_preview_body, request, text, name, source, errors)
    title = "Aperçu des établissements" if ok else "Établissements refusés"
    return staff_page(request, f"{title} – {TITLE}", body, status=200 if ok else 422, current=HOME)


@require_staff(api=False)
async def etablissements_publish(request: Request) -> Response:
    """``POST /conseillers/etablissements/publier``: the same text read again, then published."""
    refused = _refused(request)
    if refused is not None:
        return refused
    text, name, source, errors = await read_upload(request, from_preview=True, kind=KIND)
    svc = services()
    seen = establishments_admin.preview(text, svc.store, svc.refs, label=name or "fichier") if text else None
    if seen is None or not seen.ok or errors:
        body, _ = await run_in_threadpool(_preview_body, request, text, name, source, errors)
        return staff_page(request, f"Établissements refusés – {TITLE}", body, status=422, current=HOME)
    staff = _staff(request)
    done = await run_in_threadpool(
        lambda: establishments_admin.publish(
            svc.store, seen.merged, source=source, published_by=staff.email, staff_id=staff.id
        )
    )
    return RedirectResponse(f"{HOME}?publie={done.version}", status_code=303)


@require_staff(api=False)
async def etablissements_revert(request: Request) -> Response:
    """``POST /conseillers/etablissements/revenir``: an earlier version published again as a new one."""
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
            lambda: establishments_admin.revert(
                svc.store, int(text), published_by=staff.email, staff_id=staff.id
            )
        )
    except UnknownVersion:
        return message_page(
            request, "Version introuvable", "Cette version de la liste n'existe pas.", 404, link=(HOME, TITLE)
        )
    return RedirectResponse(f"{HOME}?publie={done.version}", status_code=303)
