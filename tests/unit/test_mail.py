"""Tests of the confirmation e-mail: its content, SMTP delivery to a local server, and the outbox."""

from __future__ import annotations

import socket
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from registration import mail
from registration.documents import confirmation_filename, render_confirmation
from registration.mail import SentMail, build_confirmation_message, send_confirmation
from registration.settings import Settings
from tests.samples import SERVICE_ADDRESS, paris_candidate

LABEL = "175 \u2013 0"
TO = "zoe.lefevre@example.org"
SENDER = "inscriptions-bts@examens.example.fr"
URL = "http://localhost:8000/confirmation/abc123"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_confirmation(
        paris_candidate(),
        label=LABEL,
        validated_at=datetime(2026, 11, 26, 14, 5),
        return_deadline=date(2026, 12, 4),
        service_address=SERVICE_ADDRESS,
    )


def build(pdf: bytes, **overrides) -> EmailMessage:
    options = dict(
        to=TO,
        label=LABEL,
        pdf=pdf,
        filename=confirmation_filename(LABEL),
        academie_name="Paris",
        return_deadline=date(2026, 12, 4),
        download_url=URL,
        info_note=None,
        sender=SENDER,
    )
    options.update(overrides)
    return build_confirmation_message(**options)


def attachments(message: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {
        part.get_filename(): (part.get_content_type(), part.get_content())
        for part in message.iter_attachments()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """An aiosmtpd handler that keeps every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    def start(**options):
        handler = Collector()
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        started.append(controller)
        return handler, controller.port

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


# --- building -------------------------------------------------------------------------------------


def test_headers(pdf):
    message = build(pdf)
    assert message["To"] == TO and message["From"] == SENDER
    assert message["Subject"] == f"Confirmation d'inscription au BTS – dossier {LABEL}"
    assert message["Message-ID"].endswith("@examens.example.fr>")
    assert message["X-BTS-Dossier"] == "175-0"


def test_french_text_body(pdf):
    body = build(pdf).get_body(preferencelist=("plain",)).get_content()
    for expected in [
        f"Numéro de dossier : {LABEL}",
        "l'académie de Paris",
        "imprimez la confirmation",
        "corrigez en rouge toute erreur",
        "datez et signez",
        "renvoyez-la par voie postale avant le 04/12/2026",
        "Votre inscription ne sera définitive qu'à réception de ce document signé.",
        URL,
        "« 175 »",
    ]:
        assert expected in body, expected
    assert "note d'information" not in body


def test_html_alternative_escapes_and_links(pdf):
    html = build(pdf, download_url=URL + "?a=1&b=2").get_body(preferencelist=("html",)).get_content()
    assert f'<strong style="font-size: 18px;">{LABEL}</strong>' in html
    assert 'href="http://localhost:8000/confirmation/abc123?a=1&amp;b=2"' in html


def test_without_deadline_or_link(pdf):
    body = (
        build(pdf, return_deadline=None, download_url=None, academie_name="Orléans-Tours")
        .get_body(preferencelist=("plain",))
        .get_content()
    )
    assert "dans les meilleurs délais" in body
    assert "télécharger" not in body
    assert "l'académie d'Orléans-Tours" in body


def test_pdf_attached(pdf):
    files = attachments(build(pdf))
    assert files == {"confirmation-inscription-bts-175-0.pdf": ("application/pdf", pdf)}


def test_information_note_attached_when_it_exists(pdf, tmp_path):
    note = tmp_path / "note-information-bts-2027.pdf"
    note.write_bytes(b"%PDF-1.4 note")
    message = build(pdf, info_note=note)
    files = attachments(message)
    assert files["note-information-bts-2027.pdf"] == ("application/pdf", b"%PDF-1.4 note")
    assert "note d'information" in message.get_body(preferencelist=("plain",)).get_content()
    assert len(attachments(build(pdf, info_note=tmp_path / "absent.pdf"))) == 1


# --- SMTP -----------------------------------------------------------------------------------------


def test_smtp_delivery_keeps_the_pdf_intact(pdf, smtp_server, tmp_path):
    handler, port = smtp_server()
    message = build(pdf)
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_user=None,
        smtp_starttls=False,
        outbox_dir=tmp_path / "outbox",
    )
    sent = send_confirmation(message, settings)
    assert sent == SentMail(message_id=message["Message-ID"], transport="smtp", path=None)
    assert not (tmp_path / "outbox").exists()
    [envelope] = handler.envelopes
    assert envelope.mail_from == SENDER and envelope.rcpt_tos == [TO]
    received = message_from_bytes(envelope.content, policy=policy.default)
    assert received["Message-ID"] == message["Message-ID"]
    assert received["Subject"] == message["Subject"]
    assert attachments(received)["confirmation-inscription-bts-175-0.pdf"] == ("application/pdf", pdf)
    assert f"Numéro de dossier : {LABEL}" in received.get_body(preferencelist=("plain",)).get_content()


def test_smtp_login(pdf, smtp_server, tmp_path):
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"secret")

    handler, port = smtp_server(authenticator=authenticator, auth_require_tls=False)
    settings = Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_user="bts",
        smtp_password="secret",
        smtp_starttls=False,
        outbox_dir=tmp_path,
    )
    assert send_confirmation(build(pdf), settings).transport == "smtp"
    assert logins == [(b"bts", b"secret")]
    assert len(handler.envelopes) == 1


def test_starttls_then_login_order(pdf, monkeypatch, tmp_path):
    calls = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            calls.append(("connect", host, port, timeout))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            calls.append(("quit",))

        def ehlo(self):
            calls.append(("ehlo",))

        def starttls(self, context):
            calls.append(("starttls",))

        def login(self, user, password):
            calls.append(("login", user, password))

        def send_message(self, message):
            calls.append(("send", message["To"]))

    monkeypatch.setattr(mail.send.smtplib, "SMTP", FakeSMTP)
    settings = Settings(
        smtp_host="smtp.example.fr",
        smtp_port=587,
        smtp_user="bts",
        smtp_password="pw",
        smtp_starttls=True,
        outbox_dir=tmp_path,
    )
    send_confirmation(build(pdf), settings)
    assert calls == [
        ("connect", "smtp.example.fr", 587, mail.SMTP_TIMEOUT),
        ("ehlo",),
        ("starttls",),
        ("ehlo",),
        ("login", "bts", "pw"),
        ("send", TO),
        ("quit",),
    ]


def test_smtp_failure_propagates(pdf, tmp_path):
    settings = Settings(smtp_host="127.0.0.1", smtp_port=free_port(), outbox_dir=tmp_path)
    with pytest.raises(OSError):
        send_confirmation(build(pdf), settings)


# --- outbox ---------------------------------------------------------------------------------------


def test_outbox_writes_a_parseable_eml(pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_NOW", "2026-11-26T14:05:00")
    outbox = tmp_path / "outbox"
    message = build(pdf)
    sent = send_confirmation(message, Settings(smtp_host=None, outbox_dir=outbox))
    assert sent.transport == "outbox" and sent.message_id == message["Message-ID"]
    assert sent.path == outbox / "20261126T140500-175-0.eml"
    parsed = message_from_bytes(Path(sent.path).read_bytes(), policy=policy.default)
    assert parsed["To"] == TO and parsed["Subject"] == message["Subject"]
    assert attachments(parsed)["confirmation-inscription-bts-175-0.pdf"] == ("application/pdf", pdf)

    again = send_confirmation(build(pdf), Settings(smtp_host=None, outbox_dir=outbox))
    assert again.path != sent.path and again.path.exists()  # never overwrites


def test_the_environment_s_settings_use_the_outbox(pdf, tmp_path, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.setenv("BTS_OUTBOX_DIR", str(tmp_path / "box"))
    sent = send_confirmation(build(pdf), Settings.from_environment())
    assert sent.transport == "outbox" and sent.path.parent == tmp_path / "box"
