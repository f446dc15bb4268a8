"""The day after the closing: the whole registrations of test_registrations.py, on servers whose clock says the
2027 session is over everywhere. Each candidate is told so before the first question (since when, whom to
contact), can still consult, and no dossier is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registration.models import Dossier, DossierRevision, Draft
from registration.store import Store
from tests.conftest import AFTER_CLOSING, _running_stack, rasa_environment
from tests.conversations import test_registrations as registrations
from tests.conversations.client import Candidate
from tests.conversations.driver import MARKERS, answer

pytestmark = [pytest.mark.conversation, pytest.mark.at(AFTER_CLOSING)]

# Every profile of the registrations, as it starts (a click on « M'inscrire », or the words of a first message).
PROFILES = {
    name: value
    for name, value in vars(registrations).items()
    if name.isupper() and isinstance(value, dict) and "start" in value
}
OPENINGS = [
    "je veux m'inscrire au BTS",
    registrations.FREE_TEXT_OPENING[0],
    "Bonjour, je voudrais m'inscrire en BTS tourisme",
]
# What comes after « M'inscrire » when registrations are open: none of it may be asked.
FORM_QUESTIONS = ("former", "identite", "nom", "date_naissance", "specialite", "lieu_naissance")


@pytest.fixture(scope="module")
def closed_stack(tmp_path_factory: pytest.TempPathFactory):
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("closed")
    store_env = {"DATABASE_URL": f"sqlite:///{var_dir / 'bts.sqlite3'}"}
    yield from _running_stack(rasa_venv, model, var_dir, store_env, now=AFTER_CLOSING)


def assert_told_closed(candidate: Candidate) -> None:
    text = candidate.text
    assert "closes depuis le 29/01/2027 à 17 h" in text, candidate.dump()[-2000:]
    assert "session 2027" in text and "dans toutes les académies" in text
    assert "service des examens" in text and "SIEC" in text
    assert "Consulter ou modifier mon inscription" in candidate.titles()
    assert "Parler à un conseiller" in candidate.titles()
    for step in FORM_QUESTIONS:
        assert MARKERS[step] not in text, step


def written(stack) -> tuple[int, int, int]:
    """Dossiers, revisions, and drafts holding an answer (other than « M'inscrire ») in the servers' store."""
    store = Store(stack.extra_env["DATABASE_URL"])
    try:
        with store.engine.connect() as connection:
            dossiers = connection.execute(select(func.count()).select_from(Dossier)).scalar_one()
            revisions = connection.execute(select(func.count()).select_from(DossierRevision)).scalar_one()
            states = connection.execute(select(Draft.state)).scalars().all()
    finally:
        store.engine.dispose()
    answered = sum(1 for state in states if set((state or {}).get("answers") or {}) - {"start"})
    return dossiers, revisions, answered


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_registration_is_told_the_session_is_closed(closed_stack, profile):
    candidate = Candidate(closed_stack.rasa_url)
    candidate.say("bonjour")
    answer(candidate, PROFILES[profile]["start"])
    assert_told_closed(candidate)
    candidate.click("M'inscrire") if "M'inscrire" in candidate.titles() else candidate.say("m'inscrire")
    assert_told_closed(candidate)
    assert written(closed_stack) == (0, 0, 0)


@pytest.mark.parametrize("opening", OPENINGS)
def test_a_first_message_asking_to_register_is_told_too(closed_stack, opening):
    candidate = Candidate(closed_stack.rasa_url)
    candidate.say(opening)
    assert_told_closed(candidate)
    assert written(closed_stack) == (0, 0, 0)


def test_consultation_is_still_offered(closed_stack):
    candidate = Candidate(closed_stack.rasa_url)
    candidate.say("bonjour")
    candidate.click("M'inscrire")
    candidate.click("Consulter ou modifier mon inscription")
    assert "numéro" in candidate.text.lower(), candidate.dump()[-1500:]
    assert written(closed_stack) == (0, 0, 0)
