"""Former candidates: earlier registrations found by candidate number and birth date, imported from the exam
service's file (``registration/lists/kinds/former_candidates.py``), and the demonstration ones.

The demonstration former candidates are data, in ``demo_former_candidates.json`` next to this module: keyed
by the normalised candidate number, each value has the structure of a dossier (docs/dossier.md). They are
seeded only when asked for (``BTS_DEMO_FORMER_CANDIDATES=1``, ``python -m registration.former demo``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registration.models import AuditEntry, FormerCandidate
from registration.settings import now
from registration.store.engine import Database

AUDIT_IMPORT = "import des anciens candidats"

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

    def former_numbers_known(self, numbers: list[str]) -> set[str]:
        """Which of these (normalised) candidate numbers are already stored."""

        def work(session: Session) -> set[str]:
            found: set[str] = set()
            for start in range(0, len(numbers), 500):
                chunk = numbers[start : start + 500]
                found.update(
                    session.scalars(
                        select(FormerCandidate.candidate_number).where(
                            FormerCandidate.candidate_number.in_(chunk)
                        )
                    )
                )
            return found

        return self._run(work)

    def count_former_candidates(self) -> int:
        return self._run(lambda session: session.scalar(select(func.count(FormerCandidate.id))) or 0)

    def import_former_candidates(
        self, records: dict[str, dict], *, source: str, staff_email: str, staff_id: int | None = None
    ) -> tuple[int, int]:
        """Store these former registrations (keyed by normalised candidate number) in one transaction: each
        replaces the record of the same number, the others stay. Audited. Returns (added, replaced)."""
        when = now()

        def work(session: Session) -> tuple[int, int]:
            added = replaced = 0
            numbers = list(records)
            existing = {
                row.candidate_number: row
                for start in range(0, len(numbers), 500)
                for row in session.scalars(
                    select(FormerCandidate).where(
                        FormerCandidate.candidate_number.in_(numbers[start : start + 500])
                    )
                )
            }
            for number, data in records.items():
                row = existing.get(number)
                birth = data["etat_civil"]["date_naissance"]
                if row is None:
                    session.add(FormerCandidate(candidate_number=number, birth_date=birth, data=data))
                    added += 1
                else:
                    row.birth_date, row.data = birth, data
                    replaced += 1
            session.add(
                AuditEntry(
                    staff_id=staff_id,
                    staff_email=staff_email,
                    action=AUDIT_IMPORT,
                    subject="anciens candidats",
                    field=f"{len(records)} candidat(s)",
                    before=None,
                    after=f"{source} ; {added} ajouté(s), {replaced} remplacé(s)"[:4000],
                    created_at=when,
                )
            )
            return added, replaced

        return self._run(work)
