"""What people write, as they write it, through the real Rasa server and action server: sentences that carry more
than the question asked, or words around the answer, end with the right stored dossier (issue 22's table)."""

from __future__ import annotations

import pytest

from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, validate
from tests.conversations.test_registrations import COMBINED, candidate_turns, start, stored

pytestmark = pytest.mark.conversation


LONG_FIRST_MESSAGE = (
    "Bonjour, je m'appelle Léa Martin, née le 3 mai 2004 à Lyon, j'habite 12 rue des Lilas 75015 Paris et je "
    "veux m'inscrire en BTS MCO au lycée Jean Lurçat"
)
# What is left to answer after the long first message, typed or clicked as a candidate would.
AFTER_LONG_MESSAGE = {
    **COMBINED,
    "naissance_arrondissement": ("click", "Lyon 3e"),
    "email": "lea.martin@exemple.fr",
    "categorie_famille": ("click", "Scolaire"),
}


def test_birth_date_typed_with_the_place_of_birth(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="date_naissance")
    candidate.say("née le 12/02/2003 à Bordeaux")
    assert "12 février 2003" in candidate.text and "Bordeaux" in candidate.text
    candidate.click("Oui, c'est exact")
    assert current_question(candidate) == "adresse_complete"  # the place of birth is not asked
    fill(candidate, COMBINED)
    content = stored(stack, validate(candidate), "12/02/2003").content
    assert content["etat_civil"]["date_naissance"] == "12/02/2003"
    assert content["naissance"]["departement"] == "33"


def test_name_date_and_place_in_the_answer_to_the_name(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="identite")
    candidate.say("Martin Léa, née le 3 mai 2004 à Lyon")
    assert "MARTIN" in candidate.text and "Léa" in candidate.text and "3 mai 2004" in candidate.text
    candidate.click("Oui, c'est exact")
    fill(candidate, {**COMBINED, "naissance_arrondissement": ("click", "Lyon 3e")})
    content = stored(stack, validate(candidate), "03/05/2004").content
    assert content["etat_civil"]["nom"] == "MARTIN" and content["etat_civil"]["prenoms"] == "Léa"
    assert content["naissance"]["departement"] == "69" and content["naissance"]["arrondissement"] == "3"


def test_a_first_message_that_tells_everything(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say(LONG_FIRST_MESSAGE)
    assert "Je n'ai pas reconnu ce choix" not in candidate.text
    titles = candidate.titles()
    for button in ("Oui, c'est exact", "Corriger : nom et prénoms", "Corriger : date de naissance",
                   "Corriger : lieu de naissance", "Corriger : adresse", "Corriger : établissement",
                   "Corriger : spécialité"):  # fmt: skip
        assert button in titles, titles
    assert "Jean Lurçat (Paris 13e)" in candidate.text
    candidate.click("Oui, c'est exact")
    fill(candidate, AFTER_LONG_MESSAGE)
    document = validate(candidate)
    # 12 answers at most, the épreuves included (MCO: the language of E2, then the facultatives in one question).
    assert candidate_turns(candidate) <= 12, candidate.dump()
    content = stored(stack, document, "03/05/2004").content
    assert content["etat_civil"]["nom"] == "MARTIN" and content["etat_civil"]["prenoms"] == "Léa"
    assert (
        content["residence"]["adresse"] == "12 rue des Lilas"
        and content["residence"]["code_postal"] == "75015"
    )
    assert content["specialite"]["code"] == "32031213"
    assert content["etablissement"]["code"] == "0753268V"
    assert content["categorie"]["code"] == "SCOLAIRE_PUBLIC"


def test_a_field_of_the_first_message_is_corrected_with_its_button(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say(LONG_FIRST_MESSAGE)
    candidate.click("Corriger : adresse")  # the rest is kept; the address is asked when its turn comes
    fill(candidate, AFTER_LONG_MESSAGE, until="adresse_complete")
    candidate.say("8 avenue Foch 75016 Paris")
    fill(candidate, AFTER_LONG_MESSAGE)
    content = stored(stack, validate(candidate), "03/05/2004").content
    assert (
        content["residence"]["adresse"] == "8 avenue Foch" and content["residence"]["code_postal"] == "75016"
    )
    assert content["etat_civil"]["nom"] == "MARTIN"


def test_a_first_message_naming_a_specialty_and_a_school_in_its_town(stack):
    candidate = Candidate(stack.rasa_url)
    candidate.say("je voudrais m'inscrire en bts tourisme, je suis au lycée Paul Augier à Nice")
    # The school is kept and said; tourism is kept when its épreuves are known, else a conseiller is offered.
    assert "Paul Augier (Nice)" in candidate.text
    assert "Tourisme" in candidate.text
    candidate.click("Oui, c'est exact")
    assert current_question(candidate) == "former"


def test_an_address_typed_after_j_habite_au(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="adresse_complete")
    candidate.say("j'habite au 5 cours Victor Hugo, 33000 Bordeaux")
    assert "j'habite" not in candidate.text.split("Adresse :", 1)[1].splitlines()[0]
    profile = {**COMBINED, "etablissement": "je suis au lycée Gustave Eiffel à Bordeaux"}
    fill(candidate, profile)
    content = stored(stack, validate(candidate), "03/05/2004").content
    assert content["residence"]["adresse"] == "5 cours Victor Hugo"
    assert content["residence"]["code_postal"] == "33000"
    assert content["etablissement"]["code"] == "0330028B"


def test_sio_and_its_option_by_their_usual_names(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="specialite")
    candidate.say("je fais un BTS SIO option SLAM")
    assert (
        "Services informatiques aux organisations" in candidate.text
        and "solutions logicielles" in candidate.text
    )
    assert current_question(candidate) != "option"
    fill(candidate, COMBINED)
    content = stored(stack, validate(candidate), "03/05/2004").content
    assert content["specialite"]["code"] == "32032613"
    assert content["specialite"]["option"]["code"] == "32032614"


def test_a_usage_name_after_epouse(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="identite")
    candidate.say("HADDAD épouse LEFEBVRE Nadia")
    assert "Nom d'usage : LEFEBVRE" in candidate.text
    fill(candidate, COMBINED)
    content = stored(stack, validate(candidate), "03/05/2004").content
    civil = content["etat_civil"]
    assert (civil["nom"], civil["prenoms"], civil["nom_usage"]) == ("HADDAD", "Nadia", "LEFEBVRE")


def test_a_school_by_its_common_name_and_town_is_said_back(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="etablissement")
    candidate.say("je suis au lycée Edgar Quinet à Paris")
    assert "Établissement retenu : Lycée Edgar Quinet (Paris 9e)" in candidate.text
    fill(candidate, COMBINED)
    content = stored(stack, validate(candidate), "03/05/2004").content
    assert content["etablissement"]["code"] == "0750671X"


def test_a_date_in_words_is_read(stack):
    candidate = start(stack)
    fill(candidate, COMBINED, until="date_naissance")
    candidate.say("douze février deux mille trois")
    assert "12 février 2003" in candidate.text and "Est-ce exact" in candidate.text  # read back, to confirm
    candidate.click("Oui")
    fill(candidate, COMBINED)
    content = stored(stack, validate(candidate), "12/02/2003").content
    assert content["etat_civil"]["date_naissance"] == "12/02/2003"
