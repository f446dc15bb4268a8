"""The retention job: erases drafts, conversations (Rasa trackers), hand-off copies and expired links.

``python -m registration.retention`` erases what is older than ``BTS_RETENTION_DAYS`` (default 30 days
without activity); ``--days N`` overrides it. ``bot/stack.py`` runs it at every start; run it daily from
cron in production. Validated dossiers and their revisions are kept: they are the exam office's record.
"""

from __future__ import annotations

import argparse
import logging
from datetime import timedelta

from registration import trackers
from registration.settings import get_settings, now
from registration.store import Store

log = logging.getLogger(__name__)


def run(days: int | None = None, store: Store | None = None) -> dict[str, int]:
    settings = get_settings()
    cutoff = now() - timedelta(days=settings.retention_days if days is None else days)
    own = store is None
    store = store or Store()
    try:
        counts = store.purge_older_than(cutoff)
    finally:
        if own:
            store.dispose()
    counts["tracker_events"] = trackers.purge_before(cutoff)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registration.retention", description=__doc__)
    parser.add_argument("--days", type=int, help="erase what has been idle for more than this many days")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    counts = run(args.days)
    log.info("retention: %s", ", ".join(f"{name} {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
