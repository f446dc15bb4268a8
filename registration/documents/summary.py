"""The récapitulatif: a dossier content as the French summary the candidate reads before validating, and that
the dossier's page, the confirmation e-mail and the console show again. Its labels are the dossier's words, kept
here with it (as the rules keep theirs): the conversation, the documents and the mail read them from here."""

from __future__ import annotations

from typing import Any

from registration.documents import formatting as fmt
from registration.documents.formatting import address_lines, birth_place, yes_no

SUMMARY_LABELS = {
    "title": "Récapitulatif de votre dossier",
    "none": "aucun",
    "nom": "Nom de famille",
    "nom_usage": "Nom d'usage",
    "prenoms": "Prénom(s)",
    "date_naissance": "Date de naissance",
    "naissance": "Lieu de naissance",
    "adresse": "Adresse",
    "email": "Adresse électronique",
    "academie": "Académie",
    "categorie": "Catégorie",
    "handicap": "Aménagement d'épreuves demandé",
    "etablissement": "Établissement",
    "ancien_etablissement": "Ancien établissement (dernière candidature)",
    "specialite": "Spécialité",
    "option": "option",
    "forme": "Forme de passage",
    "consent_press": "Publication du résultat (presse, sites internet)",
    "consent_collectivites": "Communication aux collectivités territoriales",
    "acquis": "Acquis",
    "acquis_declares": "Acquis déclarés",
}
UNLISTED_TO_CHECK = "à vérifier par le service des examens"


def summary_text(content: dict[str, Any]) -> str:
    """The récapitulatif shown before validation: every answer, grouped like the PDF."""
    etat = content.get("etat_civil") or {}
    specialite = content.get("specialite") or {}
    option = (specialite.get("option") or {}).get("title")
    etablissement = content.get("etablissement") or {}
    lines = [
        SUMMARY_LABELS["title"],
        f"{SUMMARY_LABELS['nom']} : {etat.get('nom', '')}",
        f"{SUMMARY_LABELS['nom_usage']} : {etat.get('nom_usage') or '—'}",
        f"{SUMMARY_LABELS['prenoms']} : {etat.get('prenoms', '')}",
        f"{SUMMARY_LABELS['date_naissance']} : {etat.get('date_naissance', '')}",
        f"{SUMMARY_LABELS['naissance']} : {birth_place(content)}",
        f"{SUMMARY_LABELS['adresse']} : {', '.join(address_lines(content))}",
        f"{SUMMARY_LABELS['email']} : {content.get('email', '')}",
        f"{SUMMARY_LABELS['academie']} : {(content.get('academie') or {}).get('name', '—')}",
        f"{SUMMARY_LABELS['categorie']} : {(content.get('categorie') or {}).get('label', '—')}",
        f"{SUMMARY_LABELS['handicap']} : {yes_no(content.get('handicap'))}",
        f"{SUMMARY_LABELS['etablissement']} : {etablissement.get('name', '—')} ({etablissement.get('city', '')})"
        + (f" — {UNLISTED_TO_CHECK}" if etablissement.get("unlisted") else ""),
        *_former_school_line(content),
        f"{SUMMARY_LABELS['specialite']} : {specialite.get('title', '—')}"
        + (f", {SUMMARY_LABELS['option']} {option}" if option else ""),
        f"{SUMMARY_LABELS['forme']} : {content.get('forme', 'globale')}",
        f"{SUMMARY_LABELS['consent_press']} : {yes_no(content.get('consent_press'))}",
        f"{SUMMARY_LABELS['consent_collectivites']} : {yes_no(content.get('consent_collectivites'))}",
    ]
    acquis = content.get("acquis") or []
    if acquis:
        lines.append(f"{SUMMARY_LABELS['acquis']} :")
        for item in acquis:
            note = f" {item['note']:.2f}" if item.get("note") is not None else ""
            lines.append(f"  {item['epreuve_code']} {item['epreuve_title']} : {item['position']}{note}")
    else:
        lines.append(f"{SUMMARY_LABELS['acquis']} : {SUMMARY_LABELS['none']}")
    epreuves = content.get("epreuves") or []
    if epreuves:
        lines.append(f"{fmt.epreuves_heading(content)} :")
        for item in epreuves:
            choice = f" ({item['choice']})" if item.get("choice") else ""
            lines.append(f"  {item['code']} {item['title']}{choice} : {item.get('status', '')}")
    notice = fmt.epreuves_notice(content)
    if notice:
        lines.append(notice)
    lines += fmt.wishes_lines(content)
    declared = fmt.declared_lines(content)
    if declared:
        lines.append(f"{SUMMARY_LABELS['acquis_declares']} :")
        lines += [f"  {line}" for line in declared]
    return "\n".join(lines)


def _former_school_line(content: dict[str, Any]) -> list[str]:
    """A former candidate's establishment at the last candidature, when the dossier has one."""
    former = content.get("former_etablissement") or {}
    if not former.get("name"):
        return []
    unlisted = f" — {UNLISTED_TO_CHECK}" if former.get("unlisted") else ""
    return [
        f"{SUMMARY_LABELS['ancien_etablissement']} : {former['name']} ({former.get('city', '')}){unlisted}"
    ]
