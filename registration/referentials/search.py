"""Text normalisation and fuzzy ranking for matching what candidates type against the reference data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz

from registration.rules.text import normalise

# Below this score (0-100) a fuzzy match is not offered.
SEARCH_CUTOFF = 70.0

_PUNCTUATION = re.compile(r"[^0-9a-z]+")


_STOP_WORDS = frozenset(
    {"de", "la", "le", "les", "l", "d", "du", "des", "et", "en", "a", "aux", "au", "option", "bts"}
)


def _tokens(text: str) -> list[str]:
    words = text.split()
    kept = [w for w in words if w not in _STOP_WORDS]
    return kept or words


def _token_score(word: str, candidates: list[str]) -> float:
    """How well one query word matches the best word of a candidate (prefixes count as full matches)."""
    best = 0.0
    for cand in candidates:
        if cand == word or (len(word) >= 3 and cand.startswith(word)):
            return 100.0
        if len(word) >= 3 and len(cand) >= 3 and not word.isdigit() and not cand.isdigit():
            best = max(best, fuzz.ratio(word, cand))
    return best if best >= 60 else 0.0


def _score(query: str, candidates: Iterable[str]) -> float:
    """Best similarity (0-100) between a normalised query and normalised candidate strings."""
    words = _tokens(query)
    best = 0.0
    for cand in candidates:
        if not cand:
            continue
        if cand == query:
            return 100.0
        cand_words = _tokens(cand)
        score = sum(_token_score(w, cand_words) for w in words) / len(words)
        if len(query) >= 4 and not query.isdigit():
            score = max(score, fuzz.ratio(query, cand))
        best = max(best, score)
    return best


def _rank(query: str, items: Iterable[tuple[Any, tuple[str, ...]]], limit: int) -> list[Any]:
    q = normalise(query)
    if not q or limit <= 0:
        return []
    scored = []
    for order, (item, keys) in enumerate(items):
        score = _score(q, keys)
        if score >= SEARCH_CUTOFF:
            scored.append((-score, order, item))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in scored[:limit]]


def _exact_first(exact: Any, ranked: list[Any], limit: int) -> list[Any]:
    if limit <= 0:
        return []
    if exact is None:
        return ranked
    return [exact, *(r for r in ranked if r != exact)][:limit]
