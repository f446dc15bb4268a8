"""Every sentence a candidate reads, by subject, and the one place to read them from.

The modules of this package are data only (a subject each: the form's questions, the answers read back, moving
through the form, acquis and épreuves, the récapitulatif and the validation, the consultation, the buttons, what a
screen reader is told, the Telegram bridge, the web front); the code imports the tables below from here, never
from a subject module. ``tests/unit/test_texts.py`` reads the code and checks that every key it asks for exists,
that no key is left unused and that every text is filled with the fields it names.

What stays elsewhere: the validators' messages (``registration/rules/messages.py``: the rules sit below the
conversation and return their own words), the e-mails (``registration/mail/templates/``), and the prose of the
web pages (``bot/web/templates/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from registration.conversation.texts import (
    acquis,
    answers,
    buttons,
    consultation,
    guidance,
    navigation,
    opening,
    questions,
    review,
    telegram,
    web,
)

__all__ = [
    "ACQUIS_TEXT",
    "BUTTONS",
    "ECHO",
    "FIELD_LABELS",
    "GROUP_LABELS",
    "GUIDANCE",
    "NAVIGATION_WORDS",
    "QUESTIONS",
    "SECTIONS",
    "SUMMARY_WORDS",
    "TELEGRAM",
    "TELEGRAM_COMMANDS",
    "TEXT",
    "UNLISTED_WORDS",
    "WEB",
    "WORDS",
]


V = TypeVar("V")


def _merged(*parts: Mapping[str, V]) -> dict[str, V]:
    """One table from the subjects' parts, in their order; a key given twice is a mistake, refused at import."""
    table: dict[str, V] = {}
    for part in parts:
        twice = table.keys() & part.keys()
        if twice:
            raise ValueError(f"texts defined twice: {sorted(twice)}")
        table.update(part)
    return table


# What the conversation says, by key (code: ``TEXT["validated"].format(label=...)``).
TEXT = _merged(opening.TEXT, answers.TEXT, navigation.TEXT, acquis.TEXT, review.TEXT, consultation.TEXT)
# Each question of the form, by the catalogue's step id (or the step's question_key): {"ask": ..., "help": ...}.
QUESTIONS = _merged(questions.QUESTIONS, acquis.QUESTIONS, review.QUESTIONS)
SECTIONS = questions.SECTIONS
BUTTONS = buttons.BUTTONS
ECHO = answers.ECHO
FIELD_LABELS = answers.FIELD_LABELS
GROUP_LABELS = answers.GROUP_LABELS
UNLISTED_WORDS = answers.UNLISTED_WORDS
ACQUIS_TEXT = acquis.ACQUIS_TEXT
SUMMARY_WORDS = review.SUMMARY_WORDS
NAVIGATION_WORDS = navigation.NAVIGATION_WORDS
WORDS = consultation.WORDS
GUIDANCE = guidance.GUIDANCE
TELEGRAM = telegram.TELEGRAM
TELEGRAM_COMMANDS = telegram.TELEGRAM_COMMANDS
WEB = web.WEB
