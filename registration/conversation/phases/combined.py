"""Questions answered in one sentence (catalogue steps with `fills`): keeping what was read, reading it back
once with buttons to correct it, and stepping back over it as over one question."""

from __future__ import annotations

from typing import Any

from registration.conversation.catalogue import Context, Step, find_step
from registration.conversation.catalogue.composite import identity_echo
from registration.conversation.catalogue.questions import ADD, FIX, SWAP
from registration.conversation.engine.asking import ask, kept_reading
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases.keeping import commit, fail, validate_text
from registration.conversation.readers.matching import exact, match_choice
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button
from registration.rules import Invalid, Valid, validate_family_name, validate_first_names

TYPED = "typed"  # the answer kept for a one-sentence question answered by typing (its fills hold the values)


def is_amend(choice: str | None) -> bool:
    return bool(choice) and (choice in (FIX, SWAP) or str(choice).startswith(ADD))


def answer(tc: TurnContext, step: Step, ctx: Context, text: str, choice: str | None) -> None:
    """A button keeps its choice's answers; typed text is read by the step's reader, or matched to a button."""
    choices = step.current_choices(ctx)
    typed_button = next((c for c in choices if exact(text, c)), None) if not choice else None
    if not choice and typed_button is None and step.reader and step.choice_fills:
        # « je suis en alternance », « pas de presse »: the step's own reader first (words around a choice's
        # name may say the opposite of it); a part of the answer only is said, and asked again.
        read = step.reader(ctx, text)
        if isinstance(read, Valid) and step.id in read.value:
            keep(
                tc,
                step,
                read.value[step.id],
                step.choice_fills(ctx, read.value[step.id]),
                echo=read.echo or "",
            )
            return
        if isinstance(read, Invalid) and read.message:
            fail(tc, step, read.message)
            return
    if choice:
        match = next((c for c in choices if c.id == choice), None)
    elif step.validate is not None:  # typed text is the answer itself, unless it names a button exactly
        match = typed_button
    else:
        match = match_choice(text, choices)
    if match is not None and step.choice_fills:
        keep(tc, step, match.id, step.choice_fills(ctx, match.id), echo="")
        return
    if choice:
        fail(tc, step, "")
        return
    result = validate_text(tc, step, text)
    if isinstance(result, Invalid):
        # A question of buttons only (no typed answer of its own): say so, never the bare question again.
        first = choices[0].title if choices else ""
        fail(tc, step, result.message or MSG["not_understood_choice"].format(example=first))
        return
    keep(tc, step, TYPED, dict(result.value), echo=result.echo or "")


def keep(tc: TurnContext, step: Step, marker: str, values: dict[str, Any], *, echo: str) -> None:
    """Keeps every answer read (each through its question's follow-up), then the next question with the buttons
    that correct what was read."""
    if echo:
        tc.say(echo)
    tc.answers[step.id] = marker
    for key in step.fills:
        tc.state.defaults.pop(key, None)
    for key, value in values.items():
        if not commit(tc, key, value, then_ask=False):
            _history_as_one(tc, step)
            return
    _history_as_one(tc, step)
    tc.state.defaults.pop(step.id, None)
    tc.state.failures.pop(step.id, None)
    ask(tc, corrections=_corrections(tc, step) if echo else [])


def _corrections(tc: TurnContext, step: Step) -> list[Button]:
    """The buttons that correct what a one-sentence question just read (shown with the next question)."""
    return [Button.choose(c.title, c.id) for c in step.amend(tc.ctx())] if step.amend else []


def keep_defaults(tc: TurnContext, step: Step) -> None:
    """« Garder »: the earlier answers of the questions this one stands for come back as they were."""
    values = {key: tc.state.defaults[key] for key in step.fills if key in tc.state.defaults}
    keep(tc, step, str(tc.state.defaults.get(step.id, TYPED)), values, echo="")


def _history_as_one(tc: TurnContext, step: Step) -> None:
    """« retour » steps back over the whole sentence, not over its last field."""
    history = tc.state.history
    history[:] = [key for key in history if key not in step.fills and key != step.id]
    history.append(step.id)


def amend(tc: TurnContext, choice: str) -> None:
    """A correction button shown with the reading back: ask again, swap the names, or add an optional line."""
    history = tc.state.history
    step = find_step(tc.ctx(), history[-1]) if history else None
    if step is None or not step.is_composite:
        ask(tc)
        return
    if choice == FIX:
        tc.forget(step.id, *step.fills)
        ask(tc)
    elif choice == SWAP:
        _swap_names(tc)
    else:
        tc.forget(choice[len(ADD) :])
        ask(tc)


def _swap_names(tc: TurnContext) -> None:
    family = validate_family_name(tc.answers.get("prenoms", ""))
    given = validate_first_names(tc.answers.get("nom", ""))
    if isinstance(family, Valid) and isinstance(given, Valid):
        tc.answers["nom"], tc.answers["prenoms"] = family.value, given.value
        tc.say(identity_echo({"nom": family.value, "prenoms": given.value}))
        step = find_step(tc.ctx(), "identite")
        ask(tc, corrections=_corrections(tc, step) if step else [])
        return
    ask(tc)


def step_back(tc: TurnContext, step: Step) -> str:
    """« retour » onto a one-sentence question: its answers become « Garder » offers; what they read as.
    (The caller has moved the question's own answer to the defaults.)"""
    for key in step.fills:
        if key in tc.answers:
            tc.state.defaults[key] = tc.answers.pop(key)
    return kept_reading(tc, step, tc.ctx())
