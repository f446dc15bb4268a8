"""Validators of places: département, arrondissement, country, académie, postal address lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from rapidfuzz import fuzz

from .messages import message, quote_list
from .result import Invalid, Result, Valid
from .text import (
    LIGATURES,
    MAX_INPUT,
    clean,
    describe_chars,
    fold,
    has_control,
    is_latin_letter,
    strip_accents,
    unify_punctuation,
)

LOCALITY_MAX = 32
ADDRESS_LINE_MAX = 38
FOREIGN_POSTAL_CODE_MIN, FOREIGN_POSTAL_CODE_MAX = 2, 12
ABROAD_POSTAL_CODE = "99999"
# Cities whose place of birth needs an arrondissement: département → (city, number of arrondissements).
ARRONDISSEMENT_CITIES = {"75": ("Paris", 20), "69": ("Lyon", 9), "13": ("Marseille", 16)}
# Paris is the only commune of its département: no one is born in the 75 outside the city.
CITY_WHOLE_DEPARTEMENT = frozenset({"75"})
# Postal code prefixes of each city's arrondissements (Paris 16e also has 75116).
_CITY_POSTAL = {"75": ("750", "751"), "69": ("6900",), "13": ("130",)}
_CITY_INSEE = {"75": "751", "69": "6938", "13": "132"}

NO_ANSWER = frozenset(
    {
        "",
        "-",
        "--",
        "/",
        "aucun",
        "aucune",
        "non",
        "rien",
        "neant",
        "sans",
        "sans objet",
        "pas de complement",
        "pas de lieu-dit",
        "pas de lieu dit",
        "x",
        "n/a",
    }
)
ADDRESS_PUNCTUATION = set(" ,.'-/°#()&+:;_\"")


def safe_call(call, *args: Any) -> Any:
    """A referential look-up that turns any exception into None, so validators never raise."""
    try:
        return call(*args)
    except Exception:  # noqa: BLE001
        return None


def _names(items: Iterable[Any] | None) -> list[str]:
    """Names out of a search answer (objects with .name, or (object, score) pairs, or strings)."""
    names: list[str] = []
    if not isinstance(items, (list, tuple)):
        return names
    for item in items:
        if isinstance(item, tuple) and item:
            item = item[0]
        name = getattr(item, "name", item)
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names


# Similarity (0-100) a misspelt name must reach, and its lead over the runner-up, to be taken as meant.
FUZZY_ACCEPT = 85
FUZZY_LEAD = 6


def _key(text: str) -> str:
    """The matching form of a name: folded, punctuation turned into spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text).translate(LIGATURES)).split())


def _fuzzy_pick(text: str, items: Iterable[Any], keys: Callable[[Any], Iterable[str]]) -> Any:
    """The single item whose name is clearly the one meant despite a typo, or None."""
    query = _key(text)
    if len(query) < 4 or query.isdigit():
        return None
    scored = []
    for item in items:
        score = max((fuzz.ratio(query, _key(k)) for k in keys(item) if k), default=0.0)
        scored.append((score, id(item), item))
    scored.sort(key=lambda entry: entry[0], reverse=True)
    if not scored or scored[0][0] < FUZZY_ACCEPT:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - FUZZY_LEAD:
        return None
    return scored[0][2]


# --- Département -------------------------------------------------------------------------------------


def _departement_code(folded: str) -> str | None:
    """A département code written in the answer: « 69 », « 7 », « 2a », « Rhône (69) », « 69 - Rhône »."""
    match = (
        re.fullmatch(r"(?:departement|dept|dep)?\s*(?:n°|no|numero)?\s*(\d{1,3}|2[ab])", folded)
        or re.search(r"\((\d{2,3}|2[ab])\)", folded)
        or re.match(r"(\d{2,3}|2[ab])\s*[-,:]\s*[a-z]", folded)
    )
    if not match:
        return None
    code = match[1].upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def validate_departement(text: object, refs: Any) -> Result:
    """A French département by code or name (typos tolerated): « 69 », « Rhône », « 2A », « 971 »."""
    value = clean(text)
    if not value or len(value) > 80 or has_control(value):
        return Invalid(message("departement_unknown"))
    folded = fold(value)
    departement = None
    if re.fullmatch(r"\d{5}", folded):
        departement = safe_call(lambda: refs.departement_for_postal_code(folded))
    elif code := _departement_code(folded):
        departement = safe_call(lambda: refs.departements.get(code))
    if departement is None and not re.fullmatch(r"[\d\s]+", folded):
        departement = safe_call(lambda: refs.find_departement(value)) or safe_call(
            lambda: _fuzzy_pick(value, refs.departements.values(), lambda d: (d.name,))
        )
    if departement is None:
        suggestions = (
            []
            if re.fullmatch(r"[\d\s]+", folded)
            else _names(safe_call(lambda: refs.search_departements(value, 3)))[:3]
        )
        if suggestions:
            return Invalid(message("departement_unknown_suggest", suggestions=quote_list(suggestions)))
        return Invalid(message("departement_unknown"))
    return Valid(departement, echo=f"{departement.name} ({departement.code})")


# --- Arrondissement ------------------------------------------------------------------------------------

_ORDINALS = {
    "premier": 1,
    "premiere": 1,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "troisieme": 3,
    "quatrieme": 4,
    "cinquieme": 5,
    "sixieme": 6,
    "septieme": 7,
    "huitieme": 8,
    "neuvieme": 9,
    "dixieme": 10,
    "onzieme": 11,
    "douzieme": 12,
    "treizieme": 13,
    "quatorzieme": 14,
    "quinzieme": 15,
    "seizieme": 16,
    "dix-septieme": 17,
    "dix septieme": 17,
    "dix-huitieme": 18,
    "dix huitieme": 18,
    "dix-neuvieme": 19,
    "dix neuvieme": 19,
    "vingtieme": 20,
}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50}
_SUFFIX = r"(?:e|er|ere|re|eme|ieme|em|me|nd|nde)?"


def _roman(numeral: str) -> int | None:
    total = 0
    for ch, after in zip(numeral, numeral[1:] + " ", strict=False):
        value = _ROMAN[ch]
        total += -value if _ROMAN.get(after, 0) > value else value
    return total if total > 0 and _to_roman(total) == numeral else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _arrondissement_number(folded: str, departement_code: str, refs: Any) -> int | None:
    """The arrondissement number in the answer, or None when none can be read."""
    city = ARRONDISSEMENT_CITIES[departement_code][0].lower()
    text = folded.replace(".", " ")
    if re.fullmatch(r"\d{5}", text):
        for arrondissement in safe_call(lambda: refs.arrondissements.get(departement_code)) or ():
            if str(getattr(arrondissement, "insee", "")) == text:
                return int(arrondissement.number)
        if text.startswith(_CITY_INSEE[departement_code]):
            return int(text[len(_CITY_INSEE[departement_code]) :])
        prefix = next((p for p in _CITY_POSTAL[departement_code] if text.startswith(p)), None)
        return int(text[len(prefix) :]) if prefix else None
    other_cities = {name.lower() for name, _ in ARRONDISSEMENT_CITIES.values()} - {city}
    if any(re.search(rf"\b{other}\b", text) for other in other_cities):
        return None
    text = re.sub(rf"\b(?:{city}|arrondissements?|arrondt|arrdt|arr|ardt|le|dans|au|a)\b", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,-'")
    if match := re.fullmatch(rf"(\d{{1,2}})\s*{_SUFFIX}", text):
        return int(match[1])
    if match := re.fullmatch(rf"([ivxl]{{1,6}})\s*{_SUFFIX}", text):
        return _roman(match[1])
    return _ORDINALS.get(text)


def validate_arrondissement(text: object, departement_code: str, refs: Any) -> Result:
    """The arrondissement of birth in Paris, Lyon or Marseille as a number string: « 15e » → « 15 »."""
    if departement_code not in ARRONDISSEMENT_CITIES:
        return Invalid(message("arrondissement_not_needed"))
    city, count = ARRONDISSEMENT_CITIES[departement_code]
    known = safe_call(lambda: refs.arrondissements.get(departement_code))
    numbers = safe_call(lambda: sorted({int(a.number) for a in known})) or list(range(1, count + 1))
    example = f"« {min(15, numbers[-1])} » ou « {min(15, numbers[-1])}e »"
    value = clean(text)
    if not value or len(value) > 60 or has_control(value):
        return Invalid(message("arrondissement_unknown", example=example))
    number = _arrondissement_number(fold(value), departement_code, refs)
    if number is None:
        return Invalid(message("arrondissement_unknown", example=example))
    if number not in numbers:
        return Invalid(message("arrondissement_out_of_range", city=city, max=numbers[-1], example=example))
    ordinal = "1er" if number == 1 else f"{number}e"
    return Valid(str(number), echo=f"{city} {ordinal} arrondissement")


# --- Country, académie --------------------------------------------------------------------------------


def _named_item(
    value: str, find: Any, items: Any, search: Any, keep: Any = lambda name: True
) -> tuple[Any, list[str]]:
    """An item found by exact name or close spelling, else None and up to three suggested names."""
    item = safe_call(lambda: find(value)) or safe_call(
        lambda: _fuzzy_pick(value, items(), lambda i: (i.name, *getattr(i, "aliases", ())))
    )
    if item is not None:
        return item, []
    return None, [name for name in _names(safe_call(lambda: search(value, 4))) if keep(name)][:3]


def validate_country(text: object, refs: Any, allow_france: bool) -> Result:
    """A country by its French name, ISO code or usual alias; France only when allow_france."""
    value = clean(text)
    if not value or len(value) > 80 or has_control(value):
        return Invalid(message("country_unknown"))
    country, suggestions = _named_item(
        value,
        refs.find_country,
        lambda: refs.countries.values(),
        refs.search_countries,
        lambda name: allow_france or fold(name) != "france",
    )
    if country is not None and getattr(country, "code", None) == "FR" and not allow_france:
        return Invalid(message("country_france_not_allowed"))
    if country is None:
        if suggestions:
            return Invalid(message("country_unknown_suggest", suggestions=quote_list(suggestions)))
        return Invalid(message("country_unknown"))
    return Valid(country, echo=country.name)


def validate_academie(text: object, refs: Any) -> Result:
    """An académie by name or code (typos tolerated): « Rennes », « aix marseille »."""
    value = clean(text)
    if not value or len(value) > 80 or has_control(value):
        return Invalid(message("academie_unknown"))
    academie, suggestions = _named_item(
        value, refs.find_academie, lambda: refs.academies.values(), refs.search_academies
    )
    if academie is None:
        if suggestions:
            return Invalid(message("academie_unknown_suggest", suggestions=quote_list(suggestions)))
        return Invalid(message("academie_unknown"))
    return Valid(academie, echo=academie.name)


# --- Postal address -----------------------------------------------------------------------------------


def validate_postal_code(text: object, refs: Any) -> Result:
    """A French postal code of 5 digits that belongs to a known département (99999 is refused here)."""
    value = clean(text)
    if not value or len(value) > 20:
        return Invalid(message("postal_code_shape"))
    code = re.sub(r"[\s.]", "", value)
    if not re.fullmatch(r"[0-9]{5}", code):
        return Invalid(message("postal_code_shape"))
    if code == ABROAD_POSTAL_CODE:
        return Invalid(message("postal_code_abroad", code=ABROAD_POSTAL_CODE))
    departement = safe_call(lambda: refs.departement_for_postal_code(code))
    if departement is None:
        return Invalid(message("postal_code_unknown", code=code))
    return Valid({"code_postal": code, "departement": departement.code})


def validate_locality(text: object) -> Result:
    """A locality in capitals without accents, ≤ 32 characters: « Saint-Étienne » → « SAINT-ETIENNE »."""
    value = clean(text)
    if not value or len(value) > MAX_INPUT or has_control(value):
        return Invalid(message("locality_invalid"))
    value = unify_punctuation(value).replace(".", " ")
    value = strip_accents(value).upper()
    value = re.sub(r"\s+", " ", value).strip()
    value = re.sub(r"\s*-\s*", "-", value)
    value = re.sub(r"\s*'\s*", "'", value)
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9 '\-]*", value) or not re.search(r"[A-Z]", value):
        return Invalid(message("locality_invalid"))
    if re.search(r"['\-]{2}|['\-]$", value):
        return Invalid(message("locality_invalid"))
    if len(value) > LOCALITY_MAX:
        return Invalid(message("locality_too_long", max=LOCALITY_MAX))
    return Valid(value)


def validate_address_line(text: object, required: bool) -> Result:
    """One address line of at most 38 characters (AFNOR); an optional line may be « aucun » → ""."""
    value = clean(text)
    if value is None or (not value and required):
        return Invalid(message("address_empty"))
    if len(value) <= 40 and fold(value).rstrip(" .!") in NO_ANSWER:
        return Invalid(message("address_empty")) if required else Valid("")
    if len(value) > MAX_INPUT:
        return Invalid(message("address_too_long", max=ADDRESS_LINE_MAX, length=len(value)))
    value = unify_punctuation(value)
    bad = [ch for ch in value if not (is_latin_letter(ch) or ch in "0123456789" or ch in ADDRESS_PUNCTUATION)]
    if bad:
        return Invalid(message("address_invalid", chars=describe_chars(bad)))
    if not any(is_latin_letter(ch) or ch.isdigit() for ch in value):
        return Invalid(message("address_no_letter"))
    if len(value) > ADDRESS_LINE_MAX:
        return Invalid(message("address_too_long", max=ADDRESS_LINE_MAX, length=len(value)))
    return Valid(value)


def validate_foreign_postal_code(text: object) -> Result:
    """A postal code abroad, free form: 2 to 12 letters, digits, spaces or dashes, in capitals."""
    value = clean(text)
    if not value or len(value) > 40:
        return Invalid(message("foreign_postal_code_invalid"))
    value = re.sub(r"\s*-\s*", "-", unify_punctuation(value).upper())
    if not re.fullmatch(r"[A-Z0-9](?:[A-Z0-9]|[ \-](?=[A-Z0-9]))*", value):
        return Invalid(message("foreign_postal_code_invalid"))
    if not FOREIGN_POSTAL_CODE_MIN <= len(value) <= FOREIGN_POSTAL_CODE_MAX:
        return Invalid(message("foreign_postal_code_invalid"))
    return Valid(value)
