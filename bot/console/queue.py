"""The queue page: the requests waiting for a conseiller (its content is drawn in ``templates/queue.html``)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, render_fragment, staff_page
from bot.console.requests import current_requests
from bot.console.texts import TITLES
from registration.staff.directory import can_see


@require_staff(api=False)
async def queue_page(request: Request) -> Response:
    """``GET /conseillers/``: the staff member's queue."""
    staff = request.state.staff_session.staff
    app = application(request)
    names = app.staff.academies
    academies = [f"{names.get(code, code)} ({code})" for code in staff.academies]
    views = await run_in_threadpool(current_requests, app)
    requests = [v for v in views if can_see(staff, v.academie_code)]
    body = render_fragment("queue.html", staff=staff, academies=academies, requests=requests, names=names)
    return staff_page(request, TITLES["queue"], body, current=PREFIX + "/", scripts=("queue.js",))
