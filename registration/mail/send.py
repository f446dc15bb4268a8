"""Sending an e-mail: by SMTP when a server is configured, else written to the outbox directory (one .eml each)."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from registration.documents.formatting import dossier_slug
from registration.mail.compose import DOSSIER_HEADER, sender_domain
from registration.settings import Settings, now

SMTP_TIMEOUT = 30  # seconds, for the connection and each command


@dataclass(frozen=True)
class SentMail:
    """What happened to a message: its Message-ID, the transport used and, for the outbox, the file."""

    message_id: str
    transport: str  # "smtp" | "outbox"
    path: Path | None = None


def _write_outbox(message: EmailMessage, outbox: Path, label: str) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stem = f"{now():%Y%m%dT%H%M%S}-{dossier_slug(label)}"
    data = message.as_bytes()
    with contextlib.suppress(OSError):
        outbox.chmod(0o700)
    for attempt in range(1000):
        path = outbox / (f"{stem}.eml" if attempt == 0 else f"{stem}-{attempt}.eml")
        try:
            # never overwrite an earlier message; readable by the service only (it holds personal data)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free file name for {stem}.eml in {outbox}")


def _send_smtp(message: EmailMessage, host: str, settings: Settings) -> None:
    port = settings.smtp_port
    context = ssl.create_default_context()
    if port == 465:  # implicit TLS (SMTPS)
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    with client:
        client.ehlo()
        if settings.smtp_starttls and port != 465:
            client.starttls(context=context)
            client.ehlo()
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password or "")
        client.send_message(message)


def send_confirmation(message: EmailMessage, settings: Settings) -> SentMail:
    """Send by SMTP when settings.smtp_host is set, else write <outbox_dir>/<timestamp>-<label>.eml (the
    application's settings).

    SMTP failures (smtplib.SMTPException, OSError) propagate: the caller decides whether to retry.
    """
    if not message.get("Message-ID"):
        message["Message-ID"] = make_msgid(domain=sender_domain(str(message.get("From", ""))))
    message_id = str(message["Message-ID"])
    if settings.smtp_host:
        _send_smtp(message, settings.smtp_host, settings)
        return SentMail(message_id=message_id, transport="smtp", path=None)
    label = str(message.get(DOSSIER_HEADER) or "confirmation")
    path = _write_outbox(message, Path(settings.outbox_dir), label)
    return SentMail(message_id=message_id, transport="outbox", path=path)
