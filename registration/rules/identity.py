"""Validators of the état civil: family name, usage name, first names and date of birth."""

from __future__ import annotations

import re
from datetime import date

from text_to_num import alpha2digit

from .messages import french_date, message
from .result import Invalid, Result, Valid
from .text import MAX_INPUT, clean, describe_chars, fold, is_latin_letter, unify_punctuation

FAMILY_NAME_MAX = 50
FIRST_NAMES_MAX = 60
NAME_SEPARATORS = " -'"
MIN_AGE = 14
MAX_AGE = 90

# Answers meaning "I have no usage name" (compared after fold() and trailing punctuation removed).
NO_USAGE_NAME = frozenset(
    {
        "",
        "-",
        "--",
        "/",
        "x",
        "0",
        "aucun",
        "aucune",
        "non",
        "nan",
        "no",
        "none",
        "rien",
        "neant",
        "sans",
        "sans objet",
        "n/a",
        "na",
        "pas de nom d'usage",
        "pas de nom d usage",
        "pas d'usage",
        "pas de nom",
        "je n'en ai pas",
        "je n'ai pas de nom d'usage",
        "je n'ai pas de nom d usage",
        "aucun nom d'usage",
        "non aucun",
        "non, aucun",
        "pas concerne",
        "pas concernee",
        "non concerne",
        "non concernee",
    }
)


def _name(text: object, *, kind: str, max_len: int) -> str | Invalid:
    """The cleaned name, or Invalid: letters and single separators between them only."""
    what, example = message(f"what_{kind}"), message(f"example_{kind}")
    value = clean(text)
    if not value:
        return Invalid(message("name_empty", what=what, example=example))
    if len(value) > MAX_INPUT:
        return Invalid(message("name_too_long", what=what, max=max_len, example=example))
    value = unify_punctuation(value)
    value = re.sub(r"\s*-\s*", "-", value)
    value = re.sub(r"\s*'\s*", "'", value)
    if any(ch.isdigit() for ch in value):
        return Invalid(message("name_digits", what=what, example=example))
    bad = [ch for ch in value if not (is_latin_letter(ch) or ch in NAME_SEPARATORS)]
    if bad:
        return Invalid(message("name_chars", what=what, chars=describe_chars(bad), example=example))
    if not _well_formed(value):
        return Invalid(message("name_shape", what=what, example=example))
    if len(value) > max_len:
        return Invalid(message("name_too_long", what=what, max=max_len, example=example))
    return value


def _well_formed(value: str) -> bool:
    """True when every separator stands alone between two letters."""
    if not value or value[0] in NAME_SEPARATORS or value[-1] in NAME_SEPARATORS:
        return False
    return all(
        not (a in NAME_SEPARATORS and b in NAME_SEPARATORS) for a, b in zip(value, value[1:], strict=False)
    ) and all(is_latin_letter(ch) or ch in NAME_SEPARATORS for ch in value)


def _finish(value: str, kind: str, max_len: int) -> Result:
    """Valid(value) when the case-changed value still follows the rules (ß → SS may lengthen it)."""
    value = unify_punctuation(value)
    what, example = message(f"what_{kind}"), message(f"example_{kind}")
    if not _well_formed(value):
        return Invalid(message("name_shape", what=what, example=example))
    if len(value) > max_len:
        return Invalid(message("name_too_long", what=what, max=max_len, example=example))
    return Valid(value)


def validate_family_name(text: object) -> Result:
    """A family name in upper case, accents kept: « Lefèvre » → « LEFÈVRE »."""
    value = _name(text, kind="family_name", max_len=FAMILY_NAME_MAX)
    if isinstance(value, Invalid):
        return value
    return _finish(value.upper(), "family_name", FAMILY_NAME_MAX)


def validate_usage_name(text: object) -> Result:
    """A usage (married) name in upper case; « aucun », « non », « - »... give an empty name."""
    value = clean(text)
    if not value:  # not text, or nothing but spaces
        return Invalid(
            message("name_empty", what=message("what_usage_name"), example=message("example_usage_name"))
        )
    if len(value) <= 60 and fold(value).rstrip(" .!") in NO_USAGE_NAME:
        return Valid("")
    name = _name(value, kind="usage_name", max_len=FAMILY_NAME_MAX)
    if isinstance(name, Invalid):
        return name
    return _finish(name.upper(), "usage_name", FAMILY_NAME_MAX)


def _capitalise(part: str) -> str:
    return part[:1].title() + part[1:].lower() if part else part


def validate_first_names(text: object) -> Result:
    """First names capitalised part by part: « jean-pierre » → « Jean-Pierre »."""
    value = _name(text, kind="first_names", max_len=FIRST_NAMES_MAX)
    if isinstance(value, Invalid):
        return value
    parts = re.split(r"([ '\-])", value)
    return _finish("".join(_capitalise(part) for part in parts), "first_names", FIRST_NAMES_MAX)


# --- Date of birth -------------------------------------------------------------------------------

_PREFIX = re.compile(
    r"^(?:(?:je suis|moi|c'est|ma date de naissance est|ma date de naissance|date de naissance)\s*:?\s*)?"
    r"(?:nee?s?(?:\s*\(e\))?\s+)?(?:le\s+|en\s+)?"
)
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UNKNOWN = re.compile(
    r"(ne (?:le |les )?(?:connai[st]|sai[st])|inconnu|pas connu|sais pas|connais pas|ignore|aucune idee)"
)
# Months as people shorten them (« sept » would otherwise read as the number seven).
_MONTH_ABBREVIATIONS = re.compile(
    r"\b(janv?|f[eé]vr?|avr|juil|sept?|oct|nov|d[eé]c)\b\.?(?=\s*\d)", re.IGNORECASE
)
_MONTHS = {
    "jan": "janvier", "janv": "janvier", "fev": "fevrier", "fevr": "fevrier", "avr": "avril", "juil": "juillet",
    "sep": "septembre", "sept": "septembre", "oct": "octobre", "nov": "novembre", "dec": "decembre",
}  # fmt: skip
# Numbers written in words, which no parser of ours reads in a year (« deux mille trois »).
_NUMBER_WORDS = re.compile(
    r"\b(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|"
    r"trente|quarante|cinquante|soixante|cent|mille|mil|premier)\b"
)
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}


def _words_to_digits(folded: str) -> str:
    """« douze fevrier deux mille trois » → « 12 fevrier 2003 » (text2num's French reader); « premier » → 1."""
    converted = alpha2digit(folded, "fr")
    return re.sub(r"\b(?:premier|1er)\b", "1", converted)


def _full_year(digits: str, today: date) -> int:
    """Four-digit year; two digits mean 2000s up to this year's, else 1900s."""
    year = int(digits)
    if len(digits) == 2:
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _parse_text_date(folded: str, today: date) -> tuple[int, int, int] | None:
    """(day, month, year) for a French written date such as « 3 mai 2004 », checked against the text."""
    try:
        import dateparser

        parsed = dateparser.parse(folded, languages=["fr"], settings=_DATEPARSER_SETTINGS)
    except Exception:  # noqa: BLE001 - the parser must never break the conversation
        return None
    if parsed is None:
        return None
    numbers = re.findall(r"\d+", folded)
    years = [n for n in numbers if len(n) == 4 and int(n) == parsed.year]
    if not years:
        years = [n for n in numbers if len(n) == 2 and int(n) == parsed.year % 100]
    if len(years) != 1 or len(numbers) > 2:
        return None  # the year must be written, and nothing but the day and the year in figures
    others = list(numbers)
    others.remove(years[0])
    others = [int(n) for n in others]
    if others and others != [parsed.day]:
        return None
    year = _full_year(years[0], today)
    return parsed.day, parsed.month, year


def _age_check(day: int, month: int, year: int, today: date) -> Invalid | None:
    if day == 0:
        youngest, oldest = today.year - year - 1, today.year - year
    else:
        oldest = youngest = today.year - year - ((today.month, today.day) < (month, day))
    if oldest < MIN_AGE:
        return Invalid(message("date_too_recent", min_age=MIN_AGE))
    if youngest > MAX_AGE:
        return Invalid(message("date_too_old", max_age=MAX_AGE))
    return None


def validate_birth_date(text: object, today: date) -> Result:
    """A date of birth as DD/MM/YYYY (00/00/YYYY when day and month are unknown), age 14 to 90."""
    value = clean(text)
    if not value or len(value) > 80:
        return Invalid(message("date_unknown"))
    folded = fold(value).rstrip(" .!")
    folded = _PREFIX.sub("", folded, count=1).strip()
    folded = _MONTH_ABBREVIATIONS.sub(lambda m: _MONTHS.get(fold(m.group(1)), m.group(1)), folded)
    parts: tuple[int, int, int] | None = None
    if match := _NUMERIC.match(folded) or _COMPACT.match(folded):
        parts = int(match[1]), int(match[2]), _full_year(match[3], today)
    elif match := _ISO.match(folded):
        parts = int(match[3]), int(match[2]), int(match[1])
    elif re.fullmatch(r"\d{4}", folded):
        return Invalid(message("date_no_year" if folded.startswith(("19", "20")) else "date_unknown"))
    elif _UNKNOWN.search(folded):
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", folded)
        others = [n for n in re.findall(r"\d+", folded) if int(n) != 0]
        if len(years) != 1 or others != years:
            return Invalid(message("date_no_year"))
        parts = 0, 0, int(years[0])
    elif re.search(r"[a-z]", folded):
        if not re.search(r"\d{4}", folded) and len(_NUMBER_WORDS.findall(folded)) >= 2:
            folded = _words_to_digits(folded)
            if not re.search(r"\d{4}", folded):
                return Invalid(message("date_in_words"))
        if not re.search(r"\d", folded) and not re.search(r"\b(19|20)\d\d\b", folded):
            return Invalid(message("date_no_year" if _has_month(folded) else "date_unknown"))
        parts = _parse_text_date(folded, today)
        if parts is None:
            if _has_month(folded) and not re.search(r"\d{2}", folded):
                return Invalid(message("date_no_year"))
            return Invalid(message("date_unknown"))
    if parts is None:
        return Invalid(message("date_unknown"))
    day, month, year = parts
    if (day == 0) != (month == 0):
        return Invalid(message("date_partial_zero"))
    if day:
        try:
            date(year, month, day)
        except ValueError:
            return Invalid(message("date_not_exist", text=f"{day:02d}/{month:02d}/{year}"))
    elif not 1 <= year <= 9999:
        return Invalid(message("date_unknown"))
    if refused := _age_check(day, month, year, today):
        return refused
    echo = french_date(day, month, year) if day else message("date_echo_unknown_day", year=year)
    return Valid(f"{day:02d}/{month:02d}/{year:04d}", echo=echo)


_MONTH_WORDS = ("janv", "fev", "mars", "avr", "mai", "juin", "juil", "aout", "sept", "oct", "nov", "dec")


def _has_month(folded: str) -> bool:
    return any(re.search(rf"\b{word}", folded) for word in _MONTH_WORDS)
