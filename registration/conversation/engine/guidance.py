"""What the question asked at the end of a turn expects, carried by the turn's last reply (a custom payload of
type « input ») so that every channel can guide the answer: the kind of value, its autofill token and phone
keyboard (WCAG 1.3.5), its maximum length, an example, the error of this turn, and for a long list of buttons a
one-line summary a screen reader can say instead of reading them all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from registration.conversation.catalogue import CHOICE, MULTI, SEARCH, SECTION_ORDER, TEXT, YESNO, Step
from registration.conversation.engine.turn import TurnContext
from registration.conversation.state import Phase
from registration.conversation.steps import OUTSIDE_CITY
from registration.conversation.texts import GUIDANCE, QUESTIONS, SECTIONS
from registration.conversation.types import Reply
from registration.rules.identity import FAMILY_NAME_MAX, FIRST_NAMES_MAX
from registration.rules.places import ADDRESS_LINE_MAX
from registration.rules.text import MAX_INPUT

INPUT = "input"  # the custom payload's type
# What the candidate is expected to do: type in the answer field, press one of the buttons, tick some of them,
# or read what is shown (the récapitulatif) before choosing.
TYPE, CHOOSE, TOGGLE, REVIEW = "type", "choose", "toggle", "review"
LONG_LIST = 6  # more answer buttons than this: typed more easily than browsed, and summarised when spoken
DATE_MAX = 40  # « 30 septembre 2004 », « né le 3 mai 2004 »
POSTAL_MAX = 5
NUMBER_MAX = 12


@dataclass(frozen=True)
class Expected:
    """The value a question expects: its kind, autofill token (HTML autocomplete), phone keyboard, length."""

    kind: str
    autocomplete: str = "off"
    inputmode: str = "text"
    maxlength: int = MAX_INPUT


NAME = Expected("name", "name", maxlength=FAMILY_NAME_MAX + FIRST_NAMES_MAX + 1)
BIRTH_DATE = Expected("date", "bday", "numeric", DATE_MAX)
# By question id (a question not named here expects free text, or a choice when it is a closed question).
EXPECTED: dict[str, Expected] = {
    "former_number": Expected("number", inputmode="numeric", maxlength=NUMBER_MAX),
    "former_birth_date": BIRTH_DATE,
    "identite": NAME,
    "nom": Expected("family-name", "family-name", maxlength=FAMILY_NAME_MAX),
    "nom_usage": Expected("family-name", maxlength=FAMILY_NAME_MAX),  # not the birth name autofill would give
    "prenoms": Expected("given-name", "given-name", maxlength=FIRST_NAMES_MAX),
    "date_naissance": BIRTH_DATE,
    "lieu_naissance": Expected("place"),
    "naissance_departement": Expected("departement", maxlength=40),
    "naissance_arrondissement": Expected("number", inputmode="numeric", maxlength=2),
    "naissance_pays": Expected("country"),
    "adresse_complete": Expected("address", "street-address"),
    "residence_pays": Expected("country", "country-name"),
    "adresse": Expected("address", "street-address", maxlength=ADDRESS_LINE_MAX),
    "lieu_dit": Expected("address", "address-line2", maxlength=ADDRESS_LINE_MAX),
    "lieu_dit_etranger": Expected("address", maxlength=ADDRESS_LINE_MAX),
    "code_postal": Expected("postal-code", "postal-code", "numeric", POSTAL_MAX),
    "localite": Expected("commune", "address-level2", maxlength=ADDRESS_LINE_MAX),
    "email": Expected("email", "email", "email", 254),
    "etablissement_commune": Expected("commune"),
}
BY_PHASE: dict[Phase, Expected] = {
    Phase.CONSULT_NUMBER: Expected("number", inputmode="numeric", maxlength=NUMBER_MAX),
    Phase.CONSULT_DATE: BIRTH_DATE,
}
CLOSED = {CHOICE: "choice", YESNO: "yesno", MULTI: "multi", SEARCH: "search"}
EXAMPLE = re.compile(
    r"(?:par exemple|exemple)\s*,?[^:]{0,40}?:\s*(?P<example>[^()]+?)\s*(?:\)|\.(?=\s|$)|$)", re.I
)


def example_in(*texts: str) -> str | None:
    """The first example a question's texts give (« par exemple : 75015 », « Exemple : LEFÈVRE »)."""
    for text in texts:
        found = EXAMPLE.search(text or "")
        if found:
            return found["example"].strip(" ;,")
    return None


def guidance(tc: TurnContext, key: str) -> Reply | None:
    """The reply that says what the question asked now expects; None when the turn asks nothing."""
    if not any(reply.text for reply in tc.replies):
        return None  # a relayed message, a document alone: the question has not changed
    payload: dict[str, Any] = {"type": INPUT, "key": key}
    phase = tc.state.phase
    step = tc.current_step() if phase == Phase.FORM else None
    payload["title"] = _title(tc, step)
    if phase == Phase.FORM and step is not None and not tc.state.pending:
        payload.update(_for_step(tc, step))
    elif phase == Phase.SUMMARY or (phase == Phase.FORM and step is None):
        payload.update(
            expects=REVIEW, kind="summary", question=QUESTIONS["summary"]["ask"], summary=GUIDANCE["summary"]
        )
    elif phase in BY_PHASE:
        payload.update(_expected(BY_PHASE[phase]))
        payload.update(expects=TYPE, question=_last_line(tc), example=example_in(_last_line(tc)))
    else:  # a yes/no confirmation, a menu, the end: the turn's buttons answer it
        buttons = [b for r in tc.replies for b in r.buttons if b.payload.startswith("/choose")]
        payload.update(expects=CHOOSE if buttons else TYPE, kind="choice" if buttons else "text")
        payload.update(question=_last_line(tc))
    if tc.error:
        payload["error"] = tc.error
    return Reply(custom={k: v for k, v in payload.items() if v not in (None, "")})


def _expected(expected: Expected) -> dict[str, Any]:
    return {
        "kind": expected.kind,
        "autocomplete": expected.autocomplete,
        "inputmode": expected.inputmode,
        "maxlength": expected.maxlength,
    }


def _for_step(tc: TurnContext, step: Step) -> dict[str, Any]:
    ctx = tc.ctx()
    texts = step.texts
    question = step.ask(ctx)
    # A typed answer's example may come from its help; a closed question's only from what it asks.
    typed = step.kind == TEXT or step.is_composite
    found: dict[str, Any] = {
        "question": question,
        "example": example_in(question, texts["help"] if typed else ""),
    }
    if typed:
        found.update(_expected(EXPECTED.get(step.id, Expected("text"))), expects=TYPE)
        return found
    count = len(step.current_choices(ctx))
    found.update(_expected(EXPECTED.get(step.id, Expected(CLOSED.get(step.kind, "choice")))))
    if step.kind == MULTI:
        found.update(expects=TOGGLE, count=count, summary=GUIDANCE["multi"].format(count=count))
        found.update(
            toggles=[c.id for c in step.current_choices(ctx)], pressed=list(tc.state.multi.get(step.id, []))
        )
    elif step.kind == SEARCH or step.search is not None or count > LONG_LIST:
        # A long list is typed more easily than browsed: the field gets the focus, the list a spoken summary.
        found.update(expects=TYPE, count=count)
        if count > LONG_LIST:
            # The summary counts the listed items and names the way out of the list (« Ailleurs que dans la
            # ville de Lyon »), which the field, sized for a number, cannot take.
            choices = step.current_choices(ctx)
            listed = [c for c in choices if c.id != OUTSIDE_CITY]
            summary = GUIDANCE.get(step.id, GUIDANCE["long_list"]).format(count=len(listed))
            others = [c.title for c in choices if c.id == OUTSIDE_CITY]
            found["summary"] = summary + (
                " " + GUIDANCE["or_button"].format(button=others[0]) if others else ""
            )
    else:
        found.update(expects=CHOOSE, count=count)
    return found


def _title(tc: TurnContext, step: Step | None) -> str | None:
    """What the page is at, for its title: the section and its rank, the récapitulatif, the consultation."""
    phase = tc.state.phase
    if phase == Phase.FORM and step is not None and step.section in SECTIONS:
        section = SECTIONS[step.section]
        return GUIDANCE["title_step"].format(
            section=section[:1].upper() + section[1:],
            index=SECTION_ORDER.index(step.section) + 1,
            total=len(SECTION_ORDER),
        )
    if phase == Phase.SUMMARY or (phase == Phase.FORM and step is None):
        return GUIDANCE["title_summary"]
    if phase.is_consultation:
        return GUIDANCE["title_consult"]
    if phase == Phase.DONE:
        return GUIDANCE["title_done"]
    return None


def _last_line(tc: TurnContext) -> str:
    """The question of a turn outside the form: the last line the turn says."""
    texts = [r.text for r in tc.replies if r.text.strip()]
    lines = [line for line in (texts[-1].splitlines() if texts else []) if line.strip()]
    return lines[-1].strip() if lines else ""
