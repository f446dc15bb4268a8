"""``python -m registration.mail_retry``: the former name of ``python -m registration.mail.retry``, kept for the
machines whose cron entries still call it."""

from registration.mail.retry import main

if __name__ == "__main__":
    raise SystemExit(main())
