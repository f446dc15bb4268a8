"""« Tableau de bord » (``/conseillers/tableau-de-bord``): the numbers at a glance within the staff member's
académies (``registration/backoffice/dashboard.py``), each chart an inline SVG drawn here with its data as a
table in the same ``<figure>``."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.console import charts
from bot.console.auth import require_staff
from bot.console.dossiers import scope
from bot.console.front import application
from bot.console.pages import PREFIX, render_fragment, staff_page
from bot.console.texts import FIGURES, TITLES, WORDS
from registration.backoffice.dashboard import DAYS, TOP_SPECIALTIES, dashboard
from registration.backoffice.search import CHANNELS
from registration.lists.kinds import calendar
from registration.lists.published import context
from registration.settings import now

HOME = PREFIX + "/tableau-de-bord"


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " min"


def _body(request: Request) -> str:
    svc = application(request)
    staff = request.state.staff_session.staff
    numbers = dashboard(svc.store, scope(staff), svc.session, now())
    titles = {code: s.title for code, s in svc.refs.specialites.items()}
    days = [(day.strftime("%d/%m"), count) for day, count in numbers.days]
    specialties = [
        (f"{titles.get(code, code or WORDS['specialty_unknown'])} ({code})", n)
        for code, n in numbers.specialties
    ]
    channels = [(CHANNELS.get(code, WORDS["channel_unknown"]), n) for code, n in numbers.channels]
    figures = [
        (
            "jours",
            FIGURES["days"].format(days=DAYS, total=numbers.registrations),
            FIGURES["days_columns"],
            FIGURES["dossiers"],
            charts.columns(FIGURES["days_chart"], days),
            [(day.strftime("%d/%m/%Y"), count) for day, count in numbers.days],
        ),
        (
            "specialites",
            FIGURES["specialties"].format(session=numbers.session, top=TOP_SPECIALTIES),
            FIGURES["specialties_columns"],
            FIGURES["dossiers"],
            charts.bars(FIGURES["specialties_chart"], specialties),
            specialties,
        ),
        (
            "canaux",
            FIGURES["channels"].format(session=numbers.session),
            FIGURES["channels_columns"],
            FIGURES["dossiers"],
            charts.bars(FIGURES["channels_chart"], channels),
            channels,
        ),
        (
            "demandes",
            FIGURES["requests"].format(days=DAYS),
            FIGURES["requests_columns"],
            FIGURES["requests_counted"],
            charts.bars(FIGURES["requests_chart"], numbers.requests),
            numbers.requests,
        ),
        (
            "brouillons",
            FIGURES["drafts"],
            FIGURES["drafts_columns"],
            FIGURES["drafts_counted"],
            charts.bars(FIGURES["drafts_chart"], numbers.drafts),
            numbers.drafts,
        ),
    ]
    academies = scope(staff)
    return render_fragment(
        "tableau_de_bord.html",
        samples=calendar.sample_academies(
            context(svc.store, svc.refs, svc.session, svc.settings), svc.session, academies
        ),
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
    return staff_page(request, TITLES["dashboard"], body, current=HOME)
