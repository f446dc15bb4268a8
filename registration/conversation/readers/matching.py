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


NONE_WORDS = frozenset({"aucun", "aucune", "rien", "non", "nan", "nope"})
# « j'ai une licence », « oui je prends l'entrepreneuriat »: the words before what is had or chosen in a list.
HAVING = re.compile(
    r"^(?:(?:oui|ok|alors|euh)\s+)*(?:(?:moi\s+)?(?:j ai|j avais|je possede|je detiens|je suis titulaire|je prends|"
    r"je choisis|je coche|je veux|je voudrais|j aimerais|je souhaite)(?: obtenu| eu| faire| passer| prendre)?"
    r"(?: d| de| du| des)?\s+)?(?:(?:un|une|le|la|les|des|l|mon|ma|mes|du)\s+)?"
)


# « je garde », « c'est pareil », « inchangé »: the answer offered back (« Valeur actuelle ») is kept.
KEEP_WORDS = re.compile(
    r"^(?:(?:oui|ok|bon|alors)\s+)*(?:garder|garde|gardez|gardons|je (?:la |le |les )?garde|on (?:la |le )?garde|"
    r"conserver|je (?:la |le |les )?conserve|pareil|idem|inchange\w*|pas de changement|aucun changement|"
    r"rien (?:a|n a) change\w*|(?:c est |ca n a )?pas change\w*|c est (?:la|le|les) meme\w*|c est pareil|"
    r"toujours (?:la|le|les) meme\w*|c est toujours (?:ca|la meme\w*|le meme)|la meme\w*|le meme|meme chose)"
    r"(?:\s+(?:chose|adresse|lieu|valeur|reponse|qu avant|que (?:la|l) derniere fois|merci|svp|oui))*$"
)
# At a question typed in words, « oui » and « c'est bon » to « Valeur actuelle : … » keep it too.
KEEP_AT_TEXT = frozenset(
    {"oui", "ok", "c est bon", "oui c est bon", "c est ca", "oui c est ca", "exact", "correct"}
)


def says_keep(text: str, *, typed_question: bool) -> bool:
    """Whether typed text keeps the answer offered back rather than giving a new one."""
    wanted = normalise(text)
    return bool(KEEP_WORDS.match(wanted)) or (typed_question and wanted in KEEP_AT_TEXT)


def says_none(text: str, none_choice: Choice | None) -> bool:
    """« non aucun », « je n'ai rien », « non je n'ai que le bac »: the "none of them" answer of a list."""
    if none_choice is None:
        return False
    if exact(text, none_choice):
        return True
    words = normalise(text).split()
    return bool(words) and (words[0] in NONE_WORDS or any(w in ("aucun", "aucune", "rien") for w in words))


def without_having(text: str) -> str:
    """The text without « j'ai (une) » before what is had (the text itself when nothing is left)."""
    wanted = normalise(text)
    return HAVING.sub("", wanted, count=1).strip() or wanted


def match_in_list(text: str, choices: list[Choice]) -> Choice | None:
    """The choice of a list the text names, as typed or after « j'ai une », « je prends »…"""
    found = match_choice(text, choices)
    return found if found is not None else match_choice(without_having(text), choices)


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
