"""The shapes the conversation engine exchanges with its channel adapter: a candidate turn and the replies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

# A button's choice carries the question it answers after this mark: "32032613§specialite".
QUESTION_MARK = "\u00a7"


@dataclass(frozen=True)
class Turn:
    """One candidate message as the NLU understood it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    entities: dict[str, list[str]] = field(default_factory=dict)
    client: str | None = None  # the channel's keyed network address (web), for the attempt limits
    surface: str | None = None  # the web chat embedded in a host site says "widget"

    @property
    def choice(self) -> str | None:
        values = self.entities.get("choice")
        return str(values[0]).split(QUESTION_MARK, 1)[0] if values else None

    @property
    def question(self) -> str | None:
        """The question a pressed button was made for (None for typed text and unmarked buttons)."""
        values = self.entities.get("choice")
        if not values or QUESTION_MARK not in str(values[0]):
            return None
        return str(values[0]).split(QUESTION_MARK, 1)[1]

    def entity(self, name: str) -> str | None:
        values = self.entities.get(name)
        return str(values[0]) if values else None


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @classmethod
    def choose(cls, title: str, choice_id: str, question: str | None = None) -> Button:
        """A closed answer; ``question`` names the question it answers, so a stale button can be told apart."""
        value = f"{choice_id}{QUESTION_MARK}{question}" if question else choice_id
        return cls(title, "/choose" + json.dumps({"choice": value}, ensure_ascii=False))

    def for_question(self, question: str) -> Button:
        """This button, marked as answering ``question`` (only closed answers are marked)."""
        if not self.payload.startswith("/choose{"):
            return self
        choice = str(json.loads(self.payload[len("/choose") :]).get("choice", ""))
        return Button.choose(self.title, choice.split(QUESTION_MARK, 1)[0], question)


@dataclass(frozen=True)
class Reply:
    """One message to the candidate: text, buttons, and for documents a custom payload."""

    text: str = ""
    buttons: tuple[Button, ...] = ()
    custom: dict[str, Any] | None = None


@dataclass(frozen=True)
class Choice:
    """A closed answer: its stable id, what the candidate reads, other words that mean it."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()
