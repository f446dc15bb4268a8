"""The registration calendar (console « Calendrier des inscriptions », ``python -m registration.lists calendrier``):
the dates of every académie and session, and its exam service's address.

An upload holds rows in the columns of ``referentials/calendar.csv`` (``registration/referentials/calendars.py``
reads them); each replaces the row of the same académie and session, the others stay. The whole calendar is the
next version, in effect at the next turn of every server. ``check`` (run at every start) warns while académies
still run on the shipped example dates.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from typing import Any

from registration.lists import service
from registration.lists.core import Argument, Command, Context, ListKind, Reading, Texts, Upload
from registration.referentials.calendars import merge_calendar, parse_calendar
from registration.referentials.reading import PARIS
from registration.referentials.records import CalendarEntry
from registration.settings import get_settings

Calendar = tuple[CalendarEntry, ...]


def as_json(entries: Calendar) -> list[dict[str, Any]]:
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


def from_json(rows: list[dict[str, Any]], version: int = 0) -> Calendar:
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


def changes(ctx: Context | None, before: Calendar | None, after: Calendar) -> list[str]:
    """One French line per académie and session whose dates or address changed, was added or removed."""
    old = {(e.academie_code, e.session): e for e in before or ()}
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


def read(ctx: Context, upload: Upload) -> Reading[Calendar]:
    report = parse_calendar(upload.text or "", ctx.base.academies, upload.label)
    errors = tuple(str(e) for e in report.errors)
    return Reading(report.entries if report.ok else None, errors, len(report.entries))


# Said at start and in the console while an académie's calendar is still the shipped example.
SAMPLE_WARNING = (
    "ATTENTION : pour la session {session}, le calendrier de {count} académie(s) est encore l'exemple livré avec "
    "l'application ({names}). Ces dates d'ouverture, de clôture et de retour et cette adresse du service des "
    "examens sont imprimées sur chaque confirmation d'inscription. Publiez les vraies : console « Calendrier "
    "des inscriptions », ou python -m registration.referentials calendrier import FICHIER --source TEXTE "
    "(docs/production.md, « Publier le calendrier »)."
)


def sample_academies(
    ctx: Context, session: int, academies: tuple[str, ...] | None = None
) -> list[tuple[str, str]]:
    """(code, name) of the académies whose calendar for ``session`` is still the shipped example (sample=1), or
    has no row at all; ``academies`` limits it to those (a conseiller's), None: all."""
    entries = {
        e.academie_code: e for e in service.in_effect(CALENDAR, ctx).value or () if e.session == session
    }
    found = []
    for code, academie in sorted(ctx.base.academies.items()):
        if academies is not None and code not in academies:
            continue
        entry = entries.get(code)
        if entry is None or entry.sample:
            found.append((code, academie.name))
    return found


def sample_warning(ctx: Context, session: int) -> str | None:
    """The start-up warning when some académie still runs on the example calendar; None when all are real."""
    found = sample_academies(ctx, session)
    if not found:
        return None
    names = ", ".join(name for _, name in found[:8]) + (", …" if len(found) > 8 else "")
    return SAMPLE_WARNING.format(session=session, count=len(found), names=names)


def _check(ctx: Context, args: argparse.Namespace) -> int:
    warning = sample_warning(ctx, args.session or get_settings().session)
    if warning:
        print(warning, file=sys.stderr)
    return 0


def _list(ctx: Context, args: argparse.Namespace) -> int:
    current = service.in_effect(CALENDAR, ctx)
    print(
        f"Calendrier en vigueur : version {current.version}"
        + (" (fichier livré)" if not current.version else "")
    )
    academies = ctx.base.academies
    for e in current.value or ():
        if args.session and e.session != args.session:
            continue
        name = academies[e.academie_code].name if e.academie_code in academies else e.academie_code
        print(
            f"{e.session}  {e.academie_code}  {name[:28]:28}  du {e.opens:%d/%m/%Y %H:%M} au "
            f"{e.closes:%d/%m/%Y %H:%M}, retour avant le {e.return_deadline:%d/%m/%Y}"
        )
    return 0


def _page(ctx: Context) -> dict[str, Any]:
    current = service.in_effect(CALENDAR, ctx)
    return {
        "current": current,
        "sessions": sorted({e.session for e in current.value or ()}, reverse=True),
        "session": ctx.session,
        "academies": ctx.base.academies,
        "samples": sample_academies(ctx, ctx.session),
    }


SESSION = Argument(("--session",), "une session seulement (par exemple 2027)", int)

CALENDAR: ListKind[Calendar] = ListKind(
    name="calendar",
    command="calendrier",
    slug="calendrier",
    texts=Texts(
        title="Calendrier des inscriptions",
        responsables_only="Le calendrier des inscriptions est géré par les responsables du service des examens.",
        file_kind="le fichier CSV des dates",
        refused_title="Calendrier refusé",
        rows_read="Lignes lues",
        help="calendrier des inscriptions (dates par académie)",
        import_help="lire des lignes de calendrier (CSV) et les publier",
        source_help="d'où viennent ces dates (décision, note de service…)",
        what="du calendrier",
        no_history="Aucune version publiée : le fichier livré (referentials/calendar.csv) est en vigueur.",
        shipped_source="calendrier livré (referentials/calendar.csv)",
        no_change="Aucune date modifiée.",
        audit_subject="calendrier des inscriptions",
        audit_publish="publication calendrier",
        audit_revert="retour calendrier",
    ),
    read=read,
    changes=changes,
    encode=as_json,
    decode=from_json,
    shipped=lambda ctx, key: tuple(ctx.base.calendar),
    merge=lambda before, read: merge_calendar(before or (), read),
    overlay=lambda refs, published: refs.with_calendar(published[""]),
    commands=(
        Command("list", "les dates en vigueur", _list, (SESSION,)),
        Command(
            "check",
            "avertir si des académies ont encore les dates d'exemple",
            _check,
            (Argument(("--session",), "la session (par défaut BTS_SESSION)", int),),
        ),
    ),
    page=_page,
)
