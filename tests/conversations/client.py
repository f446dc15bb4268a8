"""A candidate talking to the real Rasa server over its REST channel, for whole-conversation tests."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import httpx


class Reading:
    """What a candidate reads in the assistant's last replies, and pressing one of their buttons (for any
    channel: `say` sends a message and returns the replies, kept in `last` and in `transcript`)."""

    last: list[dict]
    transcript: list[tuple[str, str]]

    def say(self, message: str) -> list[dict]:
        raise NotImplementedError

    def heard(self, message: str, replies: list[dict]) -> None:
        self.last = replies
        self.transcript.append(("candidat", message))
        self.transcript.extend(("assistant", m.get("text") or json.dumps(m.get("custom"))) for m in replies)

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.last)

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in m.get("buttons") or []]

    def titles(self) -> list[str]:
        return [b["title"] for b in self.buttons]

    def click(self, title: str) -> list[dict]:
        """Presses the button whose title starts with `title` (its payload is sent, as a channel would)."""
        for button in self.buttons:
            if button["title"].startswith(title):
                return self.say(button["payload"])
        raise self.no_button(title)

    def no_button(self, title: str) -> Exception:
        return AssertionError(f"no button {title!r} in {self.titles()}\n{self.text}")

    @property
    def document(self) -> dict | None:
        return next(
            (m["custom"] for m in self.last if (m.get("custom") or {}).get("type") == "document"), None
        )

    def dump(self) -> str:
        return "\n".join(f"{who}: {what}" for who, what in self.transcript)


@dataclass
class Candidate(Reading):
    rasa_url: str
    sender: str = field(default_factory=lambda: "test-" + uuid.uuid4().hex[:12])
    last: list[dict] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)

    def say(self, message: str) -> list[dict]:
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=60,
        )
        response.raise_for_status()
        self.heard(message, response.json())
        assert self.last, f"no reply to {message!r}"
        return self.last
