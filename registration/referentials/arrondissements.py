"""Loader of arrondissements.csv: the municipal arrondissements of Paris, Lyon and Marseille."""

from __future__ import annotations

import re
from pathlib import Path

from registration.referentials.reading import _need, _read_csv, _Source
from registration.referentials.records import Arrondissement, Departement


def _load_arrondissements(
    directory: Path, departements: dict[str, Departement]
) -> dict[str, tuple[Arrondissement, ...]]:
    src = _Source(directory, "arrondissements.csv")
    result: dict[str, list[Arrondissement]] = {}
    seen: set[tuple[str, str]] = set()
    insees: set[str] = set()
    for line, row in _read_csv(src, ("departement", "number", "insee", "label"), ("postal_code",)):
        dep = row["departement"].upper()
        if dep not in departements:
            raise src.fail(line, f"département inconnu « {row['departement']} »")
        if not row["number"].isdigit() or not 1 <= int(row["number"]) <= 99:
            raise src.fail(line, f"numéro d'arrondissement invalide « {row['number']} »")
        number = str(int(row["number"]))
        if (dep, number) in seen:
            raise src.fail(line, f"arrondissement {number} du {dep} en double")
        if not re.fullmatch(r"\d{5}", row["insee"]) or row["insee"] in insees:
            raise src.fail(line, f"code INSEE invalide ou en double « {row['insee']} »")
        if row["postal_code"] and not re.fullmatch(r"\d{5}", row["postal_code"]):
            raise src.fail(line, f"code postal invalide « {row['postal_code']} »")
        seen.add((dep, number))
        insees.add(row["insee"])
        label = _need(src, line, "label", row["label"])
        result.setdefault(dep, []).append(
            Arrondissement(dep, number, row["insee"], label, row["postal_code"])
        )
    return {dep: tuple(sorted(items, key=lambda a: int(a.number))) for dep, items in result.items()}
