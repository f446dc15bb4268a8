"""The draft state of one conversation: typed, versioned, and upgraded from what older versions stored.

The store keeps it as JSON (``DraftState.to_dict``); ``DraftState.from_dict`` reads every version ever
written. Version 1 (an untyped dict with ``"v": 1`` and a few keys added on the way) is upgraded on load.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

VERSION = 2


class Phase(StrEnum):
    """Where the conversation is; each phase has its handler (registration.conversation.phases.router)."""

    FORM = "form"
    SUMMARY = "summary"
    MODIFY_SELECT = "modify_select"
    CONFIRM_ABANDON = "confirm_abandon"
    CONSULT_NUMBER = "consult_number"
    CONSULT_DATE = "consult_date"
    CONSULT_MENU = "consult_menu"
    CONSULT_ACADEMIE = "consult_academie"  # an older number held in several académies: which one
    CONSULT_LOST_EMAIL = "consult_lost_email"  # « j'ai perdu mon numéro »: the dossier's e-mail address
    CONSULT_LOST_DATE = "consult_lost_date"  # then the birth date
    DONE = "done"
    ABANDONED = "abandoned"

    @property
    def is_consultation(self) -> bool:
        return self in (
            Phase.CONSULT_NUMBER,
            Phase.CONSULT_DATE,
            Phase.CONSULT_MENU,
            Phase.CONSULT_ACADEMIE,
            Phase.CONSULT_LOST_EMAIL,
            Phase.CONSULT_LOST_DATE,
        )


@dataclass
class Pending:
    """Answers understood from a sentence, waiting for the candidate's "oui"."""

    values: dict[str, Any]
    echo: str
    notes: dict[str, str] = field(default_factory=dict)  # question → why what it was given could not be kept


@dataclass
class DossierRef:
    """The validated dossier a modification started from: its identity and the revision it read."""

    number: int
    academie: str
    session: int
    label: str
    revision: int | None = None


@dataclass
class Consultation:
    """What the consultation knows so far: the number typed, then the dossier found."""

    number: int | None = None
    dossier_id: int | None = None
    academie: str | None = None
    session: int | None = None
    birth_date: str | None = None  # kept only while the académie is asked (an older number in several)
    email: str | None = None  # the address typed after « j'ai perdu mon numéro »


@dataclass
class DraftState:
    """Everything a conversation remembers between two turns."""

    phase: Phase = Phase.FORM
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # answered step ids, oldest first ("retour" pops)
    defaults: dict[str, Any] = field(default_factory=dict)  # answers offered with « Garder … »
    failures: dict[str, int] = field(default_factory=dict)  # per question, reset after 3
    pending: Pending | None = None
    announced: str | None = None  # the section whose "Étape i sur n" was said last
    locked: list[str] = field(default_factory=list)  # answers that cannot change (a former candidate's name)
    dossier: DossierRef | None = None  # set while modifying a validated dossier
    consult: Consultation = field(default_factory=Consultation)
    multi: dict[str, list[str]] = field(default_factory=dict)  # ticked choices of a multi-choice question
    former: dict[str, Any] | None = None  # the former registration found by candidate number
    return_phase: Phase | None = None  # where "non" to « abandonner ? » goes back to
    done_label: str | None = None  # the dossier label once validated
    asked: str | None = None  # the question the last buttons answer (stale buttons are refused)
    validation_key: str | None = None  # one draft, one dossier: the store finds a validation again by it
    epreuves_version: int | None = (
        None  # the version of the épreuve table the draft's épreuves were asked with
    )
    origin: str | None = None  # where the registration started: web | widget | telegram | staff
    started_by: str | None = None  # the conversation it started in (a conseiller's phone start)
    duplicate_checked: str | None = None  # the name, birth date and specialty last looked for in the dossiers
    version: int = VERSION

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["phase"] = str(self.phase)
        data["return_phase"] = str(self.return_phase) if self.return_phase else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DraftState:
        """Reads a stored state of any version (None: a new conversation)."""
        if not data:
            return cls()
        data = upgrade(dict(data))
        pending = data.get("pending")
        dossier = data.get("dossier")
        return cls(
            phase=Phase(data.get("phase") or Phase.FORM),
            answers=dict(data.get("answers") or {}),
            history=list(data.get("history") or []),
            defaults=dict(data.get("defaults") or {}),
            failures={k: int(v) for k, v in (data.get("failures") or {}).items()},
            pending=Pending(
                dict(pending["values"]), str(pending.get("echo", "")), dict(pending.get("notes") or {})
            )
            if pending
            else None,
            announced=data.get("announced"),
            locked=list(data.get("locked") or []),
            dossier=DossierRef(**dossier) if dossier else None,
            consult=Consultation(
                **{
                    k: v
                    for k, v in (data.get("consult") or {}).items()
                    if k in Consultation.__dataclass_fields__
                }
            ),
            multi={k: list(v) for k, v in (data.get("multi") or {}).items()},
            former=data.get("former"),
            return_phase=Phase(data["return_phase"]) if data.get("return_phase") else None,
            done_label=data.get("done_label"),
            asked=data.get("asked"),
            validation_key=data.get("validation_key"),
            epreuves_version=data.get("epreuves_version"),
            origin=data.get("origin"),
            started_by=data.get("started_by"),
            duplicate_checked=data.get("duplicate_checked"),
        )


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Brings a stored state to the current version (each step documents what changed)."""
    version = data.pop("version", None) or data.pop("v", None) or 1
    if version < 2:
        # Version 1: "v": 1; consult held only the keys set so far; a dossier had no "revision".
        consult = data.get("consult") or {}
        data["consult"] = {key: consult.get(key) for key in ("number", "dossier_id", "academie", "session")}
        if data.get("dossier"):
            data["dossier"] = {"revision": None, **data["dossier"]}
        if data.get("phase") not in {phase.value for phase in Phase}:
            data["phase"] = Phase.FORM.value
    return data
