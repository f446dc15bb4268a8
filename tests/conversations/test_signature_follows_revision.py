"""The signed confirmation follows the revision, through the whole stack: the real Rasa, action and front servers,
the console's HTTP routes with a logged-in responsable, and a real SMTP server receiving every e-mail.

The service marks the signed confirmation « complet »; the candidate then changes the address in the chat: the
dossier is back « en attente » for the new revision, the console's dossier page says which revision was signed and
that the new one is not, and the e-mail of the modification asks for a new signed confirmation."""

from __future__ import annotations

import html
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import httpx
import pytest
from aiosmtpd.controller import Controller

from bot.ops.stack import free_port
from registration.backoffice.records import SIGNATURE
from registration.mail import SIGN_AGAIN
from registration.staff.directory import StaffDirectory
from registration.store import Store, dossier_label
from tests.conftest import FIXED_NOW, _running_stack, backend_env, rasa_environment
from tests.conversations.client import Candidate
from tests.conversations.driver import current_question, fill, open_dossier, pdf_text, validate
from tests.conversations.test_registrations import BASE, start, store_of, stored
from tests.unit.test_mail import Collector

pytestmark = pytest.mark.conversation

PASSWORD = "une signature pour chaque révision"
BORN = "17/06/2003"
EMAIL = "signe.revision@exemple.fr"
PROFILE = {**BASE, "nom": "Signataire", "prenoms": "Jeanne", "date_naissance": BORN, "email": EMAIL}
# A revision's heading on the console's dossier page, and its label « N – R ».
REVISION = re.compile(r'<h3 id="revision-\d+">(Révision (\d+ – \d+).*?)</h3>', re.S)


@pytest.fixture(scope="module")
def mailbox():
    """A real SMTP server on 127.0.0.1 keeping what it receives."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def mailing_stack(mailbox, tmp_path_factory):
    """The assistant (Rasa, action and front servers) sending its e-mails through the SMTP server."""
    rasa_venv, model = rasa_environment()
    var_dir = tmp_path_factory.mktemp("signature")
    with backend_env(var_dir) as store_env:
        env = {**store_env, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mailbox[1]), "SMTP_STARTTLS": "0"}
        yield from _running_stack(rasa_venv, model, var_dir, env)


def received(handler: Collector, to: str, count: int) -> list[EmailMessage]:
    """The e-mails the SMTP server received for ``to``, once there are ``count`` of them (waited for a while)."""
    deadline = time.monotonic() + 30
    while True:
        messages = [
            message_from_bytes(e.content, policy=default) for e in handler.envelopes if to in e.rcpt_tos
        ]
        if len(messages) >= count or time.monotonic() > deadline:
            return messages  # type: ignore[return-value]
        time.sleep(0.2)


def responsable(store: Store) -> str:
    email = f"responsable-{uuid.uuid4().hex[:8]}@ac-paris.fr"
    StaffDirectory(store).add(email, PASSWORD, role="responsable", academies=())
    return email


def csrf_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, page.text[-2000:]
    return match.group(1)


@contextmanager
def logged_in(front_url: str, email: str) -> Iterator[httpx.Client]:
    """A browser-like client of the front server's console, logged in."""
    with httpx.Client(base_url=front_url, follow_redirects=True, timeout=30) as client:
        form = client.get("/conseillers/connexion")
        queue = client.post(
            "/conseillers/connexion", data={"csrf": csrf_of(form), "email": email, "password": PASSWORD}
        )
        assert queue.status_code == 200 and "Se déconnecter" in queue.text, queue.text[-2000:]
        yield client


def fact(page: httpx.Response, name: str) -> str:
    """The text of the dossier page's ``<dd id="name">``."""
    match = re.search(rf'<dd id="{name}">(.*?)</dd>', page.text, re.S)
    assert match, page.text[-3000:]
    return html.unescape(" ".join(match.group(1).split()))


def test_a_modification_after_complet_asks_for_a_new_signed_confirmation(mailing_stack, mailbox):
    handler, _ = mailbox
    stack = mailing_stack
    candidate = start(stack)
    fill(candidate, PROFILE)
    document = validate(candidate)
    number = document["number"]
    signed, revised = dossier_label(number, 0), dossier_label(number, 1)
    assert document["dossier"] == signed
    dossier = stored(stack, document, BORN)
    [mailed] = received(handler, EMAIL, 1)
    assert signed in str(mailed["Subject"])

    # The service receives the signed confirmation, then finds the dossier complete (console, real HTTP).
    store = store_of(stack)
    url = f"/conseillers/dossiers/{dossier.id}"
    with logged_in(stack.front_url, responsable(store)) as console:
        for state in ("recue", "complet"):
            page = console.get(url)
            assert page.status_code == 200, page.text[-2000:]
            page = console.post(
                url + "/etat", data={"csrf": csrf_of(page), "etat": state, "recue_le": FIXED_NOW[:10]}
            )
            assert page.status_code == 200 and "informé par courriel" in page.text, page.text[-2000:]
        assert fact(page, "etat-actuel").startswith("complet")
        assert fact(page, "revision-signee") == SIGNATURE["signed"].format(signed=signed) + "."
        assert len(received(handler, EMAIL, 3)) == 3  # the confirmation, then one e-mail per state

        # The candidate consults the dossier and changes the address in the chat.
        reader = open_dossier(Candidate(stack.rasa_url), number, BORN)
        assert f"Dossier {signed}" in reader.text and "complet" in reader.text, reader.text
        reader.click("Modifier")
        reader.say("modifier mon adresse")
        assert current_question(reader) == "adresse_complete", reader.text
        reader.say("3 place des Vosges 75004 Paris")
        second = validate(reader)
        assert second["dossier"] == revised
        said = reader.text
        assert f"avait reçu votre confirmation signée de la révision {signed}" in said, said
        assert f"nouvelle révision, {revised}" in said and "« en attente de la confirmation signée »" in said
        assert "3 PLACE DES VOSGES" in pdf_text(second["url"]).upper()

        # The dossier is back « en attente » for the new revision; the signed one is remembered.
        current = store.get_dossier(dossier.academie_code, dossier.session, number)
        assert current is not None and current.revision == 1 and current.status == "attente"
        assert current.content["residence"]["adresse"] == "3 place des Vosges"
        page = console.get(url)
        assert page.status_code == 200
        assert fact(page, "etat-actuel") == "en attente de la confirmation signée"
        signature = fact(page, "revision-signee")
        later = SIGNATURE["later"].format(current=revised)
        assert signature == SIGNATURE["signed"].format(signed=signed) + later
        assert "n'est pas signée" in signature
        headings = {label: html.unescape(heading) for heading, label in REVISION.findall(page.text)}
        assert headings[signed].endswith("confirmation signée reçue"), headings
        assert "confirmation signée reçue" not in headings[revised] and "actuelle" in headings[revised]

    # The e-mail of the modification asks for a new signed confirmation of the new revision.
    messages = received(handler, EMAIL, 4)
    assert len(messages) == 4, [str(m["Subject"]) for m in messages]
    modified = messages[-1]
    assert revised in str(modified["Subject"])
    body = " ".join(modified.get_body(preferencelist=("plain",)).get_content().split())
    assert SIGN_AGAIN.format(signed=signed, label=revised) in body, body
    assert any(part.get_filename() for part in modified.iter_attachments())  # the new revision's PDF
