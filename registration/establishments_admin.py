"""Establishments the exam service adds (console « Établissements ajoutés » and ``python -m
registration.referentials etablissements``): the candidates' unlisted establishments to confirm, reading an
upload, publishing, going back.

Candidates whose establishment is not listed type its name and commune; their dossiers say « établissement non
répertorié, à vérifier ». The service confirms it by adding the establishment (its UAI, name, commune, académie,
type, specialties) in the columns of ``referentials/etablissements.csv``: from the next turn of every server,
candidates find it in the list. Each upload replaces the added establishment of the same code; the whole list
of additions is a new version, so going back is publishing a copy of an earlier one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from registration.referentials import Etablissement, Referentials
from registration.referentials.etablissement_json import etablissements_as_json, etablissements_from_json
from registration.referentials.etablissements import EtablissementsReport, parse_etablissements
from registration.referentials.records import ETABLISSEMENTS
from registration.store import Store
from registration.store.referential_versions import PublishedList

NONE_ADDED = "aucun établissement ajouté (liste livrée seule)"


def added(store: Store) -> tuple[Etablissement, ...]:
    published = store.current_list(ETABLISSEMENTS)
    return etablissements_from_json(published.rows) if published is not None else ()


def history(store: Store) -> list[PublishedList]:
    return store.list_history(ETABLISSEMENTS)


def changes(before: tuple[Etablissement, ...], after: tuple[Etablissement, ...]) -> list[str]:
    old, new = {e.code: e for e in before}, {e.code: e for e in after}
    lines = []
    for code in sorted(set(old) | set(new)):
        was, now = old.get(code), new.get(code)
        if was is None and now is not None:
            lines.append(f"{code} ajouté : {now.name}, {now.city} (académie {now.academie_code}, {now.type})")
        elif now is None and was is not None:
            lines.append(f"{code} retiré : {was.name}, {was.city}")
        elif was != now and now is not None:
            lines.append(
                f"{code} modifié : {now.name}, {now.city} (académie {now.academie_code}, {now.type})"
            )
    return lines


@dataclass(frozen=True)
class EtablissementsPreview:
    report: EtablissementsReport
    merged: tuple[Etablissement, ...]
    changes: list[str]

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def count(self) -> int:
        return len(self.report.etablissements)


def preview(
    text: str, store: Store, base: Referentials, label: str = "établissements"
) -> EtablissementsPreview:
    report = parse_etablissements(
        text, base.academies, base.specialites, {e.code for e in base.etablissements}, label
    )
    if not report.ok:
        return EtablissementsPreview(report, (), [])
    current = added(store)
    replaced = {e.code for e in report.etablissements}
    merged = tuple(
        sorted(
            [*(e for e in current if e.code not in replaced), *report.etablissements], key=lambda e: e.code
        )
    )
    return EtablissementsPreview(report, merged, changes(current, merged))


def publish(
    store: Store,
    etablissements: tuple[Etablissement, ...],
    *,
    source: str,
    published_by: str,
    staff_id: int | None = None,
    restores: int | None = None,
) -> PublishedList:
    text = "\n".join(changes(added(store), etablissements)) or "Aucun changement."
    return store.publish_list(
        ETABLISSEMENTS,
        etablissements_as_json(etablissements),
        source=source,
        changes=text,
        published_by=published_by,
        staff_id=staff_id,
        restores=restores,
    )


def revert(store: Store, version: int, *, published_by: str, staff_id: int | None = None) -> PublishedList:
    """Publish a copy of an earlier version (0: no establishment added) as a new version."""
    rows: tuple[Etablissement, ...] = ()
    source = NONE_ADDED
    if version != 0:
        found = store.list_version(ETABLISSEMENTS, version)
        rows, source = etablissements_from_json(found.rows), found.source
    return publish(store, rows, source=source, published_by=published_by, staff_id=staff_id, restores=version)


@dataclass(frozen=True)
class Unlisted:
    """An establishment candidates typed because they did not find it: how many dossiers name it."""

    name: str
    city: str
    academie_code: str
    dossiers: int


def unlisted(store: Store, session: int, academies: set[str] | None = None) -> list[Unlisted]:
    """The unlisted establishments of the session's validated dossiers (current revisions), most named first."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for dossier in store.dossiers_with_unlisted_establishment(session):
        if academies is not None and dossier.academie_code not in academies:
            continue
        school = dossier.content.get("etablissement") or {}
        key = (
            " ".join(str(school.get("name", "")).split()),
            str(school.get("city", "")),
            dossier.academie_code,
        )
        seen[key] += 1
    return [Unlisted(name, city, academie, count) for (name, city, academie), count in seen.most_common()]
