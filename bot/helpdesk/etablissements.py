"""« Établissements ajoutés »: the establishments candidates typed because they did not find them (with how many
dossiers name each) and those the service added, loaded, published and restored by responsables
(``maintained_lists.py``); an added establishment is in every candidate's search from the next turn."""

from __future__ import annotations

from typing import Any

from bot.helpdesk.maintained_lists import MaintainedList
from registration import establishments_admin
from registration.conversation.engine.turn import Services


def _context(svc: Services) -> dict[str, Any]:
    return {
        "unlisted": establishments_admin.unlisted(svc.store, svc.session),
        "added": establishments_admin.added(svc.store),
        "academies": svc.refs.academies,
        "session": svc.session,
    }


ETABLISSEMENTS = MaintainedList(
    slug="etablissements",
    title="Établissements ajoutés",
    responsables_only="La liste des établissements est gérée par les responsables du service des examens.",
    file_kind="le fichier CSV des établissements",
    refused_title="Établissements refusés",
    rows_read="Établissements lus",
    template="etablissements.html",
    page_context=_context,
    preview=lambda svc, text, label: establishments_admin.preview(text, svc.store, svc.refs, label=label),
    publish=lambda svc, seen, source, staff: establishments_admin.publish(
        svc.store, seen.merged, source=source, published_by=staff.email, staff_id=staff.id
    ),
    revert=lambda svc, version, staff: establishments_admin.revert(
        svc.store, version, published_by=staff.email, staff_id=staff.id
    ),
    history=lambda svc: establishments_admin.history(svc.store),
)
