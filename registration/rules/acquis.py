"""Validators of declared acquis: the year a mark or exemption was obtained, and the mark kept."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .messages import message
from .result import Invalid, Result, Valid
from .text import clean, fold

POSITIONS = ("BENEFICE", "DISPENSE")
FORMES = ("globale", "progressive")
FIRST_ACQUIS_YEAR = 1960
BENEFICE_YEARS = 5
MARK_MAX = Decimal(20)
PASS_MARK = Decimal(10)


def validate_acquis_year(text: object, *, position: str, session: int) -> Result:
    """The year an acquis was obtained: 4 digits, 1960 to session - 1, and a bénéfice at most 5 years old."""
    if position not in POSITIONS:
        raise ValueError(f"position must be one of {POSITIONS}, not {position!r}")
    last = session - 1
    example = last - 1
    value = clean(text)
    if not value or len(value) > 40:
        return Invalid(message("year_shape", example=example))
    folded = re.sub(r"^(?:en|session|annee)\s+", "", fold(value).rstrip(" ."))
    if not re.fullmatch(r"[0-9]{4}", folded):
        return Invalid(message("year_shape", example=example))
    year = int(folded)
    if year > last:
        return Invalid(message("year_future", year=year, last=last, example=example))
    if year < FIRST_ACQUIS_YEAR:
        return Invalid(message("year_too_old", year=year, first=FIRST_ACQUIS_YEAR))
    if position == "BENEFICE" and year < session - BENEFICE_YEARS:
        return Invalid(
            message("benefice_expired", session=session, first=session - BENEFICE_YEARS, last=last, year=year)
        )
    return Valid(year)


_MARK = re.compile(r"(-?)\s*([0-9]{1,3})(?:[.,]([0-9]+))?")
_OUT_OF_20 = re.compile(r"\s*(?:/\s*20|sur\s*20)\s*(?:points?|pts?)?$|\s*(?:points?|pts?)$")


def validate_mark(text: object, *, forme: str) -> Result:
    """A mark out of 20 with at most two decimals: « 12 », « 12,5 », « 12.50 », « 12/20 » → 12.0, 12.5...

    In forme globale only marks of 10 or more can be kept.
    """
    if forme not in FORMES:
        raise ValueError(f"forme must be one of {FORMES}, not {forme!r}")
    value = clean(text)
    if not value or len(value) > 40:
        return Invalid(message("mark_shape"))
    folded = _OUT_OF_20.sub("", fold(value).rstrip(" ."), count=1).strip()
    match = _MARK.fullmatch(folded)
    if not match:
        return Invalid(message("mark_shape"))
    sign, whole, decimals = match[1], match[2], (match[3] or "").rstrip("0")
    try:
        mark = Decimal(f"{sign}{whole}.{decimals or '0'}")
    except InvalidOperation:
        return Invalid(message("mark_shape"))
    if not Decimal(0) <= mark <= MARK_MAX:
        return Invalid(message("mark_range"))
    if len(decimals) > 2:
        return Invalid(message("mark_decimals"))
    if forme == "globale" and mark < PASS_MARK:
        return Invalid(message("mark_below_10_globale"))
    return Valid(float(mark))
