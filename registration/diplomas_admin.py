"""Diploma lists as the exam service maintains them (console « Diplômes (acquis) » and ``python -m
registration.referentials diplomes``): the lists in effect, reading an upload, publishing, going back.

A diploma list says which diplomas give a bénéfice or a dispense of which épreuves in a specialty; the candidates
of a specialty with a list tick their diplomas in it, the others declare their acquis in words. An upload
(``registration/referentials/diploma_csv.py``) replaces the whole list of each specialty it names; the others
stay. The published version holds every specialty the service has published (the others keep the shipped
``referentials/diplomas.yaml``), in effect at the next turn of every server.
"""

from __future__ import annotations

from dataclasses import dataclass

from registration.referentials import Referentials
from registration.referentials.diploma_csv import (
    DiplomasReport,
    diplomas_as_json,
    diplomas_from_json,
    parse_diplomas,
)
from registration.referentials.published import current_referentials
from registration.referentials.records import DIPLOMAS, Diploma
from registration.store import Store
from registration.store.referential_versions import PublishedList

SHIPPED = "listes livrées (referentials/diplomas.yaml)"
UNVERIFIED = "non vérifié"


def published_lists(store: Store) -> dict[str, tuple[Diploma, ...]]:
    """The specialties whose list the service published (the latest version); empty while none was."""
    published = store.current_list(DIPLOMAS)
    return diplomas_from_json(published.rows) if published is not None else {}


@dataclass(frozen=True)
class SpecialtyList:
    code: str
    title: str
    diplomas: tuple[Diploma, ...]
    published: bool  # False: the shipped file

    @property
    def unverified(self) -> int:
        return sum(1 for d in self.diplomas if not d.verified)


def in_effect(store: Store, base: Referentials) -> list[SpecialtyList]:
    """Every specialty with its list in effect (empty: its candidates declare their acquis in words)."""
    refs = current_referentials(store, base)
    published = published_lists(store)
    return [
        SpecialtyList(code, spec.title, refs.diplomas.get(code, ()), code in published)
        for code, spec in sorted(base.specialites.items(), key=lambda item: item[1].title)
    ]


def history(store: Store) -> list[PublishedList]:
    return store.list_history(DIPLOMAS)


def _describe(diploma: Diploma) -> str:
    covers = ", ".join(f"{c.epreuve_code} {c.position}" for c in diploma.covers)
    flag = f" ({UNVERIFIED} : {diploma.note})" if not diploma.verified else ""
    return f"{diploma.code} {diploma.title} : {covers}{flag}"


def changes(
    before: dict[str, tuple[Diploma, ...]], after: dict[str, tuple[Diploma, ...]], base: Referentials
) -> list[str]:
    """What differs, specialty by specialty (a specialty absent on one side has the shipped list there)."""
    lines = []
    for code in sorted(set(before) | set(after)):
        was = before.get(code, base.diplomas.get(code, ()))
        now = after.get(code, base.diplomas.get(code, ()))
        old, new = {d.code: d for d in was}, {d.code: d for d in now}
        for number in sorted(set(old) | set(new)):
            if number not in old:
                lines.append(f"{code} : ajouté {_describe(new[number])}")
            elif number not in new:
                lines.append(f"{code} : retiré {_describe(old[number])}")
            elif old[number] != new[number]:
                lines.append(f"{code} : modifié {_describe(new[number])}")
    return lines


@dataclass(frozen=True)
class DiplomasPreview:
    report: DiplomasReport
    merged: dict[str, tuple[Diploma, ...]]
    changes: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def count(self) -> int:
        return sum(len(items) for items in self.report.lists.values())


def preview(text: str, store: Store, base: Referentials, label: str = "diplômes") -> DiplomasPreview:
    """What an upload would change: every error with its line, or the lists after it and the changes."""
    report = parse_diplomas(text, current_referentials(store, base), label)
    if not report.ok:
        return DiplomasPreview(report, {}, [])
    current = published_lists(store)
    merged = {**current, **report.lists}
    return DiplomasPreview(report, merged, changes(current, merged, base))


def publish(
    store: Store,
    base: Referentials,
    lists: dict[str, tuple[Diploma, ...]],
    *,
    source: str,
    published_by: str,
    staff_id: int | None = None,
    restores: int | None = None,
) -> PublishedList:
    text = "\n".join(changes(published_lists(store), lists, base)) or "Aucun diplôme modifié."
    return store.publish_list(
        DIPLOMAS,
        diplomas_as_json(lists),
        source=source,
        changes=text,
        published_by=published_by,
        staff_id=staff_id,
        restores=restores,
    )


def revert(
    store: Store, base: Referentials, version: int, *, published_by: str, staff_id: int | None = None
) -> PublishedList:
    """Publish a copy of an earlier version (0: the shipped lists) as a new version."""
    lists: dict[str, tuple[Diploma, ...]] = {}
    source = SHIPPED
    if version != 0:
        found = store.list_version(DIPLOMAS, version)
        lists, source = diplomas_from_json(found.rows), found.source
    return publish(
        store, base, lists, source=source, published_by=published_by, staff_id=staff_id, restores=version
    )
