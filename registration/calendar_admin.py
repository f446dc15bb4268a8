"""The registration calendar as the exam service maintains it (console « Calendrier des inscriptions » and
``python -m registration.referentials calendrier``): what is in effect, reading an upload, publishing, going back.

An upload holds rows in the columns of ``referentials/calendar.csv``; each replaces the row of the same académie
and session, the others stay. The result is published as a new version of the whole calendar, in effect at the
next turn of every server (``registration/referentials/published.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.referentials import Referentials
from registration.referentials.calendar_json import calendar_changes
from registration.referentials.calendars import CalendarReport, merge_calendar, parse_calendar
from registration.referentials.records import CalendarEntry
from registration.store import Store
from registration.store.calendar_versions import PublishedCalendar


@dataclass(frozen=True)
class CalendarInEffect:
    version: int  # 0: the shipped file
    entries: tuple[CalendarEntry, ...]
    published: PublishedCalendar | None


def in_effect(store: Store, base: Referentials) -> CalendarInEffect:
    published = store.current_calendar()
    if published is None:
        return CalendarInEffect(0, tuple(base.calendar), None)
    return CalendarInEffect(published.version, published.entries, published)


@dataclass(frozen=True)
class CalendarPreview:
    report: CalendarReport
    merged: tuple[CalendarEntry, ...]
    changes: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok


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
) -> PublishedCalendar:
    return store.publish_calendar(
        entries, source=source, published_by=published_by, base=tuple(base.calendar), staff_id=staff_id
    )


def revert(
    store: Store, base: Referentials, version: int, *, published_by: str, staff_id: int | None = None
) -> PublishedCalendar:
    return store.revert_calendar(
        version, published_by=published_by, base=tuple(base.calendar), staff_id=staff_id
    )
