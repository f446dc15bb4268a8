"""The confirmation e-mails that could not leave, sent again when due.

A revision whose confirmation e-mail failed (SMTP server down, refused) is recorded with its error and the
time of its next attempt, further away at each failure (1, 2, 4… minutes, then every 6 hours:
``registration.store.confirmation_mails.mail_backoff``). :func:`send_again` sends those that are due, each
claimed first so that two jobs never send the same one, with a fresh download link. The job that calls it (the
front server every ``BTS_MAIL_RETRY_SECONDS``, or ``python -m registration.operations.mail_retry``) is
``registration/operations/mail_retry.py``: it reads the lists the exam service publishes, which stand above the mail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from registration.mail.confirmation import send_revision_mail
from registration.referentials import Referentials
from registration.settings import Settings
from registration.store import Store

log = logging.getLogger(__name__)

# How long a claimed e-mail is kept from other jobs (longer than one SMTP attempt may take).
LEASE = timedelta(minutes=5)


@dataclass
class Retried:
    sent: int = 0
    failed: int = 0


def send_again(store: Store, refs: Referentials, settings: Settings) -> Retried:
    """Sends the confirmation e-mails due for another attempt; how many left and how many failed again."""
    done = Retried()
    for revision_id in store.claim_mail_retries(LEASE):
        revision = store.revision_for_mail(revision_id)
        if revision is None or revision.mailed:
            continue
        token = store.create_download_token(revision_id, timedelta(hours=settings.download_ttl_hours))
        left = send_revision_mail(
            store,
            refs,
            revision_id=revision_id,
            label=revision.label,
            content=revision.content,
            pdf=revision.pdf,
            download_url=f"{settings.public_base_url.rstrip('/')}/documents/{token}",
            signed_label=revision.signed_label,
            settings=settings,
        )
        if left:
            done.sent += 1
        else:
            done.failed += 1
    if done.sent or done.failed:
        log.info("confirmation e-mails sent again: %d, failed again: %d", done.sent, done.failed)
    return done
