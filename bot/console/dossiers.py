"""The dossiers in the console: the list (search, filters, sorting, paging, counts), a dossier's page with its
revisions and their PDFs, the signed confirmation's state, and the exports — each within the staff member's
académies (a conseiller gets 403 on a dossier of another académie, and none of its rows)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from bot.console.auth import read_form, require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, message_page, render_fragment, staff_page
from bot.console.texts import DOSSIER_NOTICES, LINKS, MESSAGES, TITLES
from registration.backoffice import conversations, export, records
from registration.backoffice.duplicates import probable_duplicates
from registration.backoffice.search import CHANNELS, SORT_LABELS, DossierQuery, search
from registration.dossier import uploads
from registration.rules import confirmation as states
from registration.settings import now
from registration.staff.directory import StaffMember

BACK = (PREFIX + "/dossiers", LINKS["dossiers"])


def _staff(request: Request) -> StaffMember:
    return request.state.staff_session.staff


def scope(staff: StaffMember) -> tuple[str, ...] | None:
    """The académies whose dossiers this staff member sees (None: all, for a responsable)."""
    return None if staff.is_responsable else staff.academies


def _query(request: Request) -> DossierQuery:
    return DossierQuery.from_params(dict(request.query_params))


@require_staff(api=False)
async def dossiers_page(request: Request) -> Response:
    """``GET /conseillers/dossiers``."""
    staff, query = _staff(request), _query(request)
    svc = application(request)
    page = await run_in_threadpool(search, svc.store, query, scope(staff))
    refs = svc.refs
    body = render_fragment(
        "dossiers.html",
        page=page,
        query=query,
        params=lambda **changes: urlencode(query.params(**changes)),
        sort_labels=SORT_LABELS,
        channels=CHANNELS,
        labels=states.LABELS,
        specialites=sorted(refs.specialites.values(), key=lambda s: s.title),
        specialite_titles={code: s.title for code, s in refs.specialites.items()},
        categories=list(refs.categories.values()),
        academies=svc.staff.academies,
        staff=staff,
    )
    return staff_page(request, TITLES["dossiers"], body, current=PREFIX + "/dossiers")


@require_staff(api=False)
async def duplicates_page(request: Request) -> Response:
    """``GET /conseillers/dossiers/doublons``: dossiers of one person and specialty in a session, to resolve."""
    staff, svc = _staff(request), application(request)
    groups = await run_in_threadpool(probable_duplicates, svc.store, scope(staff))
    body = render_fragment(
        "doublons.html",
        groups=groups,
        channels=CHANNELS,
        specialite_titles={code: s.title for code, s in svc.refs.specialites.items()},
        academies=svc.staff.academies,
        prefix=PREFIX,
    )
    return staff_page(request, TITLES["duplicates"], body, current=PREFIX + "/dossiers")


async def _in_scope(request: Request) -> int | Response:
    """The dossier id of the address when this staff member may see it, else the refusal to send."""
    try:
        dossier_id = int(request.path_params["dossier_id"])
    except (KeyError, ValueError):
        dossier_id = -1
    academie = await run_in_threadpool(records.academie_of, application(request).store, dossier_id)
    if academie is None:
        return message_page(
            request, TITLES["dossier_not_found"], MESSAGES["dossier_not_found"], 404, link=BACK
        )
    staff = _staff(request)
    if not staff.is_responsable and academie not in staff.academies:
        return message_page(request, TITLES["access_refused"], MESSAGES["dossier_forbidden"], 403, link=BACK)
    return dossier_id


def _dossier_body(request: Request, dossier_id: int, *, notice: str = "", error: str = "") -> str | None:
    svc = application(request)
    detail = records.read(svc.store, dossier_id)
    if detail is None:
        return None
    calendar = svc.refs.calendar_for(detail.row.academie_code, detail.row.session)
    return render_fragment(
        "dossier.html",
        d=detail,
        summaries={r.revision: conversations.recapitulatif(r.content) for r in detail.revisions},
        academie=svc.staff.academies.get(detail.row.academie_code, detail.row.academie_code),
        deadline=calendar.return_deadline if calendar else None,
        channels=CHANNELS,
        labels=states.LABELS,
        next_states=states.NEXT.get(detail.row.status, ()),
        today=now().date().isoformat(),
        csrf=request.state.staff_session.csrf,
        files=uploads.files_of(svc.store, dossier_id),
        prefix=PREFIX,
        notice=notice,
        error=error,
    )


@require_staff(api=False)
async def dossier_page(request: Request) -> Response:
    """``GET /conseillers/dossiers/{id}``."""
    found = await _in_scope(request)
    if isinstance(found, Response):
        return found
    notice = DOSSIER_NOTICES.get(request.query_params.get("info", ""), "")
    body = await run_in_threadpool(_dossier_body, request, found, notice=notice)
    if body is None:
        return message_page(
            request, TITLES["dossier_not_found"], MESSAGES["dossier_not_found"], 404, link=BACK
        )
    return staff_page(request, TITLES["dossier"].format(label=found), body, current=PREFIX + "/dossiers")


@require_staff(api=False)
async def revision_pdf(request: Request) -> Response:
    """``GET /conseillers/dossiers/{id}/revisions/{revision}.pdf``: staff in scope only."""
    found = await _in_scope(request)
    if isinstance(found, Response):
        return found
    try:
        revision = int(request.path_params["revision"])
    except ValueError:
        revision = -1
    pdf = await run_in_threadpool(records.revision_pdf, application(request).store, found, revision)
    if pdf is None:
        return message_page(request, TITLES["document_not_found"], MESSAGES["no_pdf"], 404, link=BACK)
    data, name = pdf
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@require_staff(api=False)
async def dossier_file(request: Request) -> Response:
    """``GET /conseillers/dossiers/{id}/pieces/{file}``: a document the candidate sent; staff in scope only."""
    found = await _in_scope(request)
    if isinstance(found, Response):
        return found
    try:
        file_id = int(request.path_params["file_id"])
    except ValueError:
        file_id = -1
    staff, app = request.state.staff_session.staff, application(request)
    sent = await run_in_threadpool(
        lambda: uploads.read_file(
            app.store, found, file_id, (staff.id, staff.email), var_dir=app.settings.var_dir
        )
    )
    if sent is None:
        return message_page(request, TITLES["document_not_found"], MESSAGES["no_file"], 404, link=BACK)
    data, media_type, name = sent
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@require_staff(api=False)
async def change_state(request: Request) -> Response:
    """``POST /conseillers/dossiers/{id}/etat``: the signed confirmation's state (audited, e-mailed)."""
    found = await _in_scope(request)
    if isinstance(found, Response):
        return found
    form = await read_form(request)
    received = None
    if form.get("recue_le"):
        try:
            received = date.fromisoformat(form["recue_le"])
        except ValueError:
            received = None
    staff = _staff(request)
    svc = application(request)
    done = await run_in_threadpool(
        lambda: records.change_state(
            svc.store,
            svc.refs,
            found,
            status=form.get("etat", ""),
            detail=form.get("detail", ""),
            received_on=received,
            staff_id=staff.id,
            staff_email=staff.email,
            settings=svc.settings,
        )
    )
    if isinstance(done, str):
        body = await run_in_threadpool(_dossier_body, request, found, error=done)
        return staff_page(
            request,
            TITLES["dossier"].format(label=found),
            body or "",
            status=422,
            current=PREFIX + "/dossiers",
        )
    info = "etat-courriel" if done.mail_sent else "etat-sans-courriel"
    return RedirectResponse(f"{PREFIX}/dossiers/{found}?{urlencode({'info': info})}", status_code=303)


@require_staff(api=False)
async def export_dossiers(request: Request) -> Response:
    """``GET /conseillers/dossiers/export.csv`` and ``export.jsonl``: the list's dossiers, streamed, journaled."""
    fmt = request.path_params.get("fmt", "csv")
    if fmt not in export.FORMATS:
        return message_page(request, TITLES["unknown_format"], MESSAGES["export_formats"], 404, link=BACK)
    staff, query = _staff(request), _query(request)
    app = application(request)
    store = app.store
    await run_in_threadpool(
        app.audit.record,
        staff_id=staff.id,
        staff_email=staff.email,
        action="export des dossiers",
        subject="dossiers",
        field=fmt,
        after=export.describe_query(query)
        + (f" ; académies {', '.join(staff.academies)}" if scope(staff) is not None else ""),
    )
    return StreamingResponse(
        export.stream(store, query, scope(staff), fmt),
        media_type=export.FORMATS[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{export.filename(fmt, now())}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
