"""« Tableau de bord » (``/conseillers/tableau-de-bord``): the numbers at a glance within the staff member's
académies (``registration/backoffice/dashboard.py``), each chart an inline SVG drawn here with its data as a
table in the same ``<figure>``."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.helpdesk import charts
from bot.helpdesk.auth import require_staff
from bot.helpdesk.dossiers import scope
from bot.helpdesk.pages import PREFIX, render_fragment, staff_page
from registration.backoffice.dashboard import DAYS, TOP_SPECIALTIES, dashboard
from registration.backoffice.search import CHANNELS
from registration.conversation.service import services
from registration.lists.kinds import calendar
from registration.lists.published import context
from registration.settings import now

TITLE = "Tableau de bord"
HOME = PREFIX + "/tableau-de-bord"


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " min"


def _body(request: Request) -> str:
    svc = services()
    staff = request.state.staff_session.staff
    numbers = dashboard(svc.store, scope(staff), svc.session, now())
    titles = {code: s.title for code, s in svc.refs.specialites.items()}
    days = [(day.strftime("%d/%m"), count) for day, count in numbers.days]
    specialties = [
        (f"{titles.get(code, code or 'non renseignée')} ({code})", n) for code, n in numbers.specialties
    ]
    channels = [(CHANNELS.get(code, "non enregistré"), n) for code, n in numbers.channels]
    figures = [
        (
            "jours",
            f"Pré-inscriptions validées par jour, les {DAYS} derniers jours ({numbers.registrations} au total)",
            "Jour",
            "Dossiers",
            charts.columns("Histogramme des pré-inscriptions par jour", days),
            [(day.strftime("%d/%m/%Y"), count) for day, count in numbers.days],
        ),
        (
            "specialites",
            f"Dossiers de la session {numbers.session} par spécialité ({TOP_SPECIALTIES} premières)",
            "Spécialité",
            "Dossiers",
            charts.bars("Barres des dossiers par spécialité", specialties),
            specialties,
        ),
        (
            "canaux",
            f"Dossiers de la session {numbers.session} par canal",
            "Canal",
            "Dossiers",
            charts.bars("Barres des dossiers par canal", channels),
            channels,
        ),
        (
            "demandes",
            f"Demandes d'aide des {DAYS} derniers jours, par état",
            "État",
            "Demandes",
            charts.bars("Barres des demandes d'aide par état", numbers.requests),
            numbers.requests,
        ),
        (
            "brouillons",
            "Pré-inscriptions non terminées : question où elles s'arrêtent",
            "Question",
            "Brouillons",
            charts.bars("Barres des brouillons par question", numbers.drafts),
            numbers.drafts,
        ),
    ]
    academies = scope(staff)
    return render_fragment(
        "tableau_de_bord.html",
        samples=calendar.sample_academies(context(svc.store, svc.refs, svc.session), svc.session, academies),
        unsent=svc.store.unsent_confirmations(academies),
        session=svc.session,
        figures=figures,
        waits=numbers.waits,
        median=_minutes(numbers.waits.median_minutes),
        p90=_minutes(numbers.waits.p90_minutes),
        staff=staff,
        days=DAYS,
    )


@require_staff(api=False)
async def dashboard_page(request: Request) -> Response:
    """``GET /conseillers/tableau-de-bord``."""
    body = await run_in_threadpool(_body, request)
    return staff_page(request, TITLE, body, current=HOME)
