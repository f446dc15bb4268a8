"""The retention job: erases drafts, conversations (Rasa trackers), hand-off copies and expired links, then the
validated dossiers and the documents candidates sent whose retention ran out.

``python -m registration.operations.retention`` erases what has been idle longer than ``BTS_RETENTION_DAYS`` (default 30
days); ``--days N`` overrides it. ``bot/ops/stack.py`` runs it at every start; run it daily from cron in production.

The end of a dossier's life (``docs/registre-traitement.md``) is counted from the day its session's results are
published (``BTS_RESULTS_DAY``, month-day, default 07-10 of the session's year):

- the documents a candidate sent: ``BTS_DOCUMENT_RETENTION_MONTHS`` after it (default 12);
- the validated dossier, every revision with its PDF, its states, e-mails, reminders and links, and its person
  when no other dossier names them: ``BTS_DOSSIER_RETENTION_MONTHS`` after it (default 24).

Each erasure is journalled (« dossier effacé », « pièce effacée ») with the rule that applied, never with the
candidate's identity. The rule depends only on dates: run after restoring a backup (``registration.operations.backup``
does), it erases again what the backup brought back.
"""

from __future__ import annotations

import argparse
import calendar
import logging
from collections import Counter
from datetime import date, datetime, timedelta

from registration.dossier import uploads
from registration.operations import trackers
from registration.settings import Settings, now
from registration.store import Store

log = logging.getLogger(__name__)


def results_date(session: int, settings: Settings) -> date:
    """The day a session's results are published (BTS_RESULTS_DAY of the session's year)."""
    month, day = (int(part) for part in settings.results_day.split("-"))
    return date(session, month, day)


def months_after(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _reason(what: str, months: int, session: int, settings: Settings) -> str:
    published = results_date(session, settings)
    return (
        f"{what} conservés {months} mois après les résultats de la session {session} "
        f"(publiés le {published:%d/%m/%Y}) : délai échu le {months_after(published, months):%d/%m/%Y}"
    )


def end_of_life(store: Store, settings: Settings, moment: datetime | None = None) -> dict[str, int]:
    """Erases the dossiers and the documents whose retention ran out; counts of what went."""
    today = (moment or now()).date()
    when = moment or now()
    counts: Counter[str] = Counter()
    for session in store.dossier_sessions():
        results = results_date(session, settings)
        if months_after(results, settings.dossier_retention_months) <= today:
            reason = _reason("Dossiers", settings.dossier_retention_months, session, settings)
            for dossier_id in store.dossier_ids_of_session(session):
                counts["documents"] += uploads.erase_files(
                    store, dossier_id, reason=reason, var_dir=settings.var_dir
                )
                erased = store.erase_dossier(dossier_id, reason=reason, when=when)
                if erased is not None:
                    uploads.unlink_files(settings.var_dir, dossier_id, erased.files)
                    counts["dossiers"] += 1
                    counts["revisions"] += erased.revisions
        elif months_after(results, settings.document_retention_months) <= today:
            reason = _reason("Documents", settings.document_retention_months, session, settings)
            for dossier_id in store.dossiers_with_files(session):
                counts["documents"] += uploads.erase_files(
                    store, dossier_id, reason=reason, var_dir=settings.var_dir
                )
    return {key: counts.get(key, 0) for key in ("dossiers", "revisions", "documents")}


def run(store: Store, settings: Settings, days: int | None = None) -> dict[str, int]:
    """Erases what has been idle longer than ``days`` (default: ``BTS_RETENTION_DAYS``), then what reached the
    end of its life; counts of what went."""
    cutoff = now() - timedelta(days=settings.retention_days if days is None else days)
    counts = store.purge_older_than(cutoff)
    counts.update(end_of_life(store, settings))
    counts["tracker_events"] = trackers.purge_before(cutoff, settings.tracker_url)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registration.operations.retention", description=__doc__)
    parser.add_argument("--days", type=int, help="erase what has been idle for more than this many days")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from registration.app import create_app  # the command line is an entry point: it builds the application

    application = create_app()
    try:
        counts = run(application.store, application.settings, args.days)
    finally:
        application.dispose()
    log.info("retention: %s", ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
