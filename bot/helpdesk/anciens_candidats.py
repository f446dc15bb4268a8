"""« Anciens candidats »: responsables import the results of earlier sessions (docs/anciens-candidats.md) with the
upload → preview (every error with its line, nothing stored) → « Importer » of ``maintained_lists.py``; each
import is in the Journal des actions. The conversation's former-candidate path finds the candidates imported."""

from __future__ import annotations

import re
from typing import Any

from bot.helpdesk.maintained_lists import MaintainedList
from registration import former
from registration.conversation.engine.turn import Services
from registration.former.reading import COLUMNS, OPTIONAL
from registration.helpdesk import AuditLog
from registration.referentials.published import current_referentials
from registration.settings import PARIS
from registration.store.former import AUDIT_IMPORT

SUBJECT = "anciens candidats"


def _context(svc: Services) -> dict[str, Any]:
    imports = [
        (e.created_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M"), e.staff_email, e.field, e.after)
        for e in AuditLog(svc.store).entries(subject=SUBJECT, limit=20)
        if e.action == AUDIT_IMPORT
    ]
    return {
        "count": svc.store.count_former_candidates(),
        "imports": imports,
        "columns": COLUMNS,
        "optional": OPTIONAL,
    }


def _notice(done: str) -> str:
    found = re.fullmatch(r"(\d+)-(\d+)", done)
    if not found:
        return ""
    return (
        f"Import enregistré : {found[1]} candidat(s) ajouté(s), {found[2]} remplacé(s). "
        "L'assistant les retrouve dès maintenant."
    )


ANCIENS_CANDIDATS = MaintainedList(
    slug="anciens-candidats",
    title="Anciens candidats",
    responsables_only="L'import des anciens candidats est réservé aux responsables du service des examens.",
    file_kind="le fichier CSV des anciens candidats",
    refused_title="Fichier refusé",
    rows_read="Candidats lus",
    template="anciens_candidats.html",
    page_context=_context,
    preview=lambda svc, text, label: former.preview(
        text, svc.store, current_referentials(svc.store, svc.refs), svc.session, label=label
    ),
    publish=lambda svc, seen, source, staff: former.import_records(
        svc.store, seen, source=source, staff_email=staff.email, staff_id=staff.id
    ),
    done=lambda done: f"{done[0]}-{done[1]}",
    notice=_notice,
    publish_label="Importer",
)
