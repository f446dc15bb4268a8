"""Result types returned by every validator: a Valid value or an Invalid French message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Valid:
    """An accepted answer: the normalised value, and an optional French echo to confirm it."""

    value: Any
    echo: str | None = None


@dataclass(frozen=True)
class Invalid:
    """A refused answer: the French message says what is wrong and what to type instead."""

    message: str


Result = Valid | Invalid
