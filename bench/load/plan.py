"""What the simulated candidates know: how to recognise each question and the answers of a few profiles.

Questions are recognised the way `tests/conversations/driver.py` does it, by the longest fixed piece of the
catalogue text that asks them (`registration.conversation.texts.QUESTIONS`). The profiles start from the
complete registration of the conversation tests (`BASE`) and vary it: buttons, typed answers, one sentence for
each combined question, an individual candidate, a candidate born abroad. A question a profile does not name is
answered as the tests' driver does (`one_field_at_a_time`), else the candidate presses the first button. The
plan is written as JSON for the Locust process, which runs in its own environment and imports nothing from
the project.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.starter import STARTER_TURNS
from registration.conversation.texts import QUESTIONS

# Typed answers instead of buttons (those of the free-text path of the conversation tests and benchmarks).
TYPED = {
    "former": "non",
    "nom_usage": "non",
    "naissance_lieu": "en france",
    "residence_lieu": "en france",
    "lieu_dit": "aucun",
    "handicap": "non",
    "categorie": "scolaire etablissement public",
    "consent_press": "oui",
    "consent_collectivites": "non",
    "acquis_diplomas": "aucun",
    "epreuve_choice": "anglais",
    "facultatives": "aucune",
}
INDIVIDUAL = {
    "date_naissance": "12/12/1995",
    "categorie": ("click", "Candidat individuel"),
    "etablissement": ("click", "CANDIDATS INDIVIDUELS - PARIS"),
}
# The combined questions answered in one sentence each.
ONE_SENTENCE = {
    "identite": "LEFÈVRE Léa Marie",
    "lieu_naissance": "Paris 15e",
    "adresse_complete": "12 rue de la Paix 75015 Paris",
    "consents": ("click", "Publication seulement"),
}
BORN_ABROAD = {
    "date_naissance": "27/09/2001",
    "lieu_naissance": "Casablanca, Maroc",
    "naissance_lieu": ("click", "À l'étranger"),
    "naissance_pays": ["Marok", ("click", "Maroc")],
}


def markers() -> dict[str, str]:
    """Question id → the longest fixed piece of the text asking it (60 characters at most)."""
    return {
        step: max(re.split(r"\{[^}]*\}", texts["ask"]), key=len)[:60]
        for step, texts in QUESTIONS.items()
        if "ask" in texts
    }


def _action(action: Any) -> Any:
    """A profile action as JSON: {"say": text}, {"click": button title}, a list of them, or None."""
    if isinstance(action, str):
        return {"say": action}
    if isinstance(action, tuple) and len(action) == 2 and action[0] == "click":
        return {"click": action[1]}
    if isinstance(action, list):
        items = [_action(item) for item in action]
        return None if None in items else items
    return None  # a callable of the tests: the simulated candidate answers that question as an unknown one


def _profile(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The test profile `base` with `changes` (for the questions the catalogue has), as JSON actions."""
    from tests.conversations import driver

    answers = {**base, **{step: action for step, action in changes.items() if step in QUESTIONS}}
    fallback = getattr(driver, "one_field_at_a_time", None)
    if fallback is not None:
        for step in QUESTIONS:
            if step not in answers and (action := fallback(answers, step)) is not None:
                answers[step] = action
    return {step: json_action for step, action in answers.items() if (json_action := _action(action))}


def build() -> dict[str, Any]:
    from tests.conversations.test_registrations import BASE

    return {
        "markers": markers(),
        "profiles": {
            "buttons": _profile(BASE, {}),
            "typed": _profile(BASE, TYPED),
            "one-sentence": _profile(BASE, ONE_SENTENCE),
            "individual": _profile(BASE, INDIVIDUAL),
            "born-abroad": _profile(BASE, BORN_ABROAD),
        },
        "starter_turns": STARTER_TURNS,
    }


def write(path: Path) -> Path:
    path.write_text(json.dumps(build(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
