"""Candidates' own words, without Rasa: the form's labels typed before values (« Nom : MARTIN, prénom : Léa »,
« date de naissance : … », « CP 35000 »), a first message that gives the identity, and an accommodation need (or
none) said in words."""

from __future__ import annotations

from datetime import date

import pytest

from registration.conversation.catalogue import Context, extract
from registration.conversation.catalogue.composite import read_address, read_identity
from registration.conversation.catalogue.providers import _accommodation
from registration.conversation.catalogue.questions import STEP_BY_ID
from registration.conversation.readers import fillers
from registration.conversation.state import DraftState
from registration.referentials import load_referentials
from registration.rules import Invalid, Valid
from tests.unit.test_conversation import Chat, services  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(load_referentials(), {"start": "new"}, date(2026, 11, 26), 2027)


def test_every_question_of_the_catalogue_that_reads_typed_text_has_labels():
    reading = {s.id for s in STEP_BY_ID.values() if s.validate or s.reader or s.search}
    reading -= {"start"}
    missing = [step for step in reading if not any(f in fillers.LABELS for f in fillers.labels_of(step))]
    assert not missing, missing


@pytest.mark.parametrize("field", sorted(fillers.LABELS))
def test_each_label_is_found_in_any_case_with_or_without_accents_and_colon(field):
    for label in fillers.LABELS[field]:
        for typed in (label, label.upper(), label.capitalize()):
            for joint in (" : ", ": ", "="):
                found = fillers.find_labels(f"{typed}{joint}VALEUR", [field])
                assert [(f.field, f.start) for f in found] == [(field, 0)], (typed, joint)
    accented = {
        "prenom": "Prénom",
        "date de naissance": "Date de naissance",
        "etablissement": "Établissement",
    }
    for plain, typed in accented.items():
        if plain in fillers.LABELS[field]:
            assert fillers.unlabelled(f"{typed} : x1", [field]) == "x1"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Nom : MARTIN, prénom : Léa", {"nom": "MARTIN", "prenoms": "Léa"}),
        ("nom de famille Dupont, prénom Paul", {"nom": "DUPONT", "prenoms": "Paul"}),
        ("NOM: DUBOIS Prénom: Thomas", {"nom": "DUBOIS", "prenoms": "Thomas"}),
        ("Prénom : Léa, Nom : Martin", {"nom": "MARTIN", "prenoms": "Léa"}),
        ("prénom et nom : Léa Martin", {"nom": "MARTIN", "prenoms": "Léa"}),
        ("nom prénom: martin léa", {"nom": "MARTIN", "prenoms": "Léa"}),
        ("Nom : HADDAD, nom d'usage : LEFEBVRE, prénom : Nadia", {"nom": "HADDAD", "prenoms": "Nadia",
                                                                   "nom_usage": "LEFEBVRE"}),
        ("mon nom est MOREAU-GARNIER et mon prénom Théo", {"nom": "MOREAU-GARNIER", "prenoms": "Théo"}),
    ],
)  # fmt: skip
def test_labels_tell_the_names_apart(ctx, typed, expected):
    result = read_identity(ctx, typed)
    assert isinstance(result, Valid), result
    assert result.value == {"nom_usage": "", **expected}


def test_a_name_that_holds_a_character_of_no_name_is_still_refused_after_its_label(ctx):
    assert isinstance(read_identity(ctx, "Nom : MARTIN#, prénom : Léa"), Invalid)


def test_labels_between_the_lines_of_an_address(ctx):
    result = read_address(ctx, "Adresse : 7 rue Crébillon, Code postal : 44000, Ville : Nantes")
    assert isinstance(result, Valid)
    assert result.value == {"residence_lieu": "france", "adresse": "7 rue Crébillon", "lieu_dit": "",
                            "code_postal": "44000", "localite": "Nantes"}  # fmt: skip


def test_a_sentence_that_copies_the_form_gives_every_field(ctx):
    step = STEP_BY_ID["identite"]
    reading = extract.read(
        ctx, step, "Nom : MARTIN, prénom : Léa, date de naissance : 03/05/2004, mail : l@x.fr"
    )
    assert reading.flat() == {"nom": "MARTIN", "prenoms": "Léa", "nom_usage": "", "date_naissance": "03/05/2004",
                              "email": "l@x.fr"}  # fmt: skip


def test_a_label_asked_alone_is_dropped_in_a_conversation(services):  # noqa: F811
    chat = Chat(services, "labels-chat").say("bonjour", "greet", 1.0).click("M'inscrire").click("Non")
    chat.say("Nom : MARTIN, prénom : Léa")
    assert "Nom de famille : MARTIN ; prénom(s) : Léa." in chat.text
    assert "caractère" not in chat.text
    chat.say("Date de naissance : 03/05/2004")
    assert "Où êtes-vous né(e)" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("labels-chat")).answers
    assert (
        answers["nom"] == "MARTIN"
        and answers["prenoms"] == "Léa"
        and answers["date_naissance"] == "03/05/2004"
    )


@pytest.mark.parametrize(
    ("typed", "nom", "prenoms"),
    [
        ("Bonjour, Paul Durand, né le 4 mars 2005, je voudrais m'inscrire en BTS CG", "DURAND", "Paul"),
        ("Bonjour, MARTIN Léa, je voudrais m'inscrire", "MARTIN", "Léa"),
        ("Bonjour, Durand, Paul, je voudrais m'inscrire", "DURAND", "Paul"),
        ("Bonsoir Hugo Da Silva je veux m'inscrire au bts mco", "DA SILVA", "Hugo"),
        ("Bonjour, Jean-Pierre Moreau, je veux m'inscrire", "MOREAU", "Jean-Pierre"),
    ],
)
def test_an_opening_that_gives_the_identity_keeps_it(ctx, typed, nom, prenoms):
    reading = extract.read(Context(ctx.refs, {}, ctx.today, 2027), STEP_BY_ID["start"], typed)
    assert reading.values.get("identite") == {"nom": nom, "prenoms": prenoms, "nom_usage": ""}


@pytest.mark.parametrize(
    "typed",
    [
        "Bonjour, Léa Martin, je voudrais m'inscrire au BTS SIO",  # both usual first names: which is which?
        "Bonjour, Martin Thomas, je voudrais m'inscrire",
        "paul durand je veux m'inscrire",  # no capitals
        "Bonjour Monsieur Durand, je voudrais m'inscrire",
        "Bonsoir Monsieur le Proviseur, je voudrais m'inscrire",
        "Bonjour Tout Le Monde, je voudrais m'inscrire",
        "Hello Léa Ici, je veux m'inscrire",
        "bonjour Durand Paul 04/03/2005 inscription bts cg",
        "Bonjour, Madame La Directrice, je souhaite m'inscrire",
    ],
)
def test_an_opening_that_leaves_the_names_in_doubt_reads_none(ctx, typed):
    reading = extract.read(Context(ctx.refs, {}, ctx.today, 2027), STEP_BY_ID["start"], typed)
    assert "identite" not in reading.values


@pytest.mark.parametrize(
    "typed",
    [
        "il me faut plus de temps pour les écrits", "j'ai un PAI", "j'ai une RQTH", "je suis suivi par la MDPH",
        "j'ai besoin d'un lecteur", "il me faut un secrétaire", "les sujets en gros caractères",
        "je compose sur ordinateur", "j'ai besoin de pauses", "temps majoré", "je suis dyspraxique",
    ],
)  # fmt: skip
def test_an_accommodation_need_said_in_words_is_a_yes(ctx, typed):
    assert _accommodation(ctx, typed) == Valid(True)


@pytest.mark.parametrize(
    "typed",
    ["pas de handicap", "je n'ai besoin de rien", "aucun aménagement", "pas concerné", "rien", "ça ira merci",
     "je n'ai pas de handicap", "pas besoin de temps en plus"],
)  # fmt: skip
def test_no_need_said_in_words_is_a_no(ctx, typed):
    assert _accommodation(ctx, typed) == Valid(False)


@pytest.mark.parametrize(
    "typed",
    ["c'est quoi un PAI ?", "je ne sais pas", "pas de PAP mais j'ai besoin de plus de temps", "peut-être"],
)
def test_a_question_or_a_doubt_is_no_answer(ctx, typed):
    assert isinstance(_accommodation(ctx, typed), Invalid)
