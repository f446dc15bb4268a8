"""« Notes d'information » (``/conseillers/notes``): each académie's exam service uploads the PDF note joined to
its confirmation e-mails (instead of one note for all, ``BTS_INFO_NOTE``); responsables only, in the journal."""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.console.auth import read_files, read_form, require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, message_page, render_fragment, staff_page
from bot.console.texts import MESSAGES, NOTE_ERRORS, NOTE_NOTICES, TITLES

HOME = PREFIX + "/notes"


def _refused(request: Request) -> Response | None:
    if request.state.staff_session.staff.is_responsable:
        return None
    return message_page(request, TITLES["access_refused"], MESSAGES["notes_responsables_only"], 403)


def _body(request: Request, notice: str = "", error: str = "") -> str:
    svc = application(request)
    return render_fragment(
        "notes.html",
        notes=svc.store.information_notes(),
        academies=svc.refs.academies,
        csrf=request.state.staff_session.csrf,
        notice=notice,
        error=error,
    )


@require_staff(api=False)
async def notes_page(request: Request) -> Response:
    """``GET /conseillers/notes``: the note of each académie, the upload form."""
    refused = _refused(request)
    if refused is not None:
        return refused
    notice = NOTE_NOTICES.get(request.query_params.get("fait", ""), "")
    return staff_page(request, TITLES["notes"], await run_in_threadpool(_body, request, notice), current=HOME)


@require_staff(api=False)
async def upload_note(request: Request) -> Response:
    """``POST /conseillers/notes``: the PDF of one académie's note (replaces the one it had)."""
    refused = _refused(request)
    if refused is not None:
        return refused
    code = (await read_form(request)).get("academie", "")
    file = (await read_files(request)).get("fichier")
    error = ""
    if code not in application(request).refs.academies:
        error = NOTE_ERRORS["academie"]
    elif file is None or not file.data:
        error = NOTE_ERRORS["vide"]
    elif not file.data.startswith(b"%PDF-"):
        error = NOTE_ERRORS["pdf"]
    if error:
        body = await run_in_threadpool(_body, request, "", error)
        return staff_page(request, TITLES["notes"], body, status=422, current=HOME)
    assert file is not None
    name = re.sub(r"[^\w.\- ]", "_", file.filename.rsplit("/", 1)[-1])[:120] or "note.pdf"
    name = name if name.lower().endswith(".pdf") else name + ".pdf"
    staff = request.state.staff_session.staff
    await run_in_threadpool(
        lambda: application(request).store.set_information_note(
            code, name, file.data, staff_email=staff.email, staff_id=staff.id
        )
    )
    return RedirectResponse(f"{HOME}?fait=deposee", status_code=303)


@require_staff(api=False)
async def remove_note(request: Request) -> Response:
    """``POST /conseillers/notes/retirer``: an académie's note removed."""
    refused = _refused(request)
    if refused is not None:
        return refused
    code = (await read_form(request)).get("academie", "")
    staff = request.state.staff_session.staff
    await run_in_threadpool(
        lambda: application(request).store.remove_information_note(
            code, staff_email=staff.email, staff_id=staff.id
        )
    )
    return RedirectResponse(f"{HOME}?fait=retiree", status_code=303)


def note_routes() -> list[Route]:
    return [
        Route("/notes", notes_page, name="helpdesk_notes"),
        Route("/notes", upload_note, methods=["POST"], name="helpdesk_notes_upload"),
        Route("/notes/retirer", remove_note, methods=["POST"], name="helpdesk_notes_remove"),
    ]
