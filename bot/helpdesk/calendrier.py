"""« Calendrier des inscriptions »: the dates in effect per académie and session, loaded, published and restored
by responsables (``maintained_lists.py``); in effect at the next turn of every server."""

from __future__ import annotations

from typing import Any

from bot.helpdesk.maintained_lists import MaintainedList
from registration import calendar_admin
from registration.conversation.engine.turn import Services


def _context(svc: Services) -> dict[str, Any]:
    current = calendar_admin.in_effect(svc.store, svc.refs)
    return {
        "current": current,
        "sessions": sorted({e.session for e in current.entries}, reverse=True),
        "session": svc.session,
        "academies": svc.refs.academies,
        "samples": calendar_admin.sample_academies(svc.store, svc.refs, svc.session),
    }


CALENDRIER = MaintainedList(
    slug="calendrier",
    title="Calendrier des inscriptions",
    responsables_only="Le calendrier des inscriptions est géré par les responsables du service des examens.",
    file_kind="le fichier CSV des dates",
    refused_title="Calendrier refusé",
    rows_read="Lignes lues",
    template="calendrier.html",
    page_context=_context,
    preview=lambda svc, text, label: calendar_admin.preview(text, svc.store, svc.refs, label=label),
    publish=lambda svc, seen, source, staff: calendar_admin.publish(
        svc.store, svc.refs, seen.merged, source=source, published_by=staff.email, staff_id=staff.id
    ),
    revert=lambda svc, version, staff: calendar_admin.revert(
        svc.store, svc.refs, version, published_by=staff.email, staff_id=staff.id
    ),
    history=lambda svc: calendar_admin.history(svc.store),
)
