"""Property tests of the validation rules: any text in, never an exception, only sound values out."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registration.rules import (
    Invalid,
    Valid,
    check_category_forme,
    check_registration_open,
    validate_academie,
    validate_acquis_year,
    validate_address_line,
    validate_arrondissement,
    validate_birth_date,
    validate_country,
    validate_departement,
    validate_email,
    validate_family_name,
    validate_first_names,
    validate_foreign_postal_code,
    validate_locality,
    validate_mark,
    validate_postal_code,
    validate_usage_name,
    validate_yes_no,
)
from registration.settings import PARIS

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NASTY = [
    "",
    " ",
    "\t\n",
    "\u00a0",
    "'; DROP TABLE dossier; --",
    "<script>alert(1)</script>",
    '" OR 1=1 --',
    "\x00",
    "\x1b[31m",
    "\u200f\u200e",
    "\u202e",
    "\u200d",
    "\u200b",
    "\ufeff",
    "👨\u200d👩\u200d👧",
    "😀",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "%s%n",
    "../../etc/passwd",
    "\ud800",
    "Ａ",
    "٣",
    "①",
    "ﬁ",
    "\u0301",
    "null",
    "None",
    "-",
    "'",
    "@",
    "0",
    "99999",
    "00/00/0000",
]
SEEDS = [
    "Martin",
    "Lefèvre",
    "jean-pierre",
    "aucun",
    "3 mai 2004",
    "03/05/2004",
    "00/00/2004",
    "75015",
    "69",
    "Rhône",
    "2A",
    "971",
    "15e",
    "XV",
    "Maroc",
    "France",
    "lea.martin@example.org",
    "oui",
    "non",
    "2024",
    "12,5",
    "12/20",
    "Rennes",
    "12 rue de la Paix",
    "Saint-Étienne",
    "SW1A 1AA",
    "globale",
    "progressive",
]

any_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60),
    st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=80),
    st.sampled_from(NASTY),
    st.builds(lambda ch, n: ch * n, st.characters(), st.sampled_from([10_000])),
    st.builds(lambda seed, n: seed + " " * n + "x", st.sampled_from(SEEDS), st.sampled_from([10_000])),
    st.builds(lambda seed: seed * (10_000 // len(seed) + 1), st.sampled_from(SEEDS)),
    # A valid answer spoiled by a nasty piece, before, inside or after it.
    st.builds(
        lambda seed, bad, at: seed[:at] + bad + seed[at:],
        st.sampled_from(SEEDS),
        st.sampled_from(NASTY),
        st.integers(0, 20),
    ),
    st.builds(lambda seed, extra: seed + extra, st.sampled_from(SEEDS), st.text(max_size=5)),
    st.sampled_from(SEEDS),
)
text_or_none = st.one_of(st.none(), any_text)

NAME_CHARS = " -'"
TODAY = date(2026, 11, 26)


@lru_cache(maxsize=1)
def real_refs():
    module = pytest.importorskip("registration.referentials")
    return module.load_referentials()


def check_result(result):
    assert isinstance(result, (Valid, Invalid))
    if isinstance(result, Invalid):
        assert isinstance(result.message, str) and result.message
        assert result.message[0].isupper()
    return result.value if isinstance(result, Valid) else None


def latin_name(value: str, max_len: int) -> None:
    assert 1 <= len(value) <= max_len
    for ch in value:
        is_latin = unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch)
        assert ch in NAME_CHARS or is_latin
    assert value[0] not in NAME_CHARS and value[-1] not in NAME_CHARS
    assert not re.search(r"[ '\-]{2}", value)


@PROPERTY
@given(text_or_none)
def test_family_name(text):
    if (value := check_result(validate_family_name(text))) is not None:
        latin_name(value, 50)
        assert value == value.upper()


@PROPERTY
@given(text_or_none)
def test_usage_name(text):
    if (value := check_result(validate_usage_name(text))) is not None and value:
        latin_name(value, 50)
        assert value == value.upper()


@PROPERTY
@given(text_or_none)
def test_first_names(text):
    if (value := check_result(validate_first_names(text))) is not None:
        latin_name(value, 60)
        for part in re.split(r"[ '\-]", value):
            assert part[0] == part[0].title()[0]


@PROPERTY
@given(text_or_none, st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_birth_date(text, today):
    result = validate_birth_date(text, today)
    if (value := check_result(result)) is not None:
        assert re.fullmatch(r"[0-9]{2}/[0-9]{2}/[0-9]{4}", value)
        day, month, year = (int(part) for part in value.split("/"))
        assert result.echo
        if day == 0:
            assert month == 0 and today.year - 91 <= year <= today.year - 14
        else:
            born = date(year, month, day)
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            assert 14 <= age <= 90


@PROPERTY
@given(
    st.dates(min_value=date(1936, 12, 1), max_value=date(2012, 11, 1)),
    st.sampled_from(
        [
            "{d:02d}/{m:02d}/{y}",
            "{d}/{m}/{y}",
            "{d}.{m}.{y}",
            "{d:02d}{m:02d}{y}",
            "le {d} {month} {y}",
            "{d} {month} {y}",
        ]
    ),
)
def test_birth_date_round_trip(born, pattern):
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    text = pattern.format(d=born.day, m=born.month, y=born.year, month=months[born.month - 1])
    assert validate_birth_date(text, TODAY).value == born.strftime("%d/%m/%Y")


@PROPERTY
@given(text_or_none)
def test_locality(text):
    if (value := check_result(validate_locality(text))) is not None:
        assert re.fullmatch(r"[A-Z0-9][A-Z0-9 '\-]*", value) and len(value) <= 32
        assert re.search(r"[A-Z]", value)


@PROPERTY
@given(text_or_none, st.booleans())
def test_address_line(text, required):
    if (value := check_result(validate_address_line(text, required))) is not None:
        assert len(value) <= 38
        assert value or not required
        assert "<" not in value and ">" not in value
        assert all(unicodedata.category(ch)[0] not in "CZ" or ch == " " for ch in value)


@PROPERTY
@given(text_or_none)
def test_foreign_postal_code(text):
    if (value := check_result(validate_foreign_postal_code(text))) is not None:
        assert 2 <= len(value) <= 12 and re.fullmatch(r"[A-Z0-9][A-Z0-9 \-]*[A-Z0-9]", value)


@PROPERTY
@given(text_or_none)
def test_email(text):
    if (value := check_result(validate_email(text))) is not None:
        assert value.count("@") == 1 and len(value) <= 254
        local, domain = value.split("@")
        assert local and "." in domain
        assert not any(ch.isspace() or ch in '<>"' for ch in value)


@PROPERTY
@given(text_or_none)
def test_yes_no(text):
    value = check_result(validate_yes_no(text))
    assert value is None or isinstance(value, bool)


@PROPERTY
@given(text_or_none, st.sampled_from(["BENEFICE", "DISPENSE"]), st.integers(2000, 2100))
def test_acquis_year(text, position, session):
    if (value := check_result(validate_acquis_year(text, position=position, session=session))) is not None:
        assert isinstance(value, int) and 1960 <= value <= session - 1
        if position == "BENEFICE":
            assert value >= session - 5


@PROPERTY
@given(st.integers(1900, 2100), st.sampled_from(["BENEFICE", "DISPENSE"]))
def test_acquis_year_numbers(year, position):
    result = validate_acquis_year(str(year), position=position, session=2027)
    lowest = 2022 if position == "BENEFICE" else 1960
    assert isinstance(result, Valid) == (lowest <= year <= 2026)


@PROPERTY
@given(text_or_none, st.sampled_from(["globale", "progressive"]))
def test_mark(text, forme):
    if (value := check_result(validate_mark(text, forme=forme))) is not None:
        assert isinstance(value, float) and 0 <= value <= 20 and round(value, 2) == value
        if forme == "globale":
            assert value >= 10


@PROPERTY
@given(st.integers(-100, 2500), st.sampled_from(["{}", "{}/20", "{} sur 20"]), st.sampled_from([",", "."]))
def test_mark_numbers(hundredths, pattern, separator):
    number = f"{abs(hundredths) // 100}{separator}{abs(hundredths) % 100:02d}"
    text = pattern.format(number if hundredths >= 0 else "-" + number)
    result = validate_mark(text, forme="progressive")
    assert isinstance(result, Valid) == (0 <= hundredths <= 2000)
    if isinstance(result, Valid):
        assert result.value == hundredths / 100


@PROPERTY
@given(text_or_none)
def test_departement(text):
    refs = real_refs()
    if (value := check_result(validate_departement(text, refs))) is not None:
        assert value in refs.departements.values()


@PROPERTY
@given(text_or_none, st.sampled_from(["75", "69", "13", "29"]))
def test_arrondissement(text, departement):
    refs = real_refs()
    if (value := check_result(validate_arrondissement(text, departement, refs))) is not None:
        assert value.isdigit() and value.isascii()
        assert 1 <= int(value) <= {"75": 20, "69": 9, "13": 16}[departement]


@PROPERTY
@given(text_or_none, st.booleans())
def test_country(text, allow_france):
    refs = real_refs()
    if (value := check_result(validate_country(text, refs, allow_france))) is not None:
        assert value in refs.countries.values()
        assert allow_france or value.code != "FR"


@PROPERTY
@given(st.one_of(text_or_none, st.integers(0, 99999).map(lambda n: f"{n:05d}")))
def test_postal_code(text):
    refs = real_refs()
    if (value := check_result(validate_postal_code(text, refs))) is not None:
        assert re.fullmatch(r"[0-9]{5}", value["code_postal"]) and value["code_postal"] != "99999"
        assert value["departement"] in refs.departements


@PROPERTY
@given(text_or_none)
def test_academie(text):
    refs = real_refs()
    if (value := check_result(validate_academie(text, refs))) is not None:
        assert value in refs.academies.values()


@PROPERTY
@given(st.one_of(text_or_none, st.sampled_from(["globale", "progressive"])), st.booleans())
def test_category_forme(forme, progressive_allowed):
    category = type("Category", (), {"label": "Test", "progressive_allowed": progressive_allowed})()
    if (value := check_result(check_category_forme(category, forme))) is not None:
        assert value == "globale" or (value == "progressive" and progressive_allowed)


@PROPERTY
@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)), st.booleans())
def test_registration_open(now, aware):
    opens, closes = datetime(2026, 10, 5, 9), datetime(2026, 11, 13, 17)
    entry = type("Entry", (), {"opens": opens, "closes": closes})()
    refs = type("Refs", (), {"calendar_for": lambda self, a, s: entry})()
    moment = now.replace(tzinfo=PARIS) if aware else now
    result = check_registration_open("01", 2027, moment, refs)
    assert isinstance(result, Valid) == (opens <= now <= closes)


@PROPERTY
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)))
def test_registration_open_real_calendar(day):
    refs = real_refs()
    now = datetime.combine(day, datetime.min.time(), tzinfo=PARIS) + timedelta(hours=12)
    for code in ("01", "14", "99"):
        check_result(check_registration_open(code, 2027, now, refs))
