"""A specialty with no table, then its table published by the exam service: the draft, the dossier and the
consultation follow the version in effect, turn by turn without Rasa (real store, real referentials)."""

from __future__ import annotations

from registration.conversation.state import DraftState
from registration.lists import service
from registration.lists.core import Author
from registration.lists.kinds import CALENDAR
from registration.lists.published import context
from registration.referentials.calendars import merge_calendar, parse_calendar
from registration.referentials.epreuve_tsv import parse_epreuve_tsv
from tests.unit.test_conversation import Chat, services, to_date  # noqa: F401  (the fixture)
from tests.unit.test_conversation_schools import to_establishment
from tests.unit.test_epreuve_versions import publish_table

TOURISME = "32033426"
# A table for Tourisme as an exam service would upload it (the titles are the candidate's to choose from).
TABLE = """# Tourisme; arrêté de démonstration (table saisie par le service des examens); in force: yes
unite\tepreuve\tintitule\tcoefficient\tfacultative\tchoix
U1\tE1\tCulture générale et expression\t2\tnon\t
U21\tE21\tCommunication en langue vivante étrangère A\t2\tnon\tlangues
U3\tE3\tGestion de la relation clientèle touristique\t4\tnon\t
UF1\tEF1\tLangue vivante étrangère C\t\toui\tlangues
"""


def publish_tourisme(services) -> None:  # noqa: F811
    spec = services.refs.specialites[TOURISME]
    report = parse_epreuve_tsv(TABLE, spec, source="Table de démonstration", source_date=None, verified=False)
    assert report.table is not None, report.problems
    publish_table(services.store, services.refs, report.table)


def to_tourisme_summary(chat: Chat) -> Chat:
    to_establishment(chat).say("emile dubois").say("tourisme")
    assert "seront saisies par le service des examens" in chat.text
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement")
    chat.click("☐ Anglais").click("Suite")
    chat.click("Non")  # no facultative wanted
    chat.click("Non")  # no acquis to declare
    assert "Récapitulatif" in chat.text, chat.text
    return chat


def test_no_table_then_a_published_table_is_completed_in_conversation(services):  # noqa: F811
    chat = to_tourisme_summary(Chat(services))
    assert "Langue(s) vivante(s) étudiée(s) (souhait, à confirmer) : Anglais" in chat.text
    chat.click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if r.custom)
    [dossier] = services.store.find_dossiers(document["number"], "03/05/2004")
    assert dossier.content["epreuves"] == [] and dossier.content["epreuves_table"]["level"] == "absent"

    publish_tourisme(services)
    reader = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter")
    reader.say(str(document["number"])).say("03/05/2004")
    assert "Votre dossier est à compléter" in reader.text, reader.text
    reader.click("Modifier")
    assert "a publié les épreuves de votre spécialité" in reader.text, reader.text
    assert "E21 Communication en langue vivante étrangère A" in reader.text  # its language is asked
    reader.click("Anglais")
    assert "Épreuves facultatives" in reader.text
    reader.click("Aucune")
    assert "Récapitulatif" in reader.text and "Liste des épreuves à confirmer" in reader.text  # not verified
    reader.click("Valider votre inscription")
    [revised] = [d for d in services.store.find_dossiers(document["number"], "03/05/2004")]
    assert revised.revision == 1
    content = revised.content
    assert content["epreuves_table"]["version"] == 1 and content["epreuves_table"]["level"] == "a_verifier"
    assert {e["code"]: e.get("choice") for e in content["epreuves"]}["E21"] == "Anglais"
    assert content["souhaits"] is None  # the wishes gave way to the table's own choices


def test_a_draft_in_progress_is_told_at_its_summary(services):  # noqa: F811
    chat = to_tourisme_summary(Chat(services))
    publish_tourisme(services)
    chat.click("Valider votre inscription")
    assert "nouvelle version des épreuves" in chat.text, chat.text
    assert "E21 Communication en langue vivante étrangère A" in chat.text  # the new question first
    chat.click("Anglais").click("Aucune")
    assert "Récapitulatif" in chat.text
    state = DraftState.from_dict(services.store.load_draft("unit-1"))
    assert state.epreuves_version == 1


def test_a_closing_date_published_by_the_service_applies_at_the_next_turn(services):  # noqa: F811
    """The service closes Paris early (26/11/2026 09:00, before this test's clock): a candidate of Paris is told."""

    chat = to_date(Chat(services)).say("03/05/2004")
    row = "01,2027,2026-10-05 09:00,2026-11-26 09:00,2026-12-10,SIEC|7 rue Ernest Renan|94749 ARCUEIL CEDEX"
    report = parse_calendar(
        "academie,session,opens,closes,return_deadline,service_address\n" + row, services.refs.academies
    )
    assert report.ok, report.errors
    ctx = context(services.store, services.refs, 2027)
    current = service.in_effect(CALENDAR, ctx).value
    assert current is not None
    merged = merge_calendar(current, report.entries)
    service.publish_value(CALENDAR, ctx, merged, source="test", author=Author("test"))
    chat.click("En France").say("75").click("Paris 15e").click("En France")
    chat.say("12 rue de la Paix").click("Pas de complément").say("75015")
    assert "closes depuis le 26/11/2026 à 9 h" in chat.text, chat.text


def test_the_optional_epreuves_are_one_question_with_their_limit(services):  # noqa: F811
    """MCO lists four facultatives and allows two: one question, a third ticked is refused, choices follow."""
    chat = to_establishment(Chat(services)).say("emile dubois").say("MCO")
    chat.click("Publication seulement").click("Aucun")  # no diploma giving acquis
    chat.click("Anglais")  # E2's language
    assert "Épreuves facultatives" in chat.text and "2 au plus" in chat.text
    chat.click("☐ EF1").click("☐ EF3").click("☐ EF4")
    assert "2 au plus" in chat.text and "décochez-en une" in chat.text
    chat.click("Suite")
    assert "EF1 Langue vivante étrangère 2" in chat.text  # its language is asked
    chat.click("Espagnol")
    assert "Récapitulatif" in chat.text
    content_lines = chat.text
    assert "EF1 Langue vivante étrangère 2 (Espagnol) : INSCRIT" in content_lines
    assert (
        "EF3 Entrepreneuriat : INSCRIT" in content_lines
        and "EF4 Engagement étudiant : NON INSCRIT" in content_lines
    )


def test_a_verified_table_lists_its_epreuves_as_before(services):  # noqa: F811
    """Tourisme with a table the service published as verified: its épreuves, no « à confirmer », no wishes."""
    spec = services.refs.specialites[TOURISME]
    report = parse_epreuve_tsv(TABLE, spec, source="Règlement vérifié", source_date=None, verified=True)
    assert report.table is not None and report.table.level == "verifie"
    publish_table(services.store, services.refs, report.table)
    chat = to_establishment(Chat(services)).say("emile dubois").say("tourisme")
    assert "seront saisies" not in chat.text and "à confirmer" not in chat.text
    if "ne propose pas" in chat.text:
        chat.click("Oui")
    chat.click("Publication seulement").click("Anglais").click("Aucune")
    assert "Avez-vous déjà des notes de ce BTS" in chat.text  # no diploma list: acquis declared in words
    chat.click("Non")
    assert "Récapitulatif" in chat.text and "Épreuves :" in chat.text
    assert "à confirmer" not in chat.text and "Langue(s) vivante(s) étudiée(s)" not in chat.text
    chat.click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if r.custom)
    [dossier] = services.store.find_dossiers(document["number"], "03/05/2004")
    assert dossier.content["epreuves_table"] == {
        "level": "verifie",
        "version": 1,
        "source": "Règlement vérifié",
        "source_date": None,
    }
    assert [e["code"] for e in dossier.content["epreuves"]] == ["E1", "E21", "E3", "EF1"]


def test_lists_of_diplomas_and_facultatives_read_none_and_a_diploma_in_own_words(services):  # noqa: F811
    """« non aucun », « je n'ai rien » answer a list's « Aucun »; « j'ai une licence » ticks the licence."""
    chat = to_establishment(Chat(services)).say("emile dubois").say("MCO")
    chat.click("Publication seulement")
    chat.say("j'ai une licence", "out_of_scope", 0.9)
    assert "Coché : LICENCE, MASTER" in chat.text
    chat.click("☑ LICENCE")  # unticked again
    chat.say("non aucun", "deny", 0.9)
    assert "Possédez-vous" not in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["acquis_diplomas"] == []
    chat.click("Anglais")
    assert "Épreuves facultatives" in chat.text
    chat.say("oui je veux faire l'engagement étudiant", "out_of_scope", 0.9)
    assert "Coché : EF4 Engagement étudiant" in chat.text
    chat.click("☑ EF4")  # unticked again
    chat.say("je n'ai rien pris", "out_of_scope", 0.9)
    assert "Récapitulatif" in chat.text
    answers = DraftState.from_dict(services.store.load_draft("unit-1")).answers
    assert answers["facultatives"] == []


def test_a_validated_dossier_is_modified_from_words_at_the_consultation(services):  # noqa: F811
    """« je veux modifier mon inscription », then « modifier mon adresse » at the menu: the address is asked at
    once (never the summary with the old address to validate), and the new one is what the dossier keeps."""
    chat = to_tourisme_summary(Chat(services))
    chat.click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if r.custom)
    reader = Chat(services, "unit-2").say("je veux modifier mon inscription", "new_registration", 0.9)
    reader.say(str(document["number"])).say("03/05/2004")
    reader.say("je veux changer mon adresse", "inform", 0.5)
    assert "Quelle est votre adresse postale" in reader.text and "Récapitulatif" not in reader.text
    reader.say("8 rue de la Paix 75002 Paris")
    assert "Récapitulatif" in reader.text and "8 rue de la Paix, 75002 Paris" in reader.text, reader.text
    reader.say("changer mon adresse électronique", "inform", 0.5)  # at the summary, whatever the intent
    assert "adresse électronique" in reader.text and "Récapitulatif" not in reader.text, reader.text
    reader.say("lea.nouvelle@exemple.fr").click("Valider votre inscription")
    [revised] = services.store.find_dossiers(document["number"], "03/05/2004")
    assert revised.revision == 1
    assert revised.content["residence"]["adresse"] == "8 rue de la Paix"
    assert revised.content["email"] == "lea.nouvelle@exemple.fr"


def test_the_consultation_links_the_dossier_as_an_accessible_page(services):  # noqa: F811
    """After the number and birth date, the dossier is offered as a web page (its token resolves to it), as it
    is beside the PDF at the validation."""
    chat = to_tourisme_summary(Chat(services))
    chat.click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if (r.custom or {}).get("type") == "document")
    assert document["page"] == document["url"].replace("/documents/", "/dossier/")
    reader = Chat(services, "unit-3").say("bonjour", "greet", 1.0).click("Consulter")
    reader.say(str(document["number"])).say("03/05/2004")
    page = next(r.custom for r in reader.replies if (r.custom or {}).get("type") == "dossier_page")
    token = page["url"].rsplit("/dossier/", 1)[1]
    assert services.store.resolve_download_token(token).revision == document["revision"]
