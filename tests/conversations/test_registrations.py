"""Whole registrations through the real Rasa server and action server, each checked in the store and the PDF."""

from __future__ import annotations

import pytest

from registration.helpdesk import HelpDesk
from registration.store import Store
from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, pdf_text, validate

pytestmark = pytest.mark.conversation

# A candidate born in Paris 15e, living in Paris, scolaire in a public school, MCO: the buttons path.
BASE = {
    "start": ("click", "M'inscrire"),
    "former": ("click", "Non"),
    "nom": "Lefèvre",
    "nom_usage": ("click", "Pas de nom d'usage"),
    "prenoms": "Léa Marie",
    "date_naissance": "03/05/2004",
    "naissance_lieu": ("click", "En France"),
    "naissance_departement": "75",
    "naissance_arrondissement": ("click", "Paris 15e"),
    "residence_lieu": ("click", "En France"),
    "adresse": "12 rue de la Paix",
    "lieu_dit": ("click", "Pas de complément"),
    "code_postal": "75015",
    "localite": "Paris",
    "email": "lea.lefevre@exemple.fr",
    "categorie": ("click", "Scolaire — établissement public"),
    "handicap": ("click", "Non"),
    "etablissement": "lycée emile dubois",  # a real Paris lycée that offers MCO (UAI 0750692V)
    "specialite": "MCO",
    "specialite_hors_etablissement": ("click", "Oui"),  # profiles choosing another specialty there confirm it
    "consent_press": ("click", "Oui"),
    "consent_collectivites": ("click", "Non"),
    "acquis_diplomas": ("click", "Aucun"),
    "acquis_declares": ("click", "Non"),  # a specialty with no diploma list: no acquis to declare
    "epreuve_choice": ("click", "Anglais"),
    "facultatives": ("click", "Aucune"),
    "epreuves_progressive": [("click", "☐"), ("click", "Suite")],
}


# The same person answering « nom et prénoms », the place of birth and the address in one answer each, and both
# consents with one button: the buttons path (a button for every closed choice, typing only what is open).
COMBINED = {
    **BASE,
    "identite": "LEFÈVRE Léa Marie",
    "lieu_naissance": "Paris 15e",
    "adresse_complete": "12 rue de la Paix 75015 Paris",
    "consents": ("click", "Publication seulement"),
}

# The same person again, typing everything as people write it, and saying first what they want.
FREE_TEXT_OPENING = [
    "Bonjour, je voudrais m'inscrire au BTS MCO",
    "non",
    "je m'appelle Léa Marie Lefèvre, née le 3 mai 2004 à Paris 15e, lea.lefevre@exemple.fr",
    "oui",
]
FREE_TEXT = {
    "adresse_complete": "12 rue de la Paix 75015 Paris",
    "categorie": "scolaire etablissement public",
    "handicap": "non",
    "etablissement": "lycée emile dubois",
    "consents": "presse seulement",
    "acquis_diplomas": "aucun",
    "epreuve_choice": "anglais",
    "facultatives": "aucune",
}
MAX_TURNS = {"buttons": 22, "free text": 16}


def candidate_turns(candidate: Candidate) -> int:
    return sum(1 for who, _ in candidate.transcript if who == "candidat")


def store_of(stack) -> Store:
    return Store(stack.extra_env["DATABASE_URL"])


def start(stack) -> Candidate:
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    return candidate


def register(stack, profile: dict) -> tuple[Candidate, dict, str]:
    candidate = start(stack)
    fill(candidate, profile)
    document = validate(candidate)
    return candidate, document, pdf_text(document["url"])


def stored(stack, document: dict, birth_date: str):
    """The dossier of a confirmation: found by its download link (numbers repeat across académies)."""
    store = store_of(stack)
    revision = store.resolve_download_token(document["url"].rsplit("/", 1)[1])
    assert revision is not None
    dossiers = [d for d in store.find_dossiers(document["number"], birth_date) if d.id == revision.dossier_id]
    assert len(dossiers) == 1
    return dossiers[0]


def test_bonjour_is_answered_by_the_action_server(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("bonjour")
    assert "pré-inscription au BTS" in candidate.text
    assert "M'inscrire" in candidate.titles()


def test_born_in_paris_15e_buttons_path(stack):
    candidate, document, text = register(stack, BASE)
    assert f"{document['number']} – 0" in candidate.text
    assert "imprimez-la" in candidate.text.lower() and "signez-la" in candidate.text
    dossier = stored(stack, document, "03/05/2004")
    assert dossier.label == document["dossier"]
    content = dossier.content
    assert content["etat_civil"]["nom"] == "LEFÈVRE"
    assert content["naissance"]["departement"] == "75" and content["naissance"]["arrondissement"] == "15"
    assert content["academie"]["name"] == "Paris"
    assert content["specialite"]["code"] == "32031213"
    assert content["consent_press"] is True and content["consent_collectivites"] is False
    for expected in (
        "LEFÈVRE",
        "Léa Marie",
        "03/05/2004",
        document["dossier"],
        "Management commercial opérationnel",
        "75015",
        "lea.lefevre@exemple.fr",
    ):
        assert expected in text, expected


def test_born_abroad(stack):
    profile = {
        **BASE,
        "nom": "El Amrani",
        "prenoms": "Yassine",
        "date_naissance": "27/09/2001",
        "naissance_lieu": ("click", "À l'étranger"),
        "naissance_pays": ["Marok", ("click", "Maroc")],
        "code_postal": "69003",
        "localite": "Lyon",
        "email": "yassine@exemple.fr",
        "specialite": ["informatique", ("click", "Services informatiques")],
        "option": ("click", "B : solutions logicielles"),
    }
    profile["etablissement"] = ("click", "Lycée")
    candidate, document, text = register(stack, profile)
    content = stored(stack, document, "27/09/2001").content
    assert content["naissance"]["en_france"] is False and content["naissance"]["pays_code"] == "MA"
    assert content["academie"]["name"] == "Lyon"
    assert "Maroc" in text and "EL AMRANI" in text


def test_living_abroad_with_99999(stack):
    profile = {
        **BASE,
        "nom": "Dupont",
        "prenoms": "Hugo",
        "date_naissance": "3 mai 2003",
        "residence_lieu": ("click", "À l'étranger"),
        "residence_pays": ["belgique"],
        "lieu_dit_etranger": "1000 Bruxelles",
        "adresse": "Rue Neuve 5",
        "categorie": ("click", "Candidat individuel"),
        "etablissement": ("click", "CANDIDATS INDIVIDUELS"),
    }
    candidate = start(stack)
    fill(candidate, {**profile, "date_naissance": ["3 mai 2003", ("click", "Oui")]})
    document = validate(candidate)
    text = pdf_text(document["url"])
    content = stored(stack, document, "03/05/2003").content
    residence = content["residence"]
    assert residence["code_postal"] == "99999" and residence["localite"] == "BELGIQUE"
    assert residence["lieu_dit"] == "1000 Bruxelles"
    assert "99999" in text and "BELGIQUE" in text


def test_individual_candidate_with_fictitious_establishment(stack):
    profile = {
        **BASE,
        "nom": "Nguyen",
        "prenoms": "Minh",
        "date_naissance": "12/12/1995",
        "categorie": ("click", "Candidat individuel"),
        "etablissement": ("click", "CANDIDATS INDIVIDUELS - PARIS"),
    }
    candidate, document, text = register(stack, profile)
    content = stored(stack, document, "12/12/1995").content
    assert content["categorie"]["code"] == "INDIVIDUEL"
    assert content["etablissement"]["type"] == "FICTIF"
    assert "CANDIDATS INDIVIDUELS - PARIS" in text


def test_forme_progressive(stack):
    profile = {
        **BASE,
        "nom": "Diallo",
        "prenoms": "Awa",
        "date_naissance": "01/02/1990",
        "categorie": ("click", "Formation professionnelle continue — établissement public"),
        "etablissement": ("click", "Lycée"),
        "forme": ("click", "Forme progressive"),
    }
    candidate, document, text = register(stack, profile)
    content = stored(stack, document, "01/02/1990").content
    assert content["forme"] == "progressive"
    assert "progressive" in text.lower()


def test_free_text_path(stack):
    candidate = start(stack)
    candidate.say("je veux m'inscrire")
    assert current_question(candidate) == "former"
    candidate.say("non")
    candidate.say("je m'appelle Léa Martin, née le 3 mai 2004 à Lyon 3e")
    assert "Léa" in candidate.text and "MARTIN" in candidate.text and "3 mai 2004" in candidate.text
    candidate.say("oui")
    profile = {
        **BASE,
        "nom_usage": "non",
        "email": "lea.martin@exemple.fr",
        "residence_lieu": "en france",
        "lieu_dit": "aucun",
        "code_postal": "69003",
        "localite": "Lyon",
        "handicap": "non",
        "consent_press": "oui",
        "consent_collectivites": "non",
        "acquis_diplomas": "aucun",
        "epreuve_choice": "anglais",
        "facultatives": "aucune",
        "categorie": "scolaire etablissement public",
        "etablissement": ("click", "Lycée"),
    }
    fill(candidate, profile)
    document = validate(candidate)
    content = stored(stack, document, "03/05/2004").content
    assert content["etat_civil"]["prenoms"] == "Léa" and content["etat_civil"]["nom"] == "MARTIN"
    assert content["naissance"]["departement"] == "69" and content["naissance"]["arrondissement"] == "3"
    text = pdf_text(document["url"])
    assert "MARTIN" in text and "Rhône" in text and "69003" in text


def register_free_text(stack) -> tuple[Candidate, dict]:
    candidate = Candidate(stack.rasa_url)
    for message in FREE_TEXT_OPENING:
        candidate.say(message)
    fill(candidate, FREE_TEXT)
    return candidate, validate(candidate)


def test_fewer_turns_and_the_same_dossier(stack):
    one_by_one, document = register(stack, BASE)[:2]
    reference = stored(stack, document, "03/05/2004").content
    buttons, document = register(stack, COMBINED)[:2]
    assert candidate_turns(buttons) <= MAX_TURNS["buttons"], buttons.dump()
    assert candidate_turns(buttons) < candidate_turns(one_by_one)
    assert stored(stack, document, "03/05/2004").content == reference
    typed, document = register_free_text(stack)
    assert candidate_turns(typed) <= MAX_TURNS["free text"], typed.dump()
    assert stored(stack, document, "03/05/2004").content == reference
    assert "LEFÈVRE" in pdf_text(document["url"])


def test_detours_back_help_and_modify(stack):
    candidate = start(stack)
    fill(candidate, BASE, until="date_naissance")
    candidate.say("aide")
    assert "00/00" in candidate.text  # the help explains the format
    assert current_question(candidate) == "date_naissance"
    candidate.say("retour")
    assert "Léa Marie" in candidate.text and current_question(candidate) == "prenoms"
    candidate.say("Léa")
    assert current_question(candidate) == "date_naissance"
    fill(candidate, BASE)
    candidate.say("modifier adresse")
    assert current_question(candidate) == "adresse_complete"
    fill(candidate, {**BASE, "adresse": "8 avenue Foch", "code_postal": "75016"})
    assert "8 avenue Foch" in candidate.text
    document = validate(candidate)
    content = stored(stack, document, "03/05/2004").content
    assert content["etat_civil"]["prenoms"] == "Léa"
    assert (
        content["residence"]["adresse"] == "8 avenue Foch" and content["residence"]["code_postal"] == "75016"
    )
    assert "8 AVENUE FOCH" in pdf_text(document["url"]).upper()


def test_abandon_forgets_the_draft(stack):
    candidate = start(stack)
    fill(candidate, BASE, until="lieu_naissance")
    candidate.say("abandon")
    assert "vraiment abandonner" in candidate.text
    candidate.click("Non, continuer")
    assert current_question(candidate) == "lieu_naissance"
    candidate.say("abandon")
    candidate.click("Oui, abandonner")
    assert store_of(stack).load_draft(candidate.sender) is None
    candidate.say("bonjour")
    assert current_question(candidate) == "start"


def test_wrong_answers_then_corrected(stack):
    candidate = start(stack)
    fill(candidate, BASE, until="date_naissance")
    candidate.say("le 45 du mois")
    assert current_question(candidate) == "date_naissance" and "03/05/2004" in candidate.text
    candidate.say("03/05/2004")
    fill(candidate, BASE, until="code_postal")
    candidate.say("7501")
    assert current_question(candidate) == "code_postal" and "5 chiffres" in candidate.text
    candidate.say("99999")
    assert current_question(candidate) == "code_postal"
    candidate.say("abc")
    assert "conseiller" in candidate.text.lower()
    candidate.click("Parler à un conseiller")
    assert "demande n°" in candidate.text
    assert HelpDesk(store_of(stack)).requests()
    fill(candidate, {**BASE, "email": ["pas un mail", "lea.lefevre@exemple.fr"]})
    document = validate(candidate)
    assert stored(stack, document, "03/05/2004").content["residence"]["code_postal"] == "75015"
    assert "lea.lefevre@exemple.fr" in pdf_text(document["url"])


def test_leave_and_resume_elsewhere_with_the_code(stack):
    first = start(stack)
    first.click("M'inscrire")
    code = store_of(stack).resume_code_for(first.sender)
    assert code and code in first.text
    fill(first, BASE, until="lieu_naissance")
    elsewhere = Candidate(stack.rasa_url)
    elsewhere.say(f"reprendre {code}")
    assert current_question(elsewhere) == "lieu_naissance"
    fill(elsewhere, BASE)
    document = validate(elsewhere)
    assert stored(stack, document, "03/05/2004").content["etat_civil"]["nom"] == "LEFÈVRE"
    assert document["dossier"] in pdf_text(document["url"])
