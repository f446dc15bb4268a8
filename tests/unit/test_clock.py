"""One clock: every test runs at a stated moment (BTS_NOW), and the calendar is read with it."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest

from registration import rules, settings
from registration.referentials import load_referentials
from registration.rules import Invalid, Valid
from tests.conftest import AFTER_CLOSING, FIXED_NOW


def test_every_test_runs_at_a_stated_moment(clock):
    assert clock == FIXED_NOW
    assert settings.now() == settings.paris_time(datetime.fromisoformat(FIXED_NOW))


@pytest.mark.at("2027-01-30T10:00:00")
def test_a_test_may_say_another_moment(clock):
    assert settings.now().isoformat().startswith("2027-01-30T10:00:00")


def test_the_guard_moves_the_machine_clock():
    """Under BTS_TEST_SHIFT_CLOCK (make test's second pass), Python's clock is on that day; BTS_NOW still rules."""
    shift = os.environ.get("BTS_TEST_SHIFT_CLOCK")
    real = datetime.now()
    if shift:
        assert abs(real - datetime.fromisoformat(shift)) < timedelta(hours=6)
    assert settings.now().isoformat().startswith(FIXED_NOW)


@pytest.fixture(scope="module")
def refs():
    return load_referentials()


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-10-04T12:00:00", "ouvriront le"),
        ("2026-10-05T09:00:00", None),
        (FIXED_NOW, None),
        ("2027-01-29T16:59:00", None),
        (AFTER_CLOSING, "closes depuis le 29/01/2027 à 17 h"),
        ("2028-06-01T10:00:00", "closes depuis le 29/01/2027 à 17 h"),
    ],
)
def test_session_open_somewhere(refs, moment, expected):
    result = rules.check_session_open(2027, settings.paris_time(datetime.fromisoformat(moment)), refs)
    if expected is None:
        assert isinstance(result, Valid)
    else:
        assert isinstance(result, Invalid) and expected in result.message


def test_a_session_without_dates(refs):
    result = rules.check_session_open(2031, settings.now(), refs)
    assert isinstance(result, Invalid) and "pas encore publiées" in result.message
