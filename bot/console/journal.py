"""The audit log, for responsables: read in the console, exported as CSV."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, message_page, render_fragment, staff_page
from bot.console.texts import MESSAGES, TITLES


@require_staff(api=False)
async def journal(request: Request) -> Response:
    """``GET /conseillers/journal``."""
    if not request.state.staff_session.staff.is_responsable:
        return message_page(request, TITLES["access_refused"], MESSAGES["journal_responsables_only"], 403)
    entries = await run_in_threadpool(application(request).audit.entries)
    body = render_fragment("journal.html", entries=entries, prefix=PREFIX)
    return staff_page(request, TITLES["journal"], body, current=PREFIX + "/journal")


@require_staff(api=False)
async def journal_csv(request: Request) -> Response:
    """``GET /conseillers/journal.csv``."""
    if not request.state.staff_session.staff.is_responsable:
        return message_page(request, TITLES["access_refused"], MESSAGES["journal_responsables_only"], 403)
    text = await run_in_threadpool(application(request).audit.as_csv)
    return Response(
        text.encode("utf-8-sig"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="journal-conseillers.csv"',
            "Cache-Control": "no-store",
        },
    )
