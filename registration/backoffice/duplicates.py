"""Probable duplicates: dossiers of one session with the same family name, first names, birth date and specialty
(names read without case, accents or hyphens), none of them cancelled, within a staff member's académies.

The conversation tells a candidate who starts such a second registration (registration/conversation/
duplicates.py); the ones made anyway are listed here for the service to resolve (usually by cancelling one).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registration.backoffice.search import DossierRow, row_of, scope_filter
from registration.models import Dossier
from registration.store import Store
from registration.store.dossiers import same_person_key

CANCELLED = "annule"


@dataclass(frozen=True)
class DuplicateGroup:
    session: int
    family_name: str
    first_names: str
    birth_date: str
    specialite: str
    rows: list[DossierRow]


def probable_duplicates(store: Store, academies: tuple[str, ...] | None) -> list[DuplicateGroup]:
    """Every group of two dossiers or more of the same person and specialty in a session, newest session first."""

    def work(session: Session) -> list[DuplicateGroup]:
        live = scope_filter(select(Dossier), academies).where(Dossier.status != CANCELLED)
        keys = session.execute(
            live.with_only_columns(Dossier.session, Dossier.birth_date, Dossier.specialite)
            .group_by(Dossier.session, Dossier.birth_date, Dossier.specialite)
            .having(func.count(Dossier.id) > 1)
        ).all()
        groups: list[DuplicateGroup] = []
        for year, birth_date, specialite in keys:
            people: dict[tuple[str, str], list[Dossier]] = {}
            for dossier in session.scalars(
                live.where(
                    Dossier.session == year,
                    Dossier.birth_date == birth_date,
                    Dossier.specialite == specialite,
                ).order_by(Dossier.id)
            ):
                key = (same_person_key(dossier.family_name), same_person_key(dossier.first_names))
                people.setdefault(key, []).append(dossier)
            for found in people.values():
                if len(found) > 1:
                    first = found[0]
                    groups.append(
                        DuplicateGroup(
                            year,
                            first.family_name,
                            first.first_names,
                            birth_date,
                            specialite,
                            [row_of(d) for d in found],
                        )
                    )
        groups.sort(key=lambda g: (-g.session, g.family_name, g.first_names))
        return groups

    return store.transaction(work)
