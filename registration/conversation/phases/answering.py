"""The form phase: reading an answer to the current question, keeping it, and what follows it."""

from __future__ import annotations

import logging
import re
from typing import Any

from registration import rules
from registration.conversation.catalogue import (
    CHOICE,
    MULTI,
    SEARCH,
    TEXT,
    YESNO,
    Context,
    Step,
    extract,
    find_step,
)
from registration.conversation.catalogue.questions import ADD
from registration.conversation.engine.asking import (
    DONE,
    KEEP,
    NONE_OF_THESE,
    SKIP,
    SMALLTALK_INTENTS,
    ask,
    confirm_buttons,
    selection,
    show_summary,
    smalltalk,
)
from registration.conversation.engine.turn import TurnContext
from registration.conversation.phases import combined, consult, review
from registration.conversation.phases.keeping import commit, fail, validate_text
from registration.conversation.readers import fillers
from registration.conversation.readers.matching import (
    canonical_date,
    exact,
    example,
    match_choice,
    match_in_list,
    says_keep,
    says_none,
    short,
    yes_no,
)
from registration.conversation.state import Pending, Phase
from registration.conversation.texts import BUTTONS
from registration.conversation.texts import TEXT as MSG
from registration.conversation.types import Button, Turn
from registration.referentials import normalise
from registration.rules import Invalid, Result, Valid

log = logging.getLogger(__name__)

SMALLTALK_CONFIDENCE = 0.8
# « non, c'est le 4 mai », « non plutôt le 4 »: the no before a corrected answer.
NO_THEN = re.compile(
    r"^\s*(?:non|nan|no|pas du tout)\b[\s,!.:;-]*(?:(?:c['’ ]?\s*est|plut[oô]t|je voulais dire|mais)\s+)?",
    re.IGNORECASE,
)
INTENT_CHOICE_CONFIDENCE = 0.6
FINISH_WORDS = ("suite", "valider", "terminer", "c est tout", "ok")


def on_form(tc: TurnContext, turn: Turn, text: str) -> None:
    """A turn while a question of the form is asked."""
    if tc.state.pending:
        on_pending(tc, turn, text)
        return
    text = _without_label(tc, turn, text)
    if (
        turn.intent in SMALLTALK_INTENTS
        and turn.confidence >= SMALLTALK_CONFIDENCE
        and not turn.choice
        and not answers_question(tc, turn, text)
        and not _typed_answer_expected(tc, turn)
        and not _holds_answers(tc, turn, text)
    ):
        smalltalk(tc, turn.intent)
        ask(tc)
        return
    if turn.intent == "modify" and tc.answers.get("start") == "new":
        section = review.section_from(tc, turn, text)
        if section and review.section_answered(tc, section):
            review.start_modify(tc, section)
            return
    answer(tc, turn, text)


def _without_label(tc: TurnContext, turn: Turn, text: str) -> str:
    """« Date de naissance : 12/02/2003 », « CP 75015 »: the form's name of the field asked, copied before the
    answer, is dropped (the identity and address readers read the labels between their values themselves)."""
    step = tc.current_step()
    if turn.choice or step is None or step.id in ("start", "identite", "adresse_complete"):
        return text
    return fillers.unlabelled(text, fillers.labels_of(step.id))


def _holds_answers(tc: TurnContext, turn: Turn, text: str) -> bool:
    """« Bonjour, je m'appelle Léa Martin… »: a greeting that carries answers is read, not just greeted."""
    step = tc.current_step()
    if step is None or turn.choice:
        return False
    if step.id == "start":
        return extract.says_wish(text) or extract.says_consult(text)
    reading = extract.read(tc.ctx(), step, text)
    return bool(reading.flat(tc.answers))


def _typed_answer_expected(tc: TurnContext, turn: Turn) -> bool:
    """At a text question, something "out of scope" is more likely a wrong answer: say what to type instead."""
    step = tc.current_step()
    return turn.intent == "out_of_scope" and step is not None and step.kind == TEXT


def answers_question(tc: TurnContext, turn: Turn, text: str) -> bool:
    """Whether typed text is an answer (exact or close) to the question being asked."""
    if tc.state.phase.is_consultation and text:
        return consult.answers(tc, text)
    if tc.state.phase != Phase.FORM or not text:
        return tc.state.phase == Phase.SUMMARY and yes_no(turn, text, None) is not None
    if tc.state.pending:
        return isinstance(rules.validate_yes_no(text), Valid)
    step = tc.current_step()
    if step is None:
        return False
    if keeps_offered(tc, step, tc.ctx(), text):
        return True
    return isinstance(read_answer(tc, step, text), Valid)


def keeps_offered(tc: TurnContext, step: Step, ctx: Context, text: str) -> bool:
    """« je garde », « c'est pareil »: the « Garder » button in words, where an answer is offered back. Never
    at a yes/no question: « oui je garde » to « conserver cet acquis ? » is a yes, not the value shown."""
    return (
        step.kind != YESNO
        and tc.default_usable(step, ctx)
        and says_keep(text, typed_question=step.kind == TEXT or step.is_composite)
    )


def read_answer(tc: TurnContext, step: Step, text: str) -> Result:
    """What typed text means as an answer to one question: Valid(value), or Invalid(what is wrong)."""
    if step.kind == YESNO:
        said = rules.validate_yes_no(text)
        return step.reader(tc.ctx(), text) if isinstance(said, Invalid) and step.reader else said
    if step.kind in (CHOICE, SEARCH, MULTI):
        ctx = tc.ctx()
        choices = step.current_choices(ctx)
        match = match_in_list(text, choices) if step.kind == MULTI else match_choice(text, choices)
        if match is None and step.kind == MULTI and says_none(text, step.none_choice):
            match = step.none_choice
        if match is None and step.search:
            match = next((c for c in step.search(ctx, text) if exact(text, c)), None)
        if match is None:
            return Invalid(MSG["not_understood_choice"].format(example=choices[0].title if choices else ""))
        return Valid(match.id)
    return validate_text(tc, step, text)


def answer(tc: TurnContext, turn: Turn, text: str) -> None:
    step = tc.current_step()
    if step is None:
        show_summary(tc)
        return
    ctx = tc.ctx()
    choice = turn.choice
    if combined.is_amend(choice):
        combined.amend(tc, str(choice))
        return
    if not choice and keeps_offered(tc, step, ctx, text):
        choice = KEEP
    if choice == KEEP and tc.default_usable(step, ctx):
        if step.is_composite:
            combined.keep_defaults(tc, step)
        else:
            commit(tc, step.id, tc.state.defaults[step.id])
        return
    if choice == SKIP and step.skip_button:
        commit(tc, step.id, step.skip_button[1])
        return
    if step.id == "start" and not choice and extract.says_consult(text):
        commit(tc, step.id, "consult")  # « je veux modifier mon inscription »: not a new registration
        return
    reading = None
    if not choice and (ctx.get("start") == "new" or step.id == "start"):
        reading = extract.read(ctx, step, text, turn.intent)
        if step.id == "start" and reading.wish:
            _start_with(tc, reading)
            return
        if extract.other_groups(reading, step, tc.answers):
            propose(tc, reading)
            return
    if not choice and _read_closed(tc, step, ctx, text, reading):
        return
    if step.is_composite:
        combined.answer(tc, step, ctx, text, choice)
        return
    if step.kind == YESNO:
        value = yes_no(turn, text, choice)
        if value is None and not choice and step.reader:  # « j'ai un tiers temps »: the question's own words
            read = step.reader(ctx, text)
            value = bool(read.value) if isinstance(read, Valid) else None
        if value is None:
            fail(tc, step, getattr(rules.validate_yes_no(text), "message", ""))
            return
        commit(tc, step.id, value)
        return
    if step.kind in (CHOICE, SEARCH):
        if not choice and turn.intent in step.intent_choices and turn.confidence >= INTENT_CHOICE_CONFIDENCE:
            choice = step.intent_choices[turn.intent]
        answer_choice(tc, step, ctx, text, choice)
        return
    if step.kind == MULTI:
        answer_multi(tc, step, ctx, text, choice)
        return
    result = validate_text(tc, step, choice or text)  # a suggestion button stands for its text
    if isinstance(result, Invalid):
        fail(tc, step, result.message)
        return
    if step.confirm and result.echo and not canonical_date(text):
        tc.state.pending = Pending({step.id: result.value}, result.echo)
        tc.say(MSG["confirm_value"].format(value=result.echo), confirm_buttons())
        return
    commit(tc, step.id, result.value)


def answer_choice(tc: TurnContext, step: Step, ctx: Context, text: str, choice: str | None) -> None:
    choices = step.current_choices(ctx)
    first = choices[0].title if choices else ""
    if choice == NONE_OF_THESE:
        tc.say(MSG["search_refine"].format(example=example(first)))
        return
    if choice:
        match = next((c for c in choices if c.id == choice), None)
        if match is None and step.search:
            match = next((c for c in step.search(ctx, choice) if c.id == choice), None)
        if match:
            commit(tc, step.id, match.id)
            return
        fail(tc, step, MSG["not_understood_choice"].format(example=first))
        return
    match = match_choice(text, choices)
    if match:
        commit(tc, step.id, match.id)
        return
    if step.search and text:
        results = step.search(ctx, text)
        exact_ones = [c for c in results if exact(text, c)]
        if len(exact_ones) == 1:
            commit(tc, step.id, exact_ones[0].id)
            return
        if results:
            tc.state.failures[step.id] = 0
            buttons = [Button.choose(c.title, c.id) for c in results]
            buttons.append(Button.choose(BUTTONS["none_of_these"], NONE_OF_THESE))
            tc.say(MSG["search_matches"].format(query=short(text)), tuple(buttons + tc.nav_buttons()))
            return
        fail(tc, step, MSG["search_none"].format(query=short(text), example=example(first)))
        return
    fail(tc, step, MSG["not_understood_choice"].format(example=first))


def answer_multi(tc: TurnContext, step: Step, ctx: Context, text: str, choice: str | None) -> None:
    selected = selection(tc, step)
    choices = step.current_choices(ctx)
    if step.none_choice and (choice == step.none_choice.id or (not choice and exact(text, step.none_choice))):
        tc.state.multi.pop(step.id, None)
        commit(tc, step.id, [])
        return
    if choice == DONE or (not choice and normalise(text) in FINISH_WORDS):
        if not selected:
            fail(
                tc,
                step,
                MSG["multi_empty"].format(none=step.none_choice.title)
                if step.none_choice
                else MSG["multi_need_one"],
            )
            return
        tc.state.multi.pop(step.id, None)
        commit(tc, step.id, [c.id for c in choices if c.id in selected])
        return
    match = next((c for c in choices if c.id == choice), None) if choice else match_in_list(text, choices)
    if match is None and not choice and not selected and says_none(text, step.none_choice):
        tc.state.multi.pop(step.id, None)
        commit(tc, step.id, [])
        return
    if match is None:
        fail(tc, step, MSG["not_understood_choice"].format(example=choices[0].title if choices else ""))
        return
    if match.id in selected:
        selected.remove(match.id)
        ask(tc, MSG["unticked"].format(title=match.title))
    elif step.max_selected is not None and len(selected) >= step.max_selected:
        fail(tc, step, MSG["multi_too_many"].format(max=step.max_selected))
    else:
        selected.append(match.id)
        ask(tc, MSG["ticked"].format(title=match.title))


def _read_closed(
    tc: TurnContext, step: Step, ctx: Context, text: str, reading: extract.Reading | None
) -> bool:
    """A closed question with its own reader (establishment, specialty, option): True when typed text named one
    answer, kept at once and said back; a button's title typed exactly is left to the buttons."""
    if not step.reader or step.is_composite or step.kind not in (CHOICE, SEARCH):
        return False
    if any(exact(text, c) for c in step.current_choices(ctx)):
        return False
    read = step.reader(ctx, text)
    if isinstance(read, Invalid) and reading is not None and step.id in reading.values:
        read = Valid(reading.values[step.id], echo=_said_back(ctx, reading.values[step.id]))
    if not isinstance(read, Valid):
        return False
    _keep_read(tc, dict(read.value), read.echo or "")
    return True


def _start_with(tc: TurnContext, reading: extract.Reading) -> None:
    """A first message saying « je veux m'inscrire »: the registration starts, and what else the message holds is
    read back once. A specialty named alone is kept at once by the start's follow-up (« C'est noté : BTS MCO »);
    named with other answers, it is read back with them."""
    step = tc.current_step()
    others = extract.other_groups(reading, step, tc.answers) if step else []
    if [group for group in others if group != "specialite"]:
        tc.text = ""  # the follow-up of « start » leaves the specialty to the reading back
    if not commit(tc, "start", "new", then_ask=False):
        return
    step = tc.current_step()
    if step is not None and extract.other_groups(reading, step, tc.answers):
        propose(tc, reading)
        return
    ask(tc)


def _said_back(ctx: Context, values: dict[str, Any]) -> str:
    """« Établissement : Lycée Raspail (Paris 14e). »: what a closed question kept from a sentence."""
    shown = Context(ctx.refs, {**ctx.answers, **values}, ctx.today, ctx.session)
    return " ".join(
        f"{extract.label(k).capitalize()} : {_read_back(shown, k, v)}." for k, v in values.items()
    )


def _keep_read(tc: TurnContext, values: dict[str, Any], echo: str) -> None:
    """Answers a closed question read in typed text: said back, kept (each with its follow-up), next question."""
    if echo:
        tc.say(echo)
    for key, value in values.items():
        if not commit(tc, key, value, then_ask=False):
            return
    ask(tc)


def _read_back(ctx: Context, step_id: str, value: Any) -> str:
    """How an answer reads back to the candidate; the plain value when no question has this id."""
    step = find_step(ctx, step_id)
    return step.show(ctx, value) if step else str(value)


SHOWN_ONLY_ALONE = {"naissance_lieu": ("naissance_departement", "naissance_pays"), "residence_lieu": ("code_postal",
    "residence_pays")}  # fmt: skip
FIX_GROUP = "__fixgroup__:"


def _shown(found: dict[str, Any]) -> dict[str, Any]:
    """What a reading back shows: no empty answer, and « en France » only when nothing more precise is known."""
    return {
        key: value
        for key, value in found.items()
        if value not in ("", None)
        and key != "categorie"
        and not any(other in found for other in SHOWN_ONLY_ALONE.get(key, ()))
    }


def propose(tc: TurnContext, reading: extract.Reading) -> None:
    """Several answers read in one sentence: read back once, kept on « oui »; a button corrects each group; a
    value that failed its check is said with the reason, and its question asked again later."""
    found = reading.flat(tc.answers)
    ctx = tc.ctx({**tc.answers, **found})
    lines_read = []
    for group, keys in extract.GROUPS.items():
        values = {key: found[key] for key in keys if key in found}
        if not values:
            continue
        if group in reading.echoes and values == reading.values.get(
            group
        ):  # « Lieu de naissance : Bordeaux… »
            lines_read.append(f"- {reading.echoes[group]}")
            continue
        lines_read += [
            f"- {extract.label(k).capitalize()} : {_read_back(ctx, k, v)}" for k, v in _shown(values).items()
        ]
    lines = "\n".join(lines_read)
    refused = {
        group: message
        for group, message in reading.refused.items()
        if not any(key in tc.answers or key in found for key in extract.GROUPS[group])
    }
    text = MSG["read_many"].format(lines=lines)
    if refused:
        text += "\n" + MSG["read_many_refused"].format(
            lines="\n".join(
                MSG["refused_line"].format(label=extract.group_label(g), reason=m) for g, m in refused.items()
            )
        )
    tc.state.pending = Pending(found, lines, refused)
    buttons = list(confirm_buttons()[:1])
    groups = [g for g in extract.GROUPS if any(key in found for key in extract.GROUPS[g])]
    if len(groups) > 1:
        buttons += [
            Button.choose(BUTTONS["fix_field"].format(label=extract.group_label(g)), FIX_GROUP + g)
            for g in groups
        ]
    if found.get("nom_usage") == "":
        buttons.append(Button.choose(BUTTONS["add_usage_name"], ADD + "nom_usage"))
    buttons.append(confirm_buttons()[1])
    tc.say(text + "\n" + MSG["read_many_confirm"], tuple(buttons))


def on_pending(tc: TurnContext, turn: Turn, text: str) -> None:
    pending = tc.state.pending
    assert pending is not None
    decision = yes_no(turn, text, turn.choice)
    if turn.choice and turn.choice.startswith(ADD):  # « exact, and I have a usage name »: that one is asked
        pending.values.pop(turn.choice[len(ADD) :], None)
        decision = True
    if turn.choice and turn.choice.startswith(FIX_GROUP):  # « exact, but this one »: that question is asked
        for key in extract.GROUPS.get(turn.choice[len(FIX_GROUP) :], ()):
            pending.values.pop(key, None)
        decision = True
    if decision is True:
        notes = dict(pending.notes)
        for key, value in pending.values.items():
            if not commit(tc, key, value, then_ask=False):
                return
        step = tc.current_step()
        group = extract.ASKED_GROUP.get(step.id) if step else None
        ask(tc, notes.get(group) if group else None)
        return
    tc.state.pending = None
    if decision is False:
        step = tc.current_step()
        rest = NO_THEN.sub("", text, count=1).strip()
        if step and rest and rest != text.strip() and isinstance(read_answer(tc, step, rest), Valid):
            answer(tc, turn, rest)  # « non, c'est le 4 mai 2004 »: the right answer at once
            return
        ask(tc, MSG["confirm_retry"])
        return
    answer(tc, turn, text)  # a new answer instead of yes / no
