"""The confirmation e-mail: building it, and sending it by SMTP or writing it to the outbox directory."""

from __future__ import annotations

import contextlib
import mimetypes
import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from html import escape
from pathlib import Path

from registration.documents.dossier_html import dossier_html, dossier_lines
from registration.documents.formatting import DASH, academie_phrase, deadline_phrase, dossier_slug
from registration.settings import Settings, get_settings, now, paris_time

__all__ = [
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
    "send_confirmation",
]

SMTP_TIMEOUT = 30  # seconds, for the connection and each command
DOSSIER_HEADER = "X-BTS-Dossier"  # the dossier label as an ASCII slug ("175-0"), names the outbox file


# A modification after the signed confirmation arrived: that signature was for an earlier revision.
SIGN_AGAIN = (
    "Vous avez modifié votre dossier après la réception de votre confirmation signée (révision {signed}) : "
    "cette signature ne vaut pas pour la révision {label}. Signez et renvoyez la confirmation de la révision "
    "{label}."
)


@dataclass(frozen=True)
class SentMail:
    """What happened to a message: its Message-ID, the transport used and, for the outbox, the file."""

    message_id: str
    transport: str  # "smtp" | "outbox"
    path: Path | None = None


def _login_number(label: str) -> str:
    """The number to type to log in: the dossier number without the part after the dash."""
    return re.split(r"\s*[-\u2013\u2014]\s*", label.strip(), maxsplit=1)[0] or label.strip()


def _text_body(
    *,
    label: str,
    academie: str,
    deadline: str,
    download_url: str | None,
    has_note: bool,
    notice: str | None,
    dossier: dict | None = None,
    page_url: str | None = None,
    signed_label: str | None = None,
) -> str:
    lines = [
        "Bonjour,",
        "",
        "Votre pré-inscription au brevet de technicien supérieur (BTS) a bien été enregistrée "
        f"par le service des examens de {academie}.",
        "",
        f"Numéro de dossier : {label}",
        "",
        "Conservez ce numéro : avec votre date de naissance, il vous permet de consulter ou de modifier "
        "votre pré-inscription jusqu'à la clôture des inscriptions (saisissez-le sans le chiffre "
        f"après le tiret : « {_login_number(label)} »).",
        "",
        "Votre confirmation d'inscription est jointe à ce message (fichier PDF). "
        "Pour que votre inscription devienne définitive :",
        "  1. imprimez la confirmation ;",
        "  2. vérifiez chaque information et corrigez en rouge toute erreur ;",
        "  3. datez et signez la confirmation ;",
        f"  4. renvoyez-la par voie postale {deadline}, à l'adresse indiquée sur la confirmation.",
        "",
        "Votre inscription ne sera définitive qu'à réception de ce document signé.",
    ]
    if signed_label:
        lines += ["", SIGN_AGAIN.format(signed=signed_label, label=label)]
    if notice:
        lines += ["", f"Vos épreuves : {notice}"]
    if download_url:
        lines += [
            "",
            "Vous pouvez aussi télécharger votre confirmation à cette adresse (lien temporaire) :",
            download_url,
        ]
    if has_note:
        lines += ["", "Une note d'information est également jointe à ce message : lisez-la attentivement."]
    if dossier:
        lines += ["", "Le contenu de votre dossier :", *dossier_lines(dossier)]
    if page_url:
        lines += ["", "Votre dossier est aussi lisible en page web accessible (lien temporaire) :", page_url]
    lines += [
        "",
        "Chaque modification de votre dossier donne lieu à une nouvelle confirmation, "
        "qu'il faudra elle aussi signer et renvoyer.",
        "",
        "Ce message est envoyé automatiquement, merci de ne pas y répondre.",
        "",
        f"Le service des examens de {academie}",
    ]
    return "\n".join(lines) + "\n"


def _html_body(
    *,
    label: str,
    academie: str,
    deadline: str,
    download_url: str | None,
    has_note: bool,
    notice: str | None,
    dossier: dict | None = None,
    page_url: str | None = None,
    signed_label: str | None = None,
) -> str:
    e = escape
    parts = [
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        "<title>Confirmation d'inscription au BTS</title></head>"
        '<body style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.4; color: #222;">',
        "<p>Bonjour,</p>",
        f"<p>Votre pré-inscription au brevet de technicien supérieur (BTS) a bien été enregistrée "
        f"par le service des examens de {e(academie)}.</p>",
        f'<p>Numéro de dossier : <strong style="font-size: 18px;">{e(label)}</strong><br>'
        "Conservez ce numéro : avec votre date de naissance, il vous permet de consulter ou de modifier "
        "votre pré-inscription jusqu'à la clôture des inscriptions (saisissez-le sans le chiffre après "
        f"le tiret : « {e(_login_number(label))} »).</p>",
        "<p>Votre confirmation d'inscription est jointe à ce message (fichier PDF). "
        "Pour que votre inscription devienne définitive :</p>",
        "<ol><li>imprimez la confirmation ;</li>"
        "<li>vérifiez chaque information et corrigez en rouge toute erreur ;</li>"
        "<li>datez et signez la confirmation ;</li>"
        f"<li>renvoyez-la par voie postale <strong>{e(deadline)}</strong>, "
        "à l'adresse indiquée sur la confirmation.</li></ol>",
        "<p><strong>Votre inscription ne sera définitive qu'à réception de ce document signé.</strong></p>",
    ]
    if signed_label:
        parts.append(f"<p><strong>{e(SIGN_AGAIN.format(signed=signed_label, label=label))}</strong></p>")
    if notice:
        parts.append(f"<p>Vos épreuves : {e(notice)}</p>")
    if download_url:
        parts.append(
            f'<p>Vous pouvez aussi <a href="{e(download_url)}">télécharger votre confirmation</a> '
            "(lien temporaire).</p>"
        )
    if has_note:
        parts.append(
            "<p>Une note d'information est également jointe à ce message : lisez-la attentivement.</p>"
        )
    if dossier:  # the content of the PDF, readable here by everyone (the PDF is not tagged)
        parts.append(f'<h2 style="font-size: 17px;">Le contenu de votre dossier {e(label)}</h2>')
        parts.append(dossier_html(dossier, level=3, inline_style=True))
    if page_url:
        parts.append(
            f'<p>Votre dossier est aussi lisible en <a href="{e(page_url)}">page web accessible</a> '
            "(lien temporaire).</p>"
        )
    parts += [
        "<p>Chaque modification de votre dossier donne lieu à une nouvelle confirmation, "
        "qu'il faudra elle aussi signer et renvoyer.</p>",
        '<p style="color: #666; font-size: 13px;">Ce message est envoyé automatiquement, '
        "merci de ne pas y répondre.</p>",
        f"<p>Le service des examens de {e(academie)}</p>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _domain(sender: str) -> str | None:
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
    message["Message-ID"] = make_msgid(domain=_domain(sender))
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
    academie = academie_phrase(academie_name or "")
    deadline = deadline_phrase(return_deadline)
    note = Path(info_note) if info_note else None
    if (note is not None and not note.is_file()) or academie_note is not None:
        note = None  # the académie's own note (uploaded by its service) replaces the one for all
    has_note = note is not None or academie_note is not None

    message = _new_message(
        f"Confirmation d'inscription au BTS {DASH} dossier {label}",
        to=to,
        sender=sender,
        dossier=dossier_slug(label),
    )
    text, html = (
        body(
            label=label,
            academie=academie,
            deadline=deadline,
            download_url=download_url,
            has_note=has_note,
            notice=epreuves_notice,
            dossier=dossier,
            page_url=page_url,
            signed_label=signed_label,
        )
        for body in (_text_body, _html_body)
    )
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    if academie_note is not None:
        name, data = academie_note
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    if note is not None:
        mime, _ = mimetypes.guess_type(note.name)
        maintype, subtype = (mime or "application/octet-stream").split("/", 1)
        message.add_attachment(note.read_bytes(), maintype=maintype, subtype=subtype, filename=note.name)
    return message


def build_lock_notice(*, to: str, sender: str) -> EmailMessage:
    """Tells the owner of a dossier that repeated wrong attempts were made on it (nothing else is said)."""
    message = _new_message(
        "Pré-inscription au BTS : tentatives d'accès à votre dossier",
        to=to,
        sender=sender,
        dossier="alerte-acces",
    )
    message.set_content(
        "Bonjour,\n\n"
        "Plusieurs essais infructueux ont été faits ces dernières minutes pour ouvrir votre dossier de "
        "pré-inscription au BTS (numéro de dossier ou de candidat avec une mauvaise date de naissance).\n\n"
        "Votre dossier n'a pas été ouvert et reste protégé. Depuis votre propre appareil, vous pouvez toujours "
        "le consulter normalement avec votre numéro de dossier et votre date de naissance.\n\n"
        "Si ce n'était pas vous, vous n'avez rien à faire. En cas de doute, contactez le service des examens "
        "de votre académie.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n"
    )
    return message


def build_lost_number_message(*, to: str, labels: list[str], sender: str) -> EmailMessage:
    """« J'ai perdu mon numéro de dossier »: the numbers of the dossiers with this address (never said in the chat)."""
    message = _new_message(
        "Pré-inscription au BTS : votre numéro de dossier", to=to, sender=sender, dossier="numero"
    )
    numbers = "\n".join(f"  - dossier {label} : tapez {_login_number(label)}" for label in labels)
    message.set_content(
        "Bonjour,\n\n"
        "Vous avez demandé votre numéro de dossier de pré-inscription au BTS.\n\n"
        f"{numbers}\n\n"
        "Pour consulter ou modifier votre dossier, choisissez « Consulter ou modifier mon inscription » dans "
        "l'assistant de pré-inscription, puis tapez ce numéro et votre date de naissance.\n\n"
        "Si vous n'avez rien demandé, vous n'avez rien à faire : votre dossier n'a pas été ouvert.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n"
    )
    return message


def build_resume_code_message(*, to: str, code: str, sender: str) -> EmailMessage:
    """The resume code of a registration a conseiller started by phone: the candidate finishes and validates it."""
    message = _new_message(
        "Pré-inscription au BTS : votre code de reprise", to=to, sender=sender, dossier="code-de-reprise"
    )
    message.set_content(
        "Bonjour,\n\n"
        "Un conseiller du service des examens a commencé votre pré-inscription au BTS avec vous.\n\n"
        f"Votre code de reprise : {code}\n\n"
        f"Pour la terminer, écrivez « reprendre {code} » à l'assistant de pré-inscription, sur le site ou sur "
        "Telegram. Vous répondrez aux questions restantes, vérifierez le récapitulatif et validerez vous-même "
        "votre inscription. Ce code est valable 30 jours ; ne le communiquez à personne.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n"
    )
    return message


def _write_outbox(message: EmailMessage, outbox: Path, label: str) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    stem = f"{now():%Y%m%dT%H%M%S}-{dossier_slug(label)}"
    data = message.as_bytes()
    with contextlib.suppress(OSError):
        outbox.chmod(0o700)
    for attempt in range(1000):
        path = outbox / (f"{stem}.eml" if attempt == 0 else f"{stem}-{attempt}.eml")
        try:
            # never overwrite an earlier message; readable by the service only (it holds personal data)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"no free file name for {stem}.eml in {outbox}")


def _send_smtp(message: EmailMessage, host: str, settings: Settings) -> None:
    port = settings.smtp_port
    context = ssl.create_default_context()
    if port == 465:  # implicit TLS (SMTPS)
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT)
    with client:
        client.ehlo()
        if settings.smtp_starttls and port != 465:
            client.starttls(context=context)
            client.ehlo()
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password or "")
        client.send_message(message)


def send_confirmation(message: EmailMessage, settings: Settings | None = None) -> SentMail:
    """Send by SMTP when settings.smtp_host is set, else write <outbox_dir>/<timestamp>-<label>.eml.

    SMTP failures (smtplib.SMTPException, OSError) propagate: the caller decides whether to retry.
    """
    settings = settings or get_settings()
    if not message.get("Message-ID"):
        message["Message-ID"] = make_msgid(domain=_domain(str(message.get("From", ""))))
    message_id = str(message["Message-ID"])
    if settings.smtp_host:
        _send_smtp(message, settings.smtp_host, settings)
        return SentMail(message_id=message_id, transport="smtp", path=None)
    label = str(message.get(DOSSIER_HEADER) or "confirmation")
    path = _write_outbox(message, Path(settings.outbox_dir), label)
    return SentMail(message_id=message_id, transport="outbox", path=path)


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
    academie = academie_phrase(academie_name or "")
    number = _login_number(label)
    message = _new_message(
        f"Pré-inscription au BTS {DASH} complétez votre dossier {label}",
        to=to,
        sender=sender,
        dossier=f"completer-{dossier_slug(label)}",
    )
    where = f" sur {public_url}" if public_url else ""
    deadline = (
        f"avant le {paris_time(closes):%d/%m/%Y à %H:%M}, date de clôture des inscriptions"
        if closes
        else "avant la clôture des inscriptions"
    )
    message.set_content(
        "Bonjour,\n\n"
        f"Le service des examens de {academie} a publié la liste des épreuves du BTS {specialite_title}. "
        "Quand vous vous êtes pré-inscrit, cette liste n'était pas encore connue ou a changé depuis : "
        "vos choix d'épreuves (langue vivante, épreuves facultatives, épreuves déjà acquises) sont à "
        "compléter.\n\n"
        f"Pour cela, ouvrez l'assistant de pré-inscription{where}, choisissez « Consulter ou modifier mon "
        f"inscription », puis donnez votre numéro de dossier, {number}, et votre date de naissance. "
        f"L'assistant vous pose les questions qui manquent.\n\n"
        f"Faites-le {deadline}.\n\n"
        "Vous recevrez une nouvelle confirmation d'inscription : elle remplace la précédente et doit être "
        "signée et renvoyée au service des examens.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n\n"
        f"Le service des examens de {academie}\n"
    )
    return message


def build_dossier_state_message(
    *, to: str, label: str, state: str, academie_name: str, explanation: str, sender: str
) -> EmailMessage:
    """Tells a candidate that the exam service changed the state of their dossier (signed confirmation)."""
    academie = academie_phrase(academie_name or "")
    message = _new_message(
        f"Pré-inscription au BTS {DASH} dossier {label} : {state}",
        to=to,
        sender=sender,
        dossier=f"etat-{dossier_slug(label)}",
    )
    message.set_content(
        "Bonjour,\n\n"
        f"Le service des examens de {academie} a mis à jour votre dossier de pré-inscription au BTS "
        f"n° {label}.\n\n"
        f"État de votre dossier : {state}.\n\n"
        f"{explanation}\n\n"
        "Vous pouvez consulter votre dossier à tout moment avec l'assistant de pré-inscription : choisissez "
        "« Consulter ou modifier mon inscription », puis donnez votre numéro de dossier et votre date de "
        "naissance.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n\n"
        f"Le service des examens de {academie}\n"
    )
    return message


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
    academie = academie_phrase(academie_name or "")
    message = _new_message(
        f"Pré-inscription au BTS {DASH} dossier {label} : confirmation signée à renvoyer",
        to=to,
        sender=sender,
        dossier=f"relance-{dossier_slug(label)}",
    )
    message.set_content(
        "Bonjour,\n\n"
        f"Le service des examens de {academie} n'a pas encore reçu la confirmation d'inscription signée de "
        f"votre dossier de pré-inscription au BTS n° {label}.\n\n"
        + (SIGN_AGAIN.format(signed=signed_label, label=label) + "\n\n" if signed_label else "")
        + f"Elle doit lui parvenir au plus tard le {return_deadline:%d/%m/%Y}. Sans elle, votre inscription "
        "ne sera pas définitive.\n\n"
        "Imprimez la confirmation (jointe au message reçu lors de votre pré-inscription), vérifiez-la, "
        "datez-la, signez-la et renvoyez-la à l'adresse indiquée sur la confirmation. Pour la télécharger "
        "de nouveau, ouvrez l'assistant de pré-inscription, choisissez « Consulter ou modifier mon "
        f"inscription », puis donnez votre numéro de dossier, {_login_number(label)}, et votre date de "
        "naissance.\n\n"
        "Si vous l'avez déjà envoyée, vous n'avez rien à faire.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n\n"
        f"Le service des examens de {academie}\n"
    )
    return message


def build_draft_reminder(
    *, to: str, code: str, academie_name: str, closes: datetime, public_url: str | None, sender: str
) -> EmailMessage:
    """Reminds a candidate who left a pre-registration unfinished, with its resume code, before the closing."""
    academie = academie_phrase(academie_name or "")
    message = _new_message(
        "Pré-inscription au BTS : votre inscription n'est pas terminée",
        to=to,
        sender=sender,
        dossier="relance-brouillon",
    )
    where = f" ({public_url})" if public_url else ""
    message.set_content(
        "Bonjour,\n\n"
        "Vous avez commencé votre pré-inscription au BTS sans la valider : elle n'est pas enregistrée.\n\n"
        f"Les inscriptions auprès du service des examens de {academie} ferment le "
        f"{paris_time(closes):%d/%m/%Y à %H:%M}. Après cette date, votre pré-inscription ne pourra plus "
        "être terminée.\n\n"
        f"Votre code de reprise : {code}\n\n"
        f"Pour la terminer, écrivez « reprendre {code} » à l'assistant de pré-inscription{where}, sur le site "
        "ou sur Telegram : vous retrouverez vos réponses, répondrez aux questions restantes, vérifierez le "
        "récapitulatif et validerez votre inscription. Ce code est valable 30 jours ; ne le communiquez à "
        "personne.\n\n"
        "Si vous ne souhaitez plus vous inscrire, vous n'avez rien à faire.\n\n"
        "Ce message est envoyé automatiquement ; merci de ne pas y répondre.\n"
    )
    return message
