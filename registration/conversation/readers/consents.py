"""Reading both consents as candidates say them (« pas de presse », « d'accord pour la presse mais pas pour la
mairie », « presse oui collectivités non »): each part of the sentence says yes or no to what it names."""

from __future__ import annotations

import re

from registration.conversation.steps import Context
from registration.conversation.texts import TEXT
from registration.referentials import normalise
from registration.rules import Invalid, Result, Valid

PRESS, COLLECTIVITES = "press", "collectivites"
TOPICS = {
    PRESS: (
        "presse",
        "publication",
        "publie",
        "publier",
        "publiee",
        "journal",
        "journaux",
        "internet",
        "sites",
    ),
    COLLECTIVITES: (
        "collectivite",
        "collectivites",
        "mairie",
        "maire",
        "departement",
        "region",
        "commune",
        "recompense",
    ),
}
BOTH_WORDS = ("deux", "tout", "toutes", "tous")
NEGATIVE = frozenset(
    {"non", "pas", "refuse", "refuser", "ni", "jamais", "sans", "aucun", "aucune", "contre", "nan"}
)
POSITIVE = frozenset({"oui", "ok", "accepte", "accepter", "daccord", "volontiers", "ouais", "yes", "bien"})
ONLY = frozenset({"seulement", "juste", "uniquement", "que", "slt"})
# Phrases whose words would say the opposite of what they mean.
REWRITES = (
    (re.compile(r"\bpourquoi pas\b"), "oui"),
    (re.compile(r"\bpas de (?:souci|soucis|probleme|problemes)\b"), "oui"),
    (re.compile(r"\bd accord\b"), "daccord"),
    (re.compile(r"\bca me va\b"), "oui"),
)
CLAUSES = re.compile(r"[,;.!?/]|\bmais\b|\bet\b|\bpar contre\b|\ben revanche\b|\bsauf\b")
CHOICES = {
    (True, True): "both",
    (True, False): "press",
    (False, True): "collectivites",
    (False, False): "neither",
}


def _words(text: str) -> list[str]:
    text = normalise(text)
    for pattern, replacement in REWRITES:
        text = pattern.sub(replacement, text)
    return text.split()


def _topics(words: list[str]) -> list[tuple[int, str]]:
    found = []
    for at, word in enumerate(words):
        for topic, names in TOPICS.items():
            if word in names:
                found.append((at, topic))
        if word in BOTH_WORDS:
            found.extend([(at, PRESS), (at, COLLECTIVITES)])
    return found


def _polarity(words: list[str]) -> bool | None:
    if any(w in NEGATIVE for w in words):
        return False
    if any(w in POSITIVE for w in words) or any(w in ONLY for w in words):
        return True
    return None


def _parts(words: list[str]) -> list[list[str]]:
    """« presse oui collectivités non » and « non pour la presse oui pour la mairie »: one part per topic."""
    topics = _topics(words)
    first = {t for _, t in topics}
    if len(first) < 2 or _polarity(words) is None:
        return [words]
    second_at = next(at for at, t in topics if t != topics[0][1])
    if second_at == topics[0][0]:  # « les deux »
        return [words]
    head, tail = words[:second_at], words[second_at:]
    if _polarity(head) is not None and _polarity(tail) is not None:
        return [head, tail]
    # The yes or no that opens the second part: « non pour la presse | oui pour la mairie ».
    for at in range(second_at - 1, topics[0][0], -1):
        if words[at] in NEGATIVE or words[at] in POSITIVE:
            head, tail = words[:at], words[at:]
            if _polarity(head) is not None and _polarity(tail) is not None:
                return [head, tail]
            break
    return [words]


def read_consents(ctx: Context, text: str) -> Result:
    """Valid({"consents": choice}) when the sentence says yes or no to both; Invalid("") when it names neither
    (« oui », « non aux deux » are the buttons' words); Invalid(what to do) when it answers only one."""
    said: dict[str, bool] = {}
    only = False
    for clause in CLAUSES.split(normalise_keep_punctuation(text)):
        words = _words(clause)
        for part in _parts(words):
            topics = {t for _, t in _topics(part)}
            if not topics:
                continue
            polarity = _polarity(part)
            only = only or (polarity is True and any(w in ONLY for w in part))
            for topic in topics:
                said.setdefault(topic, True if polarity is None else polarity)
    if not said:
        return Invalid("")
    if len(said) == 1 and only and next(iter(said.values())):
        said[COLLECTIVITES if PRESS in said else PRESS] = False
    if len(said) == 1:
        return Invalid(TEXT["consents_one_missing"])
    choice = CHOICES[(said[PRESS], said[COLLECTIVITES])]
    echo = TEXT["consents_read"].format(
        press=TEXT["consents_yes" if said[PRESS] else "consents_no"],
        collectivites=TEXT["consents_yes" if said[COLLECTIVITES] else "consents_no"],
    )
    return Valid({"consents": choice}, echo=echo)


def normalise_keep_punctuation(text: str) -> str:
    """Lower case with the punctuation that separates the parts of a sentence kept (commas, full stops)."""
    return re.sub(r"([,;.!?/])", r" \1 ", str(text or "")).lower()
