"""The signed confirmation follows the revision, and the confirmation e-mail leaves at every validation, through a
real SMTP server (aiosmtpd): conversations without Rasa, real store, real referentials.

A modification after « complet » puts the dossier back « en attente » for the new revision: the chat, the
e-mail, the dossier page, its history, the journal and the reminder say which revision was signed. An e-mail
that could not leave is said so in the chat, shown to the service and sent again by the job once the server is
back, after a backoff."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from registration.backoffice import records, reminders
from registration.mail import SIGN_AGAIN
from registration.operations import mail_retry
from registration.settings import now
from tests.application import application_on
from tests.unit.test_conversation import Chat, make_services
from tests.unit.test_export_columns import exported, register, to_summary

BIRTH = "03/05/2004"


class Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    """A real SMTP server on 127.0.0.1, started and stopped by the test (``start()``, ``stop()``)."""

    class Server:
        port = free_port()
        handler = Collector()
        controller: Controller | None = None

        def start(self) -> None:
            self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
            self.controller.start()

        def stop(self) -> None:
            if self.controller is not None:
                self.controller.stop()
                self.controller = None

        def bodies(self) -> list[str]:
            return [m.get_body(preferencelist=("plain",)).get_content() for m in self.handler.messages]

    server = Server()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(server.port))
    yield server
    server.stop()


@pytest.fixture
def services(smtp, tmp_path, monkeypatch):
    """The conversation's services, whose settings send e-mail to the test's SMTP server."""
    return make_services(tmp_path, monkeypatch)


def register_and_validate(services, sender: str = "unit-1") -> Chat:  # noqa: F811
    chat = register(Chat(services, sender), "Paris 15e", "12 rue de la Paix 75014 Paris")
    return to_summary(chat.say("emile dubois"))


def modify_email(services, address: str) -> Chat:  # noqa: F811
    chat = Chat(services, "unit-2").say("bonjour", "greet", 1.0).click("Consulter").say("1").say(BIRTH)
    chat.click("Modifier").click("Modifier une rubrique")
    chat.click("Adresse électronique") if "Adresse électronique" in _buttons(chat) else chat.say("e-mail")
    chat.say(address)
    assert "Récapitulatif" in chat.text, chat.text
    return chat.click("Valider votre inscription")


def _buttons(chat: Chat) -> list[str]:
    return [b.title for r in chat.replies for b in r.buttons]


def move(services, dossier_id: int, status: str) -> None:  # noqa: F811
    done = records.change_state(
        services.store,
        services.refs,
        dossier_id,
        status=status,
        staff_id=None,
        staff_email="chef@example.fr",
        settings=services.settings,
    )
    assert not isinstance(done, str), done


def test_a_modification_after_complet_asks_for_a_new_signed_confirmation(services, smtp):  # noqa: F811
    smtp.start()
    chat = register_and_validate(services)
    assert "a été envoyée à lea@example.org" in chat.text
    [dossier] = services.store.find_dossiers(1, BIRTH)
    move(services, dossier.id, "recue")
    move(services, dossier.id, "complet")
    page = records.read(services.store, dossier.id)
    assert page is not None and page.signature == "Confirmation signée reçue pour la révision 1 – 0."

    chat = modify_email(services, "lea.nouvelle@example.org")
    assert "Votre modification est enregistrée" in chat.text, chat.text
    assert "avait reçu votre confirmation signée de la révision 1 – 0" in chat.text
    assert "nouvelle révision, 1 – 1" in chat.text and "a été envoyée à lea.nouvelle@example.org" in chat.text

    page = records.read(services.store, dossier.id)
    assert page is not None and page.row.status == "attente"
    assert page.signed_revision == 0
    assert page.signature.startswith("Confirmation signée reçue pour la révision 1 – 0 ; la révision 1 – 1")
    assert "n'est pas signée" in page.signature
    assert page.events[-1].status == "attente" and "révision 1 – 1 à signer" in page.events[-1].state
    assert any(a.action == "nouvelle confirmation signée demandée" for a in page.audit)
    [row], _ = exported(services)  # the exports say it too
    assert (row["revision"], row["revision_signee"]) == ("1", "0")
    assert row["etat"] == "en attente de la confirmation signée"

    # one e-mail at the validation, one per change of state, one at the modification (saying it)
    subjects = [str(m["Subject"]) for m in smtp.handler.messages]
    assert sum("Confirmation d'inscription au BTS" in s for s in subjects) == 2, subjects
    modified = smtp.bodies()[-1]
    assert smtp.handler.messages[-1]["To"] == "lea.nouvelle@example.org"
    assert SIGN_AGAIN.format(signed="1 – 0", label="1 – 1") in modified

    # the reminder goes again for the new revision, saying which one was signed
    report = reminders.run(
        services.store, services.refs, days_before_deadline=200, settings=services.settings
    )
    assert report.tallies[reminders.CONFIRMATION].sent == 1
    assert SIGN_AGAIN.format(signed="1 – 0", label="1 – 1") in smtp.bodies()[-1]

    # the service receives the new one: it is the signed revision now
    move(services, dossier.id, "recue")
    page = records.read(services.store, dossier.id)
    assert page is not None and page.signature == "Confirmation signée reçue pour la révision 1 – 1."


def test_a_modification_before_any_signature_stays_in_waiting(services, smtp):  # noqa: F811
    smtp.start()
    register_and_validate(services)
    chat = modify_email(services, "lea.autre@example.org")
    assert "confirmation signée de la révision" not in chat.text
    [dossier] = services.store.find_dossiers(1, BIRTH)
    page = records.read(services.store, dossier.id)
    assert page is not None and page.signed_revision is None and len(page.events) == 0
    assert [m["To"] for m in smtp.handler.messages] == ["lea@example.org", "lea.autre@example.org"]


def test_an_email_that_could_not_leave_is_sent_again_once_the_server_is_back(services, smtp, monkeypatch):  # noqa: F811
    chat = register_and_validate(services)  # the SMTP server is down
    assert "a été envoyée" not in chat.text
    assert "n'a pas pu partir pour l'instant : il sera renvoyé automatiquement" in chat.text
    assert any(r.custom for r in chat.replies)  # the PDF is given all the same
    [dossier] = services.store.find_dossiers(1, BIRTH)
    [revision] = records.read(services.store, dossier.id).revisions
    assert revision.mailed_at is None and revision.mail_attempts == 1 and revision.mail_error
    assert services.store.unsent_confirmations() == 1
    first_retry = revision.mail_retry_at
    assert first_retry is not None and first_retry - now() == timedelta(minutes=1)

    assert mail_retry.run_once(application_on(services.store)).sent == 0  # not due yet: nothing tried

    clock = now() + timedelta(minutes=1)
    monkeypatch.setenv("BTS_NOW", clock.replace(tzinfo=None).isoformat())
    again = mail_retry.run_once(application_on(services.store))
    assert (again.sent, again.failed) == (0, 1)  # still down: the next attempt is further away
    [revision] = records.read(services.store, dossier.id).revisions
    assert revision.mail_attempts == 2 and revision.mail_retry_at - clock == timedelta(minutes=2)

    smtp.start()
    monkeypatch.setenv("BTS_NOW", (clock + timedelta(minutes=2)).replace(tzinfo=None).isoformat())
    again = mail_retry.run_once(application_on(services.store))
    assert (again.sent, again.failed) == (1, 0)
    [message] = smtp.handler.messages
    assert message["To"] == "lea@example.org" and "dossier 1 – 0" in str(message["Subject"])
    assert any(part.get_filename() for part in message.iter_attachments())  # the PDF
    [revision] = records.read(services.store, dossier.id).revisions
    assert revision.mailed_at is not None and revision.mail_retry_at is None
    assert services.store.unsent_confirmations() == 0
    assert mail_retry.run_once(application_on(services.store)).sent == 0  # sent once only
