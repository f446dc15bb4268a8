"""The e-mails candidates receive: composed (``compose.py``, bodies in ``templates/``), sent by SMTP or written to
the outbox (``send.py``), a revision's confirmation delivered with its failure recorded (``confirmation.py``) and
sent again when due (``retry.py``; the job that runs it, ``python -m registration.operations.mail_retry``,
stands above the published lists it reads)."""

from registration.mail.compose import (
    SIGN_AGAIN,
    build_confirmation_message,
    build_confirmation_reminder,
    build_dossier_state_message,
    build_draft_reminder,
    build_lock_notice,
    build_lost_number_message,
    build_resume_code_message,
    build_table_update_message,
)
from registration.mail.confirmation import dossier_page_url, send_revision_mail
from registration.mail.send import SMTP_TIMEOUT, SentMail, send_confirmation

__all__ = [
    "SIGN_AGAIN",
    "SMTP_TIMEOUT",
    "SentMail",
    "build_confirmation_message",
    "build_confirmation_reminder",
    "build_draft_reminder",
    "build_dossier_state_message",
    "build_lock_notice",
    "build_lost_number_message",
    "build_resume_code_message",
    "build_table_update_message",
    "dossier_page_url",
    "send_confirmation",
    "send_revision_mail",
]
