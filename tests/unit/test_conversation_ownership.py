"""A dossier stays its candidate's, turn by turn without Rasa (real referentials, real SQLite store): a cancelled
dossier is not modified by its candidate, where a registration started is kept whichever channel validates it,
and the resume code of a validated draft opens nothing."""

from __future__ import annotations

from registration.conversation.service import run_turn
from registration.conversation.types import Turn
from registration.models import Dossier
from tests.samples import paris_candidate
from tests.unit.test_conversation import Chat, services  # noqa: F401  (the fixture)
from tests.unit.test_conversation_tables import to_tourisme_summary


def test_a_cancelled_dossier_is_not_modifiable_by_its_candidate(services):  # noqa: F811
    content = paris_candidate()
    content["etat_civil"]["date_naissance"] = "05/06/2004"
    done = services.store.validate(content, academie_code="01", session=2027)
    with services.store._sessions() as session, session.begin():
        cancelled = session.get(Dossier, done.dossier_id)
        cancelled.status, cancelled.status_detail = "annule", "doublon du dossier 3 – 0"
    chat = Chat(services).say("bonjour", "greet", 1.0).click("Consulter ou modifier")
    chat.say(str(done.number)).say("05/06/2004")
    assert f"Dossier {done.label}" in chat.text
    chat.click("Modifier")
    assert "a été annulé par le service des examens (doublon du dossier 3 – 0)" in chat.text, chat.text
    assert "contactez le service des examens" in chat.text and "Récapitulatif" not in chat.text
    assert "Télécharger ma confirmation" in [b.title for r in chat.replies for b in r.buttons]
    chat.say("je veux modifier mon adresse", "inform", 0.5)
    assert "a été annulé" in chat.text and "adresse postale" not in chat.text
    assert services.store.revisions(done.dossier_id)[-1].revision == 0


def test_a_widget_start_is_kept_and_the_code_dies_with_the_validation(services):  # noqa: F811
    chat = Chat(services, "web-" + "a" * 32)
    run_turn(chat.sender, Turn("bonjour", "greet", 1.0, surface="widget"), services)
    code = services.store.resume_code_for(chat.sender)
    to_tourisme_summary(chat).click("Valider votre inscription")
    document = next(r.custom for r in chat.replies if r.custom)
    [dossier] = services.store.find_dossiers(document["number"], "03/05/2004")
    with services.store._sessions() as session:
        row = session.get(Dossier, dossier.id)
        assert (row.channel, row.origin_sender_id) == ("widget", chat.sender)
    elsewhere = Chat(services, "telegram-99").say(f"reprendre {code}", "resume", 1.0)
    assert "Ce dossier est validé : consultez-le avec son numéro" in elsewhere.text
    assert "Quel est votre numéro de dossier" in elsewhere.text and "LEFÈVRE" not in elsewhere.text


def test_an_address_at_the_lost_number_question_is_an_address_whatever_the_intent(services):  # noqa: F811
    chat = Chat(services).say("bonjour", "greet", 1.0).click("Consulter ou modifier")
    chat.click("J'ai perdu mon numéro de dossier")
    assert "adresse e-mail avez-vous donnée" in chat.text
    chat.say("personne.inconnue@exemple.fr", "human", 0.97)  # « personne » also asks for a conseiller
    assert "date de naissance" in chat.text and "conseiller" not in chat.text.lower(), chat.text
    chat.say("12/03/2001", "inform", 0.4)
    assert "vient d'y être envoyé" in chat.text and "Quel est votre numéro de dossier" in chat.text
