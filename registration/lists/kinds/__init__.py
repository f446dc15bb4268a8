"""Every list the exam service maintains, one declaration each (``registration/lists/core.py``: :class:`ListKind`).

The order is the one their versions are laid over the referentials in (``published.py``): a specialty's exam
table before its diploma lists, whose épreuves must be in it.
"""

from __future__ import annotations

from typing import Any

from registration.lists.core import ListKind
from registration.lists.kinds.calendar import CALENDAR
from registration.lists.kinds.diplomas import DIPLOMAS
from registration.lists.kinds.establishments import ESTABLISHMENTS
from registration.lists.kinds.exam_tables import EXAM_TABLES
from registration.lists.kinds.former_candidates import FORMER_CANDIDATES

KINDS: tuple[ListKind[Any], ...] = (EXAM_TABLES, DIPLOMAS, CALENDAR, ESTABLISHMENTS, FORMER_CANDIDATES)

__all__ = ["CALENDAR", "DIPLOMAS", "ESTABLISHMENTS", "EXAM_TABLES", "FORMER_CANDIDATES", "KINDS"]
