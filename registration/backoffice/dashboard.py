"""The numbers at a glance (console « Tableau de bord »), each from one aggregate query within the staff member's
académies: registrations per day (the last 30 days), per specialty and per channel; help-desk requests by state
and how long candidates waited for a conseiller; the question at which unfinished registrations stop.

Days are Paris days: the registrations are counted per UTC hour by the database (at most 720 groups) and the hours
folded into Paris days here, so that a registration at 00:30 in Paris counts on its own day in winter and summer.
Help-desk requests and drafts whose académie is not known yet count for every conseiller, as in the queue.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, extract, func, or_, select, true
from sqlalchemy.orm import Session

from registration.models import Dossier, Draft, HandoffRequest
from registration.settings import PARIS
from registration.store import Store

DAYS = 30
TOP_SPECIALTIES = 15
REQUEST_STATES = (("OPEN", "en attente"), ("TAKEN", "prises en charge"), ("CLOSED", "closes"))
# Where a draft is that is not an unfinished registration: validated, abandoned, or consulting a dossier.
NOT_UNFINISHED = (
    "done",
    "abandoned",
    "consult_number",
    "consult_date",
    "consult_menu",
    "consult_academie",
    "consult_lost_email",
    "consult_lost_date",
)
UNKNOWN_STEP = "non enregistrée"


@dataclass(frozen=True)
class Waits:
    taken: int  # requests taken in the period
    median_minutes: float | None
    p90_minutes: float | None


@dataclass(frozen=True)
class Dashboard:
    session: int
    days: list[tuple[date, int]]  # the last DAYS days, oldest first, zeros included
    specialties: list[tuple[str, int]]  # (specialty code, dossiers), the most first
    channels: list[tuple[str, int]]
    requests: list[tuple[str, int]]  # (French label, count), in REQUEST_STATES order
    waits: Waits
    drafts: list[tuple[str, int]]  # (question reached, drafts), the most first

    @property
    def registrations(self) -> int:
        return sum(count for _, count in self.days)


def _utc_hour(column: Any, dialect: str) -> ColumnElement[str]:
    if dialect == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD HH24")
    return func.strftime("%Y-%m-%d %H", column)


def _seconds(start: Any, end: Any, dialect: str) -> ColumnElement[Any]:
    if dialect == "postgresql":
        return extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def _in_scope(
    column: Any, academies: tuple[str, ...] | None, *, unknown_too: bool = False
) -> ColumnElement[bool]:
    if academies is None:
        return true()
    known = column.in_(academies or ("",))
    return or_(known, column.is_(None)) if unknown_too else known


def _per_day(session: Session, dialect: str, scope: ColumnElement[bool], year: int, first: date, today: date):
    start = datetime.combine(first, datetime.min.time(), PARIS).astimezone(UTC)
    hour = _utc_hour(Dossier.created_at, dialect)
    rows = session.execute(
        select(hour, func.count())
        .where(scope, Dossier.session == year, Dossier.created_at >= start)
        .group_by(hour)
    ).all()
    counts: Counter[date] = Counter()
    for text, count in rows:
        moment = datetime.strptime(str(text), "%Y-%m-%d %H").replace(tzinfo=UTC)
        counts[moment.astimezone(PARIS).date()] += count
    return [
        (first + timedelta(days=n), counts[first + timedelta(days=n)])
        for n in range((today - first).days + 1)
    ]


def _grouped(session: Session, column: Any, *where: Any, limit: int | None = None) -> list[tuple[str, int]]:
    count = func.count().label("n")
    statement = select(column, count).where(*where).group_by(column).order_by(count.desc(), column)
    if limit:
        statement = statement.limit(limit)
    return [(value or "", n) for value, n in session.execute(statement).all()]


def _quantile(session: Session, statement: Any, n: int, q: float) -> float | None:
    """The nearest-rank quantile of an ordered one-column query, read by the database (one row)."""
    if not n:
        return None
    value = session.scalar(statement.offset(max(math.ceil(q * n) - 1, 0)).limit(1))
    return round(float(value) / 60.0, 1) if value is not None else None


def _waits(session: Session, dialect: str, scope: ColumnElement[bool], since: datetime) -> Waits:
    taken = and_(scope, HandoffRequest.created_at >= since, HandoffRequest.assigned_at.is_not(None))
    n = session.scalar(select(func.count()).select_from(HandoffRequest).where(taken)) or 0
    wait = _seconds(HandoffRequest.created_at, HandoffRequest.assigned_at, dialect)
    ordered = select(wait).where(taken).order_by(wait)
    return Waits(n, _quantile(session, ordered, n, 0.5), _quantile(session, ordered, n, 0.9))


def dashboard(store: Store, academies: tuple[str, ...] | None, session_year: int, now: datetime) -> Dashboard:
    """The numbers of the académies given (None: all), for the registration session and the last DAYS days."""
    today = now.astimezone(PARIS).date()
    first = today - timedelta(days=DAYS - 1)
    since = datetime.combine(first, datetime.min.time(), PARIS).astimezone(UTC)
    dialect = store.dialect

    def work(session: Session) -> Dashboard:
        dossiers = and_(_in_scope(Dossier.academie_code, academies), Dossier.session == session_year)
        requests = and_(
            _in_scope(HandoffRequest.academie_code, academies, unknown_too=True),
            HandoffRequest.created_at >= since,
        )
        by_state = dict(_grouped(session, HandoffRequest.status, requests))
        drafts = and_(
            _in_scope(Draft.academie_code, academies, unknown_too=True),
            or_(Draft.step.is_(None), Draft.step.not_in(NOT_UNFINISHED)),
        )
        return Dashboard(
            session=session_year,
            days=_per_day(
                session, dialect, _in_scope(Dossier.academie_code, academies), session_year, first, today
            ),
            specialties=_grouped(session, Dossier.specialite, dossiers, limit=TOP_SPECIALTIES),
            channels=_grouped(session, Dossier.channel, dossiers),
            requests=[(label, by_state.get(status, 0)) for status, label in REQUEST_STATES],
            waits=_waits(session, dialect, requests, since),
            drafts=[(step or UNKNOWN_STEP, n) for step, n in _grouped(session, Draft.step, drafts)],
        )

    return store.transaction(work)
