"""The e-mails candidates receive, composed: headers here, bodies from the Jinja2 templates of ``templates/``
(a ``.txt`` for the text, the confirmation's ``.html`` too, autoescaped as the e-mails always were)."""

from __future__ import annotations

import html
import mimetypes
import re
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from registration.documents.dossier_html import dossier_html, dossier_lines
from registration.documents.formatting import DASH, academie_phrase, deadline_phrase, dossier_slug
from registration.settings import paris_time

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DOSSIER_HEADER = "X-BTS-Dossier"  # the dossier label as an ASCII slug ("175-0"), names the outbox file

# Each e-mail's subject, by the name of its templates (templates/<name>.txt, and .html for the confirmation).
SUBJECTS = {
    "confirmation": f"Confirmation d'inscription au BTS {DASH} dossier {{label}}",
    "lock_notice": "Pré-inscription au BTS : tentatives d'accès à votre dossier",
    "lost_number": "Pré-inscription au BTS : votre numéro de dossier",
    "resume_code": "Pré-inscription au BTS : votre code de reprise",
    "table_update": f"Pré-inscription au BTS {DASH} complétez votre dossier {{label}}",
    "dossier_state": f"Pré-inscription au BTS {DASH} dossier {{label}} : {{state}}",
    "confirmation_reminder": f"Pré-inscription au BTS {DASH} dossier {{label}} : confirmation signée à renvoyer",
    "draft_reminder": "Pré-inscription au BTS : votre inscription n'est pas terminée",
}

# A modification after the signed confirmation arrived: that signature was for an earlier revision (said in the
# confirmation and in its reminder).
SIGN_AGAIN = (
    "Vous avez modifié votre dossier après la réception de votre confirmation signée (révision {signed}) : "
    "cette signature ne vaut pas pour la révision {label}. Signez et renvoyez la confirmation de la révision "
    "{label}."
)


def _escaped(value: Any) -> Any:
    """A value shown in an HTML body: escaped as html.escape does (quotes included), unless already HTML."""
    return value if isinstance(value, Markup) or not isinstance(value, str) else Markup(html.escape(value))


def _environment(autoescape: bool) -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=autoescape,
        finalize=_escaped if autoescape else None,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_text, _html = _environment(False), _environment(True)


def _body(template: str, **context: Any) -> str:
    """A body from ``templates/``: ``.html`` ones autoescaped, ``.txt`` ones as written."""
    environment = _html if template.endswith(".html") else _text
    return environment.get_template(template).render(**context)


def login_number(label: str) -> str:
    """The number to type to log in: the dossier number without the part after the dash."""
    return re.split(r"\s*[-\u2013\u2014]\s*", label.strip(), maxsplit=1)[0] or label.strip()


def sender_domain(sender: str) -> str | None:
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    return domain or None


def _new_message(subject: str, *, to: str, sender: str, dossier: str) -> EmailMessage:
    """An automatic French message with its headers; `dossier` (an ASCII slug) names its outbox file."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message["Content-Language"] = "fr"
    message[DOSSIER_HEADER] = dossier
    return message


def build_confirmation_message(
    *,
    to: str,
    label: str,
    pdf: bytes,
    filename: str,
    academie_name: str,
    return_deadline: date | None,
    download_url: str | None,
    info_note: Path | None,
    sender: str,
    epreuves_notice: str | None = None,
    dossier: dict | None = None,
    page_url: str | None = None,
    signed_label: str | None = None,
    academie_note: tuple[str, bytes] | None = None,
) -> EmailMessage:
    """The French confirmation e-mail (text and HTML) with the PDF and, if it exists, the information note.

    ``signed_label``: the earlier revision whose signed confirmation the service received; this one, modified
    since, is to be signed and sent again (the e-mail says so). ``academie_note``: (file name, PDF) of the note
    the académie's service uploaded, joined instead of ``info_note`` (the one for all)."""
    note = Path(info_note) if info_note else None
    if (note is not None and not note.is_file()) or academie_note is not None:
        note = None  # the académie's own note (uploaded by its service) replaces the one for all
    message = _new_message(
        SUBJECTS["confirmation"].format(label=label), to=to, sender=sender, dossier=dossier_slug(label)
    )
    # The text and the HTML bodies say the same, from the same fields.
    fields = dict(
        label=label,
        login_number=login_number(label),
        academie=academie_phrase(academie_name or ""),
        deadline=deadline_phrase(return_deadline),
        download_url=download_url,
        has_note=note is not None or academie_note is not None,
        notice=epreuves_notice,
        dossier=bool(dossier),
        page_url=page_url,
        sign_again=SIGN_AGAIN.format(signed=signed_label, label=label) if signed_label else None,
    )
    message.set_content(
        _body("confirmation.txt", dossier_lines=dossier_lines(dossier) if dossier else [], **fields)
    )
    message.add_alternative(
        _body(
            "confirmation.html",
            dossier_html=Markup(dossier_html(dossier, level=3, inline_style=True)) if dossier else None,
            **fields,
        ),
        subtype="html",
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    if academie_note is not None:
        name, data = academie_note
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    if note is not None:
        mime, _ = mimetypes.guess_type(note.name)
        maintype, subtype = (mime or "application/octet-stream").split("/", 1)
        message.add_attachment(note.read_bytes(), maintype=maintype, subtype=subtype, filename=note.name)
    return message


def _message(
    name: str, *, to: str, sender: str, dossier: str, subject: dict[str, str], **context: Any
) -> EmailMessage:
    """The e-mail ``name``: its subject from :data:`SUBJECTS` (filled with ``subject``), its text body from
    ``templates/<name>.txt`` (filled with ``context``)."""
    message = _new_message(SUBJECTS[name].format(**subject), to=to, sender=sender, dossier=dossier)
    message.set_content(_body(f"{name}.txt", **context))
    return message


def build_lock_notice(*, to: str, sender: str) -> EmailMessage:
    """Tells the owner of a dossier that repeated wrong attempts were made on it (nothing else is said)."""
    return _message("lock_notice", to=to, sender=sender, dossier="alerte-acces", subject={})


def build_lost_number_message(*, to: str, labels: list[str], sender: str) -> EmailMessage:
    """« J'ai perdu mon numéro de dossier »: the numbers of the dossiers with this address (never said in the chat)."""
    return _message(
        "lost_number",
        to=to,
        sender=sender,
        dossier="numero",
        subject={},
        dossiers=[(label, login_number(label)) for label in labels],
    )


def build_resume_code_message(*, to: str, code: str, sender: str) -> EmailMessage:
    """The resume code of a registration a conseiller started by phone: the candidate finishes and validates it."""
    return _message("resume_code", to=to, sender=sender, dossier="code-de-reprise", subject={}, code=code)


def build_table_update_message(
    *,
    to: str,
    label: str,
    specialite_title: str,
    academie_name: str,
    closes: datetime | None,
    public_url: str | None,
    sender: str,
) -> EmailMessage:
    """Asks a candidate to complete a dossier registered before the exam service published its épreuves."""
    return _message(
        "table_update",
        to=to,
        sender=sender,
        dossier=f"completer-{dossier_slug(label)}",
        subject={"label": label},
        academie=academie_phrase(academie_name or ""),
        specialite_title=specialite_title,
        public_url=public_url,
        login_number=login_number(label),
        closes=f"{paris_time(closes):%d/%m/%Y à %H:%M}" if closes else None,
    )


def build_dossier_state_message(
    *, to: str, label: str, state: str, academie_name: str, explanation: str, sender: str
) -> EmailMessage:
    """Tells a candidate that the exam service changed the state of their dossier (signed confirmation)."""
    return _message(
        "dossier_state",
        to=to,
        sender=sender,
        dossier=f"etat-{dossier_slug(label)}",
        subject={"label": label, "state": state},
        academie=academie_phrase(academie_name or ""),
        label=label,
        state=state,
        explanation=explanation,
    )


def build_confirmation_reminder(
    *,
    to: str,
    label: str,
    academie_name: str,
    return_deadline: date,
    sender: str,
    signed_label: str | None = None,
) -> EmailMessage:
    """Reminds a candidate that the signed confirmation has not arrived and the return deadline is near (of the
    current revision, when an earlier one was signed: ``signed_label``)."""
    return _message(
        "confirmation_reminder",
        to=to,
        sender=sender,
        dossier=f"relance-{dossier_slug(label)}",
        subject={"label": label},
        academie=academie_phrase(academie_name or ""),
        label=label,
        login_number=login_number(label),
        return_deadline=f"{return_deadline:%d/%m/%Y}",
        sign_again=SIGN_AGAIN.format(signed=signed_label, label=label) if signed_label else None,
    )


def build_draft_reminder(
    *, to: str, code: str, academie_name: str, closes: datetime, public_url: str | None, sender: str
) -> EmailMessage:
    """Reminds a candidate who left a pre-registration unfinished, with its resume code, before the closing."""
    return _message(
        "draft_reminder",
        to=to,
        sender=sender,
        dossier="relance-brouillon",
        subject={},
        academie=academie_phrase(academie_name or ""),
        closes=f"{paris_time(closes):%d/%m/%Y à %H:%M}",
        code=code,
        public_url=public_url,
    )
