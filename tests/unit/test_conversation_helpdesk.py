"""The help-desk's hold on a conversation, turn by turn without Rasa: relay, corrections, hand-back, phone drafts."""

from __future__ import annotations

from registration.conversation import staffing
from tests.unit.test_conversation import Chat, services, to_date  # noqa: F401  (the fixture)


def test_a_request_carries_the_step_and_a_held_conversation_is_relayed(services):  # noqa: F811
    chat = to_date(Chat(services)).say("conseiller")
    assert "Un conseiller vous écrira ici même" in chat.text and "du lundi au vendredi" in chat.text
    [request] = services.desk.requests()
    assert request.step == "date_naissance" and request.channel == "unit"[:0] + "web" or request.channel
    assert services.desk.take(request.id, staff_id=7)
    assert not services.desk.take(request.id, staff_id=8)  # two staff cannot take the same request
    chat.say("je ne sais pas quoi mettre")
    assert chat.text == "" and chat.replies[0].custom == {"type": "relay"}  # the assistant stays quiet
    assert [m["author"] for m in services.desk.messages("unit-1")] == ["candidat"]


def test_a_correction_goes_through_the_validator_and_hand_back_asks_the_question(services):  # noqa: F811
    to_date(Chat(services)).say("03/05/2004")
    result, before, after = staffing.correct(services, "unit-1", "date_naissance", "45/45/2004")
    assert not hasattr(result, "value") and before == after  # refused: nothing changes
    result, before, after = staffing.correct(services, "unit-1", "prenoms", "Léa Anne")
    assert result.value == "Léa Anne" and before == "Léa Marie" and after == "Léa Anne"
    replies = staffing.hand_back(services, "unit-1", "nom")
    assert "rend la main" in replies[0].text
    assert "nom de famille" in " ".join(r.text for r in replies).lower()
    assert any(b.title.startswith("Garder") for r in replies for b in r.buttons)
    fields = {f.step_id: f.shown for f in staffing.fields_of(services, "unit-1")}
    assert fields["prenoms"] == "Léa Anne"


def test_a_phone_draft_is_resumed_and_finished_by_the_candidate(services):  # noqa: F811
    errors = staffing.start_dossier(
        services, {"nom": "Martin", "prenoms": "", "date_naissance": "45/13/2001", "email": "x@y.fr"}
    )
    assert set(errors) == {"prenoms", "date_naissance"}
    sender, code = staffing.start_dossier(
        services,
        {"nom": "Martin", "prenoms": "Léa", "date_naissance": "03/05/2004", "email": "lea@example.org"},
    )
    chat = Chat(services, "telegram-77").say(f"reprendre {code}")
    assert "nouveau code de reprise" in chat.text and "Où êtes-vous né" in chat.text
    assert services.store.load_draft(sender) is None
