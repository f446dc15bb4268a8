"""Choice providers, validators and displays used by the questions of the catalogue."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registration import rules
from registration.conversation.catalogue.steps import Context
from registration.conversation.messages import BUTTONS
from registration.conversation.types import Choice
from registration.referentials import Referentials
from registration.rules import Invalid, Result, Valid
from registration.rules.messages import french_date


# --- choice providers ------------------------------------------------------------------------------------

def _where() -> list[Choice]:
    return [Choice("france", BUTTONS["france"], ("france", "en france", "dom tom", "outre mer", "metropole")),
            Choice("abroad", BUTTONS["abroad"], ("etranger", "a l etranger", "hors de france"))]


def _categories(ctx: Context) -> list[Choice]:
    return [Choice(c.code, c.label) for c in ctx.refs.categories.values()]


def _etablissements(ctx: Context) -> list[Choice]:
    academie, category = ctx.academie_code, ctx.category
    if not academie or not category:
        return []
    found = ctx.refs.etablissements_for(academie, tuple(category.establishment_types))
    return [Choice(e.code, f"{e.name} ({e.city})") for e in found]


def _search_etablissements(ctx: Context, text: str) -> list[Choice]:
    academie, category = ctx.academie_code, ctx.category
    if not academie or not category:
        return []
    found = ctx.refs.search_etablissements(academie, text, types=tuple(category.establishment_types), limit=6)
    return [Choice(e.code, f"{e.name} ({e.city})") for e in found]


def _search_specialites(ctx: Context, text: str) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.search_specialites(text, limit=6)]


def _all_specialites(ctx: Context) -> list[Choice]:
    return [Choice(s.code, s.title, tuple(s.aliases)) for s in ctx.refs.specialites.values()]


def _search_countries(ctx: Context, text: str) -> list[Choice]:
    return [Choice(c.code, c.name, tuple(c.aliases)) for c in ctx.refs.search_countries(text, limit=6)
            if c.code != "FR"]


def _all_countries(ctx: Context) -> list[Choice]:
    return [Choice(c.code, c.name, tuple(c.aliases)) for c in ctx.refs.countries.values() if c.code != "FR"]


def _options(ctx: Context) -> list[Choice]:
    specialite = ctx.specialite
    return [Choice(o.code, o.title, tuple(o.aliases)) for o in specialite.options] if specialite else []


def _show_date(ctx: Context, value: Any) -> str:
    day, month, year = (int(part) for part in str(value).split("/"))
    return french_date(day, month, year) if day and month else str(value)


def _formes(ctx: Context) -> list[Choice]:
    return [Choice("globale", BUTTONS["globale"], ("globale",)),
            Choice("progressive", BUTTONS["progressive"], ("progressive",))]


def _arrondissements(ctx: Context) -> list[Choice]:
    return [Choice(a.number, a.label, (a.number, a.insee))
            for a in ctx.refs.arrondissements.get(ctx.get("naissance_departement"), ())]


# --- validators adapted to the Context ----------------------------------------------------------------------

def _birth_date(ctx: Context, text: str) -> Result:
    return rules.validate_birth_date(text, ctx.today)


def _departement(ctx: Context, text: str) -> Result:
    result = rules.validate_departement(text, ctx.refs)
    return Valid(result.value.code, result.echo) if isinstance(result, Valid) else result


def _postal_code(ctx: Context, text: str) -> Result:
    result = rules.validate_postal_code(text, ctx.refs)
    return Valid(result.value["code_postal"], result.echo) if isinstance(result, Valid) else result


def _candidate_number(ctx: Context, text: str) -> Result:
    cleaned = "".join(ch for ch in (text or "") if ch.isalnum())
    if 4 <= len(cleaned) <= 20:
        return Valid(cleaned.upper())
    return Invalid("Un numéro de candidat contient de 4 à 20 chiffres ou lettres. Tapez-le tel qu'il figure sur "
                   "votre relevé de notes, par exemple : 2025011234.")


def _in_france(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "france"


def _abroad(key: str) -> Callable[[Context], bool]:
    return lambda ctx: ctx.get(key) == "abroad"


def _name_of(getter: Callable[[Referentials], dict]) -> Callable[[Context, Any], str]:
    def show(ctx: Context, value: Any) -> str:
        item = getter(ctx.refs).get(value)
        return getattr(item, "title", None) or getattr(item, "name", None) or getattr(item, "label", None) or str(value)
    return show


def _show_etablissement(ctx: Context, value: Any) -> str:
    for e in ctx.refs.etablissements:
        if e.code == value:
            return f"{e.name} ({e.city})"
    return str(value)


def _show_departement(ctx: Context, value: Any) -> str:
    departement = ctx.refs.departements.get(value)
    return f"{departement.name} ({departement.code})" if departement else str(value)
