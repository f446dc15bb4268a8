"""Turns the conversation's answers into the dossier content (docs/dossier.md) and its French summary."""
from __future__ import annotations

from typing import Any

from registration.conversation import acquis as acquis_rules
from registration.conversation.catalogue import Context
from registration.conversation.messages import SUMMARY_LABELS


def _country(ctx: Context, code: str | None) -> tuple[str, str]:
    country = ctx.refs.countries.get(code or "")
    return (country.name, country.code) if country else ("France", "FR")


def build_content(ctx: Context, state: dict[str, Any]) -> dict[str, Any]:
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
    acquis = acquis_rules.acquis_list(ctx)
    epreuves = acquis_rules.epreuves_content(ctx)
    return {
        "academie": {"code": academie.code, "name": academie.name} if academie else None,
        "session": ctx.session,
        "former_candidate_number": a.get("former_number") if a.get("former") else None,
        "etat_civil": {
            "nom": a.get("nom", ""), "nom_usage": a.get("nom_usage", ""), "prenoms": a.get("prenoms", ""),
            "date_naissance": a.get("date_naissance", ""),
        },
        "naissance": {
            "en_france": born_in_france,
            "departement": departement.code if departement else None,
            "departement_nom": departement.name if departement else None,
            "arrondissement": a.get("naissance_arrondissement") if departement and departement.code in ("75", "69", "13")
            else None,
            "pays": birth_country[0], "pays_code": birth_country[1],
        },
        "residence": {
            "a_l_etranger": abroad,
            "adresse": a.get("adresse", ""),
            "complement": "",
            "lieu_dit": a.get("lieu_dit_etranger", "") if abroad else a.get("lieu_dit", ""),
            "code_postal": "99999" if abroad else a.get("code_postal", ""),
            "localite": residence_country[0].upper() if abroad else a.get("localite", ""),
            "pays": residence_country[0], "pays_code": residence_country[1],
        },
        "email": a.get("email", ""),
        "categorie": {"code": category.code, "label": category.label} if category else None,
        "handicap": bool(a.get("handicap")),
        "etablissement": ({"code": etablissement.code, "name": etablissement.name, "city": etablissement.city,
                           "type": etablissement.type} if etablissement else None),
        "specialite": ({"code": specialite.code, "title": specialite.title,
                        "option": {"code": option.code, "title": option.title} if option else None}
                       if specialite else None),
        "forme": forme,
        "consent_press": a.get("consent_press"),
        "consent_collectivites": a.get("consent_collectivites"),
        "acquis": acquis,
        "epreuves": epreuves,
        "conversation_answers": dict(a),
    }


def _yes_no(value: Any) -> str:
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
    lines = [residence.get("adresse"), residence.get("lieu_dit"),
             f"{residence.get('code_postal', '')} {residence.get('localite', '')}".strip()]
    if residence.get("a_l_etranger"):
        lines.append(residence.get("pays"))
    return [line for line in lines if line]


def summary_text(content: dict[str, Any]) -> str:
    """The récapitulatif shown before validation: every answer, grouped like the PDF."""
    etat = content.get("etat_civil") or {}
    specialite = content.get("specialite") or {}
    option = (specialite.get("option") or {}).get("title")
    etablissement = content.get("etablissement") or {}
    lines = [
        "Récapitulatif de votre dossier",
        f"{SUMMARY_LABELS['nom']} : {etat.get('nom', '')}",
        f"{SUMMARY_LABELS['nom_usage']} : {etat.get('nom_usage') or '—'}",
        f"{SUMMARY_LABELS['prenoms']} : {etat.get('prenoms', '')}",
        f"{SUMMARY_LABELS['date_naissance']} : {etat.get('date_naissance', '')}",
        f"{SUMMARY_LABELS['naissance']} : {birth_place(content)}",
        f"{SUMMARY_LABELS['adresse']} : {', '.join(address_lines(content))}",
        f"{SUMMARY_LABELS['email']} : {content.get('email', '')}",
        f"{SUMMARY_LABELS['academie']} : {(content.get('academie') or {}).get('name', '—')}",
        f"{SUMMARY_LABELS['categorie']} : {(content.get('categorie') or {}).get('label', '—')}",
        f"{SUMMARY_LABELS['handicap']} : {_yes_no(content.get('handicap'))}",
        f"{SUMMARY_LABELS['etablissement']} : {etablissement.get('name', '—')} ({etablissement.get('city', '')})",
        f"{SUMMARY_LABELS['specialite']} : {specialite.get('title', '—')}" + (f", option {option}" if option else ""),
        f"{SUMMARY_LABELS['forme']} : {content.get('forme', 'globale')}",
        f"{SUMMARY_LABELS['consent_press']} : {_yes_no(content.get('consent_press'))}",
        f"{SUMMARY_LABELS['consent_collectivites']} : {_yes_no(content.get('consent_collectivites'))}",
    ]
    acquis = content.get("acquis") or []
    if acquis:
        lines.append(f"{SUMMARY_LABELS['acquis']} :")
        for item in acquis:
            note = f" {item['note']:.2f}" if item.get("note") is not None else ""
            lines.append(f"  {item['epreuve_code']} {item['epreuve_title']} : {item['position']}{note}")
    else:
        lines.append(f"{SUMMARY_LABELS['acquis']} : aucun")
    epreuves = content.get("epreuves") or []
    if epreuves:
        lines.append(f"{SUMMARY_LABELS['epreuves']} :")
        for item in epreuves:
            choice = f" ({item['choice']})" if item.get("choice") else ""
            lines.append(f"  {item['code']} {item['title']}{choice} : {item.get('status', '')}")
    return "\n".join(lines)
