"""The console's requests: the queue as JSON, one request's page (summary, transcript, live messages), taking
it, writing to the candidate, correcting a field through the conversation's validators, handing back."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from bot.console.auth import read_form, require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, json_error, message_page, render_fragment, staff_page
from bot.console.texts import LINKS, MESSAGES, REQUEST_NOTICES, TITLES, WORDS
from bot.telegram import push
from registration.app import Application
from registration.backoffice import conversations
from registration.helpdesk import RequestView
from registration.operations import trackers
from registration.rules import Valid
from registration.staff.directory import StaffMember, can_see

MAX_MESSAGE = 2000
NO_STORE = {"Cache-Control": "no-store"}


def _staff(request: Request) -> StaffMember:
    return request.state.staff_session.staff


async def _visible(request: Request) -> RequestView | Response:
    """The request of the URL if this staff member may see it, else the refusal to send."""
    api = request.url.path.startswith(PREFIX + "/api/")
    try:
        request_id = int(request.path_params["request_id"])
    except (KeyError, ValueError):
        request_id = -1
    app = application(request)
    found = await run_in_threadpool(app.desk.get, request_id)
    if found is not None:
        found = await run_in_threadpool(current, app, found)
    if found is None:
        return (
            json_error(MESSAGES["request_not_found"], 404)
            if api
            else message_page(request, TITLES["request_not_found"], MESSAGES["request_not_found"], 404)
        )
    if not may_see(_staff(request), found):
        return (
            json_error(MESSAGES["request_forbidden"], 403)
            if api
            else message_page(request, TITLES["access_refused"], MESSAGES["request_forbidden"], 403)
        )
    return found


def may_see(staff: StaffMember, view: RequestView) -> bool:
    """Whether ``staff`` may see a request, its messages and its transcript, as its draft stands now.

    The request's académie is its draft's: its staff and the responsables see it. An open request whose
    académie is not known yet is every conseiller's (help comes early); a closed one is the responsables' and
    the conseiller's who held it, since nobody needs to pick it up any more."""
    if view.academie_code is None and view.status == "CLOSED":
        return staff.is_responsable or view.assigned_staff_id == staff.id
    return can_see(staff, view.academie_code)


def current(app: Application, view: RequestView) -> RequestView:
    """The request as its draft stands now (académie, question reached), closed or open: the scope is checked
    on this, so a request follows its candidate into the académie they registered in after it was closed."""
    place = conversations.current_place(app, view.sender_id)
    return view if place is None else app.desk.follow(view, *place)


def current_requests(app: Application) -> list[RequestView]:
    """The open and taken requests, each with its draft's current académie and question."""
    return [current(app, view) for view in app.desk.requests()]


def _row(view: RequestView, names: dict[str, str]) -> dict[str, Any]:
    return {
        **view.as_json(),
        "academie_nom": names.get(view.academie_code or "", WORDS["academie_unknown"]),
        "adresse": f"{PREFIX}/demandes/{view.id}",
    }


@require_staff(api=True, touch=False)
async def api_requests(request: Request) -> Response:
    """``GET /conseillers/api/demandes``: the open requests this staff member may see, oldest first."""
    staff = _staff(request)
    app = application(request)
    names = app.staff.academies
    views = await run_in_threadpool(current_requests, app)
    rows = [_row(v, names) for v in views if may_see(staff, v)]
    return JSONResponse(rows, headers=NO_STORE)


@require_staff(api=True, touch=False)
async def api_messages(request: Request) -> Response:
    """``GET /conseillers/api/demandes/{id}/messages?apres=N``: the conversation's new messages."""
    found = await _visible(request)
    if isinstance(found, Response):
        return found
    try:
        after = int(request.query_params.get("apres", "0"))
    except ValueError:
        after = 0
    items = await run_in_threadpool(application(request).desk.messages, found.sender_id, after)
    return JSONResponse(items, headers=NO_STORE)


def _request_body(request: Request, view: RequestView, *, notice: str = "", error: str = "") -> str:
    app = application(request)
    sender = view.sender_id
    fields = conversations.fields_of(app, sender) if app.store.load_draft(sender) else []
    names = app.staff.academies
    return render_fragment(
        "request.html",
        request=view,
        academie=names.get(view.academie_code or "", WORDS["academie_unknown"]),
        summary=conversations.summary_of(app, sender) if fields else "",
        fields=fields,
        transcript=trackers.transcript(sender, app.settings.tracker_url),
        messages=app.desk.messages(sender),
        audit=app.audit.entries(subject=sender, limit=50),
        mine=view.assigned_staff_id == _staff(request).id,
        csrf=request.state.staff_session.csrf,
        notice=notice,
        error=error,
        prefix=PREFIX,
        summary_step=conversations.SUMMARY,
    )


@require_staff(api=False)
async def request_page(request: Request) -> Response:
    """``GET /conseillers/demandes/{id}``."""
    found = await _visible(request)
    if isinstance(found, Response):
        return found
    body = await run_in_threadpool(
        _request_body, request, found, notice=REQUEST_NOTICES.get(request.query_params.get("info", ""), "")
    )
    return staff_page(request, TITLES["request"].format(id=found.id), body, scripts=("request.js",))


def _back(view: RequestView, info: str = "") -> RedirectResponse:
    """Back to the request's page, with the key of a notice of ``REQUEST_NOTICES`` (never its text)."""
    query = f"?info={info}" if info in REQUEST_NOTICES else ""
    return RedirectResponse(f"{PREFIX}/demandes/{view.id}{query}", status_code=303)


def _audit(request: Request, action: str, subject: str, **values: str | None) -> None:
    staff = _staff(request)
    application(request).audit.record(
        staff_id=staff.id, staff_email=staff.email, action=action, subject=subject, **values
    )


async def _deliver(
    app: Application,
    sender_id: str,
    author: str,
    text: str,
    buttons: list[dict[str, str]],
    handoff_id: int,
    staff_id: int | None,
) -> None:
    """Stores a message for the candidate and, on Telegram, sends it now (the web chat fetches it)."""
    if push.chat_of(sender_id) is not None:
        sent = await push.send(app.settings, sender_id, text, buttons)
    else:
        sent = False
    await run_in_threadpool(
        app.desk.add_message,
        sender_id,
        author,
        {"text": text, "buttons": buttons},
        handoff_id=handoff_id,
        staff_id=staff_id,
        delivered=sent,
    )


@require_staff(api=False)
async def take(request: Request) -> Response:
    """``POST /conseillers/demandes/{id}/prendre``: two staff cannot take the same request."""
    found = await _visible(request)
    if isinstance(found, Response):
        return found
    staff, app = _staff(request), application(request)
    if not await run_in_threadpool(app.desk.take, found.id, staff.id):
        return message_page(
            request,
            TITLES["request_taken"],
            MESSAGES["request_taken_by_other"],
            409,
            link=(f"{PREFIX}/demandes/{found.id}", LINKS["request"]),
        )
    await run_in_threadpool(_audit, request, "prise en charge", found.sender_id)
    joined = conversations.joined_text()
    await _deliver(app, found.sender_id, "assistant", joined, [], found.id, staff.id)
    return _back(found, "prise")


async def _held_by_me(request: Request) -> RequestView | Response:
    found = await _visible(request)
    if isinstance(found, Response):
        return found
    if found.status != "TAKEN" or found.assigned_staff_id != _staff(request).id:
        return message_page(
            request,
            TITLES["action_impossible"],
            MESSAGES["request_not_yours"],
            409,
            link=(f"{PREFIX}/demandes/{found.id}", LINKS["request"]),
        )
    return found


@require_staff(api=False)
async def write(request: Request) -> Response:
    """``POST /conseillers/demandes/{id}/message``: the conseiller's words reach the candidate's channel."""
    found = await _held_by_me(request)
    if isinstance(found, Response):
        return found
    text = " ".join((await read_form(request)).get("message", "").split())[:MAX_MESSAGE]
    if text:
        await _deliver(
            application(request), found.sender_id, "conseiller", text, [], found.id, _staff(request).id
        )
    if request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"ok": True}, headers=NO_STORE)
    return _back(found)


@require_staff(api=False)
async def correct(request: Request) -> Response:
    """``POST /conseillers/demandes/{id}/corriger``: one answer, through its question's validator, audited."""
    found = await _held_by_me(request)
    if isinstance(found, Response):
        return found
    form = await read_form(request)
    step_id, value = form.get("champ", ""), form.get("valeur", "")
    result, before, after = await run_in_threadpool(
        conversations.correct, application(request), found.sender_id, step_id, value
    )
    if not isinstance(result, Valid):
        body = await run_in_threadpool(_request_body, request, found, error=getattr(result, "message", ""))
        return staff_page(
            request, TITLES["request"].format(id=found.id), body, status=422, scripts=("request.js",)
        )
    await run_in_threadpool(
        _audit, request, "correction", found.sender_id, field=step_id, before=before, after=after
    )
    return _back(found, "corrigee")


@require_staff(api=False)
async def hand_back(request: Request) -> Response:
    """``POST /conseillers/demandes/{id}/rendre``: the assistant resumes at the chosen question; closed."""
    found = await _held_by_me(request)
    if isinstance(found, Response):
        return found
    form = await read_form(request)
    step_id = form.get("question", conversations.SUMMARY) or conversations.SUMMARY
    outcome = " ".join(form.get("issue", "").split())[:500] or WORDS["handed_back"]
    app = application(request)
    replies = await run_in_threadpool(conversations.hand_back, app, found.sender_id, step_id)
    await run_in_threadpool(app.desk.close, found.id, outcome)
    for reply in replies:
        buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        await _deliver(app, found.sender_id, "assistant", reply.text, buttons, found.id, None)
    await run_in_threadpool(_audit, request, "main rendue", found.sender_id, field=step_id, after=outcome)
    return RedirectResponse(f"{PREFIX}/", status_code=303)
