"""A dossier opens only for its candidate, through the real Rasa and action servers: the same number and birth
date in two académies, the confirmation downloaded again after its first link expired, the lost number sent by
e-mail (a real SMTP server), a second registration of the same person and specialty noticed."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

import httpx
import pytest
from aiosmtpd.controller import Controller

from bot.ops.stack import free_port
from registration.backoffice.duplicates import probable_duplicates
from registration.helpdesk.audit import AuditLog
from registration.models import Dossier
from registration.store import Store
from tests.conftest import _running_stack, rasa_environment
from tests.conversations.client import Candidate
from tests.conversations.driver import answer, current_question, fill, one_field_at_a_time, pdf_text, validate
from tests.conversations.test_registrations import BASE, start, store_of, stored
from tests.unit.test_mail import Collector

pytestmark = pytest.mark.conversation

# Four days after the shared stack's moment (tests/conftest.py FIXED_NOW): past the 72 h of a download link,
# registrations still open.
FOUR_DAYS_LATER = "2026-11-30T10:00:00"
BORN = "19/04/2003"
PARIS = {
    **BASE,
    "nom": "Parisot",
    "prenoms": "Claire",
    "date_naissance": BORN,
    "email": "claire.parisot@exemple.fr",
}
LYON = {
    **BASE,
    "nom": "Lyonnet",
    "prenoms": "Inès",
    "date_naissance": BORN,
    "code_postal": "69003",
    "localite": "Lyon",
    "email": "ines.lyonnet@exemple.fr",
    "etablissement": ("click", "Lycée"),
    "specialite": ["informatique", ("click", "Services informatiques")],
    "option": ("click", "B : solutions logicielles"),
}


@pytest.fixture(scope="module")
def mailbox():
    """A real SMTP server on 127.0.0.1 keeping what it receives."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def later(stack, mailbox, tmp_path_factory):
    """Another assistant on the same store, four days later, sending its e-mails through the SMTP server."""
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("later")
    env = {
        "DATABASE_URL": stack.extra_env["DATABASE_URL"],
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox[1]),
        "SMTP_STARTTLS": "0",
    }
    yield from _running_stack(rasa_venv, model, var_dir, env, now=FOUR_DAYS_LATER)


def registered(stack, profile: dict) -> dict:
    candidate = start(stack)
    fill(candidate, profile)
    return validate(candidate)


def consult(server, number: int | str, birth_date: str) -> Candidate:
    candidate = Candidate(server.rasa_url)
    candidate.say("bonjour")
    candidate.click("Consulter ou modifier")
    candidate.say(str(number))
    candidate.say(birth_date)
    return candidate


def numbered_per_academie(store: Store, dossier_id: int, number: int) -> None:
    """The number a dossier had when numbers were counted per académie (the same one in two académies)."""
    with store._sessions() as session, session.begin():
        session.get(Dossier, dossier_id).number = number


def modify_email(candidate: Candidate, email: str) -> dict:
    candidate.click("Modifier")
    candidate.say("modifier mon email")
    assert current_question(candidate) == "email", candidate.text
    candidate.say(email)
    return validate(candidate)


def test_the_same_number_and_birth_date_never_open_another_academie_dossier(stack):
    paris = registered(stack, PARIS)
    lyon = registered(stack, LYON)
    assert lyon["number"] != paris["number"]  # numbers are national: the collision cannot happen again
    store = store_of(stack)
    mine = stored(stack, lyon, BORN)
    assert mine.academie_code == "10" and stored(stack, paris, BORN).academie_code == "01"
    lyonnaise = consult(stack, lyon["number"], BORN)
    assert "LYONNET" in lyonnaise.text and "PARISOT" not in lyonnaise.text

    # The dossiers numbered per académie before: the Lyon dossier has the Paris dossier's number.
    number = paris["number"]
    numbered_per_academie(store, mine.id, number)
    lyonnaise = consult(stack, number, BORN)
    assert "plusieurs académies" in lyonnaise.text and "PARISOT" not in lyonnaise.dump()
    lyonnaise.say("Marseille")  # not where either is: nothing opens
    assert "ne correspond pas" in lyonnaise.text and "PARISOT" not in lyonnaise.dump()
    lyonnaise = consult(stack, number, BORN)
    lyonnaise.say("académie de Lyon")
    assert f"Dossier {number} – 0" in lyonnaise.text and "LYONNET" in lyonnaise.text
    assert "PARISOT" not in lyonnaise.dump() and "claire.parisot" not in lyonnaise.dump()
    assert modify_email(lyonnaise, "ines.nouvelle@exemple.fr")["dossier"] == f"{number} – 1"

    parisienne = consult(stack, number, BORN)
    parisienne.say("Paris")
    assert f"Dossier {number} – 0" in parisienne.text and "PARISOT" in parisienne.text
    assert "LYONNET" not in parisienne.dump() and "ines.nouvelle" not in parisienne.dump()
    assert modify_email(parisienne, "claire.nouvelle@exemple.fr")["dossier"] == f"{number} – 1"

    lyon_now, paris_now = store.get_dossier("10", 2027, number), store.get_dossier("01", 2027, number)
    assert lyon_now.content["email"] == "ines.nouvelle@exemple.fr" and lyon_now.revision == 1
    assert paris_now.content["email"] == "claire.nouvelle@exemple.fr" and paris_now.revision == 1
    assert (
        lyon_now.content["etat_civil"]["nom"] == "LYONNET"
        and paris_now.content["etat_civil"]["nom"] == "PARISOT"
    )


def test_the_confirmation_is_downloaded_again_after_its_link_expired(stack, later):
    document = registered(
        stack, {**BASE, "nom": "Réimprime", "prenoms": "Yves", "date_naissance": "11/03/2002"}
    )
    path = document["url"].split("/documents/", 1)[1]
    assert httpx.get(f"{later.front_url}/documents/{path}", timeout=30).status_code == 404  # 4 days: expired
    candidate = consult(later, document["number"], "11/03/2002")
    candidate.click("Télécharger ma confirmation")
    fresh = candidate.document
    assert fresh and fresh["type"] == "document" and fresh["dossier"] == document["dossier"], candidate.text
    assert fresh["url"] != document["url"] and fresh["url"].startswith(later.front_url)
    text = pdf_text(fresh["url"])
    assert "RÉIMPRIME" in text.upper() or "REIMPRIME" in text.upper()
    assert "Télécharger ma confirmation" in candidate.titles()  # the menu comes again


def test_a_lost_number_goes_to_the_dossier_address_never_to_the_chat(stack, later, mailbox):
    handler, _ = mailbox
    email = "oubli.numero@exemple.fr"
    document = registered(
        stack, {**BASE, "nom": "Oubli", "prenoms": "Marc", "date_naissance": "12/03/2001", "email": email}
    )
    label = document["dossier"]
    candidate = Candidate(later.rasa_url)
    candidate.say("bonjour")
    candidate.click("Consulter ou modifier")
    candidate.click("J'ai perdu mon numéro de dossier")
    candidate.say("pas une adresse")
    assert "n'est pas valide" in candidate.text
    candidate.say(email.upper())
    candidate.say("12/03/2001")
    assert "vient d'y être envoyé" in candidate.text
    assert label not in candidate.dump()
    messages = [
        message_from_bytes(e.content, policy=default) for e in handler.envelopes if email in e.rcpt_tos
    ]
    assert len(messages) == 1
    body = messages[0].get_body().get_content()
    assert label in body and f"tapez {document['number']}" in body
    # The number from the e-mail opens the dossier.
    candidate.say(str(document["number"]))
    candidate.say("12/03/2001")
    assert f"Dossier {label}" in candidate.text
    dossier = stored(stack, document, "12/03/2001")
    entries = AuditLog(store_of(stack)).entries(subject=f"dossier:{dossier.id}")
    assert [e.action for e in entries] == ["numero_perdu"] and "envoyé" in (entries[0].after or "")

    # An address without a dossier: the same words, and nothing sent.
    before = len(handler.envelopes)
    other = Candidate(later.rasa_url)
    other.say("bonjour")
    other.click("Consulter ou modifier")
    other.click("J'ai perdu mon numéro de dossier")
    other.say("personne.inconnue@exemple.fr")  # « personne » is also how people ask for a conseiller
    other.say("12/03/2001")
    assert "vient d'y être envoyé" in other.text and len(handler.envelopes) == before

    # Rate-limited like the other look-ups: ten failures, then this client is refused.
    for index in range(9):
        other.click("J'ai perdu mon numéro de dossier")
        other.say(f"essai{index}@exemple.fr")
        other.say("12/03/2001")
    other.click("J'ai perdu mon numéro de dossier")
    other.say(email)
    other.say("12/03/2001")
    assert "Trop d'essais" in other.text and len([e for e in handler.envelopes if email in e.rcpt_tos]) == 1


def until_notice(candidate: Candidate, profile: dict) -> None:
    for _ in range(40):
        if "Vous avez déjà un dossier" in candidate.text:
            return
        step = current_question(candidate)
        action = profile.get(step) if step else None
        if action is None and step:
            action = one_field_at_a_time(profile, step)
        assert action is not None and step != "summary", candidate.dump()[-3000:]
        answer(candidate, action)
    raise AssertionError("no notice:\n" + candidate.dump()[-3000:])


def test_a_second_registration_of_the_same_person_and_specialty_is_noticed(stack):
    profile = {**BASE, "nom": "Double", "prenoms": "Anne-Sophie", "date_naissance": "14/02/2001"}
    first = registered(stack, profile)
    again = start(stack)
    until_notice(again, {**profile, "nom": "DOUBLE", "prenoms": "anne sophie"})
    assert "Consulter ou modifier mon inscription" in again.titles()
    assert first["dossier"] not in again.dump()  # nothing of the dossier is said
    again.click("Consulter ou modifier mon inscription")
    assert "numéro de dossier" in again.text
    again.say(str(first["number"]))
    again.say("14/02/2001")
    assert f"Dossier {first['dossier']}" in again.text

    # Going on anyway: the console lists the two dossiers for the service to resolve.
    anyway = start(stack)
    fill(anyway, profile)
    assert "Vous avez déjà un dossier" in anyway.dump()
    second = validate(anyway)
    groups = [g for g in probable_duplicates(store_of(stack), None) if g.family_name == "DOUBLE"]
    assert len(groups) == 1
    assert sorted(r.label for r in groups[0].rows) == sorted([first["dossier"], second["dossier"]])
