"""Drives a whole registration: recognises the question asked and answers it from a candidate profile."""

from __future__ import annotations

import io
import re

import httpx
from pypdf import PdfReader

from registration.conversation.texts import QUESTIONS
from tests.conversations.client import Candidate

# A question is recognised by the longest fixed piece of its text (the "ask" of the catalogue).
MARKERS = {step: max(re.split(r"\{[^}]*\}", texts["ask"]), key=len)[:60] for step, texts in QUESTIONS.items()}


def current_question(candidate: Candidate) -> str | None:
    text = candidate.text
    found = [
        (text.rfind(marker), len(marker), step)
        for step, marker in MARKERS.items()
        if len(marker) >= 8 and marker in text
    ]
    return max(found)[2] if found else None


def answer(candidate: Candidate, action) -> None:
    """An action is text to type, or ("click", button title), or a list of actions."""
    if callable(action):
        action(candidate)
    elif isinstance(action, list):
        for item in action:
            answer(candidate, item)
    elif isinstance(action, tuple) and action[0] == "click":
        candidate.click(action[1])
    else:
        candidate.say(action)


CONSENT_BUTTONS = {
    (True, True): "Oui aux deux",
    (True, False): "Publication seulement",
    (False, True): "Collectivités seulement",
    (False, False): "Non aux deux",
}


def _said_yes(action) -> bool:
    word = action[1] if isinstance(action, tuple) else str(action)
    return word.strip().lower().startswith("oui")


def one_field_at_a_time(profile: dict, step: str):
    """How a profile written for the one-field questions answers a one-sentence question: the first field only
    (the other questions then come one by one), as a candidate who prefers it does."""
    if step == "identite" and "nom" in profile:
        usage = profile.get("nom_usage")
        names_usage = isinstance(usage, str) and usage.strip().lower() not in ("", "non", "aucun")
        return [profile["nom"], ("click", "Ajouter un nom d'usage")] if names_usage else profile["nom"]
    if step == "lieu_naissance" and "naissance_lieu" in profile:
        return profile["naissance_lieu"]
    if step == "adresse_complete" and "residence_lieu" in profile:
        return profile["residence_lieu"]
    if step == "categorie_famille" and "categorie" in profile:
        action = profile["categorie"]
        if isinstance(action, tuple) and action[0] == "click":
            return ("click", action[1].split(" — ")[0])
        return action
    if step == "consents" and "consent_press" in profile:
        press, collectivites = (
            profile["consent_press"],
            profile.get("consent_collectivites", ("click", "Non")),
        )
        if isinstance(press, tuple) and press[1] == "Garder":
            return press
        return ("click", CONSENT_BUTTONS[(_said_yes(press), _said_yes(collectivites))])
    return None


def fill(candidate: Candidate, profile: dict, *, until: str = "summary", max_turns: int = 80) -> None:
    """Answers each question from `profile` (question id → action) until the question `until` is asked."""
    for _ in range(max_turns):
        step = current_question(candidate)
        if step == until:
            return
        action = profile.get(step) if step else None
        if action is None and step:
            action = one_field_at_a_time(profile, step)
        if action is None:
            raise AssertionError(f"unexpected question {step!r}:\n{candidate.dump()[-3000:]}")
        answer(candidate, action)
    raise AssertionError("registration did not reach the end:\n" + candidate.dump()[-3000:])


def validate(candidate: Candidate) -> dict:
    """Presses « Valider votre inscription » and returns the document payload."""
    candidate.click("Valider votre inscription")
    document = candidate.document
    assert document, candidate.text
    assert document["url"].startswith("http")
    return document


def pdf_text(url: str) -> str:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/pdf")
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def open_dossier(candidate: Candidate, number: int | str, birth_date: str) -> Candidate:
    """Starts a consultation: « Consulter ou modifier », the dossier number, the birth date."""
    candidate.say("bonjour")
    candidate.click("Consulter ou modifier")
    candidate.say(str(number))
    candidate.say(birth_date)
    return candidate
