"""Questions answered in one sentence (nom et prénoms, lieu de naissance, adresse, résultats), without Rasa."""

from __future__ import annotations

from datetime import date

import pytest

from registration.conversation.catalogue import Context
from registration.conversation.catalogue.composite import read_address, read_birthplace, read_identity
from registration.conversation.catalogue.content import build_content
from registration.conversation.state import DraftState
from registration.referentials import load_referentials
from registration.rules import Invalid, Valid
from tests.unit.test_conversation import Chat, services  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(load_referentials(), {"start": "new"}, date(2026, 11, 26), 2027)


@pytest.mark.parametrize(
    ("typed", "nom", "prenoms"),
    [
        ("Lefèvre Léa Marie", "LEFÈVRE", "Léa Marie"),
        ("Léa MARTIN", "MARTIN", "Léa"),
        ("je m'appelle Léa Marie Martin", "MARTIN", "Léa Marie"),
        ("de la Fontaine Jean", "DE LA FONTAINE", "Jean"),
        ("Da Silva, Hugo", "DA SILVA", "Hugo"),
        ("N'Diaye Awa", "N'DIAYE", "Awa"),
    ],
)
def test_names_in_one_answer(ctx, typed, nom, prenoms):
    result = read_identity(ctx, typed)
    assert isinstance(result, Valid)
    assert result.value == {"nom": nom, "prenoms": prenoms, "nom_usage": ""}


def test_one_word_is_the_family_name_and_the_first_names_are_asked_next(ctx):
    assert read_identity(ctx, "Martin").value == {"nom": "MARTIN", "nom_usage": ""}
    assert read_identity(ctx, "El Amrani").value == {"nom": "EL AMRANI", "nom_usage": ""}
    assert isinstance(read_identity(ctx, "M4rtin L3a"), Invalid)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "Lyon 3e",
            {"naissance_lieu": "france", "naissance_departement": "69", "naissance_arrondissement": "3"},
        ),
        (
            "Paris 15ème arrondissement",
            {"naissance_lieu": "france", "naissance_departement": "75", "naissance_arrondissement": "15"},
        ),
        (
            "Marseille",
            {"naissance_lieu": "france", "naissance_departement": "13"},
        ),  # arrondissement asked next
        ("né à Fort-de-France", {"naissance_lieu": "france", "naissance_departement": "972"}),
        ("Saint-Denis (974)", {"naissance_lieu": "france", "naissance_departement": "974"}),
        ("Saint-Denis", {"naissance_lieu": "france"}),  # several départements: asked next
        ("Casablanca, Maroc", {"naissance_lieu": "abroad", "naissance_pays": "MA"}),
        ("Belgique", {"naissance_lieu": "abroad", "naissance_pays": "BE"}),
        ("Rhône", {"naissance_lieu": "france", "naissance_departement": "69"}),
        # the guide asks the arrondissement only of people born in the cities of Paris, Lyon and Marseille
        (
            "Villeurbanne",
            {
                "naissance_lieu": "france",
                "naissance_departement": "69",
                "naissance_arrondissement": "hors_ville",
            },
        ),
        (
            "née à Aix-en-Provence",
            {
                "naissance_lieu": "france",
                "naissance_departement": "13",
                "naissance_arrondissement": "hors_ville",
            },
        ),
    ],
)
def test_place_of_birth_in_one_answer(ctx, typed, expected):
    result = read_birthplace(ctx, typed)
    assert isinstance(result, Valid), result
    assert result.value == expected


def test_an_unknown_place_says_what_to_type(ctx):
    result = read_birthplace(ctx, "Bruxelles")
    assert isinstance(result, Invalid) and "Casablanca, Maroc" in result.message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "12 rue des Lilas 75015 Paris",
            {
                "residence_lieu": "france",
                "adresse": "12 rue des Lilas",
                "lieu_dit": "",
                "localite": "Paris 15e Arrondissement",
                "code_postal": "75015",
            },
        ),
        (
            "Résidence les Pins, 12 rue des Lilas, 75015 Paris",
            {
                "residence_lieu": "france",
                "adresse": "12 rue des Lilas",
                "lieu_dit": "Résidence les Pins",
                "localite": "Paris 15e Arrondissement",
                "code_postal": "75015",
            },
        ),
        (
            "Via Roma 10, 00184 Rome, Italie",
            {
                "residence_lieu": "abroad",
                "residence_pays": "IT",
                "adresse": "Via Roma 10",
                "lieu_dit_etranger": "00184 Rome",
            },
        ),
        (
            "10 rue Haute 1000 Bruxelles Belgique",
            {
                "residence_lieu": "abroad",
                "residence_pays": "BE",
                "adresse": "10 rue Haute",
                "lieu_dit_etranger": "1000 Bruxelles",
            },
        ),
        ("75015", {"residence_lieu": "france", "code_postal": "75015"}),  # the rest asked line by line
    ],
)
def test_address_in_one_answer(ctx, typed, expected):
    result = read_address(ctx, typed)
    assert isinstance(result, Valid), result
    assert result.value == expected


def test_an_address_line_too_long_is_refused_by_the_same_rule(ctx):
    result = read_address(ctx, "12 rue du Général Charles de Gaulle prolongée 75015 Paris")
    assert isinstance(result, Invalid) and "38" in result.message


def test_a_commune_not_of_the_postal_code_is_asked_again(ctx):
    result = read_address(ctx, "12 rue de la Paix 75015 Lyon")
    assert isinstance(result, Valid) and "localite" not in result.value
    assert "n'est pas une commune du code postal 75015" in result.echo


def _start(chat: Chat) -> Chat:
    return chat.say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")


def _content(services, sender: str) -> dict:  # noqa: F811
    state = DraftState.from_dict(services.store.load_draft(sender))
    return build_content(Context(services.refs, state.answers, date(2026, 11, 26), 2027))


def test_read_back_once_with_buttons_to_correct(services):  # noqa: F811
    chat = _start(Chat(services)).say("Léa Marie LEFÈVRE")
    assert "Nom de famille : LEFÈVRE ; prénom(s) : Léa Marie." in chat.text
    assert "date de naissance" in chat.text
    chat.click("Ajouter un nom d'usage").say("Durand")
    assert "date de naissance" in chat.text
    chat.say("03/05/2004").say("Lyon 3e")
    assert "Lieu de naissance : Lyon 3e (Rhône)." in chat.text
    chat.click("Corriger le lieu de naissance")
    assert "Où êtes-vous né(e)" in chat.text
    chat.say("Casablanca, Maroc").say("3 place Bellecour 69002 Lyon")
    assert "Adresse : 3 place Bellecour, 69002 Lyon 2e." in chat.text and "Lyon" in chat.text
    chat.click("Ajouter un complément d'adresse").say("Bâtiment B")
    assert "adresse électronique" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["nom_usage"] == "DURAND" and answers["naissance_pays"] == "MA"
    assert answers["lieu_dit"] == "Bâtiment B" and answers["code_postal"] == "69002"


def test_swapped_names_are_put_right_with_one_button(services):  # noqa: F811
    chat = _start(Chat(services)).say("Léa Martin")
    assert "Nom de famille : LÉA" in chat.text
    chat.click("Inverser nom et prénoms")
    assert "Nom de famille : MARTIN ; prénom(s) : Léa." in chat.text and "date de naissance" in chat.text


def test_back_over_a_sentence_offers_all_of_it_again(services):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say("Paris 15e")
    chat.say("retour")
    assert "Où êtes-vous né(e)" in chat.text and "Garder" in chat.replies[-1].buttons[0].title
    chat.click("Garder")
    assert "adresse postale" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["naissance_arrondissement"] == "15"


def test_one_field_at_a_time_and_one_sentence_give_the_same_dossier(services):  # noqa: F811
    one = _start(Chat(services, "one-by-one"))
    one.say("Lefèvre").say("Léa Marie").say("03/05/2004")
    one.click("En France").say("75").click("Paris 15e")
    one.click("En France").say("12 rue de la Paix").click("Pas de complément").say("75015")
    one.say("Paris").say("lea@exemple.fr")
    whole = _start(Chat(services, "sentences"))
    whole.say("LEFÈVRE Léa Marie").say("03/05/2004").say("Paris 15e").say("12 rue de la Paix 75015 Paris")
    whole.say("lea@exemple.fr")
    assert "Comment préparez-vous le BTS" in one.text and "Comment préparez-vous le BTS" in whole.text
    assert _content(services, "one-by-one") == _content(services, "sentences")


def test_both_consents_in_one_question(services):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say("Paris 15e")
    chat.say("12 rue de la Paix 75015 Paris").say("lea@exemple.fr")
    chat.click("Scolaire").click("Non").say("lycée emile dubois")
    assert "Catégorie : Scolaire — établissement public." in chat.text  # a public lycée: nothing to ask
    chat.say("MCO")
    assert "Communication de vos résultats" in chat.text
    chat.click("Publication seulement")
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["consent_press"] is True and answers["consent_collectivites"] is False


def test_a_specialty_named_in_the_first_message_is_kept(services):  # noqa: F811
    chat = Chat(services).say("Bonjour, je voudrais m'inscrire au BTS MCO svp", "new_registration", 0.95)
    assert "C'est noté : BTS Management commercial opérationnel" in chat.text
    assert "déjà été candidat" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["start"] == "new" and answers["specialite"] == "32031213"


def test_a_specialty_without_a_table_named_first_is_kept(services):  # noqa: F811
    chat = Chat(services).say("je veux m'inscrire en BTS tourisme", "new_registration", 0.95)
    assert "C'est noté : BTS Tourisme" in chat.text
    assert "seront saisies par le service des examens" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["specialite"] == "32033426"


def test_a_sentence_names_the_family_name_last(services):  # noqa: F811
    chat = _start(Chat(services)).say("je m'appelle Léa Marie Lefèvre, née le 3 mai 2004 à Paris 15e")
    assert "Nom de famille : LEFÈVRE" in chat.text and "prénom(s) : Léa Marie" in chat.text


def test_how_the_bts_is_prepared_not_understood_says_so(services):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say("Paris 15e")
    chat.say("12 rue de la Paix 75015 Paris").say("lea@exemple.fr")
    assert "Comment préparez-vous le BTS" in chat.text
    chat.say("je ne sais pas trop")
    assert "Je n'ai pas reconnu ce choix" in chat.text  # never the bare question again
    chat.say("oui je suis en terminale")
    assert "handicap" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["categorie_famille"] == "Scolaire"


def test_consents_in_own_words_are_read_part_by_part(services):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say("Paris 15e")
    chat.say("12 rue de la Paix 75015 Paris").say("lea@exemple.fr")
    chat.click("Scolaire").click("Non").say("lycée emile dubois").say("MCO")
    chat.say("pas de presse")  # the words of a button (« presse »), saying no: never a yes to the press
    assert "J'ai besoin de vos deux réponses" in chat.text
    assert "Communication de vos résultats" in chat.text
    chat.say("non pour la presse, oui pour la mairie")
    assert "presse : non ; communication aux collectivités territoriales : oui" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["consent_press"] is False and answers["consent_collectivites"] is True


def test_a_name_asked_alone_is_kept_without_the_words_around_it(services):  # noqa: F811
    chat = _start(Chat(services)).say("Lefèvre")
    assert "prénom" in chat.text
    chat.say("mon prénom c'est Léa")
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["nom"] == "LEFÈVRE" and answers["prenoms"] == "Léa"


@pytest.mark.parametrize("typed", ["c'est 33000", "33 000", "mon code postal est le 33000 merci"])
def test_a_postal_code_asked_alone_is_read_among_words(ctx, typed):
    from registration.conversation.catalogue.providers import _postal_code

    result = _postal_code(ctx, typed)
    assert isinstance(result, Valid) and result.value == "33000"


@pytest.mark.parametrize("birthplace", ["Villeurbanne", "née à Aix-en-Provence"])
def test_born_near_lyon_or_marseille_goes_on_to_the_address(services, birthplace):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say(birthplace)
    assert "arrondissement" not in chat.text and "adresse postale" in chat.text
    content = _content(services, "unit-1")
    assert content["naissance"]["arrondissement"] is None
    assert content["naissance"]["departement"] in ("69", "13")


def test_lyon_alone_asks_the_arrondissement_with_a_way_out_for_the_rest_of_the_rhone(services):  # noqa: F811
    chat = _start(Chat(services)).say("LEFÈVRE Léa").say("03/05/2004").say("Lyon")
    assert "Dans quel arrondissement de Lyon" in chat.text
    titles = [b.title for b in chat.replies[-1].buttons]
    assert "Lyon 3e" in titles and "Ailleurs que dans la ville de Lyon" in titles
    one = _start(Chat(services, "one")).say("LEFÈVRE Léa").say("03/05/2004").click("En France").say("69")
    one.click("Ailleurs que dans la ville de Lyon")
    assert "adresse postale" in one.text
    assert _content(services, "one")["naissance"]["arrondissement"] is None
