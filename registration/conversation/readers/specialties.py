"""Reading a specialty and its option as candidates name them: « BTS SIO option SLAM », « sio sisr », « compta »,
« MUC » (MCO's former name), « AM » (SAM's). The names come from referentials/specialites.csv (titles, acronyms,
usual names of specialties and options)."""

from __future__ import annotations

import re
from typing import Any

from registration.conversation.readers import fillers
from registration.conversation.readers.matching import exact, match_choice
from registration.conversation.steps import Context
from registration.conversation.texts import ECHO
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Choice
from registration.referentials import Specialite, normalise
from registration.rules import Invalid, Result, Valid

BTS = re.compile(r"\bb\.?\s?t\.?\s?s\b\.?", re.IGNORECASE)
OPTION = re.compile(r"\s*(?:,\s*)?\b(?:en |l['’ ]?|avec l['’ ]?)?option\b\s*:?\s*", re.IGNORECASE)
LEAD_WORDS = frozenset(
    {"je", "j", "fais", "fait", "prepare", "passe", "passer", "veux", "voudrais", "suis", "en", "le", "la", "un",
     "une", "l", "de", "du", "d", "des", "au", "aux", "inscrit", "inscrite", "m", "inscrire", "c", "est", "pour",
     "specialite", "filiere", "section", "formation", "diplome"}
)  # fmt: skip
MAX_WORDS = 8


def _choice(specialite: Specialite) -> Choice:
    return Choice(specialite.code, specialite.title, tuple(specialite.aliases))


def _option_choices(specialite: Specialite) -> list[Choice]:
    return [Choice(o.code, o.title, tuple(o.aliases)) for o in specialite.options]


def _words(text: str) -> list[str]:
    words = normalise(text).split()
    while words and words[0] in LEAD_WORDS:
        words.pop(0)
    return words[:MAX_WORDS]


def _named(ctx: Context, words: list[str]) -> tuple[Specialite | None, Any, int]:
    """The specialty (and option) that the longest run of first words names exactly, and that run's length."""
    for size in range(len(words), 0, -1):
        fragment = " ".join(words[:size])
        specs = [s for s in ctx.refs.search_specialites(fragment, 6) if exact(fragment, _choice(s))]
        if len(specs) == 1:
            return specs[0], None, size
        options = [
            (s, o)
            for s in ctx.refs.search_specialites(fragment, 6)
            for o in s.options
            if exact(fragment, Choice(o.code, o.title, tuple(o.aliases)))
        ]
        if len({o.code for _, o in options}) == 1:
            return options[0][0], options[0][1], size
    return None, None, 0


def read_specialty(ctx: Context, text: str) -> Result:
    """Valid({"specialite": code[, "option": code]}) when the text names one specialty (and one of its options)."""
    body = fillers.trim(text or "")
    mention = list(BTS.finditer(body))
    if mention:
        body = body[mention[-1].end() :]
    parts = OPTION.split(body, maxsplit=1)
    words = _words(parts[0])
    if not words:
        return Invalid(MSG["specialty_not_named"])
    specialite, option, size = _named(ctx, words)
    if specialite is None:
        match = match_choice(" ".join(words), [_choice(s) for s in ctx.refs.specialites.values()])
        specialite = ctx.refs.specialites.get(match.id) if match else None
        size = len(words)
    if specialite is None:
        return Invalid(MSG["specialty_not_named"])
    values: dict[str, Any] = {"specialite": specialite.code}
    echo = ECHO["specialty_kept"].format(specialite=specialite.title)
    if option is None and specialite.options:
        rest = parts[1] if len(parts) > 1 else " ".join(words[size:])
        option = _option_in(specialite, rest)
    if option is not None:
        values["option"] = option.code
        echo += " " + ECHO["option_kept"].format(option=option.title)
    return Valid(values, echo=echo)


def _option_in(specialite: Specialite, text: str) -> Any:
    letter = re.fullmatch(r"([a-z])(?:\s+|$)", normalise(text) + " ")
    if letter:  # « l'option A »: the letter its title starts with (« A : solutions d'infrastructure… »)
        lettered = [o for o in specialite.options if normalise(o.title).split()[:1] == [letter.group(1)]]
        if len(lettered) == 1:
            return lettered[0]
    words = _words(text)
    if not words:
        return None
    choices = _option_choices(specialite)
    for size in range(len(words), 0, -1):
        fragment = " ".join(words[:size])
        found = next((c for c in choices if exact(fragment, c)), None)
        if found is not None:
            return specialite.option(found.id)
    match = match_choice(" ".join(words), choices)
    return specialite.option(match.id) if match else None


def read_option(ctx: Context, text: str) -> Result:
    """The option of the specialty chosen: « SLAM », « l'option SISR », « réseaux »."""
    specialite = ctx.specialite
    if specialite is None or not specialite.options:
        return Invalid("")
    body = OPTION.sub(" ", " " + fillers.trim(text or "")).strip()
    option = _option_in(specialite, body)
    if option is None:
        return Invalid("")
    return Valid({"option": option.code}, echo=ECHO["option_kept"].format(option=option.title))
