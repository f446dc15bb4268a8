"""Establishments the exam service adds (console « Établissements ajoutés », ``python -m registration.lists
etablissements``): the candidates' unlisted establishments to confirm, and the additions.

Candidates whose establishment is not listed type its name and commune; their dossiers say « établissement non
répertorié, à vérifier ». The service confirms it by adding the establishment (its UAI, name, commune, académie,
type, specialties) in the columns of ``referentials/etablissements.csv``: from the next turn of every server,
candidates find it in the list. Each upload replaces the added establishment of the same code; the whole list
of additions is the next version.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from registration.lists import service
from registration.lists.core import Command, Context, ListKind, Reading, Texts, Upload
from registration.referentials.etablissements import parse_etablissements
from registration.referentials.records import Etablissement
from registration.settings import get_settings

Added = tuple[Etablissement, ...]


def as_json(etablissements: Added) -> list[dict[str, Any]]:
    return [dataclasses.asdict(e) for e in etablissements]


def from_json(rows: list[dict[str, Any]], version: int = 0) -> Added:
    return tuple(
        Etablissement(
            **{
                **row,
                "specialites": tuple(row.get("specialites") or ()),
                "aliases": tuple(row.get("aliases") or ()),
            }
        )
        for row in rows
    )


def changes(ctx: Context | None, before: Added | None, after: Added) -> list[str]:
    old, new = {e.code: e for e in before or ()}, {e.code: e for e in after}
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


def read(ctx: Context, upload: Upload) -> Reading[Added]:
    base = ctx.base
    report = parse_etablissements(
        upload.text or "",
        base.academies,
        base.specialites,
        {e.code for e in base.etablissements},
        upload.label,
    )
    errors = tuple(str(e) for e in report.errors)
    return Reading(report.etablissements if report.ok else None, errors, len(report.etablissements))


def merge(before: Added | None, uploaded: Added) -> Added:
    replaced = {e.code for e in uploaded}
    kept = [e for e in before or () if e.code not in replaced]
    return tuple(sorted([*kept, *uploaded], key=lambda e: e.code))


@dataclass(frozen=True)
class Unlisted:
    """An establishment candidates typed because they did not find it: how many dossiers name it."""

    name: str
    city: str
    academie_code: str
    dossiers: int


def unlisted(ctx: Context, session: int, academies: set[str] | None = None) -> list[Unlisted]:
    """The unlisted establishments of the session's validated dossiers (current revisions), most named first."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for dossier in ctx.store.dossiers_with_unlisted_establishment(session):
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


def added(ctx: Context) -> Added:
    return service.in_effect(ESTABLISHMENTS, ctx).value or ()


def _list(ctx: Context, args: argparse.Namespace) -> int:
    found = added(ctx)
    print(f"{len(found)} établissement(s) ajouté(s) par le service des examens.")
    for e in found:
        print(f"  {e.code}  {e.name}, {e.city} (académie {e.academie_code}, {e.type})")
    typed = unlisted(ctx, get_settings().session)
    print(f"{len(typed)} établissement(s) non répertorié(s) dans les dossiers, à confirmer.")
    for u in typed:
        print(f"  {u.name}, {u.city} (académie {u.academie_code}) : {u.dossiers} dossier(s)")
    return 0


ESTABLISHMENTS: ListKind[Added] = ListKind(
    name="etablissements",
    command="etablissements",
    slug="etablissements",
    texts=Texts(
        title="Établissements ajoutés",
        responsables_only="La liste des établissements est gérée par les responsables du service des examens.",
        file_kind="le fichier CSV des établissements",
        refused_title="Établissements refusés",
        rows_read="Établissements lus",
        help="établissements ajoutés par le service des examens",
        import_help="lire des établissements (CSV) et les publier",
        source_help="ce qui confirme ces établissements",
        what="de la liste des établissements ajoutés",
        no_history="Aucune version publiée : aucun établissement ajouté.",
        shipped_source="aucun établissement ajouté (liste livrée seule)",
        audit_subject="établissements ajoutés",
        audit_publish="publication établissements",
        audit_revert="retour établissements",
        revert_help="revenir à une version antérieure (0 : aucun ajout)",
    ),
    read=read,
    changes=changes,
    encode=as_json,
    decode=from_json,
    shipped=lambda ctx, key: (),
    merge=merge,
    overlay=lambda refs, published: refs.with_etablissements(published[""]) if published[""] else refs,
    commands=(Command("list", "les établissements ajoutés et ceux que les candidats ont tapés", _list),),
    page=lambda ctx: {
        "unlisted": unlisted(ctx, ctx.session),
        "added": added(ctx),
        "academies": ctx.base.academies,
        "session": ctx.session,
    },
)
