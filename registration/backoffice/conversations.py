"""The console's way to a candidate's conversation: what a conseiller reads and does to a draft, on the
application, through the conversation's own rules (``registration/conversation/staffing.py``), and the words of
the conversation the console shows (a stored dossier's récapitulatif, what the candidate reads when a
conseiller joins). The console imports none of the conversation's modules.
"""

from __future__ import annotations

from registration.app import Application
from registration.conversation import staffing
from registration.conversation.engine.turn import Services
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Reply
from registration.documents.summary import summary_text
from registration.rules import Result

SUMMARY = staffing.SUMMARY  # « rendre la main » at the récapitulatif rather than at a question
Field = staffing.Field


def joined_text() -> str:
    """What the candidate reads when a conseiller takes the conversation."""
    return MSG["conseiller_joined"]


def recapitulatif(content: dict) -> str:
    """A stored dossier's content as the candidate's récapitulatif reads (the same wording)."""
    return summary_text(content)


def current_place(application: Application, sender_id: str) -> tuple[str | None, str] | None:
    """Where a conversation's draft is now (its académie, the question reached); None without a draft."""
    return staffing.current_place(Services.of(application), sender_id)


def summary_of(application: Application, sender_id: str) -> str:
    """A draft as the candidate's récapitulatif reads."""
    return staffing.summary_of(Services.of(application), sender_id)


def fields_of(application: Application, sender_id: str) -> list[Field]:
    """The answers a conseiller may correct, then the question asked now."""
    return staffing.fields_of(Services.of(application), sender_id)


def correct(application: Application, sender_id: str, step_id: str, text: str) -> tuple[Result, str, str]:
    """One answer set through its question's validator: (result, shown before, shown after)."""
    return staffing.correct(Services.of(application), sender_id, step_id, text)


def hand_back(application: Application, sender_id: str, step_id: str) -> list[Reply]:
    """The assistant takes the conversation again at ``step_id`` (or the summary): the replies to send."""
    return staffing.hand_back(Services.of(application), sender_id, step_id)


def start_dossier(application: Application, values: dict[str, str]) -> tuple[str, str] | dict[str, str]:
    """A draft started on the phone: (conversation id, resume code), or the French error of each field."""
    return staffing.start_dossier(Services.of(application), values)
