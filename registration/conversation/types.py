"""The shapes the conversation engine exchanges with its channel adapter: a candidate turn and the replies."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Turn:
    """One candidate message as the NLU understood it."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    entities: dict[str, list[str]] = field(default_factory=dict)

    @property
    def choice(self) -> str | None:
        values = self.entities.get("choice")
        return str(values[0]) if values else None

    def entity(self, name: str) -> str | None:
        values = self.entities.get(name)
        return str(values[0]) if values else None


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @classmethod
    def choose(cls, title: str, choice_id: str) -> "Button":
        return cls(title, "/choose" + json.dumps({"choice": choice_id}, ensure_ascii=False))


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
