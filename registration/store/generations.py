"""One cheap query per turn: have the exam service's published tables or calendar changed since the last turn?"""

from __future__ import annotations

from sqlalchemy import func, select

from registration.models import CalendarVersion, EpreuveTableVersion
from registration.store.engine import Database


class Generations(Database):
    def referentials_generation(self) -> tuple[int, int]:
        """(largest épreuve-table row id, largest calendar row id): changes with every publication."""
        query = select(
            select(func.max(EpreuveTableVersion.id)).scalar_subquery(),
            select(func.max(CalendarVersion.id)).scalar_subquery(),
        )

        def work(session) -> tuple[int, int]:
            tables, calendar = session.execute(query).one()
            return int(tables or 0), int(calendar or 0)

        return self._run(work)
