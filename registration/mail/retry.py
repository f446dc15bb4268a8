"""The confirmation e-mails that could not leave, sent again: ``python -m registration.mail.retry [--loop]``.

A revision whose confirmation e-mail failed (SMTP server down, refused) is recorded with its error and the
time of its next attempt, further away at each failure (1, 2, 4… minutes, then every 6 hours:
``registration.store.confirmation_mails.mail_backoff``). This job sends those that are due, each claimed first so that
two jobs never send the same one, with a fresh download link. The front server runs it every
``BTS_MAIL_RETRY_SECONDS`` (default 60; 0: never); ``python -m registration.mail.retry`` runs it once (cron),
``--loop`` for ever. The console shows each revision's e-mail: left, or how many attempts, the last error, the
next attempt. (``python -m registration.mail_retry``, its former name, still runs it.)
"""

from __future__ import annotations

import argparse
import logging
import os
import time
from dataclasses import dataclass
from datetime import timedelta

from registration.mail.confirmation import send_revision_mail
from registration.referentials import Referentials, load_referentials
from registration.referentials.published import current_referentials
from registration.settings import get_settings
from registration.store import Store

log = logging.getLogger(__name__)

# How long a claimed e-mail is kept from other jobs (longer than one SMTP attempt may take).
LEASE = timedelta(minutes=5)
DEFAULT_INTERVAL = 60.0


@dataclass
class Retried:
    sent: int = 0
    failed: int = 0


def run_once(store: Store, refs: Referentials | None = None) -> Retried:
    """Sends the confirmation e-mails due for another attempt; how many left and how many failed again."""
    settings = get_settings()
    refs = refs or current_referentials(store, load_referentials())
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
        )
        if left:
            done.sent += 1
        else:
            done.failed += 1
    if done.sent or done.failed:
        log.info("confirmation e-mails sent again: %d, failed again: %d", done.sent, done.failed)
    return done


def interval() -> float:
    """Seconds between two runs in the front server (``BTS_MAIL_RETRY_SECONDS``); 0 turns the job off."""
    try:
        return max(0.0, float(os.environ.get("BTS_MAIL_RETRY_SECONDS") or DEFAULT_INTERVAL))
    except ValueError:
        return DEFAULT_INTERVAL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registration.mail.retry", description=__doc__)
    parser.add_argument("--loop", action="store_true", help="run again every BTS_MAIL_RETRY_SECONDS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    store = Store()
    try:
        while True:
            done = run_once(store)
            print(f"Courriels de confirmation renvoyés : {done.sent}, de nouveau en échec : {done.failed}")
            if not args.loop:
                return 0
            time.sleep(interval() or DEFAULT_INTERVAL)
    finally:
        store.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
