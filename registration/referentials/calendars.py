"""Loader of calendar.csv: the registration dates and exam service address per académie and session."""

from __future__ import annotations

import re
from pathlib import Path

from registration.referentials.reading import _bool, _date, _datetime, _need, _read_csv, _Source, _split
from registration.referentials.records import Academie, CalendarEntry


def _load_calendar(directory: Path, academies: dict[str, Academie]) -> tuple[CalendarEntry, ...]:
    src = _Source(directory, "calendar.csv")
    result: list[CalendarEntry] = []
    seen: set[tuple[str, int]] = set()
    for line, row in _read_csv(
        src, ("academie", "session", "opens", "closes", "return_deadline", "service_address"), ("sample",)
    ):
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
        result.append(
            CalendarEntry(
                row["academie"],
                session,
                opens,
                closes,
                deadline,
                address,
                _bool(src, line, "sample", row["sample"]),
            )
        )
    return tuple(result)
