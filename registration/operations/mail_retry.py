"""The confirmation e-mails that could not leave, sent again: ``python -m registration.operations.mail_retry [--loop]``.

The front server runs it every ``BTS_MAIL_RETRY_SECONDS`` (``settings.mail_retry_seconds``, default 60; 0:
never); ``python -m registration.operations.mail_retry`` runs it once (cron), ``--loop`` for ever. It sends again, with the
referentials as the exam service published them (the académie's return deadline), the e-mails
``registration.mail.retry`` finds due (with backoff, each claimed first so that two jobs never send the same
one). The console shows each revision's e-mail: left, or how many attempts, the last error, the next attempt.
"""

from __future__ import annotations

import argparse
import logging
import time

from registration.app import Application, create_app
from registration.lists.published import current_referentials
from registration.mail.retry import Retried, send_again

DEFAULT_INTERVAL = 60.0


def run_once(application: Application) -> Retried:
    """Sends the confirmation e-mails due for another attempt; how many left and how many failed again."""
    refs = current_referentials(application.store, application.refs)
    return send_again(application.store, refs, application.settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registration.operations.mail_retry", description=__doc__)
    parser.add_argument("--loop", action="store_true", help="run again every BTS_MAIL_RETRY_SECONDS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    application = create_app()
    try:
        while True:
            done = run_once(application)
            print(f"Courriels de confirmation renvoyés : {done.sent}, de nouveau en échec : {done.failed}")
            if not args.loop:
                return 0
            time.sleep(application.settings.mail_retry_seconds or DEFAULT_INTERVAL)
    finally:
        application.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
