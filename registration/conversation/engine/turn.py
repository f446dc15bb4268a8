"""The turn context: what one candidate turn works with (services, typed state, replies), for every handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registration.app import Application
from registration.conversation.catalogue import CHOICE, Context, Step, iter_steps
from registration.conversation.state import DraftState
from registration.conversation.texts import BUTTONS
from registration.conversation.types import Button, Reply
from registration.helpdesk import HelpDesk
from registration.referentials import Referentials
from registration.security.attempts import AttemptGuard
from registration.settings import Settings, now
from registration.store import Store


@dataclass(frozen=True)
class Services:
    """What the conversation talks to: referentials, the store, the settings, the attempt limits, the help-desk
    (the application's, registration/app.py; ``refs`` with the published tables of this turn)."""

    refs: Referentials
    store: Store
    settings: Settings
    guard: AttemptGuard
    desk: HelpDesk

    @property
    def session(self) -> int:
        return self.settings.session

    @classmethod
    def of(cls, application: Application) -> Services:
        """The conversation's services on the application's store, referentials, settings and limits."""
        return cls(
            refs=application.refs,
            store=application.store,
            settings=application.settings,
            guard=application.guard,
            desk=application.desk,
        )


class TurnContext:
    """One turn of one candidate: the state it reads and changes, and the replies it collects."""

    def __init__(
        self,
        services: Services,
        sender_id: str,
        state: DraftState,
        *,
        is_new: bool,
        client: str | None = None,
    ) -> None:
        self.services = services
        self.sender_id = sender_id
        self.state = state
        self.is_new = is_new
        self.client = client
        self.replies: list[Reply] = []
        self.text = ""  # what the candidate typed this turn (a follow-up may read more than its answer in it)
        self.error: str | None = None  # what was wrong with this turn's answer (tied to the answer field)

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    def ctx(self, answers: dict[str, Any] | None = None) -> Context:
        return Context(
            self.services.refs,
            self.answers if answers is None else answers,
            now().date(),
            self.services.session,
        )

    def say(self, text: str, buttons: tuple[Button, ...] = (), custom: dict | None = None) -> None:
        self.replies.append(Reply(text, buttons, custom))

    def say_error(self, text: str, buttons: tuple[Button, ...] = ()) -> None:
        """A refused answer: said like any reply, and remembered as this turn's error for the answer field."""
        self.error = text
        self.say(text, buttons)

    def current_step(self) -> Step | None:
        """The first question that applies and has no (still valid) answer; None when all are answered."""
        ctx = self.ctx()
        for step in iter_steps(ctx):
            if step.id in self.answers and self._still_valid(ctx, step):
                continue
            if step.applies(ctx):
                return step
        return None

    def _still_valid(self, ctx: Context, step: Step) -> bool:
        """A closed answer whose choices changed (another category, another specialty) must be asked again."""
        if not step.applies(ctx) or step.kind != CHOICE:
            return True
        return not step.current_choices(ctx) or step.offers(ctx, self.answers.get(step.id))

    def default_usable(self, step: Step, ctx: Context) -> bool:
        """A kept answer must still be one of the choices (another category may exclude an establishment)."""
        if step.is_composite:  # a one-sentence question offers back what its questions were answered with
            return any(key in self.state.defaults for key in step.fills)
        if step.id not in self.state.defaults:
            return False
        return step.kind != CHOICE or step.offers(ctx, self.state.defaults[step.id])

    def forget(self, *step_ids: str) -> None:
        """Drop answers as if never given (they leave the history too)."""
        for step_id in step_ids:
            self.answers.pop(step_id, None)
            if step_id in self.state.history:
                self.state.history.remove(step_id)

    def nav_buttons(self) -> list[Button]:
        buttons = [Button(BUTTONS["help"], "/help")]
        if self.state.history:
            buttons.append(Button(BUTTONS["back"], "/go_back"))
        return buttons
