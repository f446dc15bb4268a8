"""How typed text is matched to a closed answer: exact title or alias, its number, its words, a close spelling."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from registration import rules
from registration.conversation.types import Choice, Turn
from registration.referentials import normalise
from registration.rules import Valid

FUZZY_MIN_SCORE = 86  # a close spelling is accepted from this WRatio score…
FUZZY_MIN_LEAD = 6  # …when no other choice comes within this many points


def short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def example(title: str) -> str:
    return " ".join(title.split()[:2]) if title else "…"


def canonical_date(text: str) -> bool:
    return bool(re.fullmatch(r"\d{2}/\d{2}/\d{4}", text.strip()))


def exact(text: str, choice: Choice) -> bool:
    wanted = normalise(text)
    return wanted in {normalise(choice.title), normalise(choice.id), *map(normalise, choice.aliases)}


def yes_no(turn: Turn, text: str, choice: str | None) -> bool | None:
    """The candidate's yes or no: a button, a typed word, or a confident affirm/deny intent."""
    if choice in ("yes", "no"):
        return choice == "yes"
    result = rules.validate_yes_no(text)
    if isinstance(result, Valid):
        return bool(result.value)
    if turn.intent in ("affirm", "deny") and turn.confidence >= 0.7:
        return turn.intent == "affirm"
    return None


def _has_words(words: list[str], choice: Choice) -> bool:
    """Every typed word starts a word of the choice's title or of one of its aliases."""
    for name in (choice.title, *choice.aliases):
        title_words = normalise(name).split()
        if all(any(t.startswith(w) for t in title_words) for w in words):
            return True
    return False


def match_choice(text: str, choices: list[Choice]) -> Choice | None:
    """The choice a typed answer means: its title, an alias, its number in the list, or a close spelling."""
    wanted = normalise(text)
    if not wanted or not choices:
        return None
    for choice in choices:
        if exact(text, choice):
            return choice
    if wanted.isdigit() and 1 <= int(wanted) <= len(choices) and not any(c.id == wanted for c in choices):
        return choices[int(wanted) - 1]
    words = [w for w in wanted.split() if len(w) >= 3]
    if words:
        containing = [c for c in choices if _has_words(words, c)]
        if len(containing) == 1:
            return containing[0]
    keys: list[tuple[str, Choice]] = []
    for choice in choices:
        keys.append((normalise(choice.title), choice))
        keys.extend((normalise(alias), choice) for alias in choice.aliases)
    scored = process.extract(wanted, [k for k, _ in keys], scorer=fuzz.WRatio, limit=5)
    if not scored:
        return None
    _best_key, best_score, best_index = scored[0]
    best = keys[best_index][1]
    rivals = [s for _, s, i in scored[1:] if keys[i][1].id != best.id]
    if (
        best_score >= FUZZY_MIN_SCORE
        and (not rivals or best_score - rivals[0] >= FUZZY_MIN_LEAD)
        and len(wanted) >= 3
    ):
        return best
    return None
