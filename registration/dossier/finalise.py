"""Validating a dossier: check the window, store the revision, render its PDF, make its link, send the e-mail.

Every step after the store can be replayed: the revision is found again by the draft's validation key, its
PDF is rendered once and kept, and the e-mail is sent until it is recorded as sent. So pressing "Valider"
again after a crash (or a lost reply) completes the same dossier instead of creating a second one.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import timedelta

from registration import rules
from registration.documents import confirmation_filename, render_confirmation
from registration.mail import dossier_page_url, send_revision_mail
from registration.metrics import REGISTRATIONS_VALIDATED
from registration.referentials import Referentials
from registration.settings import Settings, now
from registration.store import Store, dossier_label

log = logging.getLogger(__name__)

# Fault injection for the crash-recovery tests: BTS_FAULT_POINT=after_dossier (settings.fault_point) ends the
# process right after the dossier is committed, before its PDF exists (as a power cut would).
AFTER_DOSSIER = "after_dossier"


class ValidationRefused(Exception):
    """The dossier cannot be validated now: ``text`` names the conversation's message that says why (in
    French, with whom to contact), ``fields`` fill it in. The texts stay with the conversation's."""

    def __init__(self, text: str, **fields: str) -> None:
        super().__init__(text)
        self.text, self.fields = text, fields


@dataclass(frozen=True)
class Outcome:
    label: str
    number: int
    revision: int
    revision_id: int
    filename: str
    url: str
    mail_sent: bool
    deadline_text: str
    service_address: str
    signed_label: str | None = (
        None  # a signed confirmation received for this earlier revision no longer counts
    )

    @property
    def page_url(self) -> str:
        """The dossier as an accessible web page (the HTML equivalent of the PDF), behind the same token."""
        return dossier_page_url(self.url)


def check_window(refs: Referentials, academie_code: str, session: int) -> None:
    """Raises ValidationRefused outside the académie's registration window (consultation stays possible)."""
    result = rules.check_registration_open(academie_code, session, now(), refs)
    if isinstance(result, rules.Invalid):
        raise ValidationRefused(
            "validation_closed",
            reason=result.message,
            contact=rules.service_contact(refs, academie_code, session),
        )


def finalize(
    store: Store,
    refs: Referentials,
    content: dict,
    *,
    dossier_number: int | None = None,
    dossier_academie: str | None = None,
    expected_revision: int | None = None,
    request_key: str | None = None,
    channel: str | None = None,
    sender_id: str | None = None,
    origin_sender_id: str | None = None,
    settings: Settings,
) -> Outcome:
    """Validates `content` as a new dossier (or revision R+1 of `dossier_number`) and delivers its confirmation."""
    academie = content["academie"]
    session = int(content["session"])
    if dossier_number is not None and dossier_academie and academie["code"] != dossier_academie:
        # A modification never writes into another académie's numbering (the engine already refuses it).
        raise ValidationRefused(
            "modify_other_academie",
            new=academie.get("name", ""),
            old=dossier_academie,
            contact=rules.service_contact(refs, dossier_academie, session),
        )
    check_window(refs, academie["code"], session)
    revision = store.validate(
        content,
        academie_code=academie["code"],
        session=session,
        dossier_number=dossier_number,
        validated_at=now(),
        request_key=request_key,
        expected_revision=expected_revision,
        channel=channel,
        sender_id=sender_id,
        origin_sender_id=origin_sender_id,
    )
    if not revision.existing:
        REGISTRATIONS_VALIDATED.labels(kind="new" if revision.revision == 0 else "modification").inc()
    if settings.fault_point == AFTER_DOSSIER and not revision.existing:
        os._exit(75)
    calendar = refs.calendar_for(academie["code"], session)
    deadline = calendar.return_deadline if calendar else None
    address_lines = [
        line.strip()
        for line in re.split(r"[|\n]", calendar.service_address if calendar else "")
        if line.strip()
    ]
    pdf = revision.pdf
    if pdf is None:
        pdf = render_confirmation(
            content,
            label=revision.label,
            validated_at=revision.validated_at,
            return_deadline=deadline,
            service_address="\n".join(address_lines),
        )
        store.attach_pdf(revision.revision_id, pdf)
    token = store.create_download_token(revision.revision_id, timedelta(hours=settings.download_ttl_hours))
    url = f"{settings.public_base_url.rstrip('/')}/documents/{token}"
    filename = confirmation_filename(revision.label)
    mail_sent = revision.mailed or send_revision_mail(
        store,
        refs,
        revision_id=revision.revision_id,
        label=revision.label,
        content=content,
        pdf=pdf,
        download_url=url,
        signed_label=dossier_label(revision.number, revision.signed_revision)
        if revision.signed_revision is not None
        else None,
        settings=settings,
    )
    return Outcome(
        label=revision.label,
        number=revision.number,
        revision=revision.revision,
        revision_id=revision.revision_id,
        filename=filename,
        url=url,
        mail_sent=mail_sent,
        deadline_text=deadline.strftime("%d/%m/%Y") if deadline else "la date indiquée",
        service_address=", ".join(address_lines)
        or "l'adresse du service des examens indiquée sur la confirmation",
        signed_label=dossier_label(revision.number, revision.signed_revision)
        if revision.signed_revision is not None
        else None,
    )


@dataclass(frozen=True)
class Reprint:
    label: str
    filename: str
    url: str


def reprint(store: Store, refs: Referentials, dossier_id: int, settings: Settings) -> Reprint | None:
    """A new download link to the confirmation of a dossier's latest revision (rendered if it never was)."""
    revisions = store.revisions(dossier_id)
    if not revisions:
        return None
    latest = revisions[-1]
    if latest.pdf is None:
        content = latest.content
        academie = (content.get("academie") or {}).get("code", "")
        calendar = refs.calendar_for(academie, int(content.get("session") or 0))
        address = [line.strip() for line in re.split(r"[|\n]", calendar.service_address if calendar else "")]
        store.attach_pdf(
            latest.id,
            render_confirmation(
                content,
                label=latest.label,
                validated_at=latest.validated_at,
                return_deadline=calendar.return_deadline if calendar else None,
                service_address="\n".join(line for line in address if line),
            ),
        )
    token = store.create_download_token(latest.id, timedelta(hours=settings.download_ttl_hours))
    url = f"{settings.public_base_url.rstrip('/')}/documents/{token}"
    return Reprint(label=latest.label, filename=confirmation_filename(latest.label), url=url)
