"""Choice providers, validators and displays used by the questions of the catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from registration import rules
from registration.conversation.readers import fillers
from registration.conversation.steps import (
    INDIVIDUAL_TYPES,
    OUTSIDE_CITY,
    SPLIT_CITIES,
    UNLISTED,
    Context,
    category_family,
)
from registration.conversation.texts import BUTTONS, UNLISTED_WORDS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Choice
from registration.referentials import Etablissement, Referentials, normalise
from registration.rules import Invalid, Result, Valid
from registration.rules.messages import french_date
from registration.rules.places import CITY_WHOLE_DEPARTEMENT

UAI = re.compile(r"\d{7}[A-Z]")
SCHOOL_WORDS = frozenset({"lycee", "lycees", "lyc", "le", "la", "les", "l", "de", "du", "des", "d"})


# --- choice providers ------------------------------------------------------------------------------------


def _where() -> list[Choice]:
    return [
        Choice("france", BUTTONS["france"], ("france", "en france", "dom tom", "outre mer", "metropole")),
        Choice("abroad", BUTTONS["abroad"], ("etranger", "a l etranger", "hors de france")),
    ]


def _categories(ctx: Context) -> list[Choice]:
    """Every category, or once the family is chosen, the categories of that family."""
    family = ctx.family
    return [Choice(c.code, c.label) for c in (family or ctx.refs.categories.values())]


def _category_families(ctx: Context) -> list[Choice]:
    """One button per family of categories (a family of one category is that category)."""
    families: dict[str, list[str]] = {}
    for category in ctx.refs.categories.values():
        families.setdefault(category_family(category.label), []).append(category.label)
    return [
        Choice(name, labels[0] if len(labels) == 1 else name, tuple(labels))
        for name, labels in families.items()
    ]


def derived_category(ctx: Context) -> str | None:
    """The category of the family chosen that the establishment's status leaves: a family of one category,
    or the only one of the family that admits the establishment's type (a public lycée for « Scolaire »)."""
    family = ctx.family
    if len(family) == 1:
        return family[0].code
    etablissement = _etablissement_by_code(ctx, ctx.get("etablissement") or "")
    if etablissement is None:
        return None
    admitting = [c for c in family if etablissement.type in c.establishment_types]
    return admitting[0].code if len(admitting) == 1 else None


def _family_fills(ctx: Context, family: str) -> dict[str, Any]:
    found = derived_category(
        Context(ctx.refs, {**ctx.answers, "categorie_famille": family}, ctx.today, ctx.session)
    )
    return {"categorie": found} if found else {}


def _unlisted_allowed(ctx: Context) -> bool:
    """Candidates of a real establishment may name one we do not list (individuals have fictitious ones)."""
    return any(t not in INDIVIDUAL_TYPES for t in ctx.establishment_types)


def _unlisted_choice() -> Choice:
    return Choice(UNLISTED, BUTTONS["etablissement_unlisted"], UNLISTED_WORDS)


def _etablissement_choice(ctx: Context, etablissement: Etablissement) -> Choice:
    if etablissement.academie_code == ctx.academie_code:
        return Choice(
            etablissement.code, f"{etablissement.name} ({etablissement.city})", etablissement.aliases
        )
    academie = ctx.refs.academies.get(etablissement.academie_code)
    title = MSG["etablissement_elsewhere"].format(
        name=etablissement.name,
        city=etablissement.city,
        academie=academie.name if academie else etablissement.academie_code,
    )
    return Choice(etablissement.code, title, etablissement.aliases)


def _etablissements(ctx: Context) -> list[Choice]:
    """The académie's establishments for the category, then the one chosen elsewhere, then « pas dans la liste »."""
    academie, types = ctx.academie_code, ctx.establishment_types
    if not academie or not types:
        return []
    found = [_etablissement_choice(ctx, e) for e in ctx.refs.etablissements_for(academie, types)]
    chosen = _etablissement_by_code(ctx, ctx.get("etablissement") or "")
    if chosen and chosen.academie_code != academie and chosen.type in types:
        found.append(_etablissement_choice(ctx, chosen))
    if _unlisted_allowed(ctx):
        found.append(_unlisted_choice())
    return found


def _former_schools(ctx: Context) -> list[Choice]:
    """A former candidate's establishment: the one chosen today offered first, then « pas dans la liste »."""
    found = []
    today = _etablissement_by_code(ctx, ctx.get("etablissement") or "")
    if today is not None and today.type not in INDIVIDUAL_TYPES:
        same = f"{today.name} ({today.city})"
        found.append(Choice(today.code, BUTTONS["same_school"].format(etablissement=same), ("le meme",)))
    chosen = _etablissement_by_code(ctx, ctx.get("ancien_etablissement") or "")
    if chosen is not None and chosen is not today:
        found.append(_etablissement_choice(ctx, chosen))
    return [*found, _unlisted_choice()]


def _search_former_schools(ctx: Context, text: str) -> list[Choice]:
    """Any real establishment (whatever the category today), by UAI or by name and town: the académie first."""
    by_code = _etablissement_by_code(ctx, text) if UAI.fullmatch(text.strip().upper()) else None
    if by_code is not None and by_code.type not in INDIVIDUAL_TYPES:
        return [_etablissement_choice(ctx, by_code)]
    types = tuple(sorted({e.type for e in ctx.refs.etablissements} - set(INDIVIDUAL_TYPES)))
    query = " ".join(w for w in normalise(text).split() if w not in SCHOOL_WORDS) or text
    academie = ctx.academie_code
    found = ctx.refs.search_etablissements(academie, query, types=types, limit=6) if academie else []
    if not found:
        ranked = [
            e
            for code in ctx.refs.academies
            if code != academie
            for e in ctx.refs.search_etablissements(code, query, types=types, limit=2)
        ]
        found = ranked[:6]
    return [_etablissement_choice(ctx, e) for e in found]


def _etablissement_by_code(ctx: Context, code: str) -> Etablissement | None:
    code = code.strip().upper()
    return next((e for e in ctx.refs.etablissements if e.code == code), None) if code else None


def _search_etablissements(ctx: Context, text: str) -> list[Choice]:
    """By UAI, or by name (with or without « lycée »), town or former name: the académie first, then elsewhere."""
    academie, types = ctx.academie_code, ctx.establishment_types
    if not academie or not types:
        return []
    by_code = _etablissement_by_code(ctx, text) if UAI.fullmatch(text.strip().upper()) else None
    if by_code and by_code.type in types:
        return [_etablissement_choice(ctx, by_code)]
    words = [w for w in normalise(text).split() if w not in SCHOOL_WORDS]
    query = " ".join(words) or text
    found = ctx.refs.search_etablissements(academie, query, types=types, limit=6)
    if not found:
        elsewhere = [code for code in ctx.refs.academies if code != academie]
        ranked = [
            e for code in elsewhere for e in ctx.refs.search_etablissements(code, query, types=types, limit=2)
        ]
        found = ranked[:6]
    return [_etablissement_choice(ctx, e) for e in found]


def _communes(ctx: Context) -> list[Choice]:
    """The communes of the postal code typed, as suggestions (the routing label is what is kept)."""
    postal_code = ctx.get("code_postal") or ""
    seen: dict[str, Choice] = {}
    for commune in ctx.refs.communes().for_postal_code(postal_code):
        label = commune.label or commune.name.upper()
        seen.setdefault(
            f"{commune.name}", Choice(f"{commune.name}", commune.short_name, (label, commune.name))
        )
    return list(seen.values())


def _localite(ctx: Context, text: str) -> Result:
    """A commune of the postal code given (any spelling), else the free locality rules when the code is unknown."""
    postal_code = ctx.get("code_postal") or ""
    communes = ctx.refs.communes()
    if not communes.for_postal_code(postal_code):
        return rules.validate_locality(text)
    commune = communes.match(postal_code, text)
    if commune is None:
        return Invalid(
            MSG["commune_not_of_postal_code"].format(typed=text.strip()[:60], postal_code=postal_code)
        )
    return Valid(commune.name, commune.short_name)


def _show_commune(ctx: Context, value: Any) -> str:
    commune = ctx.refs.communes().match(ctx.get("code_postal") or "", str(value or ""))
    return commune.short_name if commune else str(value)


FREE_NAME_LENGTH = (3, 150)


def _free_name(ctx: Context, text: str) -> Result:
    """The name of an establishment we do not list, as typed (cleaned), for the exam service to check."""
    cleaned = " ".join("".join(ch for ch in (text or "") if ch.isprintable()).split())
    low, high = FREE_NAME_LENGTH
    if not low <= len(cleaned) <= high or not any(ch.isalpha() for ch in cleaned):
        return Invalid(MSG["free_name_invalid"].format(low=low, high=high))
    return Valid(cleaned)


def _school_lacks_specialty(ctx: Context) -> bool:
    """A listed establishment that, according to our data, does not teach the specialty chosen."""
    etablissement = _etablissement_by_code(ctx, ctx.get("etablissement") or "")
    specialite = ctx.specialite
    if not etablissement or not specialite or etablissement.type in INDIVIDUAL_TYPES:
        return False
    return not etablissement.teaches(specialite)


def _lacking_params(ctx: Context) -> dict[str, str]:
    etablissement = _etablissement_by_code(ctx, ctx.get("etablissement") or "")
    return {
        "etablissement": etablissement.name if etablissement else "",
        "specialite": ctx.specialite.title if ctx.specialite else "",
    }


def _search_specialites(ctx: Context, text: str) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.search_specialites(text, limit=6)]


def _all_specialites(ctx: Context) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.specialites.values()]


def _search_countries(ctx: Context, text: str) -> list[Choice]:
    return [
        Choice(c.code, c.name, tuple(c.aliases))
        for c in ctx.refs.search_countries(text, limit=6)
        if c.code != "FR"
    ]


def _all_countries(ctx: Context) -> list[Choice]:
    return [Choice(c.code, c.name, tuple(c.aliases)) for c in ctx.refs.countries.values() if c.code != "FR"]


def _options(ctx: Context) -> list[Choice]:
    specialite = ctx.specialite
    return [Choice(o.code, o.title, tuple(o.aliases)) for o in specialite.options] if specialite else []


def _show_date(ctx: Context, value: Any) -> str:
    day, month, year = (int(part) for part in str(value).split("/"))
    return french_date(day, month, year) if day and month else str(value)


def _formes(ctx: Context) -> list[Choice]:
    return [
        Choice("globale", BUTTONS["globale"], ("globale",)),
        Choice("progressive", BUTTONS["progressive"], ("progressive",)),
    ]


def _arrondissements(ctx: Context) -> list[Choice]:
    departement = ctx.get("naissance_departement")
    choices = [
        Choice(a.number, a.label, (a.number, a.insee)) for a in ctx.refs.arrondissements.get(departement, ())
    ]
    city = SPLIT_CITIES.get(departement)
    if city and departement not in CITY_WHOLE_DEPARTEMENT:  # Lyon's and Marseille's hold Villeurbanne, Aix
        choices.append(Choice(OUTSIDE_CITY, BUTTONS["born_outside_city"].format(ville=city)))
    return choices


# --- validators adapted to the Context ----------------------------------------------------------------------


def _birth_date(ctx: Context, text: str) -> Result:
    return rules.validate_birth_date(fillers.without(fillers.DATE_CUE, text or ""), ctx.today)


def _departement(ctx: Context, text: str) -> Result:
    result = rules.validate_departement(text, ctx.refs)
    return Valid(result.value.code, result.echo) if isinstance(result, Valid) else result


def _postal_code(ctx: Context, text: str) -> Result:
    codes = re.findall(r"(?<!\d)\d{2}\s?\d{3}(?!\d)", text or "")
    if len(codes) == 1:  # « c'est 33000 », « mon code postal est le 33 000 »
        text = codes[0].replace(" ", "")
    result = rules.validate_postal_code(text, ctx.refs)
    return Valid(result.value["code_postal"], result.echo) if isinstance(result, Valid) else result


NUMBER_CUE = re.compile(
    r"^\s*(?:(?:mon|le)\s+)?(?:num[ée]ro|n°|no|num)\.?(?:\s+(?:de\s+)?candidat)?(?:\s*(?:est|c['’ ]?est|:))?\s*"
    r"|^\s*c['’ ]?est\s+(?:le\s+)?",
    re.IGNORECASE,
)


def _candidate_number(ctx: Context, text: str) -> Result:
    body = NUMBER_CUE.sub("", fillers.trim(text or ""), count=1)
    cleaned = "".join(ch for ch in body if ch.isalnum())
    if 4 <= len(cleaned) <= 20:
        return Valid(cleaned.upper())
    return Invalid(MSG["candidate_number_invalid"])


def _in_france(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "france"


def _abroad(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "abroad"


def _name_of(getter: Callable[[Referentials], dict]) -> Callable[[Context, Any], str]:
    def show(ctx: Context, value: Any) -> str:
        item = getter(ctx.refs).get(value)
        return (
            getattr(item, "title", None)
            or getattr(item, "name", None)
            or getattr(item, "label", None)
            or str(value)
        )

    return show


def _show_etablissement(ctx: Context, value: Any) -> str:
    if value == UNLISTED:
        return BUTTONS["etablissement_unlisted"]
    etablissement = _etablissement_by_code(ctx, str(value or ""))
    return f"{etablissement.name} ({etablissement.city})" if etablissement else str(value)


def _show_departement(ctx: Context, value: Any) -> str:
    departement = ctx.refs.departements.get(value)
    return f"{departement.name} ({departement.code})" if departement else str(value)


# « j'ai un tiers temps », « il me faut plus de temps », « j'ai un PAI », « j'ai besoin d'un lecteur »: what needs an
# accommodation (a condition, a recognition, or the help itself), said at the accommodation question (normalised).
ACCOMMODATION = re.compile(
    r"\b(?:tiers[ -]temps|1 3 temps|amenagements?|dyslexi\w*|dyspraxi\w*|dysorthographi\w*|dyscalculi\w*|dysphasi\w*|"
    r"tdah?|troubles? (?:dys|de l attention|du langage|des apprentissages|autistique|anxieux)\w*|autis\w*|"
    r"asperger|epilep\w*|diabet\w*|mdph|pap|pai|pps|rqth|cdaph|aeeh|handicap\w*|malvoyant\w*|malentendant\w*|"
    r"sourd\w*|aveugle|non voyant\w*|fauteuil|braille|"
    # more time
    r"(?:plus|davantage) de temps|temps (?:supplementaire|majore|additionnel|en plus|de composition majore)|"
    r"majoration (?:du|de) temps|du temps en plus|"
    # a reader, a scribe, a helper
    r"lecteur|lectrice|secretaire|scripteur|scribe|aide humaine|aesh|avs|auxiliaire|"
    r"(?:qu on|que quelqu un) (?:me )?(?:lise|ecrive)|ecri(?:re|ve) (?:a|pour) ma place|"
    # large print, a computer, rest breaks, a room apart
    r"gros(?:ses)? caracteres|grands? caracteres|agrandi\w*|police (?:plus )?grande|format a3|"
    r"ordinateur|ordi|pc|clavier|tablette|logiciel|dictee vocale|"
    r"pauses?|temps de (?:pause|repos)|me reposer|salle (?:a part|isolee|seule|separee))\b"
)
NEGATION = re.compile(r"\b(?:non|pas|aucun|aucune|jamais|ni|sans)\b")
# « pas de handicap », « je n'ai besoin de rien », « pas concerné », « ça ira »: no accommodation (normalised).
NO_ACCOMMODATION = re.compile(
    r"^(?:(?:non|nan|bah|ben|euh|alors|merci)\s+)*(?:"
    r"rien(?: de (?:special|particulier))?|aucun\w*|nada|pas (?:du tout|concerne\w*|besoin|de besoin|necessaire)|"
    r"(?:je )?(?:ne )?suis pas concerne\w*|ca ira|ca va(?: aller)?|tout va bien|"
    r"(?:je )?(?:n )?ai (?:pas|aucun|aucune) (?:de |d )?(?:handicap|amenagement|besoin|trouble|probleme)\w*|"
    r"(?:je )?(?:n )?ai besoin de rien|(?:je )?(?:n )?en ai pas besoin|pas (?:de |d )?(?:handicap|amenagement)\w*"
    r")(?:\s+(?:merci|non|pas besoin|de particulier|de special|pour moi|du tout|en plus|de temps en plus|"
    r"(?:d |de )?(?:amenagement|handicap|besoin|trouble|probleme)\w*))*$"
)
ASKING = re.compile(r"\b(?:quoi|qu est ce|comment|pourquoi|veut dire|c est quel|quel|quelle|est ce que)\b")


def _accommodation(ctx: Context, text: str) -> Result:
    """Yes when the answer names what needs an accommodation (and says no « non » nor « pas », and asks nothing);
    no when it says that nothing is needed."""
    words = normalise(text)
    if "?" in text or ASKING.search(words):  # « c'est quoi un aménagement ? » asks, it does not answer
        return Invalid("")
    if NO_ACCOMMODATION.match(words):
        return Valid(False)
    if ACCOMMODATION.search(words) and not NEGATION.search(words):
        return Valid(True)
    return Invalid("")
    if ACCOMMODATION.search(words) and not NEGATION.search(words):
        return Valid(True)
    return Invalid("")
