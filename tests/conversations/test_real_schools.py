"""Candidates from real schools of several académies (a DROM among them), typing as people do, through the real
servers: each registration ends with a PDF naming the school and listing the épreuves of the specialty."""

from __future__ import annotations

import pytest

from registration.referentials import load_referentials
from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, pdf_text, validate
from tests.conversations.test_registrations import BASE, start, store_of

pytestmark = pytest.mark.conversation

# (académie, postal code, commune, school typed as people do, its UAI, specialty typed, option button)
SCHOOLS = [
    ("Martinique", "97220", "La Trinité", "frantz fanon", "9720350Y", "batiment", None),
    ("Lille", "59200", "Tourcoing", "lycee colbert tourcoing", "0590214M", "CIEL", "A : informatique"),
    (
        "Nancy-Metz",
        "57000",
        "Metz",
        "Louis Vincent",
        "0570058D",
        "conception et realisation de systemes automatiques",
        None,
    ),
    ("Montpellier", "30250", "Sommières", "lucie aubrac", "0301862L", "metiers de l eau", None),
    ("Mayotte", "97670", "Ouangani", "9760125G", "9760125G", "assistance technique d'ingenieur", None),
    (
        "Toulouse",
        "31250",
        "Revel",
        "ameublement revel",
        "0310088C",
        "developpement et realisation bois",
        None,
    ),
]


@pytest.mark.parametrize(
    "academie,postal_code,commune,school,uai,specialite,option", SCHOOLS, ids=[row[0] for row in SCHOOLS]
)
def test_a_candidate_of_a_real_school_registers(
    stack, academie, postal_code, commune, school, uai, specialite, option
):
    refs = load_referentials()
    etablissement = next(e for e in refs.etablissements if e.code == uai)
    profile = {
        **BASE,
        "nom": "Réel",
        "date_naissance": "06/06/2005",
        "code_postal": postal_code,
        "localite": commune,
        "etablissement": school,
        "specialite": specialite,
    }
    if option:
        profile["option"] = ("click", option)
    candidate = start(stack)
    fill(candidate, profile)
    assert f"académie d'inscription est : {academie}" in " ".join(m for _, m in candidate.transcript)
    document = validate(candidate)
    text = pdf_text(document["url"])
    assert etablissement.name.upper()[:20] in text.upper()
    stored = store_of(stack).find_dossiers(document["number"], "06/06/2005")
    content = next(d.content for d in stored if d.academie_code == refs.find_academie(academie).code)
    assert content["etablissement"]["code"] == uai
    assert content["epreuves"], "a confirmation must list épreuves"
    for epreuve in content["epreuves"][:3]:
        assert epreuve["code"] in text
    assert "Aucune épreuve" not in text


# Specialties whose règlement d'examen is not known here (no table): (académie, postal code, commune, school
# typed, its UAI, specialty typed). Each registers; what only the candidate knows is recorded, no épreuve invented.
WITHOUT_TABLE = [
    ("Nice", "06000", "Nice", "lycee paul augier nice", "0060034E", "tourisme", "08/08/2005"),
    ("Nantes", "72000", "Le Mans", "gabriel touchard", "0720033V", "electrotechnique", "09/08/2005"),
]
DECLARING = {
    "langues_souhait": [("click", "☐ Anglais"), ("click", "☐ Espagnol"), ("click", "Suite")],
    "facultative_souhait": ("click", "Oui"),
    "facultative_souhait_texte": "Italien",
    "acquis_declares": ("click", "Oui"),
    "declared_epreuve": "E1 Culture générale et expression",
    "declared_annee": "2025",
    "declared_academie": "Nice",
    "declared_note": "12,5",
    "declared_more": ("click", "Non"),
}


@pytest.mark.parametrize(
    "academie,postal_code,commune,school,uai,specialite,born",
    WITHOUT_TABLE,
    ids=[row[5] for row in WITHOUT_TABLE],
)
def test_a_specialty_without_a_table_registers_without_inventing_epreuves(
    stack, academie, postal_code, commune, school, uai, specialite, born
):
    profile = {
        **BASE,
        **DECLARING,
        "nom": "Sanstable",
        "date_naissance": born,
        "code_postal": postal_code,
        "localite": commune,
        "etablissement": school,
        "specialite": specialite,
    }
    candidate = start(stack)
    fill(candidate, profile)
    said = " ".join(m for _, m in candidate.transcript)
    assert "seront saisies par le service des examens" in said
    assert "Langue(s) vivante(s) étudiée(s) (souhait, à confirmer) : Anglais, Espagnol" in candidate.text
    document = validate(candidate)
    text = " ".join(pdf_text(document["url"]).split())
    [dossier] = store_of(stack).find_dossiers(document["number"], born)
    content = dossier.content
    assert content["etablissement"]["code"] == uai
    assert content["epreuves"] == [] and content["acquis"] == []
    assert content["epreuves_table"]["level"] == "absent"
    assert content["souhaits"] == {
        "langues": ["Anglais", "Espagnol"],
        "facultative": "Italien",
        "facultative_souhaitee": True,
    }
    assert content["acquis_declares"] == [
        {
            "epreuve": "E1 Culture générale et expression",
            "annee": 2025,
            "academie": "Nice",
            "note": 12.5,
            "statut": "declare",
        }
    ]
    assert "seront saisies par le service des examens d'après le règlement d'examen en vigueur" in text
    assert "Anglais, Espagnol" in text and "souhait, à confirmer" in text and "Italien" in text
    assert (
        "E1 Culture générale et expression" in text and "déclaré, à vérifier" in text and "12.50/20" in text
    )
    assert "INSCRIT" not in text  # no épreuve is listed as one to sit


def test_a_partial_table_lists_its_epreuves_to_confirm(stack):
    """MCO: the 2024 table was read up to E7; its épreuves are used and listed « à confirmer »."""
    profile = {**BASE, "nom": "Partiel", "date_naissance": "09/09/2005"}
    candidate = start(stack)
    fill(candidate, profile)
    assert "est à confirmer par le service des examens" in " ".join(m for _, m in candidate.transcript)
    assert "Liste des épreuves à confirmer par le service des examens" in candidate.text
    document = validate(candidate)
    text = " ".join(pdf_text(document["url"]).split())
    assert "Liste des épreuves à confirmer par le service des examens" in text
    assert "Cette liste est incomplète" in text and "E7" in text
    [dossier] = store_of(stack).find_dossiers(document["number"], "09/09/2005")
    assert dossier.content["epreuves_table"]["level"] == "partiel"
    assert dossier.content["souhaits"] is None and dossier.content["acquis_declares"] == []


def test_an_unlisted_establishment_goes_through_to_a_validated_dossier(stack):
    profile = {
        **BASE,
        "nom": "Horsliste",
        "date_naissance": "07/07/2004",
        "categorie": ("click", "Apprenti"),
        "etablissement": "mon établissement n'est pas dans la liste",
        "etablissement_nom": "CFA des métiers du commerce de la Chambre de commerce",
        "etablissement_commune": "Paris",
    }
    candidate = start(stack)
    fill(candidate, profile)
    assert "à vérifier par le service des examens" in candidate.text
    document = validate(candidate)
    [dossier] = store_of(stack).find_dossiers(document["number"], "07/07/2004")
    assert dossier.content["etablissement"]["unlisted"] is True
    text = pdf_text(document["url"])
    assert "CFA DES MÉTIERS DU COMMERCE" in text.upper() and "VÉRIFIER" in text.upper()


def test_a_commune_must_belong_to_its_postal_code(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    fill(candidate, {**BASE, "code_postal": "01400"}, until="localite")
    assert "Châtillon-sur-Chalaronne" in candidate.titles()  # several communes: offered as buttons
    candidate.say("OUI")
    assert "n'est pas une commune du code postal 01400" in candidate.text
    assert current_question(candidate) == "localite"
    candidate.say("chatillon sur chalaronne")
    assert current_question(candidate) != "localite"
