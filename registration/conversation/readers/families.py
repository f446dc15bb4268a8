"""Reading how the BTS is prepared as candidates say it (« en alternance », « candidat libre », « par le CNED »):
the family of categories whose aliases (referentials/categories.csv) the text holds."""

from __future__ import annotations

import re
from typing import Any

from registration.conversation.steps import Context, category_family
from registration.referentials import normalise
from registration.rules import Invalid, Result, Valid

# Words of a student in a lycée (« je suis en terminale », « étudiante en BTS »): the scolaire family, unless the
# sentence names another way of preparing the BTS (« étudiant en alternance » is an apprentice).
STUDENT_WORDS = ("etudiant", "etudiante", "etudiants", "terminale", "en terminale", "en classe")
STUDENT_FAMILY_CODE = "SCOLAIRE_PUBLIC"
STRONG_LENGTH = 8  # an alias this long, or of several words, is recognised anywhere in a sentence


def _strong(alias: str) -> bool:
    return " " in alias or len(alias) >= STRONG_LENGTH


def families_in(ctx: Context, text: str, *, anywhere: bool) -> dict[str, tuple[int, int]]:
    """family → (start, end) of the alias found in the normalised text (the longest alias of each family)."""
    wanted = f" {normalise(text)} "
    found: dict[str, tuple[int, int]] = {}
    for category in ctx.refs.categories.values():
        for alias in (normalise(a) for a in category.aliases):
            if not alias or (anywhere and not _strong(alias)):
                continue
            at = wanted.find(f" {alias} ")
            if at < 0:
                continue
            family = category_family(category.label)
            span = (at, at + len(alias))
            if family not in found or span[1] - span[0] > found[family][1] - found[family][0]:
                found[family] = span
    return found


def _overlapping(spans: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Drop a family whose alias lies inside another's (« lycée » inside « au lycée » is the same words)."""
    kept = {}
    for family, (start, end) in spans.items():
        inside = any(
            other != family and o_start <= start and end <= o_end and (o_end - o_start) > (end - start)
            for other, (o_start, o_end) in spans.items()
        )
        if not inside:
            kept[family] = (start, end)
    return kept


def read_family(ctx: Context, text: str, *, anywhere: bool = False) -> Result:
    """Valid({"categorie_famille": family}) when the text names one family of categories."""
    found = _overlapping(families_in(ctx, text, anywhere=anywhere))
    if not found and not anywhere:
        found = _student(ctx, text)
    if len(found) != 1:
        return Invalid("")
    family = next(iter(found))
    return Valid({"categorie_famille": family})


def _student(ctx: Context, text: str) -> dict[str, tuple[int, int]]:
    """The scolaire family when the answer only says the candidate is a student (asked how the BTS is prepared)."""
    wanted = f" {normalise(text)} "
    category = ctx.refs.categories.get(STUDENT_FAMILY_CODE)
    if category is None:
        return {}
    for word in STUDENT_WORDS:
        at = wanted.find(f" {word} ")
        if at >= 0:
            return {category_family(category.label): (at, at + len(word))}
    return {}


def strip_families(ctx: Context, text: str) -> str:
    """The text without the words that said how the BTS is prepared (read apart)."""
    wanted = normalise(text)
    for category in ctx.refs.categories.values():
        for alias in (normalise(a) for a in category.aliases):
            if alias and _strong(alias):
                wanted = re.sub(rf"(?:^|\s){re.escape(alias)}(?=\s|$)", " ", wanted)
    return " ".join(wanted.split())


def family_values(ctx: Context, family: str) -> dict[str, Any]:
    return {"categorie_famille": family}
