"""Reading an establishment as candidates name it: its common name, with or without « lycée », and its town
(« je suis au lycée Edgar Quinet à Paris », « lycée gustave eiffel bordeaux »), or its UAI. Kept only when one
establishment fits: the candidate's académie first, then those teaching the specialty chosen."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from registration.conversation.readers import fillers
from registration.conversation.steps import INDIVIDUAL_TYPES, Context
from registration.conversation.texts import ECHO
from registration.conversation.texts import TEXT as MSG
from registration.referentials import Etablissement, Referentials, normalise
from registration.rules import Invalid, Result, Valid

UAI = re.compile(r"\b\d{7}[A-Za-z]\b")
SCHOOL_CUE = re.compile(
    r"^\s*(?:(?:je suis|jsuis|j['’ ]?[ée]tudie|je vais|je suis scolaris[ée]e?|je suis en bts)\s+)?"
    r"(?:(?:au|à la|a la|dans le|en|le)\s+|(?:dans\s+)?l['’]\s*)?",
    re.IGNORECASE,
)
# Words of an establishment's name that do not tell it apart.
NAME_WORDS = frozenset(
    {"lycee", "lycees", "lyc", "lp", "lpo", "lgt", "lt", "professionnel", "polyvalent", "general", "generale",
     "technologique", "et", "des", "metiers", "le", "la", "les", "l", "de", "du", "d", "prive", "privee",
     "section", "enseignement", "voie", "sgt", "campus", "site", "public", "publique", "en", "bts", "au", "aux",
     "je", "suis"}
)  # fmt: skip
TOWN_JOINT = re.compile(r"\s+(?:à|a|de|d['’]|sur)\s+|\s*,\s*|\s*\(\s*", re.IGNORECASE)
MIN_SCORE = 86


def _key_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in NAME_WORDS]


@lru_cache(maxsize=4)
def _index(refs: Referentials) -> tuple[tuple[Etablissement, tuple[tuple[str, ...], ...], str], ...]:
    """Each real establishment with the distinctive words of its names, and its town normalised."""
    return tuple(
        (e, tuple(tuple(_key_words(name)) for name in (e.name, *e.aliases)), normalise(e.city))
        for e in refs.etablissements
        if e.type not in INDIVIDUAL_TYPES
    )


def _word_score(word: str, names: tuple[tuple[str, ...], ...]) -> float:
    best = 0.0
    for name in names:
        for candidate in name:
            if candidate == word or (len(word) >= 4 and candidate.startswith(word)):
                return 100.0
            if len(word) >= 4 and len(candidate) >= 4:
                best = max(best, fuzz.ratio(word, candidate))
    return best


def _in_town(town: str, city: str) -> bool:
    """« paris » is in Paris 9e, « paris 13 » in Paris 13e, « bordeaux » in Bordeaux."""
    return bool(town) and (
        city == town or city.startswith(town + " ") or (town[-1].isdigit() and city.startswith(town))
    )


def _candidates(ctx: Context, name: str, town: str) -> list[Etablissement]:
    words = _key_words(name)
    if not words:
        return []
    types = set(ctx.establishment_types)
    found = []
    for etablissement, names, city in _index(ctx.refs):
        if types and etablissement.type not in types:
            continue
        if town and not _in_town(town, city):
            continue
        if all(_word_score(word, names) >= MIN_SCORE for word in words):
            found.append(etablissement)
    return found


def _splits(body: str) -> list[tuple[str, str]]:
    """(name, town) readings of the text: a town after « à », « de », a comma or in brackets, or its last words;
    and the whole text as a name."""
    readings = []
    joints = list(TOWN_JOINT.finditer(body))
    if joints:
        last = joints[-1]
        readings.append((body[: last.start()], normalise(body[last.end() :].strip(" )"))))
    words = body.split()
    for size in (1, 2, 3):
        if len(words) > size:
            readings.append((" ".join(words[:-size]), normalise(" ".join(words[-size:]))))
    readings.append((body, ""))
    return readings


def _narrowed(ctx: Context, found: list[Etablissement]) -> list[Etablissement]:
    """Several fit: those of the candidate's académie, then those teaching the specialty chosen."""
    academie = ctx.academie_code
    if academie and len(found) > 1:
        found = [e for e in found if e.academie_code == academie] or found
    specialite = ctx.specialite
    if specialite and len(found) > 1:
        found = [e for e in found if e.teaches(specialite)] or found
    return found


def find_school(ctx: Context, text: str) -> Etablissement | None:
    """The one establishment the text names, or None. One outside the candidate's académie is found only with
    its town (« Gustave Eiffel à Bordeaux »): by its name alone, the list of matches says where each one is."""
    body = fillers.trim(text or "")
    code = UAI.search(body)
    if code:
        return next((e for e in ctx.refs.etablissements if e.code == code.group(0).upper()), None)
    body = SCHOOL_CUE.sub("", body, count=1)
    for name, town in _splits(body):
        if town and not any(_in_town(town, city) for _, _, city in _index(ctx.refs)):
            continue
        found = _narrowed(ctx, _candidates(ctx, name, town))
        if len(found) == 1 and (town or not ctx.academie_code or found[0].academie_code == ctx.academie_code):
            return found[0]
        if found:
            return None  # several fit this reading: none is guessed
    return None


def read_school(ctx: Context, text: str) -> Result:
    etablissement = find_school(ctx, text)
    if etablissement is None:
        return Invalid(MSG["school_not_found"])
    shown = f"{etablissement.name} ({etablissement.city})"
    return Valid({"etablissement": etablissement.code}, echo=ECHO["school_kept"].format(etablissement=shown))
