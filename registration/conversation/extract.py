"""Reads several answers from one free sentence ("je m'appelle Léa Martin, née le 3 mai 2004 à Lyon 3e")."""

from __future__ import annotations

import re
from typing import Any

from registration import rules
from registration.conversation.catalogue import Context, Step
from registration.conversation.catalogue.composite import split_name
from registration.conversation.matching import exact
from registration.conversation.types import Choice, Turn
from registration.rules import Valid
from registration.rules.places import ARRONDISSEMENT_CITIES

LABELS = {
    "prenoms": "prénom(s)",
    "nom": "nom de famille",
    "nom_usage": "nom d'usage",
    "date_naissance": "date de naissance",
    "naissance_lieu": "né(e)",
    "naissance_departement": "département de naissance",
    "naissance_arrondissement": "arrondissement de naissance",
    "email": "adresse électronique",
    "code_postal": "code postal",
    "localite": "commune",
}
EMAIL = re.compile(r"[^\s@<>,;]+@[^\s@<>,;]+\.[a-z]{2,}", re.IGNORECASE)
NAME = re.compile(
    r"\b(?:je m['’ ]?appelle|mon nom est|moi c['’ ]?est|je suis)\s+([^\s,.;]+)\s+([^,.;]+?)"
    r"(?=\s*(?:[,.;]|\s+n[ée]e?\b|\s+et\b|$))",
    re.IGNORECASE,
)
BORN_ON = re.compile(r"\bn[ée]e?\s+le\s+(.+?)(?=\s+(?:à|a|au|en)\s+|\s*[,;]|$)", re.IGNORECASE)
BORN_IN_CITY = re.compile(
    r"\b(?:à|a)\s+(paris|lyon|marseille)\s*(\d{1,2})\s*(?:e|er|eme|ème|è)?\b", re.IGNORECASE
)
CITY_DEPARTEMENT = {city.lower(): code for code, (city, _count) in ARRONDISSEMENT_CITIES.items()}


SPECIALTY_MENTION = re.compile(r"\bbts\s+(?:en\s+|de\s+|d['’]\s*)?(.+)$", re.IGNORECASE)


def specialty_mentioned(ctx: Context, text: str) -> str | None:
    """The specialty a first message names (« je veux m'inscrire en BTS MCO »): its code, when the words after
    « BTS » name exactly one specialty (its title, acronym or alias, the longest such run of words)."""
    found = SPECIALTY_MENTION.search(text or "")
    if not found:
        return None
    words = re.sub(r"[^\w'’ -]", " ", found.group(1)).split()[:8]
    for size in range(len(words), 0, -1):
        fragment = " ".join(words[:size])
        choices = [
            Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.search_specialites(fragment, 6)
        ]
        exact_ones = [c for c in choices if exact(fragment, c)]
        if len(exact_ones) == 1:
            return exact_ones[0].id
    return None


def label(key: str) -> str:
    return LABELS.get(key, key)


def from_sentence(turn: Turn, text: str, ctx: Context, step: Step) -> dict[str, Any]:
    """Answers found in a sentence, for questions not answered yet; {} when the sentence is a plain answer."""
    if ctx.get("start") != "new" or not text or len(text) > 300 or text.startswith("/"):
        return {}
    found: dict[str, Any] = {}
    name = NAME.search(text)
    # Names from the NLU's entities only at the one-field questions: « nom et prénoms » reads them itself
    # (« Moreau-Garnier » is one family name, whatever entities the model sees in it).
    first_text: str | None
    last_text: str | None
    if name:  # « je m'appelle Léa Marie Lefèvre »: read as « nom et prénoms » reads it (the name comes last)
        last_text, first_text = split_name(name.group(0)) or ("", "")
    elif step.id == "identite":
        first_text = last_text = None
    else:
        first_text, last_text = turn.entity("prenom"), turn.entity("nom")
    if first_text and last_text and step.id in ("identite", "nom", "prenoms", "nom_usage"):
        first, last = rules.validate_first_names(first_text), rules.validate_family_name(last_text)
        if isinstance(first, Valid) and isinstance(last, Valid):
            found["prenoms"], found["nom"] = first.value, last.value
            found["nom_usage"] = ""  # a usage name is added with its button on the confirmation
    born = BORN_ON.search(text)
    if born:
        date = rules.validate_birth_date(born.group(1), ctx.today)
        if isinstance(date, Valid):
            found["date_naissance"] = date.value
    city = BORN_IN_CITY.search(text)
    if city and (born or step.id.startswith("naissance") or step.id == "lieu_naissance"):
        departement = CITY_DEPARTEMENT[city.group(1).lower()]
        arrondissements = {a.number for a in ctx.refs.arrondissements.get(departement, ())}
        if city.group(2).lstrip("0") in arrondissements:
            found.update(
                naissance_lieu="france",
                naissance_departement=departement,
                naissance_arrondissement=city.group(2).lstrip("0"),
            )
    if step.id != "email":
        email = EMAIL.search(text)
        if email and isinstance(result := rules.validate_email(email.group(0)), Valid):
            found["email"] = result.value
    fresh = {key: value for key, value in found.items() if key not in ctx.answers}
    if len(fresh) == 1 and step.id in fresh:
        return {}
    return fresh
