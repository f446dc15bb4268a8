"""A registration calendar as JSON (how published versions are stored) and what changed between two of them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from registration.referentials.reading import PARIS
from registration.referentials.records import CalendarEntry


def calendar_as_json(entries: tuple[CalendarEntry, ...]) -> list[dict[str, Any]]:
    return [
        {
            "academie": e.academie_code,
            "session": e.session,
            "opens": e.opens.isoformat(),
            "closes": e.closes.isoformat(),
            "return_deadline": e.return_deadline.isoformat(),
            "service_address": e.service_address,
            "sample": e.sample,
        }
        for e in entries
    ]


def calendar_from_json(rows: list[dict[str, Any]]) -> tuple[CalendarEntry, ...]:
    return tuple(
        CalendarEntry(
            str(row["academie"]),
            int(row["session"]),
            datetime.fromisoformat(row["opens"]).astimezone(PARIS),
            datetime.fromisoformat(row["closes"]).astimezone(PARIS),
            date.fromisoformat(row["return_deadline"]),
            str(row["service_address"]),
            bool(row.get("sample", False)),
        )
        for row in rows
    )


def _moment(value: datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M")


def calendar_changes(before: tuple[CalendarEntry, ...], after: tuple[CalendarEntry, ...]) -> list[str]:
    """One French line per académie and session whose dates or address changed, was added or removed."""
    old = {(e.academie_code, e.session): e for e in before}
    new = {(e.academie_code, e.session): e for e in after}
    lines = []
    for key in sorted(set(old) | set(new), key=lambda k: (k[1], k[0])):
        academie, session = key
        was, now = old.get(key), new.get(key)
        where = f"académie {academie}, session {session}"
        if was is None and now is not None:
            lines.append(f"{where} : ajoutée (du {_moment(now.opens)} au {_moment(now.closes)})")
        elif now is None and was is not None:
            lines.append(f"{where} : retirée")
        elif was is not None and now is not None and was != now:
            parts = []
            if was.opens != now.opens:
                parts.append(f"ouverture {_moment(was.opens)} → {_moment(now.opens)}")
            if was.closes != now.closes:
                parts.append(f"clôture {_moment(was.closes)} → {_moment(now.closes)}")
            if was.return_deadline != now.return_deadline:
                parts.append(
                    f"retour {was.return_deadline.strftime('%d/%m/%Y')} → {now.return_deadline.strftime('%d/%m/%Y')}"
                )
            if was.service_address != now.service_address:
                parts.append("adresse du service modifiée")
            if was.sample != now.sample:
                parts.append("exemple" if now.sample else "dates réelles")
            lines.append(f"{where} : {', '.join(parts)}")
    return lines
