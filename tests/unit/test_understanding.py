"""The sentence bank (tests/understanding/sentences.yml) read by the engine, in process: no sentence may store a
wrong value; the share read completely is measured by `make bench` (bench/understanding.py)."""

from __future__ import annotations

import pytest

from bench.understanding import Sentence, load_bank, measure

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def report():
    return measure()


def test_the_bank_covers_every_question_with_200_sentences_or_more():
    bank = load_bank()
    assert len(bank) >= 200
    questions = {s.at for s in bank}
    for question in ("identite", "date_naissance", "lieu_naissance", "adresse_complete", "email",
                     "categorie_famille", "handicap", "etablissement", "specialite", "option", "former_number",
                     "start"):  # fmt: skip
        assert question in questions, question


def test_no_sentence_stores_a_wrong_value(report):
    wrong = [(o.sentence.at, o.sentence.text, o.wrong) for o in report.outcomes if o.wrong]
    assert not wrong, wrong


def test_most_sentences_are_read_completely(report):
    # The target is 95 %: bench/understanding.py prints the share; this guards against going back.
    assert report.complete / report.total >= 0.95, (report.complete, report.total)


def test_a_wrong_reading_is_counted_as_wrong():
    made_up = Sentence("identite", "HADDAD Nadia", {"nom": "NADIA", "prenoms": "Haddad"})
    outcome = measure([made_up]).outcomes[0]
    assert outcome.wrong and not outcome.complete
