"""Cross-field rules: category and forme, category and establishment, académie, registration calendar."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from ..settings import paris_time
from .acquis import FORMES
from .messages import french_datetime, message
from .places import safe_call
from .result import Invalid, Result, Valid


def check_category_forme(category: Any, forme: str) -> Result:
    """Valid(forme) when the category may take that forme (scolaires and apprentis: globale only)."""
    if forme not in FORMES:
        return Invalid(message("forme_unknown"))
    if forme == "progressive" and not getattr(category, "progressive_allowed", False):
        return Invalid(message("forme_not_allowed", category=getattr(category, "label", "")))
    return Valid(forme)


def check_category_establishment(category: Any, etablissement: Any) -> Result:
    """Valid(etablissement) when its type is one the category allows."""
    allowed = getattr(category, "establishment_types", ()) or ()
    if getattr(etablissement, "type", None) not in allowed:
        return Invalid(
            message(
                "establishment_not_allowed",
                name=getattr(etablissement, "name", ""),
                category=getattr(category, "label", ""),
            )
        )
    return Valid(etablissement)


def academie_for_residence(residence: Mapping[str, Any], refs: Any) -> Result:
    """The académie of the place of residence: from the postal code in France, from the country abroad."""
    if residence.get("a_l_etranger"):
        academie = safe_call(lambda: refs.academie_for_country(residence.get("pays_code")))
        if academie is None:
            return Invalid(message("residence_academie_unknown_abroad"))
        return Valid(academie, echo=academie.name)
    code = str(residence.get("code_postal") or "")
    departement = safe_call(lambda: refs.departement_for_postal_code(code))
    academie = None
    if departement is not None:
        academie = safe_call(lambda: refs.academie_for_departement(departement.code))
    if academie is None:
        return Invalid(message("residence_academie_unknown_fr", code=code or "?"))
    return Valid(academie, echo=academie.name)


def _moment(value: Any, *, end_of_day: bool) -> datetime | None:
    """A calendar bound as an aware datetime in Paris; a bare date covers the whole day."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end_of_day else time.min)
    if not isinstance(value, datetime):
        return None
    return paris_time(value)


def _shown(raw: Any, moment: datetime) -> str:
    """The bound as the candidate reads it: the time only when the calendar gives one."""
    if isinstance(raw, datetime) or (isinstance(raw, str) and len(raw) > 10):
        return french_datetime(moment)
    return french_datetime(moment.date())


def check_registration_open(academie_code: str, session: int, now: datetime, refs: Any) -> Result:
    """Valid(CalendarEntry) while registration is open in that académie for that session, else Invalid."""
    entry = safe_call(lambda: refs.calendar_for(academie_code, session))
    if entry is None:
        return Invalid(message("registration_no_calendar", session=session))
    opens = _moment(entry.opens, end_of_day=False)
    closes = _moment(entry.closes, end_of_day=True)
    current = paris_time(now)
    if opens is None or closes is None:
        return Invalid(message("registration_no_calendar", session=session))
    if current < opens:
        return Invalid(message("registration_not_open", session=session, opens=_shown(entry.opens, opens)))
    if current > closes:
        return Invalid(message("registration_closed", session=session, closes=_shown(entry.closes, closes)))
    return Valid(entry)


def check_session_open(session: int, now: datetime, refs: Any) -> Result:
    """Valid while at least one académie takes registrations for the session; else why not, with the dates.

    Asked before the first question, so that nobody answers twenty questions of a session that is over (or not
    open yet) everywhere; the académie's own dates are checked again once the address gives it.
    """
    entries = [entry for entry in getattr(refs, "calendar", ()) if entry.session == int(session)]
    bounds = [
        (opens, closes, entry)
        for entry in entries
        if (opens := _moment(entry.opens, end_of_day=False))
        and (closes := _moment(entry.closes, end_of_day=True))
    ]
    if not bounds:
        return Invalid(message("session_no_calendar", session=session))
    current = paris_time(now)
    first_open = min(bounds, key=lambda bound: bound[0])
    last_close = max(bounds, key=lambda bound: bound[1])
    if current < first_open[0]:
        return Invalid(
            message("session_not_open", session=session, opens=_shown(first_open[2].opens, first_open[0]))
        )
    if current > last_close[1]:
        return Invalid(
            message("session_closed", session=session, closes=_shown(last_close[2].closes, last_close[1]))
        )
    return Valid(session)


def service_contact(refs: Any, academie_code: str, session: int) -> str:
    """The exam service of an académie on one line, from the calendar ("Rectorat …, 13621 AIX-EN-PROVENCE")."""
    entry = safe_call(lambda: refs.calendar_for(academie_code, session))
    address = getattr(entry, "service_address", "") or ""
    lines = [line.strip() for line in address.replace("\n", "|").split("|") if line.strip()]
    return ", ".join(lines) or message("service_contact_unknown")
