"""Former candidates: earlier registrations found by candidate number and birth date, and demonstration ones.

The demonstration former candidates are data, in ``demo_former_candidates.json`` next to this module: keyed
by the normalised candidate number, each value has the structure of a dossier (docs/dossier.md).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from registration.models import FormerCandidate
from registration.store.engine import Database

DEMO_FORMER_CANDIDATES_FILE = Path(__file__).with_name("demo_former_candidates.json")
DEMO_FORMER_CANDIDATES: dict[str, dict] = json.loads(DEMO_FORMER_CANDIDATES_FILE.read_text(encoding="utf-8"))


def normalize_candidate_number(number: str) -> str:
    """A former candidate number without spaces or separators ("2025 01 123456" → "202501123456")."""
    return re.sub(r"[\s\-./]", "", number or "").upper()


class FormerCandidates(Database):
    """Looking up former candidates, and seeding the demonstration ones."""

    def find_former_candidate(self, candidate_number: str, birth_date: str) -> dict | None:
        """The earlier registration of this candidate number if the birth date matches, else None."""
        number = normalize_candidate_number(candidate_number)
        wanted = (birth_date or "").strip()
        if not number or not wanted:
            return None

        def work(session: Session) -> dict | None:
            row = session.scalar(
                select(FormerCandidate).where(
                    FormerCandidate.candidate_number == number, FormerCandidate.birth_date == wanted
                )
            )
            if row is None:
                return None
            data = copy.deepcopy(row.data)
            data["candidate_number"] = row.candidate_number
            return data

        return self._run(work)

    def former_candidate_email(self, candidate_number: str) -> str:
        """The e-mail address of a former registration (to warn its owner of repeated wrong attempts)."""
        number = normalize_candidate_number(candidate_number)

        def work(session: Session) -> str:
            row = session.scalar(select(FormerCandidate).where(FormerCandidate.candidate_number == number))
            return str((row.data or {}).get("email") or "") if row else ""

        return self._run(work)

    def seed_former_candidates(self) -> None:
        """Insert the demonstration former candidates that are missing (see ``registration.store``)."""

        def work(session: Session) -> None:
            for number, data in DEMO_FORMER_CANDIDATES.items():
                session.execute(
                    self._insert()(FormerCandidate)
                    .values(
                        candidate_number=number, birth_date=data["etat_civil"]["date_naissance"], data=data
                    )
                    .on_conflict_do_nothing(index_elements=["candidate_number"])
                )

        self._run(work)
