"""Finding dossiers: search, filters, sorting, paging and counts, within a staff member's académies.

The search box reads what it is given: a birth date (« 03/05/2004 »), a dossier number (« 175 », « 175 – 0 »),
a candidate number of an earlier session (« 2025 01 123456 », eight digits or more), else the start of a
family name or of the first names (case does not matter). Filters are exact; dates are the latest
validation's day (Paris time), both ends included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from registration.models import Dossier
from registration.rules.confirmation import STATUSES, describe
from registration.settings import PARIS
from registration.store import Store, dossier_label

PER_PAGE = 50
SORTS = {
    "date": (Dossier.validated_at, Dossier.id),
    "nom": (Dossier.family_name, Dossier.first_names, Dossier.id),
    "numero": (Dossier.academie_code, Dossier.number),
    "etat": (Dossier.status, Dossier.validated_at, Dossier.id),
}
SORT_LABELS = {"date": "date de validation", "nom": "nom", "numero": "numéro de dossier", "etat": "état"}
CHANNELS = {
    "web": "discussion web",
    "widget": "discussion intégrée à un site",
    "telegram": "Telegram",
    "staff": "commencé par un conseiller au téléphone",
}
_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
_DOSSIER = re.compile(r"^(\d{1,7})(?:\s*[-–]\s*\d+)?$")


@dataclass(frozen=True)
class DossierQuery:
    """What the list shows: the search text, the filters, the order and the page."""

    text: str = ""
    specialite: str = ""
    etablissement: str = ""
    categorie: str = ""
    channel: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    session: int | None = None
    sort: str = "-date"  # a key of SORTS, « - » first for descending
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params: dict[str, str]) -> DossierQuery:
        """The query of a list page's address; whatever cannot be read is left out (never an error)."""

        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(params.get(name, "").strip())
            except ValueError:
                return None

        def number(name: str, default: int) -> int:
            try:
                return max(1, int(params.get(name, "")))
            except ValueError:
                return default

        sort = params.get("tri", "-date")
        status = params.get("etat", "")
        return cls(
            text=" ".join(params.get("q", "").split())[:100],
            specialite=params.get("specialite", "").strip()[:16],
            etablissement=params.get("etablissement", "").strip().upper()[:16],
            categorie=params.get("categorie", "").strip()[:40],
            channel=params.get("canal", "") if params.get("canal", "") in CHANNELS else "",
            status=status if status in STATUSES else "",
            date_from=day("du"),
            date_to=day("au"),
            session=number("session", 0) or None if params.get("session") else None,
            sort=sort if sort.lstrip("-") in SORTS else "-date",
            page=number("page", 1),
            per_page=min(number("par_page", PER_PAGE), 200),
        )

    def params(self, **changes: Any) -> dict[str, str]:
        """The address parameters of this query with some changed (for the sorting and paging links)."""
        query = replace(self, **changes)
        values = {
            "q": query.text,
            "specialite": query.specialite,
            "etablissement": query.etablissement,
            "categorie": query.categorie,
            "canal": query.channel,
            "etat": query.status,
            "du": query.date_from.isoformat() if query.date_from else "",
            "au": query.date_to.isoformat() if query.date_to else "",
            "session": str(query.session or ""),
            "tri": "" if query.sort == "-date" else query.sort,
            "page": "" if query.page == 1 else str(query.page),
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class DossierRow:
    id: int
    label: str
    academie_code: str
    session: int
    family_name: str
    first_names: str
    birth_date: str
    candidate_number: str | None
    specialite: str
    etablissement: str
    categorie: str
    channel: str | None
    validated_at: datetime | None
    status: str
    state: str  # the status in words


@dataclass(frozen=True)
class DossierPage:
    rows: list[DossierRow]
    total: int  # dossiers matching the query
    counts: dict[str, int] = field(default_factory=dict)  # by status, the status filter left out
    page: int = 1
    pages: int = 1


def scope_filter(statement: Select, academies: tuple[str, ...] | None) -> Select:
    """Only the dossiers of these académies (None: every académie, for a responsable)."""
    return statement if academies is None else statement.where(Dossier.academie_code.in_(academies or ("",)))


def paris_day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    low = datetime.combine(start, time(0), PARIS) if start else None
    high = datetime.combine(end + timedelta(days=1), time(0), PARIS) if end else None
    return low, high


def filtered(statement: Select, query: DossierQuery, *, with_status: bool = True) -> Select:
    """The query's search text and filters applied to a statement over ``Dossier``."""
    text = query.text.strip()
    if text:
        digits = re.sub(r"[\s\-./]", "", text)
        numbered = _DOSSIER.match(text)
        if _DATE.match(text):
            statement = statement.where(Dossier.birth_date == text)
        elif numbered and len(digits) < 8:
            statement = statement.where(Dossier.number == int(numbered.group(1)))
        elif digits.isdigit():
            statement = statement.where(Dossier.candidate_number == digits)
        else:
            start = text.upper().replace("%", "").replace("_", "") + "%"
            statement = statement.where(
                or_(Dossier.family_name.like(start), func.upper(Dossier.first_names).like(start))
            )
    for column, value in (
        (Dossier.specialite, query.specialite),
        (Dossier.etablissement, query.etablissement),
        (Dossier.categorie, query.categorie),
        (Dossier.channel, query.channel),
    ):
        if value:
            statement = statement.where(column == value)
    if with_status and query.status:
        statement = statement.where(Dossier.status == query.status)
    if query.session:
        statement = statement.where(Dossier.session == query.session)
    low, high = paris_day_bounds(query.date_from, query.date_to)
    if low is not None:
        statement = statement.where(Dossier.validated_at >= low)
    if high is not None:
        statement = statement.where(Dossier.validated_at < high)
    return statement


def ordered(statement: Select, sort: str) -> Select:
    columns = SORTS.get(sort.lstrip("-"), SORTS["date"])
    return statement.order_by(*(c.desc() if sort.startswith("-") else c.asc() for c in columns))


def row_of(dossier: Dossier) -> DossierRow:
    return DossierRow(
        id=dossier.id,
        label=dossier_label(dossier.number, dossier.revision),
        academie_code=dossier.academie_code,
        session=dossier.session,
        family_name=dossier.family_name,
        first_names=dossier.first_names,
        birth_date=dossier.birth_date,
        candidate_number=dossier.candidate_number,
        specialite=dossier.specialite,
        etablissement=dossier.etablissement,
        categorie=dossier.categorie,
        channel=dossier.channel,
        validated_at=dossier.validated_at,
        status=dossier.status,
        state=describe(dossier.status, dossier.status_detail, dossier.received_on, dossier.late),
    )


def search(store: Store, query: DossierQuery, academies: tuple[str, ...] | None) -> DossierPage:
    """One page of the dossiers in scope matching the query, with the total and the counts by state."""

    def work(session: Session) -> DossierPage:
        base = scope_filter(select(Dossier), academies)
        total = session.scalar(filtered(base, query).with_only_columns(func.count(Dossier.id))) or 0
        by_status = filtered(
            scope_filter(select(Dossier.status, func.count(Dossier.id)), academies), query, with_status=False
        ).group_by(Dossier.status)
        counts = {status: 0 for status in STATUSES}
        counts.update({status: count for status, count in session.execute(by_status)})
        pages = max(1, -(-total // query.per_page))
        page = min(query.page, pages)
        rows = session.scalars(
            ordered(filtered(base, query), query.sort)
            .limit(query.per_page)
            .offset((page - 1) * query.per_page)
        )
        return DossierPage([row_of(d) for d in rows], total, counts, page, pages)

    return store.transaction(work)
