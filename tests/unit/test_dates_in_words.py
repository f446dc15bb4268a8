"""Dates of birth written in words are read by text2num's French reader, then checked like any other date."""

from __future__ import annotations

from datetime import date

import pytest

from registration.rules import Invalid, Valid, validate_birth_date

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("douze février deux mille trois", "12/02/2003"),
        ("le trois mai deux mille quatre", "03/05/2004"),
        ("premier janvier deux mille cinq", "01/01/2005"),
        ("née le vingt et un mars mille neuf cent quatre-vingt-dix-neuf", "21/03/1999"),
        ("12 fevrier deux mille trois", "12/02/2003"),
    ],
)
def test_a_date_in_words(typed, expected):
    result = validate_birth_date(typed, TODAY)
    assert isinstance(result, Valid) and result.value == expected, result


def test_words_that_make_no_date_say_what_to_type():
    result = validate_birth_date("douze trente deux", TODAY)
    assert isinstance(result, Invalid) and "en chiffres" in result.message
