"""A simulated candidate on the web chat's API (POST /api/message, conversation in the signed cookie),
retrying as a person does in the web chat: after « réessayez » or no answer, the same message again."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

from tests.conversations.client import Reading
from tests.conversations.driver import answer, current_question, one_field_at_a_time

PAUSE = 1.0  # seconds a person waits before sending again


class Stuck(RuntimeError):
    """The candidate could not go on before the deadline."""


@dataclass(frozen=True)
class Unanswered:
    """One attempt that got no usable answer: when (time.time()), what, how, after how many seconds."""

    at: float
    message: str
    outcome: str  # "HTTP 502", "ReadTimeout", "empty answer"…
    seconds: float


@dataclass
class WebCandidate(Reading):
    """Same interface as tests.conversations.client.Candidate (say, click, text, buttons, document)."""

    base_url: str
    deadline: float
    last: list[dict] = field(default_factory=list)
    transcript: list[tuple[str, str]] = field(default_factory=list)
    resent: int = 0
    unanswered: list[Unanswered] = field(default_factory=list)
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        # The web chat's requests come from its own page: the browser says so with Sec-Fetch-Site.
        self.http = httpx.Client(
            base_url=self.base_url, headers={"Sec-Fetch-Site": "same-origin"}, timeout=45
        )

    def say(self, message: str) -> list[dict]:
        while True:
            replies, began, sent = None, time.monotonic(), time.time()
            try:
                response = self.http.post("/api/message", json={"message": message})
                outcome = f"HTTP {response.status_code}"
                if response.status_code == 200:
                    data = response.json()
                    replies = data if isinstance(data, list) and data else None
                    outcome = "empty answer"
            except (httpx.HTTPError, ValueError) as error:
                outcome = type(error).__name__
            if replies is not None:
                break
            self.unanswered.append(Unanswered(sent, message, outcome, time.monotonic() - began))
            if time.monotonic() > self.deadline:
                raise Stuck("no answer before the deadline")
            self.resent += 1
            time.sleep(PAUSE)
        self.heard(message, replies)
        return replies

    def no_button(self, title: str) -> Exception:
        return Stuck(f"no button {title!r}")

    def close(self) -> None:
        self.http.close()


def register(candidate: WebCandidate, profile: dict, max_turns: int = 120) -> dict:
    """A whole registration from « bonjour » to the confirmation; returns the document payload. A reply that
    asks nothing known (an apology after a fault) gets the last message again, as a person would."""
    candidate.say("bonjour")
    last_action: object = "bonjour"
    unknown = 0
    for _ in range(max_turns):
        # Same interface as the tests' Candidate.
        step = current_question(candidate)  # type: ignore[arg-type]
        if step == "summary":
            candidate.click("Valider votre inscription")
            document = candidate.document
            if not document:
                raise Stuck("no confirmation after validation")
            return document
        # As the conversation tests answer: the profile's answer, or its first field for a question that
        # asks several at once.
        action = (profile.get(step) or one_field_at_a_time(profile, step)) if step else None
        if action is None:
            unknown += 1
            if unknown > 5:
                raise Stuck(f"unexpected question {step!r}")
            answer(candidate, last_action)  # type: ignore[arg-type]
            continue
        unknown = 0
        last_action = action
        answer(candidate, last_action)  # type: ignore[arg-type]
    raise Stuck("registration did not reach the end")
