"""The registration calendar as the exam service maintains it (console « Calendrier des inscriptions » and
``python -m registration.referentials calendrier``): what is in effect, reading an upload, publishing, going back.

An upload holds rows in the columns of ``referentials/calendar.csv``; each replaces the row of the same académie
and session, the others stay. The result is published as a new version of the whole calendar, in effect at the
next turn of every server (``registration/referentials/published.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.referentials import Referentials
from registration.referentials.calendar_json import calendar_as_json, calendar_changes, calendar_from_json
from registration.referentials.calendars import CalendarReport, merge_calendar, parse_calendar
from registration.referentials.records import CALENDAR, CalendarEntry
from registration.store import Store
from registration.store.referential_versions import PublishedList

SHIPPED = "calendrier livré (referentials/calendar.csv)"


@dataclass(frozen=True)
class CalendarInEffect:
    version: int  # 0: the shipped file
    entries: tuple[CalendarEntry, ...]
    published: PublishedList | None


def published_entries(store: Store) -> tuple[CalendarEntry, ...] | None:
    """The calendar the exam service published last; None while the shipped file is in effect."""
    published = store.current_list(CALENDAR)
    return calendar_from_json(published.rows) if published is not None else None


def in_effect(store: Store, base: Referentials) -> CalendarInEffect:
    published = store.current_list(CALENDAR)
    if published is None:
        return CalendarInEffect(0, tuple(base.calendar), None)
    return CalendarInEffect(published.version, calendar_from_json(published.rows), published)


def history(store: Store) -> list[PublishedList]:
    return store.list_history(CALENDAR)


@dataclass(frozen=True)
class CalendarPreview:
    report: CalendarReport
    merged: tuple[CalendarEntry, ...]
    changes: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def count(self) -> int:
        return len(self.report.entries)


def preview(text: str, store: Store, base: Referentials, label: str = "calendrier") -> CalendarPreview:
    """What an upload would change: every error with its line, or the calendar after it and the changes."""
    report = parse_calendar(text, base.academies, label)
    if not report.ok:
        return CalendarPreview(report, (), [])
    current = in_effect(store, base).entries
    merged = merge_calendar(current, report.entries)
    return CalendarPreview(report, merged, calendar_changes(current, merged))


def publish(
    store: Store,
    base: Referentials,
    entries: tuple[CalendarEntry, ...],
    *,
    source: str,
    published_by: str,
    staff_id: int | None = None,
    restores: int | None = None,
) -> PublishedList:
    changes = "\n".join(calendar_changes(in_effect(store, base).entries, entries)) or "Aucune date modifiée."
    return store.publish_list(
        CALENDAR,
        calendar_as_json(entries),
        source=source,
        changes=changes,
        published_by=published_by,
        staff_id=staff_id,
        restores=restores,
    )


def revert(
    store: Store, base: Referentials, version: int, *, published_by: str, staff_id: int | None = None
) -> PublishedList:
    """Publish a copy of an earlier version (0: the shipped file) as a new version."""
    if version == 0:
        entries, source = tuple(base.calendar), SHIPPED
    else:
        found = store.list_version(CALENDAR, version)
        entries, source = calendar_from_json(found.rows), found.source
    return publish(
        store, base, entries, source=source, published_by=published_by, staff_id=staff_id, restores=version
    )


# Said at start and in the console while an académie's calendar is still the shipped example.
SAMPLE_WARNING = (
    "ATTENTION : pour la session {session}, le calendrier de {count} académie(s) est encore l'exemple livré avec "
    "l'application ({names}). Ces dates d'ouverture, de clôture et de retour et cette adresse du service des "
    "examens sont imprimées sur chaque confirmation d'inscription. Publiez les vraies : console « Calendrier "
    "des inscriptions », ou python -m registration.referentials calendrier import FICHIER --source TEXTE "
    "(docs/production.md, « Publier le calendrier »)."
)


def sample_academies(
    store: Store, base: Referentials, session: int, academies: tuple[str, ...] | None = None
) -> list[tuple[str, str]]:
    """(code, name) of the académies whose calendar for ``session`` is still the shipped example (sample=1), or
    has no row at all; ``academies`` limits it to those (a conseiller's), None: all."""
    entries = {e.academie_code: e for e in in_effect(store, base).entries if e.session == session}
    found = []
    for code, academie in sorted(base.academies.items()):
        if academies is not None and code not in academies:
            continue
        entry = entries.get(code)
        if entry is None or entry.sample:
            found.append((code, academie.name))
    return found


def sample_warning(store: Store, base: Referentials, session: int) -> str | None:
    """The start-up warning when some académie still runs on the example calendar; None when all are real."""
    found = sample_academies(store, base, session)
    if not found:
        return None
    names = ", ".join(name for _, name in found[:8]) + (", …" if len(found) > 8 else "")
    return SAMPLE_WARNING.format(session=session, count=len(found), names=names)
