"""« Diplômes (acquis) »: the diploma lists giving bénéfices and dispenses, specialty by specialty, loaded,
published and restored by responsables (``maintained_lists.py``); in effect at the next turn of every server.
A specialty with no list is said so: its candidates declare their acquis in words."""

from __future__ import annotations

from typing import Any

from bot.helpdesk.maintained_lists import MaintainedList
from registration import diplomas_admin
from registration.conversation.engine.turn import Services


def _context(svc: Services) -> dict[str, Any]:
    lists = diplomas_admin.in_effect(svc.store, svc.refs)
    return {
        "with_list": [s for s in lists if s.diplomas],
        "without_list": [s for s in lists if not s.diplomas],
        "unverified": diplomas_admin.UNVERIFIED,
    }


DIPLOMES = MaintainedList(
    slug="diplomes",
    title="Diplômes (acquis)",
    responsables_only="Les listes de diplômes sont gérées par les responsables du service des examens.",
    file_kind="le fichier CSV des diplômes",
    refused_title="Diplômes refusés",
    rows_read="Diplômes lus",
    template="diplomes.html",
    page_context=_context,
    preview=lambda svc, text, label: diplomas_admin.preview(text, svc.store, svc.refs, label=label),
    publish=lambda svc, seen, source, staff: diplomas_admin.publish(
        svc.store, svc.refs, seen.merged, source=source, published_by=staff.email, staff_id=staff.id
    ),
    revert=lambda svc, version, staff: diplomas_admin.revert(
        svc.store, svc.refs, version, published_by=staff.email, staff_id=staff.id
    ),
    history=lambda svc: diplomas_admin.history(svc.store),
)
