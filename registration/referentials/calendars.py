"""Loader of calendar.csv: the registration dates and exam service address per académie and session.

The same rules read the shipped file (the first error stops the loading) and a calendar the exam service uploads
(:func:`parse_calendar`: every error with its line, so that a file is corrected in one go).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from registration.referentials.reading import (
    ReferentialError,
    _bool,
    _csv_rows,
    _date,
    _datetime,
    _need,
    _read_csv,
    _Source,
    _split,
)
from registration.referentials.records import Academie, CalendarEntry

COLUMNS = ("academie", "session", "opens", "closes", "return_deadline", "service_address")
OPTIONAL = ("sample",)


def _entry(
    src: _Source, line: int, row: dict[str, str], academies: dict[str, Academie], seen: set[tuple[str, int]]
) -> CalendarEntry:
    if row["academie"] not in academies:
        raise src.fail(line, f"académie inconnue « {row['academie']} »")
    if not re.fullmatch(r"20\d\d", row["session"]):
        raise src.fail(line, f"session invalide « {row['session']} » (année sur 4 chiffres)")
    session = int(row["session"])
    if (row["academie"], session) in seen:
        raise src.fail(line, f"calendrier en double pour l'académie {row['academie']}, session {session}")
    seen.add((row["academie"], session))
    opens = _datetime(src, line, "opens", row["opens"])
    closes = _datetime(src, line, "closes", row["closes"])
    if closes <= opens:
        raise src.fail(line, "la clôture doit suivre l'ouverture")
    deadline = _date(src, line, "return_deadline", row["return_deadline"])
    if deadline < closes.date():
        raise src.fail(line, "la date limite de retour précède la clôture")
    address = "\n".join(_split(_need(src, line, "service_address", row["service_address"])))
    return CalendarEntry(
        row["academie"], session, opens, closes, deadline, address, _bool(src, line, "sample", row["sample"])
    )


def _entries(
    src: _Source, rows: Iterator[tuple[int, dict[str, str]]], academies: dict[str, Academie]
) -> Iterator[CalendarEntry | ReferentialError]:
    seen: set[tuple[str, int]] = set()
    for line, row in rows:
        try:
            yield _entry(src, line, row, academies, seen)
        except ReferentialError as error:
            yield error


def _load_calendar(directory: Path, academies: dict[str, Academie]) -> tuple[CalendarEntry, ...]:
    src = _Source(directory, "calendar.csv")
    result: list[CalendarEntry] = []
    for item in _entries(src, _read_csv(src, COLUMNS, OPTIONAL), academies):
        if isinstance(item, ReferentialError):
            raise item
        result.append(item)
    return tuple(result)


@dataclass(frozen=True)
class CalendarReport:
    """An uploaded calendar: its rows when every one is right, else every error with its line (1 = header)."""

    entries: tuple[CalendarEntry, ...]
    errors: tuple[ReferentialError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.entries)


def parse_calendar(text: str, academies: dict[str, Academie], label: str = "calendrier") -> CalendarReport:
    """Reads an uploaded calendar (the columns of calendar.csv) and reports every error with its line."""
    src = _Source(Path("."), label)
    src.label = label
    entries: list[CalendarEntry] = []
    errors: list[ReferentialError] = []
    try:
        for item in _entries(src, _csv_rows(src, text.lstrip("\ufeff"), COLUMNS, OPTIONAL), academies):
            if isinstance(item, ReferentialError):
                errors.append(item)
            else:
                entries.append(item)
    except ReferentialError as error:  # the header, or a row with more values than columns
        errors.append(error)
    if not entries and not errors:
        errors.append(src.fail(None, "aucune ligne de calendrier dans ce fichier"))
    return CalendarReport(tuple(entries), tuple(errors))


def merge_calendar(
    current: tuple[CalendarEntry, ...], uploaded: tuple[CalendarEntry, ...]
) -> tuple[CalendarEntry, ...]:
    """The calendar after an upload: its rows replace those of the same académie and session, others stay."""
    replaced = {(e.academie_code, e.session): e for e in uploaded}
    kept = [e for e in current if (e.academie_code, e.session) not in replaced]
    return tuple(sorted([*kept, *uploaded], key=lambda e: (e.session, e.academie_code)))
