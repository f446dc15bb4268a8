"""The daily reminders: ``python -m registration.backoffice.reminders [--dry-run] [--days-before-deadline N]
[--days-before-closing M]``.

Two e-mails, each sent once (``registration.store.reminders``: a row per dossier or draft and kind):

- ``confirmation``: a validated dossier still « en attente de la confirmation signée », N days (default 7) or
  fewer before its académie's return deadline (not after it: the service then deals with late arrivals); a
  dossier modified after its signed confirmation arrived is back in waiting and reminded again, the e-mail
  saying which revision was signed and which one is to be signed;
- ``brouillon``: a registration left unfinished (a draft with an e-mail answer, not validated, not the
  modification of a validated dossier) M days (default 5) or fewer before its académie's closing, with its
  resume code (a new one when the old one is past its 30 days). A draft whose académie is not known yet (no
  address) has no closing and gets nothing.

The académie's dates are those the exam service published (``current_referentials``). "Now" is
:func:`registration.settings.now` (``BTS_NOW`` fixes it). Run it daily from cron; running it again the same day
sends nothing more. An e-mail that could not leave is tried again by the next run. ``--dry-run`` prints what
would be sent, and sends and records nothing. The numbers sent are printed and kept in the audit journal
(action « relances »); each confirmation reminder is also listed with the dossier's e-mails.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from functools import partial

from registration.conversation.catalogue import Context
from registration.conversation.state import DraftState, Phase
from registration.helpdesk import AuditLog, command_line_author
from registration.lists.published import current_referentials
from registration.mail import build_confirmation_reminder, build_draft_reminder, send_confirmation
from registration.models import DossierMail
from registration.referentials import Referentials, load_referentials
from registration.rules.confirmation import ATTENTE
from registration.settings import Settings, get_settings, now
from registration.store import Store, dossier_label
from registration.store.reminders import CONFIRMATION, DRAFT

log = logging.getLogger(__name__)

DAYS_BEFORE_DEADLINE = 7
DAYS_BEFORE_CLOSING = 5
UNFINISHED = (Phase.FORM, Phase.SUMMARY, Phase.MODIFY_SELECT, Phase.CONFIRM_ABANDON)
TITLES = {CONFIRMATION: "confirmation signée non reçue", DRAFT: "inscription non terminée"}


@dataclass
class Tally:
    """What one run did for one kind of reminder."""

    due: int = 0  # due and not sent before (in a dry run: what would be sent)
    sent: int = 0
    failed: int = 0  # could not leave: tried again by the next run
    no_email: int = 0  # due, but the dossier has no e-mail address


@dataclass
class Report:
    today: date
    dry_run: bool
    days_before_deadline: int
    days_before_closing: int
    tallies: dict[str, Tally] = field(default_factory=lambda: {CONFIRMATION: Tally(), DRAFT: Tally()})

    def lines(self) -> list[str]:
        head = (
            f"Relances du {self.today:%d/%m/%Y} (confirmation signée : {self.days_before_deadline} jours ou "
            f"moins avant la date limite de retour ; inscription non terminée : {self.days_before_closing} "
            "jours ou moins avant la clôture)"
        )
        lines = [head + (" — simulation : rien n'est envoyé ni enregistré" if self.dry_run else "")]
        for kind, tally in self.tallies.items():
            if self.dry_run:
                line = f"  {TITLES[kind]} : {tally.due} à envoyer"
            else:
                line = f"  {TITLES[kind]} : {tally.sent} envoyée(s), {tally.failed} en échec"
            if tally.no_email:
                line += f", {tally.no_email} sans adresse électronique"
            lines.append(line)
        return lines

    def summary(self) -> str:
        return " ; ".join(
            f"{TITLES[k]} : {t.sent} envoyée(s), {t.failed} en échec" for k, t in self.tallies.items()
        )


def _days_left(today: date, until: date) -> int:
    return (until - today).days


def _deliver(
    store: Store,
    kind: str,
    to: str,
    build: Callable[[], EmailMessage],
    tally: Tally,
    settings: Settings,
    *,
    dossier_id: int | None = None,
    draft_id: int | None = None,
) -> EmailMessage | None:
    """Claim, send, mark sent (or release when the e-mail could not leave); the message when it left."""
    claim = store.claim_reminder(kind, to, dossier_id=dossier_id, draft_id=draft_id)
    if claim is None:
        return None  # sent meanwhile by another run, or the draft was erased
    try:
        message = build()
        send_confirmation(message, settings)
    except Exception as failure:  # one failure never stops the others; the next run tries again
        store.release_reminder(claim)
        tally.failed += 1
        log.warning("%s reminder failed: %s", kind, type(failure).__name__)
        return None
    store.mark_reminder_sent(claim)
    tally.sent += 1
    return message


def _remind_confirmations(store: Store, refs: Referentials, report: Report, settings: Settings) -> None:
    tally = report.tallies[CONFIRMATION]
    for dossier in store.dossiers_awaiting(ATTENTE):
        calendar = refs.calendar_for(dossier.academie_code, dossier.session)
        if calendar is None:
            continue
        left = _days_left(report.today, calendar.return_deadline)
        if not 0 <= left <= report.days_before_deadline:
            continue
        to = str(dossier.content.get("email") or "")
        if not to:
            tally.no_email += 1
            continue
        tally.due += 1
        if report.dry_run:
            continue
        academie = refs.academies.get(dossier.academie_code)
        build = partial(
            build_confirmation_reminder,
            to=to,
            label=dossier_label(dossier.number, dossier.revision),
            academie_name=academie.name if academie else dossier.academie_code,
            return_deadline=calendar.return_deadline,
            sender=settings.mail_from,
            signed_label=dossier_label(dossier.number, dossier.signed_revision)
            if dossier.signed_revision is not None and dossier.signed_revision < dossier.revision
            else None,
        )
        message = _deliver(store, CONFIRMATION, to, build, tally, settings, dossier_id=dossier.id)
        if message is not None:
            _record_with_dossier(store, dossier.id, to, str(message["Subject"]))


def _record_with_dossier(store: Store, dossier_id: int, to: str, subject: str) -> None:
    """The reminder in the dossier's e-mails, as the console's dossier page lists them."""
    when = now()
    mail = DossierMail(
        dossier_id=dossier_id,
        kind=f"relance:{CONFIRMATION}",
        recipient=to,
        subject=subject,
        created_at=when,
        sent_at=when,
    )
    store.transaction(lambda session: session.add(mail))


def _unfinished_email(state: DraftState) -> str:
    """The e-mail answer of an unfinished registration; "" for anything else."""
    if state.phase not in UNFINISHED or state.done_label or state.dossier is not None:
        return ""
    return str(state.answers.get("email") or "").strip()


def _remind_drafts(
    store: Store, refs: Referentials, report: Report, settings: Settings, moment: datetime
) -> None:
    tally = report.tallies[DRAFT]
    for stored in store.drafts_not_reminded():
        state = DraftState.from_dict(stored.state)
        to = _unfinished_email(state)
        if not to:
            continue
        academie_code = Context(refs, state.answers, report.today, settings.session).academie_code
        calendar = refs.calendar_for(academie_code, settings.session) if academie_code else None
        if calendar is None or moment >= calendar.closes:
            continue
        if _days_left(report.today, calendar.closes.date()) > report.days_before_closing:
            continue
        tally.due += 1
        if report.dry_run:
            continue
        code = store.valid_resume_code(stored.id)
        if code is None:
            continue  # erased meanwhile
        academie = refs.academies.get(academie_code or "")
        build = partial(
            build_draft_reminder,
            to=to,
            code=code,
            academie_name=academie.name if academie else "",
            closes=calendar.closes,
            public_url=settings.public_base_url,
            sender=settings.mail_from,
        )
        _deliver(store, DRAFT, to, build, tally, settings, draft_id=stored.id)


def run(
    store: Store,
    refs: Referentials,
    *,
    days_before_deadline: int = DAYS_BEFORE_DEADLINE,
    days_before_closing: int = DAYS_BEFORE_CLOSING,
    dry_run: bool = False,
) -> Report:
    """One run of the job: the reminders due today, each sent once; what was done."""
    if days_before_deadline < 0 or days_before_closing < 0:
        raise ValueError("the number of days must not be negative")
    settings = get_settings()
    moment = now()
    refs = current_referentials(store, refs)
    report = Report(moment.date(), dry_run, days_before_deadline, days_before_closing)
    _remind_confirmations(store, refs, report, settings)
    _remind_drafts(store, refs, report, settings, moment)
    if not dry_run:
        AuditLog(store).record(
            staff_id=None,
            staff_email=command_line_author(),
            action="relances",
            subject="relances",
            field=f"{report.today:%d/%m/%Y}",
            after=report.summary(),
        )
    return report


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m registration.backoffice.reminders", description=__doc__)
    parser.add_argument(
        "--dry-run", action="store_true", help="afficher ce qui serait envoyé, sans rien envoyer"
    )
    parser.add_argument(
        "--days-before-deadline",
        type=int,
        default=DAYS_BEFORE_DEADLINE,
        metavar="N",
        help="relancer les confirmations signées non reçues N jours ou moins avant la date limite de retour",
    )
    parser.add_argument(
        "--days-before-closing",
        type=int,
        default=DAYS_BEFORE_CLOSING,
        metavar="M",
        help="relancer les inscriptions non terminées M jours ou moins avant la clôture",
    )
    return parser


def main(argv: list[str] | None = None, store: Store | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.days_before_deadline < 0 or args.days_before_closing < 0:
        _parser().error("le nombre de jours doit être positif ou nul")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    own = store is None
    store = store or Store()
    try:
        store.migrate()
        report = run(
            store,
            load_referentials(),
            days_before_deadline=args.days_before_deadline,
            days_before_closing=args.days_before_closing,
            dry_run=args.dry_run,
        )
    finally:
        if own:
            store.dispose()
    print("\n".join(report.lines()))
    return 1 if any(t.failed for t in report.tallies.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
