"""The candidate's postal address as the AFNOR NF Z10-011 lines printed in the confirmation PDF."""

from __future__ import annotations

import re
from typing import Any

from registration.documents.formatting import as_text, dict_at, join_texts, nested
from registration.rules.places import ABROAD_POSTAL_CODE
from registration.rules.text import strip_accents

# At most 6 lines of 38 characters, the lines from the street line on in capitals, without accents or
# punctuation.
ADDRESS_MAX_LINES = 6
ADDRESS_MAX_CHARS = 38


def _postal_line(text: Any) -> str:
    """Capitals without accents or punctuation (hyphens and slashes kept), single spaces."""
    plain = strip_accents(as_text(text)).upper()
    plain = re.sub(r"[.,;:!?\"'’`«»()\[\]{}_*#]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip()


def _wrap(line: str, width: int = ADDRESS_MAX_CHARS) -> list[str]:
    """Split a line at spaces into pieces of at most `width` characters (a long word is cut)."""
    pieces: list[str] = []
    current = ""
    for word in line.split():
        while len(word) > width:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


def address_block(content: dict) -> list[str]:
    """The postal address of the candidate as AFNOR lines (at most 6 lines of at most 38 characters).

    Line order: identity, complement, street, lieu-dit, postal code and locality. Abroad, Inscrinet's
    convention applies: the real postal code sits in the lieu-dit line, "99999" and the country name
    form the last line. Long lines wrap while room remains, then are cut.
    """
    content = content if isinstance(content, dict) else {}
    residence = dict_at(content, "residence")
    abroad = bool(residence.get("a_l_etranger"))
    prenoms = re.sub(r"\s+", " ", as_text(nested(content, "etat_civil", "prenoms")))
    nom = as_text(nested(content, "etat_civil", "nom_usage")) or as_text(nested(content, "etat_civil", "nom"))
    identity = re.sub(r"\s+", " ", join_texts([prenoms, nom.upper()]))
    if len(identity) > ADDRESS_MAX_CHARS and prenoms:  # La Poste usage: the first first name only
        identity = re.sub(r"\s+", " ", join_texts([prenoms.split()[0], nom.upper()]))

    code_postal = as_text(residence.get("code_postal"))
    localite = as_text(residence.get("localite"))
    if abroad:
        code_postal = code_postal or ABROAD_POSTAL_CODE
        localite = localite or as_text(residence.get("pays"))

    # One entry per AFNOR line: (priority for wrapped continuations, pieces); lower is kept first.
    groups: list[tuple[int, list[str]]] = []
    if identity:
        groups.append((3, _wrap(identity)))
    complement = re.sub(r"\s+", " ", as_text(residence.get("complement")))
    if complement:
        groups.append((2, _wrap(complement)))
    for priority, value in ((0, residence.get("adresse")), (1, residence.get("lieu_dit"))):
        line = _postal_line(value)
        if line:
            groups.append((priority, _wrap(line)))
    last = _postal_line(join_texts([code_postal, localite]))
    if last:
        groups.append((0, _wrap(last)))
    if len(groups) > ADDRESS_MAX_LINES:  # cannot happen with the five fields above; kept as a guard
        groups = groups[:1] + groups[-(ADDRESS_MAX_LINES - 1) :]

    # Every AFNOR line keeps its first piece; continuations fill the remaining room by priority.
    budget = ADDRESS_MAX_LINES - len(groups)
    keep = [1] * len(groups)
    for index in sorted(range(len(groups)), key=lambda i: groups[i][0]):
        extra = min(len(groups[index][1]) - 1, budget)
        keep[index] += extra
        budget -= extra
    return [piece for (_, pieces), n in zip(groups, keep, strict=False) for piece in pieces[:n]]
