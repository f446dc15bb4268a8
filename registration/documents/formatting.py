"""How a dossier's content reads for people: the words and forms that the récapitulatif and the PDF print."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

from registration.rules.text import strip_accents

DASH = "\u2013"  # en dash, as in "175 – 0"
MISSING = "\u2014"  # em dash shown for an empty value
NOT_GIVEN = "Non renseigné"
TRUE_WORDS = frozenset({"oui", "o", "yes", "true", "1"})
FALSE_WORDS = frozenset({"non", "n", "no", "false", "0"})

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters except tab and line feed


# --- Any value as printable text: every access tolerates None, missing keys and unexpected types. ----------


def nested(mapping: Any, *keys: str) -> Any:
    """mapping[k1][k2]... or None when any level is missing or not a dict."""
    value = mapping
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def dict_at(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    """mapping[key] when it is a dict, else an empty dict."""
    value = mapping.get(key)
    return value if isinstance(value, dict) else {}


def list_at(mapping: dict[str, Any], key: str) -> list[Any]:
    """mapping[key] when it is a list, else an empty list."""
    value = mapping.get(key)
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str:
    """A printable, stripped string for any value (None → "")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    text = unicodedata.normalize("NFC", str(value))
    return _CONTROL.sub("", text).strip()


def join_texts(parts: Iterable[Any], sep: str = " ") -> str:
    """The non-empty texts of `parts` joined by `sep`."""
    return sep.join(t for t in (as_text(p) for p in parts) if t)


def dossier_slug(label: Any) -> str:
    """A dossier label as an ASCII slug: "175 – 0" → "175-0" ("dossier" when nothing is left)."""
    return re.sub(r"[^0-9A-Za-z]+", "-", strip_accents(as_text(label))).strip("-").lower() or "dossier"


def deadline_phrase(return_deadline: date | None) -> str:
    """When the signed confirmation is due: "avant le 04/12/2026", or "dans les meilleurs délais"."""
    return f"avant le {return_deadline:%d/%m/%Y}" if return_deadline else "dans les meilleurs délais"


def academie_phrase(name: str) -> str:
    """ "Paris" → "l'académie de Paris", "Amiens" → "l'académie d'Amiens"; no name: "votre académie"."""
    name = name.strip()
    if not name:
        return "votre académie"
    first = name[0].lower()
    if first in "aeiouyhéèêâîôûœ":
        return f"l'académie d'{name}"
    return f"l'académie de {name}"


# --- The récapitulatif's forms (the summary shown before validation). --------------------------------------


def yes_no(value: Any) -> str:
    return "Oui" if value is True else "Non" if value is False else "—"


def birth_place(content: dict[str, Any]) -> str:
    naissance = content.get("naissance") or {}
    if not naissance.get("en_france", True):
        return naissance.get("pays") or "—"
    text = f"{naissance.get('departement_nom') or ''} ({naissance.get('departement') or ''})"
    if naissance.get("arrondissement"):
        text += f", {naissance['arrondissement']}e arrondissement"
    return text


def address_lines(content: dict[str, Any]) -> list[str]:
    residence = content.get("residence") or {}
    lines = [
        residence.get("adresse"),
        residence.get("lieu_dit"),
        f"{residence.get('code_postal', '')} {residence.get('localite', '')}".strip(),
    ]
    if residence.get("a_l_etranger"):
        lines.append(residence.get("pays"))
    return [line for line in lines if line]


# --- The confirmation PDF's forms: any value accepted, a missing one said in words. ------------------------


def stated_yes_no(value: Any) -> str:
    """yes_no() that also reads a typed answer ("oui", "n", "true"...) and says "Non renseigné" for none."""
    if not isinstance(value, bool):
        word = as_text(value).lower()
        value = True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    return yes_no(value) if isinstance(value, bool) else NOT_GIVEN


def format_note(value: Any) -> str:
    """A mark with two decimals ("12.00", as Inscrinet shows it), or an em dash when there is none."""
    if value is None or value == "" or isinstance(value, bool):
        return MISSING
    try:
        return f"{float(str(value).replace(',', '.')):.2f}"
    except ValueError:
        return as_text(value)


def birth_place_and_country(content: dict) -> tuple[str, str]:
    """(lieu de naissance, pays de naissance) as the PDF prints them in two rows.

    Unlike birth_place(): abroad the place reads "Né(e) à l'étranger" and the country has its own row; in
    France the country is "France", the first arrondissement reads "1er" (leading zeros dropped), and a
    missing département name or code leaves no empty parentheses.
    """
    naissance = dict_at(content, "naissance")
    pays = as_text(naissance.get("pays"))
    en_france = naissance.get("en_france")
    if en_france is False:
        return "Né(e) à l'étranger", pays
    departement = as_text(naissance.get("departement"))
    nom = as_text(naissance.get("departement_nom"))
    place = f"{nom} ({departement})" if nom and departement else nom or departement
    arrondissement = as_text(naissance.get("arrondissement"))
    if arrondissement:
        number = arrondissement.lstrip("0") or arrondissement
        suffix = "er" if number == "1" else "e"
        arr = f"{number}{suffix} arrondissement" if number.isdigit() else f"arrondissement {arrondissement}"
        place = f"{place}, {arr}" if place else arr
    if en_france is True and not pays:
        pays = "France"
    return place, pays


def birth_date(value: Any) -> str:
    """The date of birth; "00/00/" dates (day and month unknown) say so."""
    text = as_text(value)
    if text.startswith("00/00/"):
        return f"{text} (jour et mois non connus)"
    return text


# An establishment the candidate typed (not in our list) is printed with this note.
UNLISTED_NOTE = "établissement non répertorié, à vérifier par le service des examens"


def etablissement(value: Any) -> str:
    """ "Name, City (code)" of an establishment dict; plain text otherwise."""
    if not isinstance(value, dict):
        return as_text(value)
    name = as_text(value.get("name"))
    city = as_text(value.get("city"))
    code = as_text(value.get("code"))
    text = join_texts([name, city], ", ")
    if code:
        text = f"{text} ({code})" if text else code
    if value.get("unlisted"):
        text = f"{text} — {UNLISTED_NOTE}"
    return text


def coded(value: Any, title_key: str = "title") -> str:
    """ "Title (code)" for {"code", "title"} dicts; plain text otherwise."""
    if not isinstance(value, dict):
        return as_text(value)
    title = as_text(value.get(title_key)) or as_text(value.get("label")) or as_text(value.get("name"))
    code = as_text(value.get("code"))
    if title and code:
        return f"{title} ({code})"
    return title or code


def categorie(value: Any) -> str:
    """The label of a category dict (its code when it has no label); plain text otherwise."""
    if isinstance(value, dict):
        return as_text(value.get("label")) or as_text(value.get("code"))
    return as_text(value)


def forme(value: Any) -> str:
    """ "Globale" or "Progressive"; any other value as it is."""
    text = as_text(value).lower()
    return {"globale": "Globale", "progressive": "Progressive"}.get(text, as_text(value))


def handicap(value: Any) -> str:
    """Whether an adaptation of the épreuves is asked for, in words."""
    if value is True:
        return "Oui — aménagement d'épreuves demandé"
    if value is False:
        return "Non"
    return as_text(value) or NOT_GIVEN


# ---- how well the épreuves are known (content["epreuves_table"]["level"]), said the same way everywhere

EPREUVES_TO_CONFIRM = "Liste des épreuves à confirmer par le service des examens"
_LEVEL_NOTICES = {
    "a_verifier": "Ces épreuves viennent d'un règlement d'examen que le service des examens n'a pas encore "
    "vérifié ({source}) : il les confirmera.",
    "partiel": "Cette liste est incomplète : le règlement d'examen n'a été lu qu'en partie ({source}). Le service "
    "des examens la complétera et la confirmera.",
    "absent": "Les épreuves de cette spécialité seront saisies par le service des examens d'après le règlement "
    "d'examen en vigueur : aucune épreuve n'est inscrite ici. Vos souhaits et vos acquis déclarés sont "
    "enregistrés et seront vérifiés.",
}
DECLARED_NOTE = "déclaré, à vérifier"
NOT_KEPT_NOTE = "non retenu : plus de 5 ans, ou note inférieure à 10 en forme globale"
WISH_NOTE = "souhait, à confirmer"


def table_level(content: dict[str, Any]) -> str:
    """verifie, a_verifier, partiel or absent; dossiers stored before levels existed read as verifie."""
    return as_text(dict_at(content, "epreuves_table").get("level")) or "verifie"


def epreuves_heading(content: dict[str, Any]) -> str:
    return EPREUVES_TO_CONFIRM if table_level(content) in ("a_verifier", "partiel") else "Épreuves"


def epreuves_notice(content: dict[str, Any]) -> str | None:
    """The sentence that says how sure the épreuves are; None for a verified table."""
    template = _LEVEL_NOTICES.get(table_level(content))
    if template is None:
        return None
    source = as_text(dict_at(content, "epreuves_table").get("source")) or "source non précisée"
    return template.format(source=source)


def wishes_lines(content: dict[str, Any]) -> list[str]:
    """The languages studied and the facultative wanted, for a specialty with no table."""
    wishes = dict_at(content, "souhaits")
    if not wishes:
        return []
    languages = ", ".join(as_text(x) for x in wishes.get("langues") or []) or "aucune"
    facultative = as_text(wishes.get("facultative")) or "aucune"
    return [
        f"Langue(s) vivante(s) étudiée(s) ({WISH_NOTE}) : {languages}",
        f"Épreuve facultative souhaitée ({WISH_NOTE}) : {facultative}",
    ]


def declared_lines(content: dict[str, Any]) -> list[str]:
    """Each acquis declared in words: what, session, académie, mark, the épreuves matched, « déclaré, à vérifier »."""
    lines = []
    for item in list_at(content, "acquis_declares"):
        if not isinstance(item, dict):
            continue
        parts = [as_text(item.get("epreuve"))]
        if item.get("annee"):
            parts.append(f"session {as_text(item.get('annee'))}")
        if item.get("academie"):
            parts.append(f"académie {as_text(item.get('academie'))}")
        if item.get("note") is not None:
            parts.append(f"note {format_note(item.get('note'))}/20")
        matched = [as_text(code) for code in list_at(item, "epreuves")]
        if matched:  # matched by the candidate to the épreuves of the table in effect
            kept = "" if item.get("retenu", True) else f" ({NOT_KEPT_NOTE})"
            parts.append(f"{as_text(item.get('position'))} {', '.join(matched)}{kept}")
        lines.append(f"{join_texts(parts, f' {DASH} ')} ({DECLARED_NOTE})")
    return lines
