"""Validating a dossier: store the revision, render its PDF, make its download link, send the e-mail."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from registration.documents import confirmation_filename, render_confirmation
from registration.mail import build_confirmation_message, send_confirmation
from registration.referentials import Referentials
from registration.settings import get_settings, now
from registration.store import Store

log = logging.getLogger(__name__)


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


def finalize(store: Store, refs: Referentials, content: dict, *, dossier_number: int | None = None) -> Outcome:
    """Validates `content` as a new dossier (or revision R+1 of `dossier_number`) and delivers its confirmation."""
    settings = get_settings()
    academie = content["academie"]
    session = int(content["session"])
    validated_at = now()
    revision = store.validate(content, academie_code=academie["code"], session=session,
                              dossier_number=dossier_number, validated_at=validated_at)
    calendar = refs.calendar_for(academie["code"], session)
    deadline = calendar.return_deadline if calendar else None
    address_lines = [line.strip() for line in re.split(r"[|\n]", calendar.service_address if calendar else "") if line.strip()]
    pdf = render_confirmation(content, label=revision.label, validated_at=validated_at,
                              return_deadline=deadline, service_address="\n".join(address_lines))
    store.attach_pdf(revision.revision_id, pdf)
    token = store.create_download_token(revision.revision_id, timedelta(hours=settings.download_ttl_hours))
    url = f"{settings.public_base_url.rstrip('/')}/documents/{token}"
    filename = confirmation_filename(revision.label)
    mail_sent = True
    try:
        message = build_confirmation_message(
            to=content["email"], label=revision.label, pdf=pdf, filename=filename, academie_name=academie["name"],
            return_deadline=deadline, download_url=url, info_note=settings.info_note, sender=settings.mail_from)
        send_confirmation(message, settings)
    except Exception:  # the dossier is stored: a mail failure must not lose it
        log.exception("confirmation mail for %s failed", revision.label)
        mail_sent = False
    return Outcome(label=revision.label, number=revision.number, revision=revision.revision,
                   revision_id=revision.revision_id, filename=filename, url=url, mail_sent=mail_sent,
                   deadline_text=deadline.strftime("%d/%m/%Y") if deadline else "la date indiquée",
                   service_address=", ".join(address_lines) or
                   "l'adresse du service des examens indiquée sur la confirmation")
