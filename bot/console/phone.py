"""A dossier started by a conseiller during a phone call: the candidate's identity and e-mail, checked by the
conversation's validators; the candidate gets a resume code (e-mail, and on screen to read aloud), finishes the
registration on the web or Telegram and validates it themselves."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console.auth import read_form, require_staff
from bot.console.front import application
from bot.console.pages import PREFIX, render_fragment, staff_page
from bot.console.texts import PHONE_FIELDS, TITLES
from registration.backoffice import conversations
from registration.mail import build_resume_code_message, send_confirmation
from registration.settings import Settings

FIELDS = (
    ("nom", PHONE_FIELDS["nom"], "text", "family-name"),
    ("prenoms", PHONE_FIELDS["prenoms"], "text", "given-name"),
    ("date_naissance", PHONE_FIELDS["date_naissance"], "text", "bday"),
    ("email", PHONE_FIELDS["email"], "email", "email"),
)


def _page(request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
    body = render_fragment(
        "phone.html",
        fields=FIELDS,
        values=values,
        errors=errors,
        csrf=request.state.staff_session.csrf,
        prefix=PREFIX,
    )
    return staff_page(request, TITLES["phone"], body, status=status, current=PREFIX + "/nouveau-dossier")


def _send_code(settings: Settings, email: str, code: str) -> bool:
    try:
        send_confirmation(build_resume_code_message(to=email, code=code, sender=settings.mail_from), settings)
        return True
    except Exception:  # the code is on screen too: the conseiller reads it aloud
        return False


@require_staff(api=False)
async def phone_dossier(request: Request) -> Response:
    """``GET/POST /conseillers/nouveau-dossier``."""
    if request.method == "GET":
        return _page(request, {}, {})
    form = await read_form(request)
    values = {name: form.get(name, "")[:300] for name, *_ in FIELDS}
    app = application(request)
    outcome = await run_in_threadpool(conversations.start_dossier, app, values)
    if isinstance(outcome, dict):
        return _page(request, values, outcome, status=422)
    sender_id, code = outcome
    mailed = await run_in_threadpool(_send_code, app.settings, values["email"].strip(), code)
    staff = request.state.staff_session.staff
    await run_in_threadpool(
        app.audit.record,
        staff_id=staff.id,
        staff_email=staff.email,
        action="dossier commencé par téléphone",
        subject=sender_id,
        after=values["email"].strip(),
    )
    body = render_fragment(
        "phone_done.html", code=code, email=values["email"].strip(), mailed=mailed, prefix=PREFIX
    )
    return staff_page(request, TITLES["phone_started"], body, current=PREFIX + "/nouveau-dossier")
