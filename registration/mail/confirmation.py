"""A revision's confirmation e-mail, delivered: composed from the stored dossier, sent, and on failure recorded
with the time of its next attempt (``retry.py`` sends it then), so that a dossier is never lost to the mail."""

from __future__ import annotations

import logging

from registration.documents import confirmation_filename
from registration.documents.formatting import epreuves_notice
from registration.mail.compose import build_confirmation_message
from registration.mail.send import send_confirmation
from registration.referentials import Referentials
from registration.settings import Settings
from registration.store import Store

log = logging.getLogger(__name__)


def dossier_page_url(download_url: str) -> str:
    """The dossier as an accessible web page (the HTML equivalent of the PDF), behind the same token."""
    return download_url.replace("/documents/", "/dossier/", 1)


def send_revision_mail(
    store: Store,
    refs: Referentials,
    *,
    revision_id: int,
    label: str,
    content: dict,
    pdf: bytes,
    download_url: str,
    signed_label: str | None = None,
    settings: Settings,
) -> bool:
    """Sends a revision's confirmation e-mail (with the application's ``settings``: sender, SMTP, information
    note); whether it left. One that could not leave is recorded with its error and the time of the next attempt
    (``registration.mail.retry`` sends it then)."""
    academie = content.get("academie") or {}
    calendar = refs.calendar_for(str(academie.get("code") or ""), int(content.get("session") or 0))
    try:
        message = build_confirmation_message(
            to=content["email"],
            label=label,
            pdf=pdf,
            filename=confirmation_filename(label),
            academie_name=str(academie.get("name") or ""),
            return_deadline=calendar.return_deadline if calendar else None,
            download_url=download_url,
            info_note=settings.info_note,
            sender=settings.mail_from,
            epreuves_notice=epreuves_notice(content),
            dossier=content,
            page_url=dossier_page_url(download_url),
            signed_label=signed_label,
            academie_note=store.information_note(str(academie.get("code") or "")),
        )
        send_confirmation(message, settings)
    except Exception as error:  # the dossier is stored: a mail failure must not lose it
        retry_at = store.mail_failed(revision_id, type(error).__name__)
        log.warning(
            "confirmation mail for dossier %s failed (%s), next attempt at %s",
            label,
            type(error).__name__,
            retry_at.isoformat(timespec="minutes"),
        )
        return False
    store.mark_mailed(revision_id)
    return True
