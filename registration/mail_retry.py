"""The confirmation e-mails that could not leave, sent again: ``python -m registration.mail_retry [--loop]``.

The front server runs it every ``BTS_MAIL_RETRY_SECONDS`` (default 60; 0: never); ``python -m
registration.mail_retry`` runs it once (cron), ``--loop`` for ever. It sends again, with the referentials as
the exam service published them (the académie's return deadline), the e-mails ``registration.mail.retry``
finds due (with backoff, each claimed first so that two jobs never send the same one). The console shows each
revision's e-mail: left, or how many attempts, the last error, the next attempt.
"""

from __future__ import annotations

import argparse
import logging
import os
import time

from registration.lists.published import current_referentials
from registration.mail.retry import Retried, send_again
from registration.referentials import Referentials, load_referentials
from registration.store import Store

DEFAULT_INTERVAL = 60.0


def run_once(store: Store, refs: Referentials | None = None) -> Retried:
    """Sends the confirmation e-mails due for another attempt; how many left and how many failed again."""
    return send_again(store, refs or current_referentials(store, load_referentials()))


def interval() -> float:
    """Seconds between two runs in the front server (``BTS_MAIL_RETRY_SECONDS``); 0 turns the job off."""
    try:
        return max(0.0, float(os.environ.get("BTS_MAIL_RETRY_SECONDS") or DEFAULT_INTERVAL))
    except ValueError:
        return DEFAULT_INTERVAL


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registration.mail_retry", description=__doc__)
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
