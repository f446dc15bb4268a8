"""Asking: the current question with its progress line, buttons and « Garder » offer, or the summary."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from registration.conversation.catalogue import (
    CHOICE,
    MULTI,
    SECTION_ORDER,
    TEXT,
    YESNO,
    Context,
    Step,
    find_step,
)
from registration.conversation.catalogue.content import build_content
from registration.conversation.engine import table_updates
from registration.conversation.engine.turn import TurnContext
from registration.conversation.readers.matching import example, short
from registration.conversation.state import Phase
from registration.conversation.texts import BUTTONS, QUESTIONS, SECTIONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button
from registration.documents.summary import summary_text

KEEP = "__keep__"
SKIP = "__skip__"
DONE = "__done__"
NONE_OF_THESE = "__none__"
MAX_BUTTONS = 8
SMALLTALK_INTENTS = ("greet", "thank", "goodbye", "out_of_scope")


def ask(tc: TurnContext, prefix: str | None = None, corrections: Sequence[Button] = ()) -> None:
    """Asks the current question (the summary once every question is answered); `corrections` buttons come first
    (the corrections of an answer just read back)."""
    step = tc.current_step()
    if step is None:
        show_summary(tc)
        return
    ctx = tc.ctx()
    lines = [prefix] if prefix else []
    buttons: list[Button] = list(corrections)
    if step.section in SECTIONS and tc.state.announced != step.section:
        index = SECTION_ORDER.index(step.section) + 1
        lines.append(
            MSG["progress"].format(index=index, total=len(SECTION_ORDER), section=SECTIONS[step.section])
        )
        tc.state.announced = step.section
    lines.append(step.ask(ctx))
    if tc.default_usable(step, ctx):
        shown = kept_reading(tc, step, ctx)
        lines.append(MSG["keep_hint"].format(value=shown))
        buttons.append(Button.choose(BUTTONS["keep"].format(value=short(shown)), KEEP))
    tc.state.phase = Phase.FORM
    if step.kind == MULTI:
        buttons.extend(multi_buttons(tc, step, ctx))
    else:
        # Closed questions show their choices; a text question may show suggestions (the communes of a code).
        suggests = step.kind == TEXT and step.choices is not None
        choices = step.current_choices(ctx) if step.kind in (CHOICE, YESNO) or suggests else []
        extra = step.extra_button(ctx) if step.extra_button else None
        if extra:
            choices = [c for c in choices if c.id != extra.id]
        if step.kind == CHOICE and step.search and len(choices) > MAX_BUTTONS:
            lines.append(MSG["search_refine"].format(example=example(choices[0].title)))
            choices = choices[:MAX_BUTTONS]
        buttons.extend(Button.choose(choice.title, choice.id) for choice in choices)
        if extra:
            buttons.append(Button.choose(extra.title, extra.id))
        if step.skip_button:
            buttons.append(Button.choose(step.skip_button[0], SKIP))
    buttons.extend(tc.nav_buttons())
    tc.say("\n".join(lines), tuple(buttons))


def kept_reading(tc: TurnContext, step: Step, ctx: Context) -> str:
    """How an earlier answer offered with « Garder » reads (for a one-sentence question: the fields it filled)."""
    if not step.is_composite:
        return step.show(ctx, tc.state.defaults[step.id])
    values = {key: tc.state.defaults[key] for key in step.fills if key in tc.state.defaults}
    shown_ctx = tc.ctx({**tc.answers, **values})
    shown = []
    for key in step.fills:
        if values.get(key) in ("", None):
            continue
        field = find_step(shown_ctx, key)
        shown.append(field.show(shown_ctx, values[key]) if field else str(values[key]))
    return ", ".join(shown) or "—"


def selection(tc: TurnContext, step: Step) -> list[str]:
    """The ticked choices of a multi-choice question (pre-ticked from a kept answer)."""
    if step.id not in tc.state.multi:
        default = tc.state.defaults.get(step.id)
        tc.state.multi[step.id] = list(default) if isinstance(default, list) else []
    return tc.state.multi[step.id]


def multi_buttons(tc: TurnContext, step: Step, ctx: Context) -> list[Button]:
    selected = selection(tc, step)
    buttons = [
        Button.choose(("☑ " if c.id in selected else "☐ ") + c.title, c.id) for c in step.current_choices(ctx)
    ]
    buttons.append(Button.choose(BUTTONS["done_selecting"], DONE))
    if step.none_choice:
        buttons.append(Button.choose(step.none_choice.title, step.none_choice.id))
    return buttons


def confirm_buttons() -> tuple[Button, ...]:
    return (Button.choose(BUTTONS["confirm_yes"], "yes"), Button.choose(BUTTONS["confirm_no"], "no"))


def show_summary(tc: TurnContext) -> None:
    """The récapitulatif and its four buttons; the draft gets its validation key (one draft, one dossier)."""
    tc.state.phase = Phase.SUMMARY
    if table_updates.version_changed(tc):
        tc.say(MSG["table_updated"])
    if tc.state.validation_key is None:
        tc.state.validation_key = secrets.token_hex(16)
    content = build_content(tc.ctx())
    tc.say(
        summary_text(content) + "\n\n" + QUESTIONS["summary"]["ask"],
        (
            Button.choose(BUTTONS["validate"], "validate"),
            Button.choose(BUTTONS["modify"], "modify"),
            Button(BUTTONS["back"], "/go_back"),
            Button(BUTTONS["abandon"], "/abandon"),
        ),
    )


def smalltalk(tc: TurnContext, intent: str) -> None:
    """A word back to a greeting, a thank-you, a goodbye or something out of scope."""
    said = {
        "greet": MSG["greet_again"],
        "thank": MSG["thanks"],
        "goodbye": MSG["goodbye"],
        "out_of_scope": MSG["out_of_scope"],
    }
    tc.say(said[intent])
