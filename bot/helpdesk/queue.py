"""The queue page: the requests waiting for a conseiller (its content is drawn in ``templates/queue.html``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from bot.helpdesk.auth import require_staff
from bot.helpdesk.pages import PREFIX, render_fragment, staff_page
from registration.staff.directory import known_academies

QUEUE_TITLE = "File d'attente"


@require_staff(api=False)
async def queue_page(request: Request) -> Response:
    """``GET /conseillers/``: the staff member's queue."""
    staff = request.state.staff_session.staff
    names = known_academies()
    academies = [f"{names.get(code, code)} ({code})" for code in staff.academies]
    body = render_fragment("queue.html", staff=staff, academies=academies)
    return staff_page(request, QUEUE_TITLE, body, current=PREFIX + "/")
