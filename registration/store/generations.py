"""One cheap query per turn: have the exam service's published tables or calendar changed since the last turn?"""

from __future__ import annotations

from sqlalchemy import func, select

from registration.models import EpreuveTableVersion, ReferentialVersion
from registration.store.engine import Database


class Generations(Database):
    def referentials_generation(self) -> tuple[int, int]:
        """(largest épreuve-table row id, largest row id of the other lists): changes with every publication."""
        query = select(
            select(func.max(EpreuveTableVersion.id)).scalar_subquery(),
            select(func.max(ReferentialVersion.id)).scalar_subquery(),
        )

        def work(session) -> tuple[int, int]:
            tables, lists = session.execute(query).one()
            return int(tables or 0), int(lists or 0)

        return self._run(work)
