"""How well the conversation engine understands what candidates write: the sentence bank, read in process.

Every sentence of tests/understanding/sentences.yml is typed at its question (the draft holds a standard
candidate's answers to the questions before it, and the sentence's `given` ones), through the same engine the
action server runs, with no Rasa (no intent, no entity: only what the engine's readers find in the text). When
the engine reads the answers back and asks « Est-ce exact ? », the runner answers yes once. Then what the draft
keeps is compared with the sentence's `fields` (see tests/understanding/README.md):

- complete: every expected answer kept with its value, and nothing else;
- wrong: an answer kept with another value, or kept when the sentence does not hold it.

    python -m bench.understanding [--verbose]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "tests" / "understanding" / "sentences.yml"
TODAY = "2026-11-26T10:00:00"  # the bank's birth dates are those of candidates aged 14 to 90 on this day

# A standard candidate: the answers before the question a sentence is typed at (catalogue order).
PROFILE: dict[str, Any] = {
    "start": "new",
    "former": False,
    "identite": "typed",
    "nom": "DUPONT",
    "nom_usage": "",
    "prenoms": "Marie",
    "date_naissance": "01/01/2004",
    "lieu_naissance": "typed",
    "naissance_lieu": "france",
    "naissance_departement": "75",
    "naissance_arrondissement": "15",
    "adresse_complete": "typed",
    "residence_lieu": "france",
    "adresse": "1 rue de la Paix",
    "lieu_dit": "",
    "code_postal": "75002",
    "localite": "Paris 2e Arrondissement",
    "email": "marie.dupont@example.fr",
    "categorie_famille": "Scolaire",
    "handicap": False,
    "etablissement": "0750695Y",
    "specialite": "32031213",
}
# Answers the engine derives by rule from those read; compared only when a sentence names them.
DERIVED = frozenset({"categorie"})
# What the one-sentence questions keep for themselves (their fields hold the answers).
MARKERS = frozenset({"identite", "lieu_naissance", "adresse_complete", "consents"})


@dataclass(frozen=True)
class Sentence:
    at: str
    text: str
    fields: dict[str, Any]
    given: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    sentence: Sentence
    kept: dict[str, Any]  # the answers the sentence changed or added
    missing: dict[str, Any]  # expected, not kept
    wrong: dict[str, tuple[Any, Any]]  # key → (expected or None, kept)
    replies: str = ""

    @property
    def complete(self) -> bool:
        return not self.missing and not self.wrong


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def total(self) -> int:
        return len(self.outcomes)

    @property
    def complete(self) -> int:
        return sum(o.complete for o in self.outcomes)

    @property
    def wrong(self) -> int:
        return sum(bool(o.wrong) for o in self.outcomes)

    def by_question(self) -> dict[str, tuple[int, int, int]]:
        """question → (sentences, complete, wrong)."""
        totals: Counter[str] = Counter()
        complete: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        for outcome in self.outcomes:
            at = outcome.sentence.at
            totals[at] += 1
            complete[at] += outcome.complete
            wrong[at] += bool(outcome.wrong)
        return {at: (totals[at], complete[at], wrong[at]) for at in totals}


def load_bank(path: Path = BANK) -> list[Sentence]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        Sentence(
            str(item["at"]),
            str(item["text"]),
            {k: _plain(v) for k, v in (item.get("fields") or {}).items()},
            {k: _plain(v) for k, v in (item.get("given") or {}).items()},
        )
        for item in data.get("sentences") or []
    ]


def _plain(value: Any) -> Any:
    return value if isinstance(value, bool) else str(value)


def expected_answers(sentence: Sentence) -> dict[str, Any]:
    """The sentence's fields, with France or abroad implied by the place read."""
    expected = dict(sentence.fields)
    if "naissance_pays" in expected:
        expected.setdefault("naissance_lieu", "abroad")
    elif any(key.startswith("naissance_") for key in expected):
        expected.setdefault("naissance_lieu", "france")
    if "residence_pays" in expected:
        expected.setdefault("residence_lieu", "abroad")
    elif any(key in expected for key in ("adresse", "code_postal", "localite", "lieu_dit")):
        expected.setdefault("residence_lieu", "france")
    return expected


def prior_answers(sentence: Sentence) -> dict[str, Any]:
    """The standard candidate's answers to the questions before the sentence's, then its `given` ones."""
    from registration.conversation.catalogue.questions import STEPS

    order = [step.id for step in STEPS]
    if sentence.at == "start":
        return {}
    index = order.index(sentence.at)
    before = {key for key in order[:index]}
    answers = {key: value for key, value in PROFILE.items() if key in before and key != "categorie"}
    answers.update(sentence.given)
    if "etablissement" in answers and "categorie" not in answers:  # as the engine derives it once chosen
        answers["categorie"] = "SCOLAIRE_PUBLIC"
    return answers


@contextmanager
def engine_services() -> Iterator[Any]:
    """The engine's services on a throw-away SQLite store, at a fixed date."""
    from registration.conversation.engine.turn import Services
    from registration.referentials import load_referentials
    from registration.security.attempts import AttemptGuard
    from registration.store import Store

    saved = {key: os.environ.get(key) for key in ("BTS_NOW", "BTS_OUTBOX_DIR")}
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BTS_NOW"] = TODAY
        os.environ["BTS_OUTBOX_DIR"] = str(Path(folder) / "outbox")
        try:
            store = Store(f"sqlite:///{Path(folder) / 'understanding.sqlite3'}")
            store.migrate()
            yield Services(load_referentials(), store, 2027, AttemptGuard(store))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def read_one(services: Any, sentence: Sentence, sender: str) -> Outcome:
    """Types one sentence at its question; answers « oui » once to a read-back; compares what is kept."""
    from registration.conversation.engine.turn import TurnContext
    from registration.conversation.service import run_turn
    from registration.conversation.state import DraftState
    from registration.conversation.types import Turn

    before = prior_answers(sentence)
    if sentence.at != "start":
        state = DraftState(answers=dict(before), history=list(before))
        asked = TurnContext(services, sender, state, is_new=False).current_step()
        if asked is None or asked.id != sentence.at:
            raise ValueError(
                f"{sentence.text!r}: the draft asks {asked.id if asked else None}, not {sentence.at}"
            )
        state.asked = asked.id
        services.store.save_draft(sender, state.to_dict())
    replies = run_turn(sender, Turn(sentence.text), services)
    texts = [reply.text for reply in replies]
    draft = DraftState.from_dict(services.store.load_draft(sender))
    if draft.pending is not None:
        replies = run_turn(
            sender, Turn('/choose{"choice": "yes"}', "choose", 1.0, {"choice": ["yes"]}), services
        )
        texts += ["> oui", *(reply.text for reply in replies)]
        draft = DraftState.from_dict(services.store.load_draft(sender))
    after = draft.answers
    kept = {key: value for key, value in after.items() if key not in before or before[key] != value}
    expected = expected_answers(sentence)
    missing = {key: value for key, value in expected.items() if key not in after}
    wrong: dict[str, tuple[Any, Any]] = {
        key: (value, after[key]) for key, value in expected.items() if key in after and after[key] != value
    }
    for key, value in kept.items():
        if key in expected or key in DERIVED or key in MARKERS or value in ("", None):
            continue
        if key == "start" or (key == "former" and sentence.at == "start"):
            continue
        wrong[key] = (None, value)
    return Outcome(sentence, kept, missing, wrong, "\n".join(texts))


def measure(sentences: list[Sentence] | None = None) -> Report:
    sentences = load_bank() if sentences is None else sentences
    outcomes = []
    with engine_services() as services:
        for number, sentence in enumerate(sentences):
            outcomes.append(read_one(services, sentence, f"understanding-{number}"))
    return Report(outcomes)


def print_report(report: Report, verbose: bool = False) -> None:
    print(f"Understanding (tests/understanding/sentences.yml, {report.total} sentences, no Rasa):")
    print(
        f"  read completely and correctly {report.complete:4d}  ({report.complete / report.total:6.1%})"
        f"   stored a wrong value {report.wrong:3d}  ({report.wrong / report.total:6.1%})"
    )
    for at, (total, complete, wrong) in sorted(report.by_question().items()):
        print(f"  {at:20} {complete:3d}/{total:<3d} complete   {wrong:2d} wrong")
    if verbose:
        for outcome in report.outcomes:
            if outcome.complete:
                continue
            print(f"\n[{outcome.sentence.at}] {outcome.sentence.text}")
            if outcome.missing:
                print(f"  missing: {outcome.missing}")
            if outcome.wrong:
                print(f"  WRONG:   {outcome.wrong}")
            print("  replies: " + outcome.replies.replace("\n", "\n           ")[:900])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="print every sentence not read completely"
    )
    args = parser.parse_args()
    print_report(measure(), args.verbose)


if __name__ == "__main__":
    main()
