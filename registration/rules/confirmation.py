"""A dossier's signed confirmation: its states, how they read, and which changes are allowed.

« en attente de la confirmation signée » (every validated dossier starts so) → « confirmation reçue le … »
or « pièces manquantes : … » → « complet »; « annulé » (with its reason) from any state, and back to « en
attente » to undo a cancellation. A confirmation received after the académie's return deadline is late.
"""

from __future__ import annotations

from datetime import date

ATTENTE, RECUE, INCOMPLET, COMPLET, ANNULE = "attente", "recue", "incomplet", "complet", "annule"
STATUSES = (ATTENTE, RECUE, INCOMPLET, COMPLET, ANNULE)
LABELS = {
    ATTENTE: "en attente de la confirmation signée",
    RECUE: "confirmation reçue",
    INCOMPLET: "pièces manquantes",
    COMPLET: "complet",
    ANNULE: "annulé",
}
# The states each state may move to (the console offers these; anything else is refused).
NEXT = {
    ATTENTE: (RECUE, INCOMPLET, ANNULE),
    RECUE: (COMPLET, INCOMPLET, ANNULE),
    INCOMPLET: (COMPLET, RECUE, ANNULE),
    COMPLET: (INCOMPLET, ANNULE),
    ANNULE: (ATTENTE,),
}
DETAIL_REQUIRED = {INCOMPLET: "Indiquez les pièces manquantes.", ANNULE: "Indiquez le motif de l'annulation."}
RECEIVED = (RECUE, INCOMPLET, COMPLET)  # states in which the signed confirmation has arrived


def describe(status: str, detail: str | None, received_on: str | None, late: bool) -> str:
    """The state in words, as the console, the consultation and the e-mails say it."""
    received = ""
    if received_on and status in RECEIVED:
        received = f" – confirmation reçue le {french_date(received_on)}" + (" (hors délai)" if late else "")
    if status == RECUE:
        return f"confirmation reçue le {french_date(received_on or '')}" + (" (hors délai)" if late else "")
    if status == INCOMPLET:
        return f"pièces manquantes : {detail or 'à préciser'}" + received
    if status == COMPLET:
        return "complet" + received
    if status == ANNULE:
        return f"annulé ({detail})" if detail else "annulé"
    return LABELS[ATTENTE]


def french_date(iso: str) -> str:
    """« 2026-12-03 » → « 03/12/2026 »; anything else as given."""
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def is_late(received_on: str | None, deadline: date | None) -> bool:
    """Whether a confirmation received that day arrived after the return deadline."""
    if not received_on or deadline is None:
        return False
    try:
        return date.fromisoformat(received_on) > deadline
    except ValueError:
        return False


def refusal(current: str, wanted: str, detail: str) -> str | None:
    """Why this change is refused (in French), or None when it is allowed."""
    if wanted not in STATUSES:
        return "Choisissez un état dans la liste."
    if wanted not in NEXT.get(current, ()):
        return f"Un dossier « {LABELS.get(current, current)} » ne peut pas passer à « {LABELS[wanted]} »."
    if wanted in DETAIL_REQUIRED and not detail.strip():
        return DETAIL_REQUIRED[wanted]
    return None
