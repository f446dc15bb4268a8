"""Establishments, communes and specialties against the real referentials, turn by turn without Rasa."""

from __future__ import annotations

from tests.unit.test_conversation import Chat, services, to_date  # noqa: F401  (the fixture)


def to_establishment(
    chat: Chat,
    postal_code: str = "75014",
    commune: str | None = None,
    category: str = "Scolaire — établissement public",
) -> Chat:
    to_date(chat).say("03/05/2004").click("En France").say("75").click("Paris 15e").click("En France")
    chat.say("12 rue de la Paix").click("Pas de complément").say(postal_code)
    if commune:
        chat.say(commune)
    chat.say("lea@example.org").click(category.split(" — ")[0]).click("Non")  # the family; the rest follows
    return chat


def test_a_postal_code_with_one_commune_gives_it(services):  # noqa: F811
    chat = to_establishment(Chat(services))
    assert "Dans quel établissement" in chat.text
    assert services.store.load_draft("unit-1")["answers"]["localite"].startswith("Paris")


def test_a_commune_of_another_postal_code_is_refused_and_asked_again(services):  # noqa: F811
    chat = to_date(Chat(services)).say("03/05/2004").click("En France").say("75").click("Paris 15e")
    chat.click("En France").say("12 rue de la Paix").click("Pas de complément").say("69002")
    assert "Commune : Lyon 2e" in chat.text  # one commune: no question
    chat.say("retour")
    chat.say("Villeurbanne")
    assert "n'est pas une commune du code postal 69002" in chat.text
    chat.say("Lyon")
    assert "adresse électronique" in chat.text.lower()
    chat.say("retour")  # « Valeur actuelle : Lyon 2e »: « oui » keeps it
    chat.say("OUI")
    assert "adresse électronique" in chat.text.lower()
    assert services.store.load_draft("unit-1")["answers"]["localite"].startswith("Lyon 2e")


def test_a_school_is_found_by_name_without_lycee_by_uai_and_elsewhere(services):  # noqa: F811
    chat = to_establishment(Chat(services))
    chat.say("0750692V")  # its UAI
    assert "spécialité de BTS" in chat.text
    chat.say("retour")
    chat.say("emile dubois")
    assert "spécialité de BTS" in chat.text
    chat.say("retour")
    chat.say("La Martinière Duchère")  # a Lyon lycée, for a candidate living in Paris
    titles = [b.title for r in chat.replies for b in r.buttons]
    assert any(
        t.startswith("Lycée La Martinière Duchère (Lyon") and "académie de Lyon" in t for t in titles
    ), titles
    chat.click("Lycée La Martinière Duchère")
    assert "spécialité de BTS" in chat.text


def test_a_school_that_does_not_offer_the_specialty_is_flagged(services):  # noqa: F811
    chat = to_establishment(Chat(services)).say("emile dubois")
    chat.say("SIO")  # Emile Dubois offers MCO, NDRC, CG, GPME and CI, not SIO
    chat.click("A : solutions")
    assert "ne propose pas le BTS" in chat.text
    chat.click("Non")
    assert "autre spécialité" in chat.text
    chat.say("MCO")
    assert "ne propose pas" not in chat.text


def test_typing_individuel_finds_the_fictitious_establishment(services):  # noqa: F811
    chat = to_establishment(Chat(services), category="Candidat individuel")
    chat.say("candidat libre")
    assert "spécialité de BTS" in chat.text
    code = services.store.load_draft("unit-1")["answers"]["etablissement"]
    assert next(e for e in services.refs.etablissements if e.code == code).type == "FICTIF"


def test_an_unlisted_establishment_is_typed_and_marked_to_check(services):  # noqa: F811
    chat = to_establishment(Chat(services), category="Apprenti — CFA ou section d'apprentissage habilité")
    chat.click("Mon établissement n'est pas dans la liste")
    assert "nom de votre établissement" in chat.text
    chat.say("CFA du commerce et de la distribution").say("Paris")
    assert "Dans quelle catégorie" in chat.text  # its status is not known: the category is asked
    assert [b.title for b in chat.replies[-1].buttons][:2] == [
        "Apprenti — CFA ou section d'apprentissage habilité au CCF",
        "Apprenti — CFA ou section d'apprentissage non habilité",
    ]
    chat.click("Apprenti — CFA ou section d'apprentissage habilité")
    assert "spécialité de BTS" in chat.text
    draft = services.store.load_draft("unit-1")["answers"]
    assert draft["etablissement"] == "__unlisted__" and draft["etablissement_commune"] == "PARIS"


def test_a_specialty_without_a_known_table_is_kept_and_said_so(services):  # noqa: F811
    chat = to_establishment(Chat(services)).say("emile dubois")
    chat.say("tourisme")
    assert "seront saisies par le service des examens" in chat.text
    assert services.store.load_draft("unit-1")["answers"]["specialite"] == "32033426"


def test_long_lists_are_searched_not_shown_as_buttons(services):  # noqa: F811
    chat = to_establishment(Chat(services)).say("emile dubois")
    buttons = [b for r in chat.replies for b in r.buttons]
    assert "spécialité de BTS" in chat.text and len(buttons) <= 10, [b.title for b in buttons]


def test_no_specialty_is_refused_at_the_specialty_question(services):  # noqa: F811
    """Every specialty of specialites.csv, typed by its title at the specialty question, is kept: none is turned
    away for a règlement d'examen that is not known here; the candidate is told how well its épreuves are known."""
    refs = services.refs
    chat = to_establishment(Chat(services)).say("emile dubois")
    assert "spécialité de BTS" in chat.text
    at_question = services.store.load_draft("unit-1")
    refused = []
    for specialite in refs.specialites.values():
        services.store.save_draft("unit-1", at_question)
        chat.say(specialite.title)
        exact = [b for r in chat.replies for b in r.buttons if b.title == specialite.title]
        if exact and "specialite" not in services.store.load_draft("unit-1")["answers"]:
            chat.say(exact[0].payload)
        answers = services.store.load_draft("unit-1")["answers"]
        if answers.get("specialite") != specialite.code:
            refused.append((specialite.code, specialite.title, chat.text[:200]))
            continue
        table = refs.epreuve_table(specialite.code)
        if table is None or not table.epreuves:
            assert "seront saisies par le service des examens" in chat.text, specialite.title
    assert not refused, refused
