"""The question catalogue as data: what a question is (steps), where its choices come from (providers),
the questions in order (questions), the specialty-dependent ones (acquis), and the two directions between
answers and dossier content (content)."""

from __future__ import annotations

from registration.conversation.catalogue.questions import (
    FORMER_FOUND,
    NEW,
    SECTION_ORDER,
    STEP_BY_ID,
    STEPS,
    find_step,
    iter_steps,
    section_steps,
)
from registration.conversation.steps import (
    CHOICE,
    INDIVIDUAL_TYPES,
    MULTI,
    SEARCH,
    SPLIT_CITIES,
    TEXT,
    YESNO,
    Context,
    Step,
)

__all__ = [
    "CHOICE",
    "FORMER_FOUND",
    "INDIVIDUAL_TYPES",
    "MULTI",
    "NEW",
    "SEARCH",
    "SECTION_ORDER",
    "SPLIT_CITIES",
    "STEPS",
    "STEP_BY_ID",
    "TEXT",
    "YESNO",
    "Context",
    "Step",
    "find_step",
    "iter_steps",
    "section_steps",
]
