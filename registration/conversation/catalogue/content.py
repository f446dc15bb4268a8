"""The two directions between conversation answers and dossier content (docs/dossier.md), side by side."""

from __future__ import annotations

from typing import Any

from registration.conversation.catalogue import acquis
from registration.conversation.catalogue.composite import ONE_SENTENCE
from registration.conversation.steps import OUTSIDE_CITY, SPLIT_CITIES, UNLISTED, Context
from registration.referentials import Referentials
from registration.referentials.records import ABSENT
from registration.rules import ABROAD_POSTAL_CODE
from registration.settings import now


def _country(ctx: Context, code: str | None) -> tuple[str, str]:
    country = ctx.refs.countries.get(code or "")
    return (country.name, country.code) if country else ("France", "FR")


def build_content(ctx: Context) -> dict[str, Any]:
    """The dossier content as the store keeps it and the PDF prints it."""
    a = ctx.answers
    refs = ctx.refs
    academie = refs.academies.get(ctx.academie_code or "")
    born_in_france = a.get("naissance_lieu") != "abroad"
    departement = refs.departements.get(a.get("naissance_departement") or "") if born_in_france else None
    birth_country = ("France", "FR") if born_in_france else _country(ctx, a.get("naissance_pays"))
    abroad = a.get("residence_lieu") == "abroad"
    residence_country = _country(ctx, a.get("residence_pays")) if abroad else ("France", "FR")
    category = ctx.category
    etablissement = next((e for e in refs.etablissements if e.code == a.get("etablissement")), None)
    specialite = ctx.specialite
    option = next((o for o in specialite.options if o.code == a.get("option")), None) if specialite else None
    forme = a.get("forme") or "globale"
    acquis_items = acquis.acquis_list(ctx)
    epreuves = acquis.epreuves_content(ctx)
    return {
        "academie": {"code": academie.code, "name": academie.name} if academie else None,
        "session": ctx.session,
        "former_candidate_number": a.get("former_number") if a.get("former") else None,
        "etat_civil": {
            "nom": a.get("nom", ""),
            "nom_usage": a.get("nom_usage", ""),
            "prenoms": a.get("prenoms", ""),
            "date_naissance": a.get("date_naissance", ""),
        },
        "naissance": {
            "en_france": born_in_france,
            "departement": departement.code if departement else None,
            "departement_nom": departement.name if departement else None,
            "arrondissement": a.get("naissance_arrondissement")
            if departement
            and departement.code in SPLIT_CITIES
            and a.get("naissance_arrondissement") != OUTSIDE_CITY
            else None,
            "pays": birth_country[0],
            "pays_code": birth_country[1],
        },
        "residence": {
            "a_l_etranger": abroad,
            "adresse": a.get("adresse", ""),
            "complement": "",
            "lieu_dit": a.get("lieu_dit_etranger", "") if abroad else a.get("lieu_dit", ""),
            "code_postal": ABROAD_POSTAL_CODE if abroad else a.get("code_postal", ""),
            "localite": residence_country[0].upper() if abroad else a.get("localite", ""),
            "pays": residence_country[0],
            "pays_code": residence_country[1],
        },
        "email": a.get("email", ""),
        "categorie": {"code": category.code, "label": category.label} if category else None,
        "handicap": bool(a.get("handicap")),
        "etablissement": _etablissement(a, etablissement),
        "former_etablissement": _former_etablissement(ctx) if a.get("former") is True else None,
        "specialite": (
            {
                "code": specialite.code,
                "title": specialite.title,
                "option": {"code": option.code, "title": option.title} if option else None,
            }
            if specialite
            else None
        ),
        "forme": forme,
        "consent_press": a.get("consent_press"),
        "consent_collectivites": a.get("consent_collectivites"),
        "acquis": acquis_items,
        "epreuves": epreuves,
        "epreuves_table": _table_known(ctx),
        "souhaits": acquis.wishes(ctx),
        "acquis_declares": acquis.declared_list(ctx),
        # what the questions were answered with; a one-sentence question's own mark is not an answer
        "conversation_answers": {key: value for key, value in a.items() if key not in ONE_SENTENCE},
    }


def _table_known(ctx: Context) -> dict[str, Any] | None:
    """Which règlement d'examen the épreuves come from, and how well it is known (verifie … absent)."""
    specialite = ctx.specialite
    if not specialite:
        return None
    table = ctx.refs.epreuve_table(specialite.code)
    if table is None:
        return {"level": ABSENT, "version": 0, "source": None, "source_date": None}
    return {
        "level": table.level,
        "version": table.version,
        "source": table.source,
        "source_date": table.source_date.isoformat() if table.source_date else None,
    }


def _etablissement(answers: dict[str, Any], etablissement: Any) -> dict[str, Any] | None:
    """The establishment as the dossier keeps it; one the candidate typed is kept as unlisted, to be checked."""
    if answers.get("etablissement") == UNLISTED:
        return {
            "code": None,
            "name": answers.get("etablissement_nom", ""),
            "city": answers.get("etablissement_commune", ""),
            "type": "NON_REFERENCE",
            "unlisted": True,
        }
    if etablissement is None:
        return None
    return {
        "code": etablissement.code,
        "name": etablissement.name,
        "city": etablissement.city,
        "type": etablissement.type,
    }


def _former_etablissement(ctx: Context) -> dict[str, Any] | None:
    """A former candidate's establishment at the last candidature, as the dossier keeps it."""
    a = ctx.answers
    if a.get("ancien_etablissement") == UNLISTED:
        return {
            "code": None,
            "name": a.get("ancien_etablissement_nom", ""),
            "city": a.get("ancien_etablissement_commune", ""),
            "unlisted": True,
        }
    found = next((e for e in ctx.refs.etablissements if e.code == a.get("ancien_etablissement")), None)
    return {"code": found.code, "name": found.name, "city": found.city} if found else None


def former_school_answers(etablissement: dict[str, Any] | None, refs: Referentials) -> dict[str, Any]:
    """The answers of the former-establishment questions from a former registration's establishment."""
    etablissement = etablissement or {}
    code = etablissement.get("code")
    if code and any(e.code == code for e in refs.etablissements):
        return {"ancien_etablissement": code}
    if etablissement.get("name") and etablissement.get("city"):
        return {
            "ancien_etablissement": UNLISTED,
            "ancien_etablissement_nom": str(etablissement["name"]),
            "ancien_etablissement_commune": str(etablissement["city"]),
        }
    return {}


def answers_from_content(content: dict[str, Any], refs: Referentials) -> dict[str, Any]:
    """The conversation answers that reproduce a dossier content (a former registration or a validated dossier)."""
    if content.get("conversation_answers"):
        return dict(content["conversation_answers"])
    answers: dict[str, Any] = {}
    etat = content.get("etat_civil") or {}
    for key in ("nom", "nom_usage", "prenoms", "date_naissance"):
        if etat.get(key) is not None:
            answers[key] = etat[key]
    naissance = content.get("naissance") or {}
    if naissance:
        if naissance.get("en_france", True):
            answers["naissance_lieu"] = "france"
            if naissance.get("departement"):
                answers["naissance_departement"] = naissance["departement"]
            if naissance.get("arrondissement"):
                answers["naissance_arrondissement"] = str(naissance["arrondissement"])
        else:
            answers["naissance_lieu"] = "abroad"
            if naissance.get("pays_code"):
                answers["naissance_pays"] = naissance["pays_code"]
    residence = content.get("residence") or {}
    if residence:
        if residence.get("a_l_etranger"):
            answers.update(
                residence_lieu="abroad",
                residence_pays=residence.get("pays_code"),
                lieu_dit_etranger=residence.get("lieu_dit", ""),
            )
        else:
            answers.update(
                residence_lieu="france",
                # A dossier from elsewhere (a former candidate's) may hold the complement apart (« Bâtiment B »):
                # one complement question here, so both are kept in it.
                lieu_dit=", ".join(
                    part for part in (residence.get("complement"), residence.get("lieu_dit")) if part
                ),
                code_postal=residence.get("code_postal"),
                localite=residence.get("localite"),
            )
        answers["adresse"] = residence.get("adresse", "")
    if content.get("email"):
        answers["email"] = content["email"]
    etablissement = content.get("etablissement") or {}
    if etablissement.get("unlisted"):
        answers.update(
            etablissement=UNLISTED,
            etablissement_nom=etablissement.get("name", ""),
            etablissement_commune=etablissement.get("city", ""),
        )
    elif etablissement.get("code") and any(e.code == etablissement["code"] for e in refs.etablissements):
        answers["etablissement"] = etablissement["code"]
    specialite = content.get("specialite") or {}
    resolved = refs.specialite_for_code(str(specialite.get("code") or ""))
    if resolved:
        answers["specialite"] = resolved[0].code
        option_code = (specialite.get("option") or {}).get("code") or (
            resolved[1].code if resolved[1] else None
        )
        if option_code and resolved[0].option(option_code):
            answers["option"] = option_code
    if content.get("acquis") and answers.get("specialite"):
        answers.update(
            acquis.prefill_from_acquis(content["acquis"], Context(refs, dict(answers), now().date(), 0))
        )
    return {key: value for key, value in answers.items() if value is not None}
